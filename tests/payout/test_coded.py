"""Text columns carried as codes (perfkit.payout.coded) show the same strings."""

from __future__ import annotations

import numpy as np
import pandas as pd

from perfkit.payout.coded import Coded, shown


def test_joined_parts_with_their_own_names_show_the_strings_of_each_part() -> None:
    a = Coded(np.array([0, 1, 1, 0]), ["gold", ""])
    b = Coded(np.array([2, 0, 1]), ["", "silver", "gold"])
    joined = Coded.joined([a, b])
    want = pd.array(["gold", "", "", "gold", "gold", "", "silver"], dtype="str")
    pd.testing.assert_extension_array_equal(joined.strings(), want)
    assert joined.names == ["gold", "", "silver"]
    rows = np.array([6, 0])
    pd.testing.assert_extension_array_equal(joined.take(rows).strings(), want.take(rows))
    out = shown({"grade": a, "score": np.ones(4)})
    assert out["grade"].dtype == want.dtype and isinstance(out["score"], np.ndarray)
