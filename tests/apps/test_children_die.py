"""Child processes die with perfkit (issue 22, item 9): a real run of ``letters`` (Chromium
printing PDFs) and of ``render`` (a Jupyter kernel, then Chromium) is stopped by Ctrl-C
(SIGINT to its process group, as a terminal sends it), SIGTERM or SIGKILL. Afterwards no
process the run started is alive, no staging is left in ``--out`` or in the Chromium
profile folder (after SIGKILL: none once the next run has started), and the earlier
outputs in ``--out`` are byte for byte as they were.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from perfkit.core import children
from perfkit.pages.report.pdf import find_chromium

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "scenarios" / "current_flat_commission.yaml"
DATA = ROOT / "data" / "sample_kpis.csv"
EARLIER = {"index.html": "earlier index\n", "letters.csv": "agent_id\nA0001\n"}

needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="no Chromium")


def _is_kernel(p: psutil.Process) -> bool:
    return any("ipykernel" in part for part in p.cmdline())


def _is_chromium(p: psutil.Process) -> bool:
    return "chrom" in p.name().lower()


@pytest.fixture
def tmp(tmp_path: Path) -> Iterator[Path]:
    """A short folder (Chromium's sockets in its profile need a path under 108 bytes)
    holding ``o`` (--out) and ``t`` (the run's TMPDIR)."""
    short = Path(tempfile.mkdtemp(prefix="pk", dir="/tmp"))
    (short / "t").mkdir()
    yield short
    shutil.rmtree(short, ignore_errors=True)


def _start(argv: list[str], tmp: Path) -> subprocess.Popen:
    out = tmp / "o"
    out.mkdir(exist_ok=True)
    for name, text in EARLIER.items():
        (out / name).write_text(text)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp / "t"), "MPLBACKEND": "agg"}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "perfkit",
            *argv,
            "--out",
            str(out / "sweep.csv" if argv[0] == "sweep" else out),
        ],
        cwd=tmp,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own group: SIGINT to the group is the terminal's Ctrl-C
        preexec_fn=_as_from_a_terminal,
    )


def _as_from_a_terminal() -> None:
    """SIGINT at its default, as a terminal starts a command: the suite may run with SIGINT
    ignored (a background job of a non-interactive shell, ``sh -c 'make test &'``, ignores
    it), an ignored SIGINT is inherited, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for(
    proc: subprocess.Popen, kind: Callable[[psutil.Process], bool], limit: float = 90
) -> set[psutil.Process]:
    """Every descendant seen until one of ``kind`` is alive (and has run a moment)."""
    seen: set[psutil.Process] = set()
    end = time.monotonic() + limit
    found_at = None
    while time.monotonic() < end and proc.poll() is None:
        try:
            now = psutil.Process(proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            break
        seen.update(now)
        if found_at is None and any(_safe(kind, p) for p in now):
            found_at = time.monotonic()
        if found_at is not None and time.monotonic() - found_at > 0.8:
            return seen
        time.sleep(0.05)
    raise AssertionError(
        f"no such child started: {proc.stderr.read().decode() if proc.stderr else ''}"
    )


def _safe(kind: Callable[[psutil.Process], bool], p: psutil.Process) -> bool:
    try:
        return kind(p)
    except psutil.Error:
        return False


def _survivors(seen: set[psutil.Process], within: float = 5.0) -> list[str]:
    end = time.monotonic() + within
    while True:
        alive = [p for p in seen if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not alive or time.monotonic() > end:
            break
        time.sleep(0.1)
    for p in alive:  # never leave them behind, even when the test fails
        p.kill()
    return [f"{p.pid} {p.name()}" for p in alive]


def _stop(proc: subprocess.Popen, how: str) -> int:
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, signal.SIGTERM if how == "sigterm" else signal.SIGKILL)
    try:
        return proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()


def _staging(tmp: Path) -> list[str]:
    out = [p.name for p in (tmp / "o").iterdir() if p.name.startswith(".")]
    profiles = tmp / "t" / "perfkit-chromium"
    return out + ([p.name for p in profiles.iterdir()] if profiles.is_dir() else [])


def _earlier_intact(tmp: Path) -> None:
    for name, text in EARLIER.items():
        assert (tmp / "o" / name).read_text() == text, name


LETTERS = ["letters", str(PLAN), "--data", str(DATA), "--format", "pdf"]
RENDER = ["render", str(PLAN), "--runs", "2", "--periods", "2", "--format", "html,pdf",
          "--no-comparison"]  # fmt: skip


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm", "sigkill"])
def test_letters_chromium_dies_with_perfkit(tmp: Path, how: str) -> None:
    proc = _start(LETTERS, tmp)
    seen = _wait_for(proc, _is_chromium)
    code = _stop(proc, how)
    assert code == {"ctrl-c": 130, "sigterm": 143, "sigkill": -9}[how], proc.stderr.read()
    assert not _survivors(seen)
    _earlier_intact(tmp)
    if how == "sigkill":  # nothing of perfkit ran: the next run removes what it left
        again = _start(LETTERS, tmp)
        seen = _wait_for(again, _is_chromium)
        _stop(again, "sigterm")
        assert not _survivors(seen)
    assert not _staging(tmp)
    assert "Traceback" not in proc.stderr.read().decode()


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("how", ["ctrl-c", "sigkill"])  # SIGTERM takes Ctrl-C's path (above)
def test_render_kernel_dies_with_perfkit(tmp: Path, how: str) -> None:
    proc = _start(RENDER, tmp)
    seen = _wait_for(proc, _is_kernel)
    code = _stop(proc, how)
    assert code == {"ctrl-c": 130, "sigterm": 143, "sigkill": -9}[how], proc.stderr.read()
    assert not _survivors(seen)
    _earlier_intact(tmp)
    assert not [p for p in (tmp / "o").iterdir() if p.suffix in (".html", ".pdf")
                and p.name != "index.html"]  # fmt: skip
    if how != "sigkill":
        assert not _staging(tmp)
        err = proc.stderr.read().decode()
        assert "Traceback" not in err and "Error occurred" not in err  # a killed kernel: no news
        assert err.rstrip().endswith("perfkit render: interrupted")


def test_a_guarded_child_dies_when_its_parent_is_killed(tmp_path: Path) -> None:
    """The SIGKILL guard on its own: a parent starts ``sleep`` with the guard and is
    killed with -9; the sleep goes with it (Linux only)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux's")
    code = (
        "import subprocess, sys, time\n"
        "from perfkit.core import children\n"
        "p = subprocess.Popen(['sleep', '60'], preexec_fn=children.popen_guard())\n"
        "print(p.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, env=env)
    child = psutil.Process(int(parent.stdout.readline()))
    parent.kill()
    parent.wait()
    assert not _survivors({child}, within=3)


def test_tracked_children_are_killed_with_their_group_on_an_exception() -> None:
    proc = subprocess.Popen(["sleep", "60"], start_new_session=True)
    with pytest.raises(KeyboardInterrupt), children.tracked(proc.pid):
        assert children.live() == [proc.pid]
        raise KeyboardInterrupt
    assert proc.wait(timeout=5) == -signal.SIGKILL
    assert children.live() == []


def test_sigterm_is_an_interrupt_and_kills_what_is_left() -> None:
    proc = subprocess.Popen(["sleep", "60"], start_new_session=True)
    with pytest.raises(children.Terminated), children.terminate_as_interrupt():
        children.track(proc.pid)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises here
    assert proc.wait(timeout=5) == -signal.SIGKILL
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # pytest's own, restored


SWEEP = ["sweep", str(PLAN), "--param", "commission.rate", "--values", "0.01", "0.02", "0.03",
         "0.04", "--runs", "40", "--jobs", "2"]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("how", ["sigterm", "sigkill"])
def test_sweep_worker_processes_die_with_perfkit(tmp: Path, how: str) -> None:
    proc = _start(SWEEP, tmp)
    seen = _wait_for(proc, lambda p: True)
    code = _stop(proc, how)
    assert code == {"sigterm": 143, "sigkill": -9}[how], proc.stderr.read()
    assert not _survivors(seen)
    assert "Traceback" not in proc.stderr.read().decode()


def test_an_interrupted_pool_kills_its_childrens_work_before_joining() -> None:
    """Ctrl-C while a pool of renders runs: the queued renders are cancelled and the running
    ones' children killed, so leaving the pool takes moments, not the renders' time."""
    from concurrent.futures import ThreadPoolExecutor

    started: list[subprocess.Popen] = []

    def render(_: int) -> int:
        proc = subprocess.Popen(["sleep", "30"], start_new_session=True)
        started.append(proc)
        with children.tracked(proc.pid):
            return proc.wait()

    t0 = time.monotonic()
    with (
        pytest.raises(KeyboardInterrupt),
        children.stoppable(ThreadPoolExecutor(max_workers=2)) as pool,
    ):
        futures = [pool.submit(render, i) for i in range(6)]
        while len(started) < 2:
            time.sleep(0.01)
        raise KeyboardInterrupt  # as the main thread's wait would
    assert time.monotonic() - t0 < 10
    assert len(started) == 2 and all(p.poll() == -signal.SIGKILL for p in started)
    assert sum(f.cancelled() for f in futures) == 4
    assert not children.stopping() and children.live() == []  # children may start again
