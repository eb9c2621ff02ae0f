"""The box a submission's driver and kernel run in: bubblewrap (`bwrap`), or nothing.

`command(inner, root)` wraps the driver's command line so that it and its kernel see:

- read-only: the system folders (`/usr`, `/etc`, `/bin`, `/lib*`, `/sys`), Python's own
  installation, the kit's virtual environment, the kit's package, and the verified
  Fashion-MNIST (at `~/.keras/datasets/fashion-mnist`, where `load_data()` looks);
- writable: only `root`, this submission's grading folder (its scratch `work/`, the
  `extracted/` folder, the executed notebook);
- a private `/tmp` and `$HOME` (empty, in memory, `TMPFS_BYTES` each), their own `/proc`
  and `/dev`, no network but their own loopback (`--unshare-net`: the driver and its
  kernel talk over it; the grader talks to the driver through its stdin and `root`), their
  own PID namespace (nothing outside can be seen or signalled), `--new-session`, and
  `--die-with-parent` (the sandbox dies with the grader thread that started it), and no
  capabilities, also when the grader runs as root (`--cap-drop ALL`);
- caps: `RLIMIT_FSIZE` (`FILE_BYTES`, the largest file it may write), and at most
  `MAX_TASKS` processes and threads, through a `pids` cgroup of its own where the machine
  lets the grader make one, else `RLIMIT_NPROC` (which Linux does not enforce for root).
  The memory cap (`RLIMIT_DATA`) is the driver's own (`execute.limit_memory`).

Nothing else of the machine is there: not the other submissions (in their own grading
folders, or wherever the instructor keeps them), not the grader's arguments or its
working folder, not other kernels' connection files.

Modes (`--sandbox`): `bwrap` refuses to grade without a working bubblewrap; `auto` uses
it where it works and otherwise grades unboxed, saying so once; `off` never boxes.
`resolve` turns a mode into what is used: "bwrap" or "off".
"""

from __future__ import annotations

import functools
import os
import resource
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

from autograder.messages import Phrase, say

MODES = ("auto", "bwrap", "off")
BWRAP, OFF = "bwrap", "off"
HOME = "/tmp/home"
TMPFS_BYTES = 2 * 2**30
FILE_BYTES = 2 * 2**30
MAX_TASKS = 2048  # processes and threads: TensorFlow's kernel runs about 100-200
SYSTEM_FOLDERS = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
                  "/sys")
# What the grader's environment may name that the box does not have (or must not share).
UNSET = ("KERAS_HOME", "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR",
         "IPYTHONDIR", "XDG_RUNTIME_DIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
         "XDG_DATA_HOME", "MPLCONFIGDIR", "TMPDIR", "PYTHONPATH", "OLDPWD")
_warned: list[bool] = []


class SandboxError(RuntimeError):
    """`--sandbox bwrap` was asked for and bubblewrap cannot box a kernel here."""

    def __init__(self, phrase: Phrase):
        super().__init__(str(phrase))
        self.phrase = phrase


@functools.lru_cache(maxsize=1)
def problem() -> str | None:
    """Why bubblewrap cannot box a kernel on this machine (None: it can). Tried once."""
    if shutil.which(BWRAP) is None:
        return "bwrap is not installed"
    try:
        done = subprocess.run([BWRAP, "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid",
                               "--die-with-parent", "--new-session", "--dev", "/dev",
                               "--proc", "/proc", "--tmpfs", "/tmp", "true"],
                              capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap did not run: {exc}"
    if done.returncode != 0:
        return (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
    return None


def resolve(mode: str) -> str:
    """What `mode` means on this machine: "bwrap" or "off" (`auto` without a working
    bubblewrap prints one warning per process and grades unboxed).

    Raises:
        SandboxError: for `bwrap` when bubblewrap cannot box a kernel here.
    """
    if mode not in MODES:
        raise ValueError(f"`--sandbox` should be one of {', '.join(MODES)}. "
                         f"Received: sandbox={mode!r}")
    if mode == OFF:
        return OFF
    reason = problem()
    if reason is None:
        return BWRAP
    if mode == BWRAP:
        raise SandboxError(Phrase.of("sandbox.unavailable", reason=reason))
    if not _warned:
        _warned.append(True)
        print(say("sandbox.fallback", "en", reason=reason), file=sys.stderr, flush=True)
    return OFF


def _kit_folders() -> list[Path]:
    """Python's installation, the virtual environment, the kit's package, and the package
    folders on Python's path (`site-packages` that a `.pth` file adds); no other folder
    of the path (the working folder, a test runner's folders), where submissions may lie."""
    import autograder

    folders = [Path(sys.base_prefix), Path(sys.prefix), Path(autograder.__file__).parent]
    folders += [Path(entry) for entry in sys.path
                if Path(entry).name in ("site-packages", "dist-packages")
                and Path(entry).is_dir()]
    return list(dict.fromkeys(folder.resolve() for folder in folders))


def _data_folder() -> Path | None:
    from autograder import data

    folder = data.keras_cache_dir()
    return folder if folder.is_dir() else None


def command(inner: list[str], root: Path, forks: Path | None = None) -> list[str]:
    """`inner` (the driver's command) run in the box whose only writable folder is `root`;
    with the fork server's socket `forks` at `forkserver.BOX_SOCKET` (`forkserver`)."""
    args = [BWRAP, "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-net",
            "--unshare-ipc", "--unshare-uts", "--hostname", "tfcert"]
    if os.geteuid() == 0:
        # Run by root, bubblewrap keeps every capability in the box unless told: a boxed
        # process could remount the read-only folders writable. Run by a user, it has none.
        args += ["--cap-drop", "ALL"]
    for folder in SYSTEM_FOLDERS:
        if os.path.islink(folder):
            args += ["--symlink", os.readlink(folder), folder]
        elif os.path.isdir(folder):
            args += ["--ro-bind", folder, folder]
    # The private /tmp first: what is bound below may lie under the grader's /tmp.
    args += ["--proc", "/proc", "--dev", "/dev", "--size", str(TMPFS_BYTES), "--tmpfs", "/tmp",
             "--dir", HOME]
    for folder in _kit_folders():
        args += ["--ro-bind", str(folder), str(folder)]
    data = _data_folder()
    if data is not None:
        from autograder.data import KERAS_SUBDIR

        args += ["--ro-bind", str(data), f"{HOME}/.keras/{KERAS_SUBDIR}"]
    if forks is not None:
        from autograder.runner.forkserver import BOX_SOCKET, FORKS_ENV

        args += ["--ro-bind", str(forks), BOX_SOCKET, "--setenv", FORKS_ENV, BOX_SOCKET]
    root = Path(root).resolve()
    args += ["--bind", str(root), str(root), "--chdir", str(root)]
    for name in UNSET:
        args += ["--unsetenv", name]
    args += ["--setenv", "HOME", HOME, "--setenv", "TMPDIR", "/tmp"]
    return args + ["--"] + inner


class Limits:
    """The process and file-size caps of one boxed driver, applied in the child just
    before it becomes bubblewrap (`apply`, a `preexec_fn`); `close` removes its cgroup."""

    def __init__(self):
        self.cgroup = _new_pids_cgroup()
        # RLIMIT_NPROC counts every task of the user, the grader's own threads too.
        self.tasks = None if self.cgroup is not None else _user_tasks() + MAX_TASKS

    def apply(self) -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_BYTES, FILE_BYTES))
        if self.cgroup is not None:
            try:
                (self.cgroup / "cgroup.procs").write_text(str(os.getpid()))
                return
            except OSError:
                pass
        tasks = self.tasks or MAX_TASKS
        _, hard = resource.getrlimit(resource.RLIMIT_NPROC)
        if hard != resource.RLIM_INFINITY:
            tasks = min(tasks, hard)
        resource.setrlimit(resource.RLIMIT_NPROC, (tasks, hard))

    def close(self) -> None:
        """Remove the cgroup (once its last process has gone: the box is killed first)."""
        if self.cgroup is None:
            return
        for _ in range(50):
            try:
                self.cgroup.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.1)


def sweep_cgroups() -> None:
    """Remove the (empty) cgroups left by graders that were killed before `close`."""
    import psutil

    parent = _pids_root()
    for folder in parent.glob("tfcert-*-*") if parent is not None else ():
        pid = folder.name.split("-")[1]
        if pid.isdigit() and not psutil.pid_exists(int(pid)):
            try:
                folder.rmdir()
            except OSError:
                pass


def _user_tasks() -> int:
    """Processes and threads this user runs now (what RLIMIT_NPROC counts)."""
    try:
        import psutil

        uid = os.getuid()
        return sum(p.info["num_threads"] or 1 for p in psutil.process_iter(["uids", "num_threads"])
                   if p.info["uids"] and p.info["uids"].real == uid)
    except Exception:
        return 0


def _pids_root() -> Path | None:
    """This process's `pids` cgroup folder, where the grader may make children (v1 or v2)."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if "pids" in controllers.split(","):
            return Path("/sys/fs/cgroup/pids") / path.lstrip("/")
    for line in lines:  # cgroup v2: the pids controller must be delegated to children
        if line.startswith("0::"):
            folder = Path("/sys/fs/cgroup") / line[3:].lstrip("/")
            try:
                if "pids" in (folder / "cgroup.subtree_control").read_text().split():
                    return folder
            except OSError:
                return None
    return None


def _new_pids_cgroup() -> Path | None:
    parent = _pids_root()
    if parent is None or not os.access(parent, os.W_OK):
        return None
    folder = parent / f"tfcert-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        folder.mkdir()
        (folder / "pids.max").write_text(str(MAX_TASKS))
    except OSError:
        try:
            folder.rmdir()
        except OSError:
            pass
        return None
    return folder
