"""Names of staging files and folders, and cleaning up those a killed run left behind.

Outputs are written beside their final place and moved in when complete
(:mod:`perfkit.files.outputs`, :mod:`perfkit.pages.report.render`). A run killed with ``kill -9``
cannot remove its staging, so every staging name carries the pid of the process that
made it: ``.pay.12345-9f3a1c2e.tmp.xlsx``, ``.expansion.12345-k2j4h1.tmp/``,
``.report.12345-q8w7e6r5/``. The next run into the same folder removes the ones whose
process is gone. A concurrent run's staging is never touched (its process is alive),
so two renders into one folder still cannot corrupt each other. Names of the older
form, without a pid, are removed once they are a day old.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
from pathlib import Path

#: Staging older than this is removed even when its pid is alive (the pid was reused).
MAX_AGE_S = 24 * 3600.0

_OURS = re.compile(
    r"^\.(?P<stem>.+?)\.(?:(?P<pid>\d+)-)?(?P<rand>[0-9A-Za-z_]{6,16})(?:\.tmp(?:\.[0-9A-Za-z]+)?)?$"
)


def token() -> str:
    """``<pid>-<random>``: the middle of a staging name."""
    return f"{os.getpid()}-{secrets.token_hex(4)}"


def prefix(stem: str) -> str:
    """The start of a staging folder's name for ``tempfile.mkdtemp(prefix=...)``."""
    return f".{stem}.{os.getpid()}-"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def is_stale(path: Path, now: float | None = None) -> bool:
    """Whether ``path`` is perfkit staging whose run has ended without removing it."""
    m = _OURS.match(path.name)
    if m is None or not (".tmp" in path.name or path.is_dir()):
        return False
    try:
        age = (now or time.time()) - path.lstat().st_mtime
    except OSError:
        return False
    if m["pid"] is None:  # the older form: no pid to ask, so only by age
        return ".tmp" in path.name and age > MAX_AGE_S
    return not _alive(int(m["pid"])) or age > MAX_AGE_S


def clean_stale(folder: Path) -> list[Path]:
    """Remove stale staging directly inside ``folder``; return what was removed."""
    removed: list[Path] = []
    try:
        entries = [Path(e.path) for e in os.scandir(folder) if e.name.startswith(".")]
    except OSError:
        return removed
    for path in entries:
        if not is_stale(path):
            continue
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except OSError:  # another run cleaned it first, or we may not: leave it
            continue
    return removed
