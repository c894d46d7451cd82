"""Read YAML that a careless or hostile user wrote, within fixed limits.

A scenario is a few kilobytes. Before anything is built from a file we check, in one
pass over PyYAML's event stream (which is iterative, so it cannot overflow the stack):

- the file's size (checked before reading: a 50 MB file is refused at once);
- the nesting depth (5,000 nested ``[`` would overflow the composer's recursion);
- anchors that refer to themselves (``pay: &p {x: *p}`` is a loop, not a tree);
- the size of the document once every alias is expanded (an "alias bomb": nine
  anchors of ten aliases each expand to a billion nodes while the file stays tiny).

Each breach is a :class:`YamlLimitError` with one plain sentence; the loader turns it
into a :class:`~perfkit.core.errors.ScenarioError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import yaml

#: Largest scenario file accepted, in bytes (the bundled library's largest is ~3 KB).
MAX_BYTES = 1_000_000
#: Deepest nesting of mappings and lists (a real scenario nests about 6 levels).
MAX_DEPTH = 64
#: Most values the document may have once every alias is expanded (the bundled library's
#: largest scenario has about 150; reading 20,000 takes about a second).
MAX_NODES = 20_000


class YamlLimitError(ValueError):
    """A YAML document breaks one of the limits above; ``line`` is 1-based or None."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message, self.line = message, line


@dataclass
class _Open:
    """A mapping or list whose end has not been seen yet."""

    anchor: str | None
    nodes: int = 1


def check_size(n_bytes: int) -> None:
    """Refuse a file larger than :data:`MAX_BYTES` before it is read."""
    if n_bytes > MAX_BYTES:
        raise YamlLimitError(
            f"the file is {n_bytes / 1e6:.1f} MB; a scenario file may be at most "
            f"{MAX_BYTES / 1e6:.0f} MB (scenarios are a few kilobytes: is this the right file?)"
        )


def _check_flow_depth(text: str) -> None:
    """Refuse deeply nested ``[``/``{`` before parsing: PyYAML's scanner looks ahead to the
    end of a flow collection, so 5,000 nested ``[`` cost it seconds before the first event."""
    codes = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)  # brackets are ASCII
    step = ((codes == ord("[")) | (codes == ord("{"))).astype(np.int32)
    step -= (codes == ord("]")) | (codes == ord("}"))
    depth = np.cumsum(step)  # counts brackets in quoted text too: only 64 unclosed ones trip it
    if depth.size and depth.max() > MAX_DEPTH:
        at = int(np.argmax(depth > MAX_DEPTH))
        raise YamlLimitError(
            f"lists and mappings nest more than {MAX_DEPTH} levels deep; "
            "a scenario needs fewer than 10",
            int((codes[:at] == ord("\n")).sum()) + 1,
        )


def check_structure(text: str) -> None:
    """Refuse deep nesting, self-referencing anchors and alias bombs, in one linear pass."""
    _check_flow_depth(text)
    stack: list[_Open] = []
    sizes: dict[str, int] = {}  # anchor → expanded node count
    total = 0

    def add(n: int, event: Any) -> None:
        nonlocal total
        if stack:
            stack[-1].nodes += n
        else:
            total += n
        if (stack[0].nodes if stack else total) > MAX_NODES:
            raise YamlLimitError(
                f"the document expands to more than {MAX_NODES:,} values once its aliases "
                "(*name) are replaced by what they stand for; a scenario needs a few hundred "
                "(is an anchor repeated inside itself many times?)",
                _line(event),
            )

    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise YamlLimitError(
                    f"lists and mappings nest more than {MAX_DEPTH} levels deep; "
                    "a scenario needs fewer than 10",
                    _line(event),
                )
            stack.append(_Open(event.anchor))
        elif isinstance(event, yaml.CollectionEndEvent):
            done = stack.pop()
            if done.anchor is not None:
                sizes[done.anchor] = done.nodes
            add(done.nodes, event)
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None:
                sizes[event.anchor] = 1
            add(1, event)
        elif isinstance(event, yaml.AliasEvent):
            if any(o.anchor == event.anchor for o in stack):
                raise YamlLimitError(
                    f"the alias *{event.anchor} is used inside the block it names "
                    f"(&{event.anchor}), so the block would contain itself forever",
                    _line(event),
                )
            if event.anchor not in sizes:
                return  # an undefined alias: the loader reports it with its own message
            add(sizes[event.anchor], event)


def _line(event: Any) -> int | None:
    mark = getattr(event, "start_mark", None)
    return mark.line + 1 if mark is not None else None
