"""One kernel for several reports: started once, its namespace cleared between them.

A report's kernel spends a few CPU seconds starting and importing perfkit, NumPy, pandas
and matplotlib before its first number: most of a light report's time, paid again by
every report of a batch. A :class:`KeptKernel` is started once per render thread and
runs its reports one after another. Before each one its namespace and history are reset
(the execution counts start from 1 again), its figures closed, and matplotlib's settings
and the warning filters put back as they were after the kernel's start (the house style,
perfkit.pages.plots.style, is applied again), so a report reads nothing another left
behind. The imported modules stay; perfkit's state in them is keyed by content (e.g. the
batch's solved responses, perfkit.simulate.solved). A kernel whose report failed other
than by an error in a cell (it died, or a cell ran past its timeout and may still run)
is stopped, and the next report starts a fresh one.
"""

from __future__ import annotations

import queue
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jupyter_client import BlockingKernelClient
from jupyter_core.utils import run_sync
from nbclient.exceptions import CellExecutionError
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args

from perfkit.core import children

#: The papermill engine that runs a notebook in a kernel it is given and leaves it running.
ENGINE = "perfkit-kept-kernel"

#: Run (silently, outside the history) when the kernel has started: what a report may
#: change in the modules it imports, as a fresh kernel has it (pyplot's import is what a
#: report's first cell does first).
START = """\
import warnings as _w, matplotlib as _mpl, matplotlib.pyplot as _plt
_mpl._perfkit_fresh = (_mpl.rcParams.copy(), list(_w.filters))
del _w, _mpl, _plt
"""

#: Run (silently, outside the history) before a report in a kernel that ran another.
RESET = """\
get_ipython().reset(new_session=True, aggressive=False)
import warnings as _w, matplotlib as _mpl, matplotlib.pyplot as _plt
_plt.close("all")
with _w.catch_warnings():
    _w.simplefilter("ignore")  # rcParams warn on deprecated keys, set or not
    _mpl.rcParams.update(_mpl._perfkit_fresh[0])
_w.filters[:] = _mpl._perfkit_fresh[1]
_w._filters_mutated()
if (_style := __import__("sys").modules.get("perfkit.pages.plots.style")) is not None:
    _style._styled = False  # the house style is set again from the fresh settings
    del _style
del _w, _mpl, _plt
"""


class _KeptClient(PapermillNotebookClient):
    """Papermill's client that stops its own channels after the notebook, not the kernel."""

    def execute(self, **kwargs: Any) -> Any:
        try:
            return super().execute(**kwargs)
        finally:
            if getattr(self, "kc", None) is not None:
                self.kc.stop_channels()
                self.kc = None


class KeptKernelEngine(NBClientEngine):
    """:class:`papermill.engines.NBClientEngine`, with the kernel given as ``km``."""

    @classmethod
    def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, log_output: bool = False,
                                 stdout_file: Any = None, stderr_file: Any = None,
                                 start_timeout: int = 60, execution_timeout: Any = None,
                                 **kwargs: Any) -> Any:  # fmt: skip
        kwargs = remove_args(["input_path"], **kwargs)
        safe = remove_args(["timeout", "startup_timeout"], **kwargs)
        final = merge_kwargs(
            safe, timeout=execution_timeout or kwargs.get("timeout"), startup_timeout=start_timeout,
            kernel_name=kernel_name, log=logger, log_output=log_output, stdout_file=stdout_file,
            stderr_file=stderr_file,
        )  # fmt: skip
        return _KeptClient(nb_man, **final).execute()


papermill_engines.register(ENGINE, KeptKernelEngine)


class KeptKernel:
    """A ``kernel_name`` kernel started in ``cwd`` and kept for the reports of one thread."""

    def __init__(self, manager_class: type, kernel_name: str, cwd: Path | None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="perfkit-kernel-"))
        self.log = self.folder / "kernel.log"  # its stderr (connection file beside it)
        self.manager_class = type("KeptKernelManager", (manager_class,),
                                  {"stderr_path": str(self.log)})  # fmt: skip
        self.kernel_name, self.cwd = kernel_name, cwd
        self.km: Any = None
        self.used = False  # whether it ran a report (then it is reset before the next)

    def ready(self) -> Any:
        """The running kernel's manager, started or reset for a new report."""
        if self.km is None:
            km = self.manager_class(kernel_name=self.kernel_name)
            run_sync(km.start_kernel)(**({"cwd": str(self.cwd)} if self.cwd else {}))
            self.km, self.used = km, False
            self._run(START)
        elif self.used:
            self._run(RESET)
        self.used = True
        return self.km

    def _run(self, code: str) -> None:
        client = BlockingKernelClient(connection_file=self.km.connection_file)
        client.load_connection_file()
        client.start_channels()
        try:
            reply = self._reply(client, client.execute(code, silent=True, store_history=False))
        finally:
            client.stop_channels()
        if reply["content"]["status"] != "ok":  # the next report gets a fresh kernel
            self.stop()
            raise CellExecutionError("", reply["content"].get("ename", ""), "kernel reset failed")

    def _reply(self, client: BlockingKernelClient, msg_id: str, seconds: float = 60) -> dict:
        """The kernel's reply to ``msg_id``, waited for in short steps: a render being
        stopped (Ctrl-C, SIGTERM: perfkit.core.children) or a dead kernel ends the wait
        at once, so the render's thread never holds up the stop."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if children.stopping() or not run_sync(self.km.is_alive)():
                raise CellExecutionError("", "KernelStopped", "the kernel was stopped")
            try:
                msg = client.get_shell_msg(timeout=0.25)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
        raise CellExecutionError("", "Timeout", "the kernel did not answer its reset")

    def stop(self) -> None:
        """Stop the kernel (the next :meth:`ready` starts a new one)."""
        km, self.km = self.km, None
        if km is not None:
            try:
                run_sync(km.shutdown_kernel)(now=True)
            finally:
                run_sync(km.cleanup_resources)()

    def close(self) -> None:
        self.stop()
        for f in self.folder.glob("*"):
            f.unlink(missing_ok=True)
        self.folder.rmdir()


class Kernels:
    """The kept kernels of a batch: one per thread (and kernel name and folder)."""

    def __init__(self, manager_class: type) -> None:
        self.manager_class = manager_class
        self.local = threading.local()
        self.all: list[KeptKernel] = []
        self.lock = threading.Lock()

    def get(self, kernel_name: str, cwd: Path | None) -> KeptKernel:
        mine = self.local.__dict__.setdefault("kernels", {})
        key = (kernel_name, str(cwd or ""))
        if key not in mine:
            mine[key] = KeptKernel(self.manager_class, kernel_name, cwd)
            with self.lock:
                self.all.append(mine[key])
        return mine[key]

    def close(self) -> None:
        for kernel in self.all:
            try:
                kernel.close()
            except Exception:  # a kernel already gone: nothing to stop
                continue


@contextmanager
def kept(manager_class: type) -> Iterator[Kernels]:
    """Kernels kept for the reports rendered inside (closed on leaving)."""
    kernels = Kernels(manager_class)
    try:
        yield kernels
    finally:
        kernels.close()
