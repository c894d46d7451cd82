"""The shared group structures keep the shapes read back most when one-off shapes come
and go (perfkit.payout.skeletons.Skeletons)."""

from __future__ import annotations

from perfkit.payout.skeletons import Skeletons


def test_one_off_shapes_are_forgotten_before_a_shape_read_back():
    held = Skeletons(rows=100)
    built: list[str] = []
    get = lambda key, n: held.get(key, 1, n, lambda: built.append(key) or key)  # noqa: E731
    get("block", 40)
    get("block", 40)  # read back once
    for i in range(5):  # two one-off shapes between the block's reads: the second one
        get(f"some agents {i}a", 50)  # forgets the first, not the older block
        get(f"some agents {i}b", 50)
        get("block", 40)
    assert built == ["block"] + [f"some agents {i}{x}" for i in range(5) for x in "ab"]
    assert held.builds == 11  # the block built once (least recently used first: 6 times)
    get("big", 101)  # larger than the whole: built, never held, nothing forgotten for it
    assert "big" not in held.held and "block" in held.held
