"""--dask to a bad or unreachable address: one message within seconds, no traceback, no
hang at exit. Loopback addresses only (127.0.0.1), every run bounded in time."""

from __future__ import annotations

import http.server
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.apps.test_bad_input_corpus import GOOD

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts connections and never says anything."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    yield srv.getsockname()[1]
    srv.close()


@pytest.fixture
def http_port() -> Iterator[int]:
    """A loopback web server (it answers only after a request, with HTTP)."""
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv.server_address[1]
    srv.shutdown()


@pytest.fixture
def chatty_port() -> Iterator[int]:
    """A loopback server that greets with text (an SSH or mail banner), not a Dask frame."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)

    def serve() -> None:
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")

    threading.Thread(target=serve, daemon=True).start()
    yield srv.getsockname()[1]
    srv.close()


def _run(tmp_path: Path, address: str) -> tuple[int, str, float]:
    (tmp_path / "s.yaml").write_text(GOOD, "utf-8")
    argv = [sys.executable, "-m", "perfkit.apps.cli.main", "simulate", str(tmp_path / "s.yaml"),
            "--runs", "1", "--periods", "1", "--dask", address, "--out", str(tmp_path / "o")]  # fmt: skip
    started = time.perf_counter()
    run = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, timeout=60,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})  # fmt: skip
    return run.returncode, run.stdout + run.stderr, time.perf_counter() - started


def _check(code: int, out: str, seconds: float, word: str) -> None:
    assert code == 2, out
    assert word in out, out
    assert "Traceback" not in out and "Exception ignored" not in out, out
    assert out.count("error:") == 1, out
    assert seconds < 20, seconds  # start-up included; the probe itself waits at most 3 s


def test_not_an_address(tmp_path: Path) -> None:
    _check(*_run(tmp_path, "notaurl"), "not a Dask scheduler address")


def test_a_closed_loopback_port(tmp_path: Path) -> None:
    _check(*_run(tmp_path, "tcp://127.0.0.1:9"), "cannot reach a Dask scheduler")


def test_a_loopback_port_that_never_answers(tmp_path: Path, silent_port: int) -> None:
    _check(*_run(tmp_path, f"tcp://127.0.0.1:{silent_port}"), "no answer within 3 s")


def test_a_loopback_web_server(tmp_path: Path, http_port: int) -> None:
    _check(*_run(tmp_path, f"tcp://127.0.0.1:{http_port}"), "no answer within 3 s")


def test_a_loopback_banner(tmp_path: Path, chatty_port: int) -> None:
    _check(*_run(tmp_path, f"127.0.0.1:{chatty_port}"), "not as a Dask scheduler")


def test_a_real_scheduler_passes_the_probe() -> None:
    distributed = pytest.importorskip("dask.distributed")
    from perfkit.model.scale.tasks import probe

    with distributed.LocalCluster(n_workers=0, processes=False, protocol="tcp://",
                                  host="127.0.0.1", scheduler_port=0,
                                  dashboard_address=None) as cluster:  # fmt: skip
        started = time.perf_counter()
        probe(cluster.scheduler_address)
        assert time.perf_counter() - started < 3
