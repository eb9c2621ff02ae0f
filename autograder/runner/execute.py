"""Child process: execute a prepared notebook in a Jupyter kernel and save the result.

Usage: python -m autograder.runner.execute OUT.ipynb WORKDIR [ROOT] < prepared.ipynb

The driver starts its kernel in WORKDIR and warms it up (imports NumPy, TensorFlow, Keras
and the grader's recorder, output discarded) *before* it reads the prepared notebook from
standard input, so a grader can start the next submission's driver while it grades the
current one (`notebook.Driver`). The notebook never sits in a file the submission could
read. Standard input closed with nothing on it: the driver stops its kernel, removes
ROOT (its grading folder, when given) and exits 0. A warm kernel found dead when the
notebook arrives is replaced by a fresh one.

Just before the notebook's first cell runs, the driver writes the file `STARTED_NAME` in
ROOT: the submission's time limit counts from there (`notebook.Driver.run`), so the
kernel's start and TensorFlow's import are not charged to the submission.

Errors in cells do not stop the run (later cells and the grader's extraction still run).
Output is capped per cell, inside each message too, so a print flood cannot exhaust
memory. The executed notebook is written even when the kernel dies.

`$TFCERT_MEMORY_LIMIT_BYTES` caps the data memory (`RLIMIT_DATA`) of this process and of
the kernel it starts, so a model too large for the machine fails with an error in its
cell instead of pushing the machine into swap. When the run ends, the kernel's process
group and every process it started are killed. The kernel is stopped at once
(`shutdown_kernel="immediate"`): every output and the grader's extraction are in by then,
and a graceful shutdown only waits 2 to 3 s for TensorFlow's own teardown, per kernel.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys

from autograder.progress import CELL_NAME
from autograder.runner.optional_imports import import_nbformat

nbformat = import_nbformat()  # before nbclient, which imports it too

from jupyter_client import AsyncKernelManager  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import DeadKernelError  # noqa: E402

MAX_OUTPUT_CHARS_PER_CELL = 200_000
MAX_ERROR_CHARS = 20_000
MEMORY_LIMIT_ENV = "TFCERT_MEMORY_LIMIT_BYTES"
TRUNCATED = "tfcert-truncated"
STARTED_NAME = "started"  # written in ROOT when the submission's notebook begins
# Imports every graded notebook makes (the grader's first cell imports Keras anyway).
# Run before the notebook arrives; nothing of the submission has run yet. Keras comes
# first and through `kernel_side.keras_module()`, the import the grader's first cell makes:
# a plain `import keras` here would load scikit-learn, pandas and pyplot that the kernel's
# own import leaves out (`optional_imports`; tests/test_optional_imports.py runs this).
WARM_UP = ("from autograder.runner import kernel_side\n"
           "kernel_side.keras_module()\n"
           "import numpy, tensorflow\n")


def _text_size(output) -> int:
    size = len(str(output.get("text", "")))
    for value in (output.get("data") or {}).values():
        size += len(value) if isinstance(value, str) else len(str(value))
    return size


class CappedClient(NotebookClient):
    """A NotebookClient that keeps at most MAX_OUTPUT_CHARS_PER_CELL of text per cell.

    A stream message that would cross the cap is cut to what is left; rich output that
    would cross it is dropped; an error's message and traceback are shortened. One marker
    output says that something was cut.
    """

    kernel_pgid: int | None = None

    def on_notebook_start_hook(self, **kwargs) -> None:
        provisioner = getattr(getattr(self, "km", None), "provisioner", None)
        self.kernel_pgid = getattr(provisioner, "pgid", None) or getattr(provisioner, "pid",
                                                                           None)

    def output(self, outs, msg, display_id, cell_index):
        msg_type, content = msg["msg_type"], msg.get("content", {})
        left = MAX_OUTPUT_CHARS_PER_CELL - sum(_text_size(o) for o in outs)
        if msg_type == "stream":
            text = str(content.get("text", ""))
            if len(text) > left:
                if left > 0:
                    content["text"] = text[:left]
                    super().output(outs, msg, display_id, cell_index)
                return self._truncated(outs)
        elif msg_type in ("display_data", "execute_result", "update_display_data"):
            if _text_size(content) > left:
                return self._truncated(outs)
        elif msg_type == "error":
            content["evalue"] = str(content.get("evalue", ""))[:MAX_ERROR_CHARS]
            traceback = [str(line) for line in content.get("traceback", [])]
            kept, size = [], 0
            for line in reversed(traceback):  # the end of a traceback says the most
                size += len(line)
                if size > MAX_ERROR_CHARS:
                    break
                kept.insert(0, line)
            content["traceback"] = kept
        return super().output(outs, msg, display_id, cell_index)

    def warm_up(self) -> None:
        """Run `WARM_UP` in the kernel; its outputs and errors are dropped."""
        cell = nbformat.v4.new_code_cell(WARM_UP)
        self.nb.cells = [cell]
        self.execute_cell(cell, 0, store_history=False)
        self.nb.cells = []
        self.code_cells_executed = 0

    def execute_notebook(self, notebook, root: str | None = None) -> None:
        """Run every cell of `notebook` in the (already started) kernel, in place; note
        the running cell's number in ROOT for the grader's live progress."""
        self.nb = notebook
        for index, cell in enumerate(notebook.cells):
            _note_cell(root, index, len(notebook.cells))
            self.execute_cell(cell, index, execution_count=self.code_cells_executed + 1)

    @staticmethod
    def _truncated(outs):
        if not any(o.get("name") == TRUNCATED for o in outs):
            outs.append(nbformat.v4.new_output(
                "stream", name=TRUNCATED,
                text=f"[output truncated by the grader after {MAX_OUTPUT_CHARS_PER_CELL} "
                     "characters]\n"))
        return None


def limit_memory() -> None:
    """Apply `$TFCERT_MEMORY_LIMIT_BYTES` to this process (the kernel inherits it)."""
    raw = os.environ.get(MEMORY_LIMIT_ENV, "").strip()
    if not raw or int(raw) <= 0:
        return
    import resource

    limit = int(raw)
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def kill_leftovers(kernel_pgid: int | None) -> None:
    """Kill the kernel's process group and every process this one started."""
    own = os.getpgrp()
    if kernel_pgid and kernel_pgid != own:
        try:
            os.killpg(kernel_pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        import psutil
    except ImportError:
        return
    for process in psutil.Process().children(recursive=True):
        try:
            process.kill()
        except psutil.Error:
            pass


def _kernel_alive(client: NotebookClient) -> bool:
    """Whether the client's kernel process still runs (a dead one is a zombie until reaped;
    its manager's own `is_alive` may not know yet)."""
    import psutil

    process = getattr(client.km.provisioner, "process", None)
    try:
        return process is not None and psutil.Process(process.pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


class KernelManager(AsyncKernelManager):
    """Starts the kernel forked from the grader's fork server where the box has one
    (`forked_kernel`, `forkserver`), else as usual."""

    def format_kernel_cmd(self, extra_arguments=None):
        from autograder.runner import forked_kernel

        return forked_kernel.command(super().format_kernel_cmd(extra_arguments))


def _new_client(workdir: str) -> CappedClient:
    client = CappedClient(nbformat.v4.new_notebook(), timeout=None, allow_errors=True,
                          kernel_name="python3", resources={"metadata": {"path": workdir}},
                          record_timing=False, shutdown_kernel="immediate",
                          kernel_manager_class=KernelManager)
    client.on_notebook_start = client.on_notebook_start_hook
    return client


def _warm_client(workdir: str, stack: contextlib.ExitStack,
                 pgids: list) -> CappedClient | None:
    """A client whose kernel started in `workdir` and ran `WARM_UP` (the kernel is stopped
    when `stack` closes), or None when the kernel died or failed to start meanwhile."""
    client = _new_client(workdir)
    try:
        stack.enter_context(client.setup_kernel())
        pgids.append(client.kernel_pgid)
        client.warm_up()
    except (RuntimeError, TimeoutError):  # DeadKernelError is a RuntimeError
        return None
    return client


def _note_cell(root: str | None, index: int, count: int) -> None:
    """Write "<index> <count>" to ROOT's `progress.CELL_NAME` (display only)."""
    if root:
        with contextlib.suppress(OSError):
            with open(os.path.join(root, CELL_NAME), "w", encoding="utf-8") as handle:
                handle.write(f"{index} {count}")


def _mark_started(root: str | None) -> None:
    """Tell the grader that the submission starts running now (see the module doc)."""
    if root:
        with open(os.path.join(root, STARTED_NAME), "w", encoding="utf-8"):
            pass


def main(target: str, workdir: str, root: str | None = None) -> int:
    """Warm a kernel up, then run the notebook that arrives on stdin (see the module doc).

    A warm kernel that died before the notebook arrived (killed from outside, the
    out-of-memory killer) is replaced by a fresh one: nothing of the submission ran in it,
    so its death is not the submission's. `root`, when given, is removed if no notebook
    arrives (the grader that started this spare is gone).
    """
    limit_memory()
    notebook, code, pgids = None, 0, []
    try:
        with contextlib.ExitStack() as warm:
            client = _warm_client(workdir, warm, pgids)
            text = sys.stdin.read()
            if not text.strip():
                if root:
                    shutil.rmtree(root, ignore_errors=True)
                return 0  # a spare driver that was never used
            notebook = nbformat.reads(text, as_version=4)
            if client is not None and _kernel_alive(client):
                _mark_started(root)
                client.execute_notebook(notebook, root)
                return 0
        print("The warm kernel had stopped before the submission arrived; the submission "
              "runs in a fresh kernel.", file=sys.stderr)
        kill_leftovers(pgids[-1] if pgids else None)
        client = _new_client(workdir)
        with client.setup_kernel():
            pgids.append(client.kernel_pgid)
            _mark_started(root)
            client.execute_notebook(notebook, root)
    except DeadKernelError as exc:
        print(f"The kernel died while running the submission ({exc}); it may have called "
              "os._exit(), run out of memory, or crashed TensorFlow.", file=sys.stderr)
        code = 3
    finally:
        for pgid in pgids or [None]:
            kill_leftovers(pgid)
        if notebook is not None:
            nbformat.write(notebook, target)
    return code


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
