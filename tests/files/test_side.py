"""Side files (ratings, proposals, assignments, plan maps) read like the KPI export."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfkit.core.errors import DataError
from perfkit.files.side import read_side_table

TEXT = 'agent_id,kpi,proposed\nA1,revenue,100\n\n"\'=B2",revenue,"20\n0"\n'


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_encodings_blank_lines_and_quoted_formulas(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(TEXT.replace("revenue", "销售额").encode(encoding))
    table = read_side_table(path, "proposed targets")
    assert list(table.columns) == ["agent_id", "kpi", "proposed"]
    assert table["agent_id"].tolist() == ["A1", "=B2"]  # perfkit's quote taken off
    assert table["kpi"].tolist() == ["销售额", "销售额"]
    assert table.attrs["lines"] == [2, 4]  # the blank line 3 skipped, lines kept
    assert table["proposed"].iloc[1] == "20\n0"  # a quoted field spanning lines kept whole


@pytest.mark.parametrize(
    ("content", "word"),
    [
        (b"", "the file is empty"),
        (b"a,b\n", "only a header line"),
        (bytes(range(256)), "binary data"),
        (b"PK\x03\x04broken", "cannot read workbook"),
    ],
)
def test_bad_files_are_one_message(tmp_path: Path, content: bytes, word: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(DataError, match=word) as err:
        read_side_table(path, "360 ratings")
    assert "invalid 360 ratings" in str(err.value)


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_a_quoted_cell_starting_with_cr_is_text_not_a_line_break(tmp_path: Path, eol: str) -> None:
    """RFC 4180: a CR inside quotes is part of the cell. It neither splits the row nor
    shifts the line numbers of the rows after it."""
    text = eol.join(["agent_id,name,kpi,proposed", 'A1,"\r何明",revenue,100', "A2,b,revenue,x", ""])
    path = tmp_path / "p.csv"
    path.write_bytes(text.encode("utf-8"))
    table = read_side_table(path, "proposed targets")
    assert table["agent_id"].tolist() == ["A1", "A2"]
    assert table["kpi"].tolist() == ["revenue", "revenue"]
    assert table.attrs["lines"] == [2, 3]


def test_old_mac_files_end_lines_at_cr(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"agent_id,kpi,proposed\rA1,revenue,100\rA2,revenue,200\r")
    table = read_side_table(path, "proposed targets")
    assert table["proposed"].tolist() == ["100", "200"]
    assert table.attrs["lines"] == [2, 3]
