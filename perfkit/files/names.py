"""File names for user ids: one rule for every per-agent and per-team file perfkit writes.

An agent id or a team name is a user string, never a path. :class:`FileNames` turns each
into a safe stem (letters and digits of any script, ``-`` and ``_``; anything else ``_``;
at most :data:`MAX_STEM` characters) and keeps the stems unique within one folder, case
ignored (``A/1``, ``A_1`` and ``A.1`` get ``A_1``, ``A_1_2`` and ``A_1_3`` in sorted order
of the ids), never taking a reserved name (``all``, ``index`` and the folder's own files).
The same id always gets the same stem from one instance, so links and files agree.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Stems no user id may take: the floor's merged files, the index, Windows device names.
RESERVED = frozenset({"all", "index", "con", "prn", "aux", "nul", "com1", "lpt1"})
#: The longest stem (characters): a file name stays under the 255-byte limit with
#: a suffix and a uniqueness counter, in any script (3 bytes a character in UTF-8).
MAX_STEM = 60


def safe_stem(value: object) -> str:
    """``value`` as a file-name-safe stem (not yet unique)."""
    text = "".join(c if c.isalnum() or c in "-_" else "_" for c in str(value))
    return text[:MAX_STEM] or "_"


class FileNames:
    """Unique safe stems for the ids of one folder (see the module docstring)."""

    def __init__(self, ids: Iterable[object] = (), reserved: Iterable[str] = ()) -> None:
        self._taken = {r.casefold() for r in (*RESERVED, *reserved)}
        self._stems: dict[str, str] = {}
        for value in sorted({str(v) for v in ids}):
            self(value)

    def __call__(self, value: object) -> str:
        key = str(value)
        if key in self._stems:
            return self._stems[key]
        stem = safe_stem(key)
        out, k = stem, 2
        while out.casefold() in self._taken:
            out, k = f"{stem}_{k}", k + 1
        self._taken.add(out.casefold())
        self._stems[key] = out
        return out
