"""Numba's ``njit`` with a compile cache that can always be written.

perfkit's kernels are compiled with ``cache=True``: compiled once, then loaded from the
cache. Numba keeps the cache beside the source (the package's ``__pycache__``) or in the
user's cache folder, and raises at import ("no locator available") where neither can be
written: a read-only site-packages and no home folder, as in some cluster workers. Where
the package folder cannot be written and no ``NUMBA_CACHE_DIR`` is set, the cache goes to
a folder of this user's under the system's temporary folder instead. This must happen
before Numba is first imported, so every kernel imports ``njit`` from here.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _cache_where_writable() -> None:
    if "NUMBA_CACHE_DIR" in os.environ or os.access(Path(__file__).parents[1], os.W_OK):
        return
    folder = Path(tempfile.gettempdir()) / f"perfkit-numba-{getattr(os, 'getuid', lambda: 0)()}"
    os.environ["NUMBA_CACHE_DIR"] = str(folder)


_cache_where_writable()

from numba import njit, types  # noqa: E402  (after the cache folder is chosen)

__all__ = ["njit", "types"]
