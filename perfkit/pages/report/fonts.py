"""Find a CJK-capable font for matplotlib at run time.

Chinese chart titles and labels need a font with CJK glyphs (Debian
``fonts-noto-cjk``). Matplotlib caches its font list, and the cache goes stale
when fonts are installed after matplotlib first ran; we add any font file the
cache does not know about (once per process) before giving up.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

from perfkit.core.errors import PerfkitWarning

#: Preferred CJK fonts, Simplified Chinese first.
CJK_FONTS: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "SimHei",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Source Han Sans",
    "Arial Unicode MS",
    "Noto Serif CJK SC",
    "SimSun",
)

_refreshed = False


def find_cjk_font() -> str | None:
    """The name of the first installed font in :data:`CJK_FONTS`, or ``None``."""
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def refresh_font_list() -> int:
    """Add system fonts missing from matplotlib's (possibly stale) cache; return how many.

    Runs at most once per process. The refreshed list is written back to
    matplotlib's cache so later processes start with it.
    """
    global _refreshed
    if _refreshed:
        return 0
    _refreshed = True
    manager = font_manager.fontManager
    known = {os.path.realpath(entry.fname) for entry in manager.ttflist}
    added = 0
    for path in font_manager.findSystemFonts():
        if os.path.realpath(path) in known:
            continue
        try:
            manager.addfont(path)
        except (OSError, RuntimeError, ValueError):  # unreadable or unsupported font file
            continue
        added += 1
    if added:
        cache = Path(mpl.get_cachedir()) / f"fontlist-v{font_manager.FontManager.__version__}.json"
        with contextlib.suppress(OSError):  # a read-only cache is fine: refresh next time
            font_manager.json_dump(manager, cache)
    return added


def configure_matplotlib_fonts() -> str | None:
    """Put an installed CJK font first in matplotlib's sans-serif list.

    Also turns off the Unicode minus sign (CJK fonts often lack it). Returns the
    font name, or ``None`` after a :class:`PerfkitWarning` when no CJK font is
    installed (Chinese text would then show as empty boxes). Call it after
    ``seaborn.set_theme()``, which resets the font list.
    """
    name = find_cjk_font()
    if name is None and refresh_font_list():
        name = find_cjk_font()
    if name is None:
        warnings.warn(
            "no CJK font found for matplotlib: Chinese chart text will show as boxes; "
            "install Debian fonts-noto-cjk (`make setup`) and clear ~/.cache/matplotlib",
            PerfkitWarning,
            stacklevel=2,
        )
        return None
    current = [font for font in mpl.rcParams["font.sans-serif"] if font != name]
    mpl.rcParams["font.sans-serif"] = [name, *current]
    mpl.rcParams["font.family"] = ["sans-serif"]
    mpl.rcParams["axes.unicode_minus"] = False
    return name
