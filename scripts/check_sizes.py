"""Size limits of the package: no module over 400 lines, no function over 80.

A function may be longer when a comment on its ``def`` line says why
(``def solve(...):  # size: <reason>``); a module when one of its lines is a comment
``# size: <reason>``. Run ``python scripts/check_sizes.py [perfkit]``: it prints each
module and function over its limit and exits 1 if there is one (tests/test_sizes.py
runs the same check).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MODULE_LINES = 400
FUNCTION_LINES = 80
REASON = "# size:"


def offenders(root: str | Path = "perfkit") -> list[str]:
    """``MODULE <lines> <path>`` and ``FUNC <lines> <path>:<line> <name>`` for each module
    and function over its limit without a ``# size:`` reason."""
    found = []
    for path in sorted(Path(root).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        if len(lines) > MODULE_LINES and not any(
            line.lstrip().startswith(REASON) for line in lines
        ):
            found.append(f"MODULE {len(lines)} {path}")
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            length = node.end_lineno - node.lineno + 1
            head = lines[node.lineno - 1 : node.body[0].lineno - 1] or [lines[node.lineno - 1]]
            if length > FUNCTION_LINES and not any(REASON in line for line in head):
                found.append(f"FUNC {length} {path}:{node.lineno} {node.name}")
    return found


def main(argv: list[str]) -> int:
    found = offenders(argv[0] if argv else "perfkit")
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
