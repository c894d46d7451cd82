"""Write outputs atomically: a file appears whole or not at all, a folder's files only
once every one of them is written, and a failed run never overwrites a good result.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from perfkit.core.errors import DataError
from perfkit.files.cells import csv_safe, write_frame
from perfkit.files.staging import clean_stale, prefix, token

#: The files this run reads (set by the CLI before any work): never replaced by an output.
_INPUTS: dict[Path, str] = {}


def protect_inputs(inputs: dict[Path, str]) -> None:
    """Declare the run's input files (path → the option that named it); an output that
    would replace one is refused (the CLI checks the known names up front, this is the
    last line for every other)."""
    _INPUTS.clear()
    _INPUTS.update({Path(p).resolve(): what for p, what in inputs.items()})


def refuse_input(target: Path) -> None:
    """Raise DataError if writing ``target`` would replace one of the run's inputs."""
    what = _INPUTS.get(Path(target).resolve())
    if what is not None:
        raise DataError(
            str(target),
            [f"is an input of this run (its {what}); an output would overwrite it. Expected "
             "another --out (a new file name or folder)"],
            what="output",
        )  # fmt: skip


@contextmanager
def _atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; if the block succeeds, move it over ``path``."""
    refuse_input(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(path.parent)  # staging a killed run left here
    tmp = path.with_name(f".{path.stem}.{token()}.tmp{path.suffix}")
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))  # honours the umask
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


#: Public name: write a file through the temporary path it yields, made whole on success.
atomic_path = _atomic_path


@contextmanager
def staged_dir(path: str | Path) -> Iterator[Path]:
    """Yield a staging folder beside ``path``; when the block succeeds, move each file it
    holds into ``path`` (one ``os.replace`` each). A failed or interrupted write leaves
    ``path`` as it was; other files already in ``path`` are kept."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder", str(path))
    path.mkdir(parents=True, exist_ok=True)
    clean_stale(path.parent)
    stage = Path(tempfile.mkdtemp(prefix=prefix(path.name), suffix=".tmp", dir=path.parent))
    try:
        yield stage
        staged = sorted(p for p in stage.rglob("*") if p.is_file())
        for f in staged:  # all checked before the first is moved
            refuse_input(path / f.relative_to(stage))
        for f in staged:
            target = path / f.relative_to(stage)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(f, target)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (temp file in the same directory, then replace)."""
    path = Path(path)
    with _atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding, newline="")
    return path


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    # CRLF rows (RFC 4180, as Excel writes them): a field holding a bare CR is quoted too
    text = csv_safe(df).to_csv(index=False, lineterminator="\r\n")
    path.write_text(text, encoding="utf-8-sig", newline="")


def _write_xlsx(df: pd.DataFrame, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    write_frame(ws, df)
    wb.save(path)


#: Table writers by suffix; each writes ``df`` to the given (temporary) path. Text that a
#: spreadsheet would run as a formula is written as text (:mod:`perfkit.files.cells`).
_WRITERS: dict[str, Callable[[pd.DataFrame, Path], object]] = {
    ".csv": _write_csv,
    ".xlsx": _write_xlsx,
    ".parquet": lambda df, p: df.to_parquet(p, index=False),
}


def save_table(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` atomically as .csv (UTF-8 with BOM, so Excel reads Chinese), .xlsx or .parquet.

    CSV and xlsx cells that a spreadsheet would run as formulas are written as text.
    """
    path = Path(path)
    writer = _WRITERS.get(path.suffix.lower())
    if writer is None:
        msg = f"cannot save a table as {path.suffix or 'a file without suffix'!r}"
        raise DataError(str(path), [f"{msg}; use .csv, .xlsx or .parquet"])
    with _atomic_path(path) as tmp:
        writer(df, tmp)
    return path
