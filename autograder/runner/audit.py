"""Tamper evidence in the submission's kernel: a PEP 578 audit hook and its attribution rule.

Forgery in the student's own interpreter cannot be prevented (the recorder and the
extraction run there), so the grader makes it visible. The grader's first cell calls
`arm(outdir, kernel_side)` after the recorder is installed and before any student code
runs. `arm` adds an audit hook (`sys.addaudithook`: it cannot be removed) that:

- notes the audited things an honest submission of this exercise never does *itself*:
  starting processes (`subprocess.Popen`, `os.system`, `os.exec*`, `os.posix_spawn`,
  `os.fork`), signals (`os.kill`), sockets (`socket.connect`, `bind`, `sendto`), `ctypes`,
  reaching frames and objects it was not given (`sys._getframe`, `sys._current_frames`,
  `sys.settrace`/`setprofile`, `gc.get_referrers`/`get_objects`, a frame's or traceback's
  hidden attributes, a function's `__code__`), changing the code of Keras' or the grader's
  functions or their classes' special attributes (`object.__setattr__`: Python does not
  audit a plain method set on a class), other processes' `/proc` entries, and files of the
  grader (its notes folder, the kit, the data) opened for writing;
- refuses (PermissionError) any change to the grader's notes folder that no grader code
  asked for;
- keeps a private copy of the recorder's notes (`tfcert.note` events from the recorder's
  own code) and of the weights' digests after each recorded `fit` and reload, and
  compares them with what the extraction reports;
- runs the extraction itself (`tfcert.extract` event from the grader's last cell) with
  the `extract` it captured when armed, and checks that the recorder's functions and
  Keras' wrapped methods are still the ones installed.

Each event is appended at once, as one JSON line (`{"kind", "detail"}`; a detail is a
fact, a name or a path, never a sentence: reports put it into either language), to `EVENTS_NAME`
in the notes folder, through a file the hook opened when armed (at most `MAX_LINES`
lines): what a submission does afterwards cannot take a line back. The grader reads
them (`read_events`) and marks the submission `flagged`.

The attribution rule (`caused_by_student`): TensorFlow, Keras, IPython and the kernel do
many audited things themselves (ctypes while loading libraries, subprocesses for platform
detection, sockets for the kernel's messages), often while running a student's line.
An event counts only when the code that *did* it is the student's: walking out from the
frame that raised it, frames of the standard library's thin wrappers (`os`, `subprocess`,
`socket`, `ctypes`, `pathlib`, `shutil`, `glob`, `inspect`, importlib, code run by
`exec`, and IPython's `open`, which only passes the call on) are skipped, and the first other frame decides: a notebook cell (the kernel's
cell files, `<ipython-input-...>`) or the script is the student's; anything else (a
library, the grader) is not. So `subprocess.run([...])` in a cell is the student's, and
the subprocess TensorFlow starts while the cell imports it is not; IPython's `!ls` and
`%tensorboard` (run by IPython's code) are not either. The grader's own cells call only
the kit's functions, whose frames are the kit's. Writes to the grader's notes folder use
a stricter rule: refused unless a frame of the kit is on the stack.

Cost: the hook first looks the event name up in a frozenset and returns for all others;
see benchmarks/RESULTS.md for the measured cost.
"""

from __future__ import annotations

import _thread
import errno
import hashlib
import json
import os
import sys
import tempfile

EVENTS_NAME = "tamper.jsonl"
MAX_LINES = 200  # lines the hook writes at most; a count reaching it means "at least"
MAX_DETAIL = 160  # characters of an event's detail
ARMED, EXTRACTED = "armed", "extracted"  # marker lines (not events)

# Event name -> kind. Checked first, so every other audited event costs one lookup.
KINDS = {
    "subprocess.Popen": "process", "os.system": "process", "os.exec": "process",
    "os.posix_spawn": "process", "os.spawn": "process", "os.fork": "process",
    "os.forkpty": "process", "pty.spawn": "process",
    "os.kill": "signal", "os.killpg": "signal", "signal.pthread_kill": "signal",
    "socket.connect": "socket", "socket.bind": "socket", "socket.sendto": "socket",
    "socket.sendmsg": "socket",
    "ctypes.dlopen": "ctypes", "ctypes.dlsym": "ctypes", "ctypes.dlsym/handle": "ctypes",
    "ctypes.cdata": "ctypes", "ctypes.cdata/buffer": "ctypes", "ctypes.string_at": "ctypes",
    "ctypes.wstring_at": "ctypes", "ctypes.addressof": "ctypes",
    "ctypes.call_function": "ctypes",
    "sys._getframe": "introspection", "sys._current_frames": "introspection",
    "sys.settrace": "introspection", "sys.setprofile": "introspection",
    "gc.get_referrers": "introspection", "gc.get_referents": "introspection",
    "gc.get_objects": "introspection", "object.__getattr__": "introspection",
    "object.__setattr__": "monkeypatch", "object.__delattr__": "monkeypatch",
    "open": "files", "os.listdir": "proc", "os.scandir": "proc",
    "os.remove": "files", "os.rename": "files", "os.truncate": "files", "os.rmdir": "files",
    "os.chmod": "files", "os.link": "files", "os.symlink": "files", "shutil.rmtree": "files",
    "tfcert.note": None, "tfcert.extract": None, "tfcert.training": None,
}
WATCHED = frozenset(KINDS)
# Kinds of the grader's own cross-checks (not audit events).
CROSS_CHECKS = ("notes_edited", "weights_unrecorded", "recorder_replaced",
                "extraction_replaced", "unrecorded_training")
# Attributes whose reading (`object.__getattr__`) reaches frames or code.
HIDDEN = frozenset({"f_back", "f_code", "f_globals", "f_locals", "f_builtins", "tb_frame",
                    "gi_frame", "cr_frame", "ag_frame", "__code__", "__globals__"})
# Modules whose classes a submission has no business changing.
GUARDED_MODULES = ("keras", "tensorflow", "tf_keras", "autograder")
# The standard library's thin wrappers: skipped when looking for who did something.
_STDLIB = os.path.dirname(os.__file__)
WRAPPER_FILES = frozenset(
    [os.path.join(_STDLIB, name) for name in (
        "os.py", "subprocess.py", "socket.py", "pathlib.py", "shutil.py", "glob.py",
        "inspect.py", "pty.py", "tempfile.py", "ctypes/__init__.py", "ctypes/util.py",
        "multiprocessing/popen_fork.py", "multiprocessing/util.py")]
    + ["<frozen os>", "<frozen importlib._bootstrap>",
       "<frozen importlib._bootstrap_external>", "<string>"])
# Functions of a library that only pass a call on: IPython puts its `_modified_open` in a
# notebook's namespace as `open` (it refuses the kernel's own fds 0-2, then calls io.open).
WRAPPER_FUNCTIONS = frozenset({("IPython", "_modified_open")})
CELL_PREFIXES = ("<ipython-input-", os.path.join(tempfile.gettempdir(), "ipykernel_"))
KIT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # .../autograder
# A kernel forked from the grader's fork server runs on top of the server's frames (they
# forked it and started it; they do nothing in it): they are not the kit acting.
LAUNCHER = os.path.join(KIT, "runner", "forkserver.py")
MAX_WALK = 40
_get_ident = _thread.get_ident
# What `object.__setattr__` is watched on (Python audits a function's `__code__` and
# `__defaults__` and a class's special attributes, not a plain method set on a class).
_PATCHABLE = (type, type(lambda: None))


def DATA_FOLDERS() -> list[str]:  # noqa: N802 - a constant, read when armed
    """Where the training and test data lie (Keras' cache, Debian's copy)."""
    keras_home = os.environ.get("KERAS_HOME") or os.path.expanduser("~/.keras")
    return [os.path.join(keras_home, "datasets"), "/tmp/.keras/datasets",
            "/usr/share/datasets"]


def is_cell(filename: str, script: str | None = None) -> bool:
    """Whether `filename` is a notebook cell's (or the submission script's) code."""
    return filename.startswith(CELL_PREFIXES) or (script is not None and filename == script)


def caused_by_student(frame, script: str | None = None) -> bool:
    """Whether the code that did an audited thing is the student's (see the module doc):
    the first frame out from `frame` that is not a standard-library wrapper decides."""
    for _ in range(MAX_WALK):
        if frame is None:
            return False
        code = frame.f_code
        filename = code.co_filename
        if filename not in WRAPPER_FILES and not _passes_on(filename, code.co_name):
            return is_cell(filename, script)
        frame = frame.f_back
    return False


def _passes_on(filename: str, name: str) -> bool:
    """Whether a frame runs one of WRAPPER_FUNCTIONS (a library's pass-on function)."""
    return any(name == function and package in filename
               for package, function in WRAPPER_FUNCTIONS)


def is_pip(event: str, args: tuple) -> bool:
    """Whether a process event starts pip (`pip install ...`, `python -m pip ...`): the
    one command an honest notebook runs itself (a script's way of Colab's `!pip`)."""
    if event == "os.system":
        words = str(args[0] if args else "").split()
    else:
        command = args[1] if len(args) > 1 else None
        if isinstance(command, (str, bytes)):
            command = [command]
        if not isinstance(command, (list, tuple)):
            return False
        words = [os.fsdecode(w) if isinstance(w, (str, bytes, os.PathLike)) else "" for w in
                 command]
        if len(words) == 1:
            words = words[0].split()
    names = [os.path.basename(w) for w in words[:3]]
    if not names:
        return False
    return names[0] in ("pip", "pip3") or (names[0].startswith("python") and names[1:3] ==
                                           ["-m", "pip"])


def kit_on_stack(frame) -> bool:
    """Whether a frame of the kit (`autograder/`) is on the stack from `frame` out; the
    fork server's frames under a forked kernel do not count (`LAUNCHER`)."""
    for _ in range(MAX_WALK):
        if frame is None:
            return False
        filename = frame.f_code.co_filename
        if filename.startswith(KIT + os.sep) and filename != LAUNCHER:
            return True
        frame = frame.f_back
    return False


def _path(value) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return os.path.abspath(value) if isinstance(value, str) else None


def _writing(mode, flags) -> bool:
    if isinstance(mode, str):
        return any(c in mode for c in "wax+")
    return isinstance(flags, int) and bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT
                                                    | os.O_TRUNC | os.O_APPEND))


def other_proc(path: str | None) -> bool:
    """Whether `path` is another process's `/proc` entry (or `/proc` itself, listed)."""
    if not path or not path.startswith("/proc"):
        return False
    parts = path.split("/")
    if len(parts) == 2 or parts[2] == "":
        return True  # /proc: the list of every process
    return parts[2].isdigit() and int(parts[2]) != os.getpid()


def digest(arrays) -> str:
    """SHA-256 of a list of arrays' bytes and shapes (the weights' fingerprint)."""
    import numpy as np

    sha = hashlib.sha256()
    for array in arrays:
        array = np.ascontiguousarray(np.asarray(array))
        sha.update(f"{array.dtype.str}{array.shape}".encode())
        sha.update(array.tobytes())
    return sha.hexdigest()


def note_digest(note) -> str:
    return hashlib.sha256(json.dumps(note, sort_keys=True, default=repr).encode()).hexdigest()


class _Watch:
    """The hook's private state (reachable only through audited means)."""

    def __init__(self, outdir: str, kernel_side, script: str | None):
        self.outdir = os.path.abspath(outdir)
        self.kernel_side = kernel_side
        self.extract = kernel_side.extract
        self.recorder_file = os.path.abspath(kernel_side.__file__)
        self.script = script
        self.functions = {name: value for name, value in vars(kernel_side).items()
                          if callable(value) and not isinstance(value, type)}
        self.methods = kernel_side.installed_methods()
        self.state = {name: getattr(kernel_side, name) for name in kernel_side.STATE_NAMES}
        self.notes: dict[str, list] = {}
        self.weights: dict[int, set] = {}  # model id -> digests of its recorded weights
        self.protected = [self.outdir + os.sep, KIT + os.sep] + [
            os.path.abspath(folder) + os.sep for folder in DATA_FOLDERS()]
        # Absolute paths worth a look (`open`): /proc and the protected folders.
        self.roots = tuple(["/proc"] + [folder.rstrip(os.sep) for folder in self.protected])
        self.lines = 0
        self.busy: set[int] = set()
        self.fd = os.open(os.path.join(self.outdir, EVENTS_NAME),
                          os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_TRUNC, 0o600)
        self.write(ARMED, "")

    def write(self, kind: str, detail) -> None:
        if self.lines >= MAX_LINES and kind != EXTRACTED:
            return
        self.lines += 1
        line = json.dumps({"kind": kind, "detail": str(detail)[:MAX_DETAIL]}) + "\n"
        try:
            os.write(self.fd, line.encode("utf-8"))
        except OSError:
            pass

    def __call__(self, event: str, args: tuple) -> None:
        if event not in WATCHED:
            return
        # The most frequent watched events, mostly irrelevant: decided before any frame.
        if event == "object.__getattr__":
            if len(args) < 2 or args[1] not in HIDDEN:
                return
        elif event == "object.__setattr__":
            target = args[0] if args else None
            if not isinstance(target, _PATCHABLE) or not str(
                    getattr(target, "__module__", "")).startswith(GUARDED_MODULES):
                return
        elif event == "open":
            path = args[0] if args else None
            if isinstance(path, bytes):
                path = path.decode("utf-8", "replace")
            if not isinstance(path, str) or not (path.startswith(self.roots)
                                                 or not os.path.isabs(path)):
                return
        me = _get_ident()
        if me in self.busy:
            return  # an event raised by the hook's own work
        self.busy.add(me)
        try:
            self.handle(event, args, sys._getframe(1))
        finally:
            self.busy.discard(me)

    def handle(self, event: str, args: tuple, frame) -> None:
        kind = KINDS[event]
        if event.startswith("tfcert."):
            return self.grader_event(event, args, frame)
        if kind == "files" or event in ("os.listdir", "os.scandir"):
            return self.file_event(event, args, frame)
        if event == "object.__getattr__" and (len(args) < 2 or args[1] not in HIDDEN):
            return
        if kind == "monkeypatch":
            target = args[0] if args else None
            module = str(getattr(target, "__module__", "") or "")
            if not isinstance(target, _PATCHABLE) or not module.startswith(GUARDED_MODULES):
                return
            detail = f"{getattr(target, '__qualname__', '?')}.{args[1] if len(args) > 1 else '?'}"
        else:
            detail = _detail(event, args)
            if kind == "process" and is_pip(event, args):
                return  # a Colab habit; pip in the kernel installs nothing new (notebook.py)
        if caused_by_student(frame, self.script):
            self.write(kind, f"{event}: {detail}")

    def file_event(self, event: str, args: tuple, frame) -> None:
        path = _path(args[0] if args else None)
        if path is None:
            return
        if event in ("os.listdir", "os.scandir", "open") and other_proc(path):
            if caused_by_student(frame, self.script):
                self.write("proc", f"{event}: {path}")
            return
        if event in ("os.listdir", "os.scandir"):
            return
        grader_notes = path.startswith(self.outdir + os.sep) or path == self.outdir
        if grader_notes and not kit_on_stack(frame):
            self.write("grader_files", f"{event}: {path}")
            # As the OS says it (the box's read-only folders do too): a fact, no sentence.
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        writing = event != "open" or _writing(*(list(args[1:3]) + [None, None])[:2])
        if writing and not grader_notes and path.startswith(tuple(self.protected)) \
                and caused_by_student(frame, self.script):
            self.write("grader_files", f"{event}: {path}")

    def grader_event(self, event: str, args: tuple, frame) -> None:
        from_recorder = frame.f_code.co_filename == self.recorder_file
        if event == "tfcert.training":  # Keras' unwrapped training entry point was called
            if from_recorder:
                self.write("unrecorded_training", args[0] if args else "")
            return
        if event == "tfcert.note":
            if not from_recorder:
                self.write("notes_edited", f"tfcert.note: {frame.f_code.co_filename}")
                return
            section, note = args
            if section == "weights":
                self.weights.setdefault(note[0], set()).add(note[1])
            else:
                self.notes.setdefault(section, []).append(note_digest(note))
            return
        namespace, outdir, token = args
        code = frame.f_code
        if code.co_name != "<module>" or token not in code.co_consts:
            self.write("extraction_replaced", f"tfcert.extract: {code.co_name}")
        self.extract(namespace, outdir, token=token)
        self.cross_check(outdir)
        self.write(EXTRACTED, "")

    def cross_check(self, outdir: str) -> None:
        """Compare what the extraction wrote with what the hook saw (module doc)."""
        state = self.state["_STATE"]
        for section, digests in sorted(self.notes.items()):
            found = [note_digest(n) for n in state.get(section, [])]
            if found != digests:
                self.write("notes_edited", section)
        replaced = sorted(name for name, value in self.functions.items()
                          if vars(self.kernel_side).get(name) is not value)
        replaced += sorted(name for name, value in self.state.items()
                           if getattr(self.kernel_side, name, None) is not value)
        replaced += sorted(name for name, (owner, value) in self.methods.items()
                           if owner.__dict__.get(name.rsplit(".", 1)[-1]) is not value)
        if replaced:
            self.write("recorder_replaced", ", ".join(replaced))
        try:
            with open(os.path.join(outdir, "record.json"), encoding="utf-8") as handle:
                recorded = self.weights.get(json.load(handle).get("model_id"))
        except (OSError, ValueError, AttributeError):
            recorded = None
        if recorded:
            try:
                import numpy as np

                with np.load(os.path.join(outdir, "weights_final.npz")) as saved:
                    final = digest([saved[f"arr_{i}"] for i in range(len(saved.files))])
            except (OSError, ValueError, KeyError):
                return
            if final not in recorded:
                self.write("weights_unrecorded", f"weights_final.npz: {final[:12]}")


def _detail(event: str, args: tuple) -> str:
    if event == "object.__getattr__" or event.startswith("sys.") or event.startswith("gc."):
        return str(args[1]) if event == "object.__getattr__" and len(args) > 1 else ""
    if event == "os.exec":
        return str(args[1]) if len(args) > 1 else ""  # the arguments, not each PATH tried
    if event.startswith("socket."):
        return str(args[1]) if len(args) > 1 else ""
    if event.startswith("ctypes."):
        first = args[0] if args else ""
        return first if isinstance(first, str) else ""
    try:
        return " ".join(str(a) for a in args[:2])
    except Exception:
        return ""


_ARMED: list = []


def arm(outdir, kernel_side, script: str | None = None) -> None:
    """Install the hook (once per kernel) writing to `outdir` (module doc)."""
    if _ARMED:
        return
    watch = _Watch(str(outdir), kernel_side, script)
    _ARMED.append(True)
    sys.addaudithook(watch)


def armed() -> bool:
    """Whether this kernel's tamper watch is armed."""
    return bool(_ARMED)


def read_events(outdir) -> tuple[bool, bool, list[dict]]:
    """What the hook wrote to `outdir`: (armed, extracted, events), each event
    `{"kind", "detail", "count"}` in the order first seen, at most `MAX_LINES` read."""
    path = os.path.join(str(outdir), EVENTS_NAME)
    armed = extracted = False
    counts: dict = {}
    try:
        with open(path, "rb") as handle:
            lines = handle.read(MAX_LINES * (MAX_DETAIL + 200)).splitlines()[:MAX_LINES + 1]
    except OSError:
        return False, False, []
    for raw in lines:
        try:
            line = json.loads(raw)
            kind, detail = str(line["kind"])[:40], str(line.get("detail", ""))[:MAX_DETAIL]
        except (ValueError, KeyError, TypeError):
            continue
        if kind == ARMED:
            armed = True
        elif kind == EXTRACTED:
            extracted = True
        else:
            counts[(kind, detail)] = counts.get((kind, detail), 0) + 1
    return armed, extracted, [{"kind": k, "detail": d, "count": n}
                              for (k, d), n in counts.items()]
