"""Progress bars for long loops (tqdm), or none when progress is not asked for."""

from __future__ import annotations

from typing import Any


def progress_bar(total: int, on: bool, desc: str, unit: str = "period") -> Any:
    """A bar of ``total`` steps named ``desc``, or None when ``on`` is false."""
    if not on:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit)
