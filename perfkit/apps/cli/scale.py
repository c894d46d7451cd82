"""--memory and --dask on simulate, compare and render: the job's budget and cluster."""

from __future__ import annotations

import argparse


def scale_options(p: argparse.ArgumentParser) -> None:
    """--memory SIZE and --dask ADDRESS: the job's memory budget and where its blocks run."""
    p.add_argument(
        "--memory",
        metavar="SIZE",
        help="memory budget, e.g. 8GB (default: half of this machine); a job that would "
        "not fit stops before it starts, with the numbers",
    )
    p.add_argument(
        "--dask",
        dest="cluster",
        metavar="ADDRESS",
        help="Dask scheduler, e.g. tcp://host:8786: best-response blocks and pay chunks "
        "run on its workers (same numbers as a local run)",
    )


def scaled(handler):
    """``handler`` run under --memory / --dask (perfkit.model.scale), also for report kernels."""

    def run(args: argparse.Namespace) -> int:
        import os

        from perfkit.model.scale.estimate import check_budget
        from perfkit.model.scale.limits import export, use
        from perfkit.model.scale.tasks import client_for, close_clients

        with use(memory=args.memory, dask=args.cluster) as limits:
            check_budget(limits)
            if limits.dask:
                client_for(limits.dask)  # unreachable: say so before any work
            env = export(limits)
            saved = {k: os.environ.get(k) for k in env}
            os.environ.update(env)  # report kernels inherit the limits
            try:
                return handler(args)
            finally:
                close_clients()
                for k, v in saved.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v

    return run
