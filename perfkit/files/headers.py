"""The headers of a client export: canonical names (aliases, the user's mapping, case and
spacing folded), clashes, a missing column with a "did you mean", and how messages name a
column (the file's own header, with the canonical name beside it)."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from perfkit.core.kpis import HEADER_ALIASES, ID_COLUMNS, RAW_KPIS
from perfkit.files.values import shown, some

TENURE = "tenure_months"
CANONICAL: tuple[str, ...] = (*ID_COLUMNS, *RAW_KPIS, TENURE)


def header_names(columns: Sequence[str], headers: Sequence[str] | None) -> Callable[..., str]:
    """How messages name a column: the file's own header, with the canonical name in
    brackets when it differs (``'calls' [dials]``)."""
    own = (
        dict(zip(columns, headers, strict=True)) if headers and len(headers) == len(columns) else {}
    )

    def named(col: str, quote: bool = True) -> str:
        user = own.get(col, col)
        if user == col:
            return repr(col) if quote else col
        return f"{user!r} [{col}]" if quote else f"{user} [{col}]"

    return named


def fold(header: str) -> str:
    return re.sub(r"[\s_\-]+", "_", header.strip().casefold())


def missing_column(col: str, columns: Sequence[str], headers: Sequence[str]) -> str:
    """Message for a missing required column, with a "did you mean" when one is close."""
    names = [col, *(alias for alias, canon in HEADER_ALIASES.items() if canon == col)]

    def score(h: str) -> float:
        return max(difflib.SequenceMatcher(None, fold(h), fold(n)).ratio() for n in names)

    if not set(columns) & set(CANONICAL):  # not a KPI table: never quote what it holds
        return (
            f"missing required column {col!r}; none of the {len(headers)} header(s) is a "
            "known column (expected agent_id, period, dials, connected, orders, revenue, or "
            "their Chinese names such as 工号, 月份, 外呼量)"
        )
    found = some([shown(str(h)) for h in headers], 20)
    msg = f"missing required column {col!r}; headers found: {found}"
    best = max((c for c in columns if c not in CANONICAL), key=score, default=None)
    if best is not None and score(best) >= 0.6:
        msg += (
            f"; did you mean {best!r}? (map it: --map '{best}={col}' on the command line, "
            f"mapping={{{best!r}: {col!r}}} in Python)"
        )
    return msg


def canonical_names(
    headers: Sequence[str], mapping: Mapping[str, str] | None
) -> tuple[list[str], list[str]]:
    """Canonical name per header: user mapping, aliases, canonical; exact, then case-folded."""
    user = {k.strip(): v for k, v in (mapping or {}).items()}
    tables = [user, HEADER_ALIASES, {c: c for c in CANONICAL}]
    folded = [{fold(k): v for k, v in t.items()} for t in tables]
    names = []
    for h in headers:
        h, f = h.strip(), fold(h)
        names.append(
            next((t[h] for t in tables if h in t), None)
            or next((t[f] for t in folded if f in t), h)
        )
    stripped = {h.strip() for h in headers} | {fold(h) for h in headers}
    unused = [k for k in user if k not in stripped and fold(k) not in stripped]
    clashes = [
        f"mapping {k!r} → {user[k]!r}: the file has no header {k!r}; "
        f"headers found: {', '.join(map(repr, headers))}"
        for k in unused
    ]
    clashes += [
        f"column {name!r} comes from more than one header: "
        + ", ".join(repr(h) for h, n in zip(headers, names, strict=True) if n == name)
        for name, count in Counter(names).items()
        if count > 1
    ]
    return names, clashes
