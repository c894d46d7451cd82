"""A real Dask cluster (``dask scheduler`` + two ``dask worker`` processes on loopback
ports) gives the bytes of a local run for ``simulate``, ``compare`` and ``render``.

The cluster is started as the client's IT department would start it (separate commands,
one thread per worker), and the tasks must really run there: the scheduler is asked which
kinds of task it ran (pricing blocks of the best responses, pay chunks of the Monte Carlo).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import warnings
from pathlib import Path

import pytest

import perfkit.model.behaviour.blocks as blocks_mod
from perfkit.apps.cli.main import main
from perfkit.model.scale import tasks
from tests.conftest import BASIC
from tests.model.scale.cluster import localhost_cluster
from tests.model.test_scale import _timeless

pytest.importorskip("dask.distributed")

POP = {"source": "synthetic", "agents": 40, "teams": 4, "seed": 3}
TEAM = {**BASIC, "population": POP,
        "team": {"weight": 0.3, "pool": {"per_team_target": 300000, "amount": 5000,
                                         "split": "by_score"}}}  # fmt: skip
SHORT = ["--runs", "3", "--periods", "2"]


def _digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (JSON without its wall-clock seconds)."""
    out = {}
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = f.read_bytes()
        if f.suffix == ".json":
            data = json.dumps(_timeless(json.loads(data)), sort_keys=True).encode()
        out[str(f.relative_to(folder))] = hashlib.sha256(data).hexdigest()
    return out


def _ran(address: str) -> dict[str, int]:
    """How many tasks of each kind (function name) the scheduler has seen."""
    client = tasks.client_for(address)
    return client.run_on_scheduler(lambda dask_scheduler: {
        name: sum(p.state_counts.values()) for name, p in dask_scheduler.task_prefixes.items()})  # fmt: skip


@pytest.mark.slow
def test_simulate_compare_and_render_on_a_real_cluster_give_the_local_bytes(tmp_path, monkeypatch):
    team, basic = tmp_path / "team.yaml", tmp_path / "basic.yaml"
    team.write_text(json.dumps(TEAM), encoding="utf-8")
    basic.write_text(json.dumps({**BASIC, "population": POP}), encoding="utf-8")
    compare = ["compare", str(team), str(basic), "--runs", "2", "--max-runs", "2",
               "--periods", "2", "--out"]  # fmt: skip
    render = ["render", str(team), *SHORT, "--no-comparison", "--out"]
    local, cluster = tmp_path / "local", tmp_path / "cluster"
    assert main(["simulate", str(team), *SHORT, "--out", str(local / "sim")]) == 0
    assert main([*compare, str(local / "compare")]) == 0
    assert main([*render, str(local / "render")]) == 0
    monkeypatch.setattr(blocks_mod, "DASK_MIN_ROWS", 0)  # this floor's blocks go there too
    with warnings.catch_warnings(), localhost_cluster(2, tmp_path / "cluster.log") as (address, _):
        warnings.simplefilter("ignore")
        try:
            on = ["--dask", address, "--out"]
            assert main(["simulate", str(team), *SHORT, *on, str(cluster / "sim")]) == 0
            assert main([*compare, str(cluster / "compare"), "--dask", address]) == 0
            ran = _ran(address)
            assert ran.get("price_block", 0) > 10 and ran.get("reduce_part", 0) >= 3
            assert main([*render, str(cluster / "render"), "--dask", address]) == 0
            assert _ran(address)["reduce_part"] > ran["reduce_part"]  # the report's runs too
        finally:
            tasks.close_clients()
    for what in ("sim", "compare"):
        assert _digests(cluster / what) == _digests(local / what), what
    # the report's numbers: every table and figure's data it wrote, byte for byte
    data = _digests(local / "render" / "data")
    assert data and _digests(cluster / "render" / "data") == data


def _clients_here() -> int:
    return len(tasks._CLIENTS)


def test_a_forked_child_does_not_use_its_parents_client(monkeypatch):
    """``render`` forks its batch workers while the command holds a client: a child that
    used the parent's (its event loop is not in the child) waited forever."""
    monkeypatch.setitem(tasks._CLIENTS, "tcp://127.0.0.1:1", object())
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_clients_here) == 0
    assert "tcp://127.0.0.1:1" in tasks._CLIENTS  # the parent keeps its own
