"""Run a notebook or script submission in its own Jupyter kernel, with a wall-clock timeout
counted from its first cell.

The submission is copied to a scratch folder (the original is never opened for writing).
The grader adds a first cell that installs the recorder (`kernel_side.install`) and arms
the tamper watch (`audit.arm`), and a last cell that writes plain data to a folder outside
the scratch folder (`kernel_side.extract`, run by the tamper watch). The kernel is driven by nbclient in a child process; on timeout
that process, the kernel and everything the kernel started are killed, so an infinite
loop, `os._exit` or a memory blow-up in the submission cannot take the grader down or
leave a process behind. The kernel's data memory is capped (`memory_limit()`), and only
the tail of what the kernel writes to its own stdout/stderr is kept. With the sandbox
(`sandbox.py`), the driver and its kernel run in a bubblewrap box whose only writable
folder is their grading folder.

The driver starts its kernel and imports TensorFlow before the notebook arrives
(`Driver`). A grader with more submissions to come starts the next one's driver early
(`start_spare`), so the next submission does not wait for a kernel and for TensorFlow.

Each run gets a one-time token, written into the extraction cell only (the prepared
notebook reaches the kernel's driver through a pipe, never through a file the submission
could read). The extraction step records it, and `evidence.from_extraction` refuses a
record without it: files a submission plants where the grader reads are not taken for
the grader's own.
"""

from __future__ import annotations

import atexit
import collections
import dataclasses
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from autograder.progress import PROGRESS_NAME
from autograder.keras_versions import KERAS2, LEGACY_ENV
from autograder.runner import forkserver, sandbox
from autograder.runner.execute import STARTED_NAME
from autograder.runner.optional_imports import import_nbformat

nbformat = import_nbformat()  # without jsonschema's IRI parsers (`optional_imports`)

# Files beside a submission that are copied with it (saved checkpoints, for quick grading):
# Keras 3's files, and the parts of a TensorFlow checkpoint that Keras 2's
# `save_weights("my_checkpoint.ckpt")` writes (`.index`, `.data-00000-of-00001`, and the
# folder's `checkpoint` file naming the latest).
SIBLING_SUFFIXES = (".weights.h5", ".h5", ".keras", ".index")
SIBLING_PATTERN = re.compile(r"\.data-\d{5}-of-\d{5}$|^checkpoint$")
MAX_SIBLING_BYTES = 200 * 2**20
GRADER_CELL_TAG = "tfcert-grader"
# The kernel's data memory (RLIMIT_DATA). The lesson's full 20-epoch run needs about
# 1.5 GiB; $TFCERT_MEMORY_LIMIT_MB overrides, 0 turns the limit off.
DEFAULT_MEMORY_LIMIT_MB = 8192
MEMORY_LIMIT_ENV = "TFCERT_MEMORY_LIMIT_MB"
STDERR_TAIL_CHARS = 20_000
# Seconds a driver may take to start its kernel and import TensorFlow before the
# submission's time limit begins (a few seconds on an idle machine).
START_LIMIT = 600.0
# Seeds the kernel's random generators: regrading a submission trains it the same way.
SEED = 0
# outdir -> the token its extraction cell carries (this process only; see module doc).
_TOKENS: dict[str, str] = {}


class SubmissionError(Exception):
    """The submission cannot be run at all (unreadable, not a notebook...)."""


@dataclasses.dataclass
class CellError:
    """An error raised by one of the student's cells."""

    cell: int  # 1-based among the student's code cells
    ename: str
    evalue: str

    def describe(self) -> str:
        return f"code cell {self.cell}: {self.ename}: {self.evalue}"


@dataclasses.dataclass
class RunOutcome:
    """How the run went: finished, timed out or crashed, and the student's cell errors."""

    status: str  # "finished" | "timeout" | "crashed"
    seconds: float
    detail: str = ""
    cell_errors: list[CellError] = dataclasses.field(default_factory=list)
    stderr_text: str = ""


def read_submission(path: Path) -> nbformat.NotebookNode:
    """The submission as a v4 notebook (a script becomes one code cell)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SubmissionError(f"Cannot read {path}: {exc.strerror}") from None
    if not raw.strip():
        raise SubmissionError(f"{path.name} is empty: expected a notebook or a Python script "
                              "with the lesson's code.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SubmissionError(f"{path.name} is not UTF-8 text: expected a notebook (.ipynb) or "
                              "a Python script (.py).") from None
    if path.suffix == ".py":
        notebook = nbformat.v4.new_notebook()
        notebook.cells.append(nbformat.v4.new_code_cell(text))
        return notebook
    try:
        notebook = nbformat.reads(text, as_version=4)
    except Exception as exc:
        raise SubmissionError(f"{path.name} is not a valid Jupyter notebook ({type(exc).__name__}: "
                              f"{str(exc)[:200]}). Expected the JSON of a .ipynb file; open and "
                              "save it again in Jupyter.") from None
    if not any(cell.cell_type == "code" and cell.source.strip() for cell in notebook.cells):
        raise SubmissionError(f"{path.name} has no code cells: expected the lesson's code "
                              "(load, normalize, build, compile, checkpoint, fit, reload).")
    return notebook


def prepare(notebook, outdir: Path, budget: dict,
            progress: bool = False) -> nbformat.NotebookNode:
    """The notebook to execute: recorder cell, the student's code cells, extraction cell.
    With `progress`, the recorder notes each epoch for the live progress."""
    progress_path = str(Path(outdir) / PROGRESS_NAME) if progress else None
    setup = (
        "import os as _tfcert_os, warnings as _tfcert_warnings\n"
        "_tfcert_os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')\n"
        "from autograder.runner import kernel_side as _tfcert_kernel_side\n"
        f"_tfcert_kernel_side.install(**{budget!r}, seed={SEED}, progress={progress_path!r})\n"
        "from autograder.runner import audit as _tfcert_audit\n"
        f"_tfcert_audit.arm({str(outdir)!r}, _tfcert_kernel_side)\n"
        "del _tfcert_audit, _tfcert_kernel_side\n"
    )
    token = secrets.token_hex(16)
    _TOKENS[_key(outdir)] = token
    # Through the tamper watch, which runs the extraction it captured when armed
    # (`audit.py`); the token must be a constant of this cell's code.
    extract = (
        "import sys as _tfcert_sys\n"
        "from autograder.runner import audit as _tfcert_audit\n"
        "if _tfcert_audit.armed():\n"
        f"    _tfcert_sys.audit('tfcert.extract', globals(), {str(outdir)!r}, {token!r})\n"
        "else:\n"
        "    from autograder.runner import kernel_side as _tfcert_kernel_side\n"
        f"    _tfcert_kernel_side.extract(globals(), {str(outdir)!r}, token={token!r})\n"
    )
    prepared = nbformat.v4.new_notebook()
    prepared.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}}
    prepared.cells.append(nbformat.v4.new_code_cell(setup, metadata={"tags": [GRADER_CELL_TAG]}))
    for cell in notebook.cells:
        if cell.cell_type == "code":
            prepared.cells.append(nbformat.v4.new_code_cell(cell.source))
    prepared.cells.append(nbformat.v4.new_code_cell(extract,
                                                    metadata={"tags": [GRADER_CELL_TAG]}))
    return prepared


def _key(outdir: Path) -> str:
    return str(Path(outdir).resolve())


def expected_token(outdir: Path) -> str | None:
    """The token `prepare` gave the extraction cell writing to `outdir` (None if none)."""
    return _TOKENS.pop(_key(outdir), None)


def memory_limit() -> int | None:
    """Bytes of data memory the kernel may use (None: no limit)."""
    raw = os.environ.get(MEMORY_LIMIT_ENV, "").strip()
    try:
        megabytes = int(raw) if raw else DEFAULT_MEMORY_LIMIT_MB
    except ValueError:
        raise SubmissionError(f"${MEMORY_LIMIT_ENV} must be a whole number of megabytes. "
                              f"Received: {MEMORY_LIMIT_ENV}={raw!r}") from None
    return megabytes * 2**20 if megabytes > 0 else None


def copy_to_scratch(path: Path, scratch: Path) -> Path:
    """Copy the submission and its saved-weights siblings into `scratch`."""
    scratch.mkdir(parents=True, exist_ok=True)
    target = scratch / path.name
    shutil.copyfile(path, target)
    total = 0
    for sibling in sorted(path.parent.iterdir()):
        if sibling != path and sibling.is_file() and (
                sibling.name.endswith(SIBLING_SUFFIXES) or SIBLING_PATTERN.search(sibling.name)):
            total += sibling.stat().st_size
            if total <= MAX_SIBLING_BYTES:
                shutil.copyfile(sibling, scratch / sibling.name)
    return target


def _student_errors(executed) -> tuple[list[CellError], str]:
    errors, stderr = [], []
    student_index = 0
    for cell in executed.cells:
        if GRADER_CELL_TAG in cell.metadata.get("tags", []):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error" and cell is executed.cells[-1]:
                    errors.append(CellError(0, output.get("ename", "Error"),
                                            "(in the grader's extraction step) "
                                            + output.get("evalue", "")))
            continue
        student_index += 1
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors.append(CellError(student_index, output.get("ename", "Error"),
                                        str(output.get("evalue", ""))[:500]))
            elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                stderr.append(output.get("text", ""))
    return errors, "".join(stderr)[-5000:]


class Driver:
    """A driver process (`execute.py`) whose kernel starts and warms up at once, in a
    fresh grading folder of its own (`root`: `work/` is the kernel's working directory,
    `extracted/` receives the grader's extraction), waiting for a notebook to run.

    A grader can start one while it grades the previous submission (`start_spare`), so the
    next submission finds its kernel started and TensorFlow imported. Each submission
    still gets a kernel of its own that nothing else has run in.
    """

    def __init__(self, threads: int | None = None, box: str = sandbox.OFF, keras: str = "3"):
        self.settings = (threads, memory_limit(), box, keras)
        self.box = box
        self.root = grading_folder()
        self.scratch, self.outdir = self.root / "work", self.root / "extracted"
        self.scratch.mkdir()
        self.outdir.mkdir()
        self.executed_path = self.root / "executed.ipynb"
        command = [sys.executable, "-m", "autograder.runner.execute", str(self.executed_path),
                   str(self.scratch), str(self.root)]
        env = _driver_env(threads, keras)
        self._limits = sandbox.Limits() if box == sandbox.BWRAP else None
        if self._limits is not None:
            # Keras 3 kernels fork from the grader's fork server (`forkserver`).
            forks = forkserver.socket_for(env) if keras != KERAS2 else None
            command = sandbox.command(command, self.root, forks)
        self.process = subprocess.Popen(command, env=env,
                                        stdin=subprocess.PIPE,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        start_new_session=True,
                                        preexec_fn=self._limits and self._limits.apply)
        self._tail = _Tail(self.process.stderr)

    def fits(self, threads: int | None, box: str = sandbox.OFF, keras: str = "3") -> bool:
        """Whether this driver has the settings a new one for `threads` would get (thread
        count, memory limit, sandbox) and still waits. (Its environment is the grader's
        when it started; TensorFlow's import adds variables of its own to the grader's
        later.)"""
        return (self.settings == (threads, memory_limit(), box, keras)
                and self.process.poll() is None)

    def run(self, notebook, timeout: float) -> RunOutcome:
        """Hand `notebook` to the kernel and let it run for at most `timeout` seconds,
        counted from its first cell: a kernel still starting (or importing TensorFlow on
        a busy machine) is the grader's time, up to START_LIMIT seconds."""
        threading.Thread(target=_feed, args=(self.process.stdin, nbformat.writes(notebook)),
                         daemon=True).start()
        start = self._wait_until_started(time.monotonic() + START_LIMIT)
        if start is None:
            _kill_tree(self.process)
            return RunOutcome("timeout", 0.0, f"the grader's kernel did not start within "
                              f"{START_LIMIT:g} s (the machine may be overloaded); nothing "
                              "of the submission ran")
        try:
            self.process.wait(timeout=max(0.0, start + timeout - time.monotonic()))
        except subprocess.TimeoutExpired:
            # Still running, so its pid and its children's are still its own: kill them
            # all. (A driver that ends by itself kills its kernel's leftovers:
            # execute.kill_leftovers.)
            _kill_tree(self.process)
            return RunOutcome("timeout", time.monotonic() - start,
                              f"the submission ran longer than the time limit of {timeout:g} "
                              "s (an endless loop, or training too long for the limit; see "
                              "--timeout)")
        seconds = time.monotonic() - start
        status, detail = "finished", ""
        if self.process.returncode != 0:
            status = "crashed"
            detail = (self._tail.text().strip().splitlines() or ["no message"])[-1][:500]
        cell_errors, stderr_text = [], ""
        if self.executed_path.exists():
            cell_errors, stderr_text = _student_errors(nbformat.read(self.executed_path,
                                                                     as_version=4))
        return RunOutcome(status, seconds, detail, cell_errors, stderr_text)

    def _wait_until_started(self, deadline: float) -> float | None:
        """When the submission's first cell began (`execute.STARTED_NAME` appeared), or
        when the driver ended without it; None if neither happened by `deadline`."""
        marker = self.root / STARTED_NAME
        while not marker.exists():
            if time.monotonic() > deadline:
                return None
            try:
                self.process.wait(timeout=0.05)
                return time.monotonic()
            except subprocess.TimeoutExpired:
                pass
        return time.monotonic()

    def close(self) -> None:
        """Stop the driver and its kernel if they still run; remove the grading folder."""
        if self.process.poll() is None:
            _kill_tree(self.process)
        if self._limits is not None:
            self._limits.close()
        shutil.rmtree(self.root, ignore_errors=True)


# The kernel runs in the grader's own Python environment: a submission's `!pip install
# ...` (a Colab habit) must not change what the next submission is graded with. pip in
# the kernel reads no package index, no local wheel folder (`find-links`) and no pip
# configuration file, so it installs nothing new; a requirement already met
# (`!pip install tensorflow`) still succeeds.
NO_PACKAGE_SOURCES = {"PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": os.devnull,
                      "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def _driver_env(threads: int | None, keras: str = "3") -> dict:
    """The driver's (and its kernel's) environment. `keras="2"`: `tf.keras` is tf-keras
    (`TF_USE_LEGACY_KERAS=1`, `autograder.keras_versions`); "3": the grader's own setting
    is dropped, so Keras 3 it is."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", PYTHONWARNINGS="ignore", MPLBACKEND="Agg",
               **NO_PACKAGE_SOURCES)
    env.pop("PIP_FIND_LINKS", None)
    env.pop("TFCERT_MEMORY_LIMIT_BYTES", None)
    env.pop(LEGACY_ENV, None)
    if keras == KERAS2:
        env[LEGACY_ENV] = "1"
    limit = memory_limit()
    if limit:
        env["TFCERT_MEMORY_LIMIT_BYTES"] = str(limit)
    if threads:
        env.update(OMP_NUM_THREADS=str(threads), TF_NUM_INTRAOP_THREADS=str(threads),
                   TF_NUM_INTEROP_THREADS="1")
    return env


_SPARE: list[Driver] = []
FOLDER_PREFIX = "tfcert-"


def grading_folder() -> Path:
    """A new grading folder, named after this grader's pid (`sweep_orphans`)."""
    return Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-"))


def sweep_orphans(parent: Path | None = None) -> list[Path]:
    """Remove the grading folders (and the boxes' cgroups) of graders that no longer run
    (killed before they could clean up: their boxed drivers died with them); return the
    folders removed."""
    import psutil

    sandbox.sweep_cgroups()
    removed = []
    for folder in Path(parent or tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*-*"):
        pid = folder.name[len(FOLDER_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and folder.is_dir() and not psutil.pid_exists(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def driver(threads: int | None = None, box: str = sandbox.OFF, keras: str = "3") -> Driver:
    """The spare driver if it fits `threads`, `box` and `keras` (its kernel already warm),
    else a new one. A spare for the other Keras is left to the next submission (`--keras
    auto` starts spares for Keras 3; its Keras 2 rerun starts a kernel of its own)."""
    for spare in list(_SPARE):
        if spare.fits(threads, box, keras):
            _SPARE.remove(spare)
            return spare
        if not spare.fits(threads, box, spare.settings[-1]):  # other settings: stale
            _SPARE.remove(spare)
            spare.close()
    return Driver(threads, box, keras)


def start_spare(threads: int | None = None, box: str = sandbox.OFF, keras: str = "3") -> None:
    """Start a driver for the next submission's first run now (at most one spare; closed
    at exit)."""
    if not any(spare.fits(threads, box, keras) for spare in _SPARE):
        close_spares()
        _SPARE.append(Driver(threads, box, keras))


def close_spares() -> None:
    """Stop the spare driver, if any (also run when the grader exits)."""
    while _SPARE:
        _SPARE.pop().close()


atexit.register(close_spares)


def _feed(pipe, text: str) -> None:
    try:
        pipe.write(text.encode("utf-8"))
        pipe.close()
    except (BrokenPipeError, OSError):
        pass


class _Tail:
    """Reads a pipe to its end in a thread, keeping only the last STDERR_TAIL_CHARS."""

    def __init__(self, pipe):
        self._chunks: collections.deque = collections.deque()
        self._size = 0
        self._thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self._thread.start()

    def _read(self, pipe) -> None:
        for chunk in iter(lambda: pipe.read1(65536), b""):
            self._chunks.append(chunk)
            self._size += len(chunk)
            while self._size - len(self._chunks[0]) >= STDERR_TAIL_CHARS:
                self._size -= len(self._chunks.popleft())
        pipe.close()

    def text(self) -> str:
        self._thread.join(timeout=5)
        return b"".join(self._chunks)[-STDERR_TAIL_CHARS:].decode("utf-8", "replace")


def _kill_tree(child: subprocess.Popen) -> None:
    """Kill the running driver, its kernel and whatever the kernel started, then reap it.

    Each process's group is killed too (the kernel leads its own), so processes that the
    kernel's children started stay reachable after their parents die.
    """
    try:
        import psutil

        descendants = psutil.Process(child.pid).children(recursive=True)
    except Exception:  # psutil missing, or the driver already gone
        descendants = []
    own = os.getpgrp()
    for pid in [child.pid] + [p.pid for p in descendants]:
        try:
            group = os.getpgid(pid)
            if group != own:
                os.killpg(group, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    child.wait()


def read_json(path: Path):
    """Parse a JSON file written by the extraction step (None when absent or unreadable)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
