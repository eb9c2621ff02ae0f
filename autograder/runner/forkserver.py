"""Boxed kernels that start with TensorFlow already imported: forked from one server.

A kernel's own start is mostly TensorFlow's and Keras' import (about 4.5 CPU-seconds of
the 5.8 that the smallest graded notebook costs). With the sandbox (`sandbox.py`) on
Linux, the grader starts one fork server per kernel environment (`socket_for`): a process
outside every box that imports what `execute.WARM_UP` imports and then only forks. It
never runs a submission's code and holds nothing of one.

A boxed driver starts `forked_kernel` instead of `ipykernel_launcher`. That stub, inside
the box, sends the server its standard streams, its environment, a channel and a pidfd of
itself over the socket bound into the box (`BOX_SOCKET`). The server checks that the pidfd
names a live process of the grader's user inside a box (PID and mount namespaces not the
server's), then forks a child that joins *that process's* box (`box_join`: namespaces,
root and working folders, limits, cgroup, capabilities) and forks the kernel inside it.
A process can only name processes it can see, so a box can only get kernels in itself;
each box gets at most `MAX_KERNELS_PER_BOX` at a time. Requests are served as they
arrive, each connection given `REQUEST_WAIT` seconds and at most `PENDING_PER_BOX` of
one box waiting at a time, so that a box holding connections open cannot keep kernels
from the others. The kernel is what the stub's `ipykernel_launcher` would have been,
with the stub's environment and arguments; the child outside forks it only once the
stub, told that the box was joined, answers that it still waits for it (a stub that gave
up has started the usual kernel), then relays the stub's signals to it and its exit to
the stub, and kills it when the stub dies.

What a forked kernel shares with its siblings is the server's memory at the fork: the
modules imported, Python's hash seed. The random generators are reseeded in each kernel
(the grader seeds them anyway). Keras' home folder, fixed when Keras is imported, is set
to the box's as Keras' own import would have set it.

Anything that goes wrong (no pidfd support, the server gone, a refusal, a box the relay
could not join) makes the stub start the usual `ipykernel_launcher`: a slower kernel,
never a different grade. `TFCERT_FORK_KERNELS=0` turns the server off.
"""

from __future__ import annotations

import atexit
import json
import os
import secrets
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BOX_SOCKET = "/tmp/.tfcert-kernels"  # where the stub finds the server, inside the box
FORKS_ENV = "TFCERT_KERNEL_FORKS"  # set in the box to BOX_SOCKET
SWITCH_ENV = "TFCERT_FORK_KERNELS"  # "0": no fork server
MAX_KERNELS_PER_BOX = 4
PENDING_PER_BOX = 8  # connections of one box waiting for their request to arrive
REQUEST_WAIT = 1.0  # seconds a connection has to send its request (the stub needs ms)
ACCEPTS_PER_ROUND = 64  # then the requests that arrived are served
MAX_SERVERS = 2  # per grader; the least recently used one stops for a third environment
MAX_REQUEST_BYTES = 1 << 20
FDS = ("stdin", "stdout", "stderr", "pidfd", "channel")  # what a request carries, in order
FORKED, REFUSED = b"forked", b"refused"  # the server's reply on the connection
JOINED, NOT_JOINED = b"joined", b"not joined"  # the relay's first word on the channel
GO = b"go"  # the stub's answer to JOINED: it still waits for this kernel (it did not give up)
GO_WAIT = 30.0  # seconds the relay waits for it
START_WAIT = 10.0  # seconds the grader waits for a new server's socket
_SERVERS: dict[tuple, tuple[subprocess.Popen, Path]] = {}
_LOCK = threading.Lock()


# --- the grader's side ---------------------------------------------------------------

def enabled() -> bool:
    return (os.environ.get(SWITCH_ENV, "1").strip() != "0" and sys.platform == "linux"
            and hasattr(os, "pidfd_open"))


def socket_for(env: dict) -> Path | None:
    """The socket of the fork server for kernels with environment `env` (started on first
    use, stopped when the grader exits); None when forking is off or the server did not
    start (kernels then start the usual way)."""
    if not enabled():
        return None
    with _LOCK:
        return _socket_for(tuple(sorted(env.items())), env)


def _socket_for(key: tuple, env: dict) -> Path | None:
    if key in _SERVERS:
        process, path = _SERVERS.pop(key)
        if process.poll() is None:
            _SERVERS[key] = (process, path)  # the most recently used last
            return path
        _stop(process, path)
    while len(_SERVERS) >= MAX_SERVERS:  # each holds TensorFlow's memory
        _stop(*_SERVERS.pop(next(iter(_SERVERS))))
    # 0700: only the grader's user; named so that `notebook.sweep_orphans` finds it
    folder = Path(tempfile.mkdtemp(prefix=f"tfcert-{os.getpid()}-forks-"))
    path = folder / "kernels.sock"
    home = folder / "home"
    home.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "autograder.runner.forkserver", str(path)],
                               env=server_env(env, home), cwd=folder,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + START_WAIT
    while not path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process, path)
            return None
        time.sleep(0.01)
    _SERVERS[key] = (process, path)
    return path


def server_env(env: dict, home: Path) -> dict:
    """The environment a boxed kernel gets (`sandbox.command`), with a private $HOME."""
    from autograder.runner import sandbox

    server = {name: value for name, value in env.items() if name not in sandbox.UNSET}
    server.update(HOME=str(home), TMPDIR="/tmp")
    return server


def _stop(process: subprocess.Popen, path: Path) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()
    shutil.rmtree(path.parent, ignore_errors=True)


@atexit.register
def stop_all() -> None:
    """Stop every fork server this grader started (their kernels live in their boxes)."""
    while _SERVERS:
        _stop(*_SERVERS.popitem()[1])


# --- the server ----------------------------------------------------------------------

def serve(path: str) -> None:
    """Bind `path`, import what kernels import, then fork kernels on request until the
    grader that started this server is gone."""
    parent = os.getppid()
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # as `ipykernel_launcher` does (IPython puts "" back)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(path)
    listener.listen(64)
    before = dict(os.environ)
    _preload()
    # What the imports put in the environment (TensorFlow sets a few variables): a
    # kernel's own imports would have set them in its environment, after the stub's.
    imported = {name: value for name, value in os.environ.items() if before.get(name) != value}
    listener.setblocking(False)
    ready = selectors.DefaultSelector()
    ready.register(listener, selectors.EVENT_READ)
    pending: dict[socket.socket, tuple[float, int]] = {}  # connection -> (deadline, box)
    boxes: dict[int, set[int]] = {}  # PID namespace -> its kernels' relays
    while os.getppid() == parent:
        _reap(boxes)
        for key, _ in ready.select(timeout=0.5):
            if key.fileobj is listener:
                _accept(listener, ready, pending)
                continue
            connection = key.fileobj
            ready.unregister(connection)
            del pending[connection]
            with connection:
                try:
                    _serve_one(connection, boxes, imported)
                except (OSError, ValueError):
                    pass
        now = time.monotonic()
        for connection in [c for c, (deadline, _) in pending.items() if deadline < now]:
            ready.unregister(connection)
            del pending[connection]
            connection.close()


def _accept(listener: socket.socket, ready: selectors.BaseSelector,
            pending: dict[socket.socket, tuple[float, int]]) -> None:
    """Take every waiting connection; keep at most `PENDING_PER_BOX` of one box waiting
    for their requests, each for `REQUEST_WAIT` seconds, so that no box can hold the
    server up for the others."""
    for _ in range(ACCEPTS_PER_ROUND):
        try:
            connection, _ = listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        except OSError:  # out of descriptors: the waiting connections time out first
            return
        try:
            box = os.stat(f"/proc/{_peer(connection)[0]}/ns/pid").st_ino  # its PID namespace
        except OSError:
            connection.close()
            continue
        if sum(1 for _, other in pending.values() if other == box) >= PENDING_PER_BOX:
            connection.close()
            continue
        connection.settimeout(REQUEST_WAIT)
        pending[connection] = (time.monotonic() + REQUEST_WAIT, box)
        ready.register(connection, selectors.EVENT_READ)


def _peer(connection: socket.socket) -> tuple[int, int]:
    """(pid, uid) of the process that connected, as the kernel saw it at `connect`."""
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
    return (int.from_bytes(credentials[0:4], sys.byteorder),
            int.from_bytes(credentials[4:8], sys.byteorder))


def _preload() -> None:
    """What every kernel imports before the submission arrives (`execute.WARM_UP`), and
    the kernel itself."""
    from autograder.runner import kernel_side

    kernel_side.keras_module()
    import numpy  # noqa: F401
    import tensorflow  # noqa: F401
    from ipykernel import kernelapp  # noqa: F401


def _reap(boxes: dict[int, set[int]]) -> None:
    for relays in boxes.values():
        for pid in list(relays):
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    relays.discard(pid)
            except ChildProcessError:
                relays.discard(pid)


def _serve_one(connection: socket.socket, boxes: dict[int, set[int]],
               imported: dict[str, str]) -> None:
    message, fds, _, _ = socket.recv_fds(connection, MAX_REQUEST_BYTES, len(FDS))
    try:
        request = json.loads(message)
        request["env"] = {**request["env"], **imported}
        box, pid = _requester(connection, fds)
        if len(boxes.setdefault(box, set())) >= MAX_KERNELS_PER_BOX:
            raise ValueError("too many kernels in this box")
        relay = os.fork()
        if relay == 0:
            _close_all_but(fds)
            _relay(pid, request, dict(zip(FDS, fds)))  # never returns
        boxes[box].add(relay)
        connection.sendall(FORKED)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        connection.sendall(REFUSED + b" " + str(exc).encode()[:200])
    finally:
        for fd in fds:
            os.close(fd)


def _requester(connection: socket.socket, fds: list[int]) -> tuple[int, int]:
    """(PID namespace, pid) of the process whose pidfd came with the request, once it is
    shown to be a live process of this user in a box (see the module doc)."""
    if len(fds) != len(FDS):
        raise ValueError(f"expected {len(FDS)} descriptors, received {len(fds)}")
    if _peer(connection)[1] != os.getuid():
        raise ValueError("the requester is another user")
    pidfd = fds[FDS.index("pidfd")]
    fields = dict(line.split(":", 1) for line in
                  Path(f"/proc/self/fdinfo/{pidfd}").read_text().splitlines() if ":" in line)
    pid = int(fields.get("Pid", "0"))
    if pid <= 0:
        raise ValueError("the pidfd names no live process")
    status = Path(f"/proc/{pid}/status").read_text().split("\nUid:")[1].split()
    box = os.stat(f"/proc/{pid}/ns/pid").st_ino
    if int(status[0]) != os.getuid() or any(
            os.stat(f"/proc/{pid}/ns/{name}").st_ino == os.stat(f"/proc/self/ns/{name}").st_ino
            for name in ("pid", "mnt")):
        raise ValueError("the pidfd names a process outside any box")
    signal.pidfd_send_signal(pidfd, 0)  # still the same process: what was read is its own
    return box, pid


def _close_all_but(keep: list[int]) -> None:
    """Close every descriptor from 3 up but `keep` (the server's socket among them)."""
    low = 3
    for fd in sorted(set(keep)):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, os.sysconf("SC_OPEN_MAX"))


def _relay(pid: int, request: dict, fds: dict[str, int]) -> None:
    """The forked child: join the requester's box, fork the kernel in it, then relay the
    stub's signals to it and its exit to the stub."""
    code = 1
    try:
        from autograder.runner import box_join

        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        channel = socket.socket(fileno=fds["channel"])
        try:
            target = box_join.Target.of(pid)
            signal.pidfd_send_signal(fds["pidfd"], 0)
            target.enter()
        except Exception as exc:  # the stub starts the usual kernel instead
            channel.sendall(NOT_JOINED + b" " + repr(exc).encode()[:200])
            raise
        channel.sendall(JOINED)
        channel.settimeout(GO_WAIT)
        if channel.recv(16) != GO:  # the stub gave up and started the usual kernel
            return
        channel.settimeout(None)
        kernel = os.fork()
        if kernel == 0:
            _kernel(request, fds)  # never returns
        for name in ("stdin", "stdout", "stderr"):
            os.close(fds[name])
        code = _watch(kernel, fds["pidfd"], channel)
    finally:
        os._exit(code)


def _watch(kernel: int, stub: int, channel: socket.socket) -> int:
    import select

    kernel_fd = os.pidfd_open(kernel)
    waiting = [kernel_fd, stub, channel]
    while True:
        ready, _, _ = select.select(waiting, [], [])
        if kernel_fd in ready:
            status = os.waitpid(kernel, 0)[1]
            try:
                channel.sendall(b"exit %d" % os.waitstatus_to_exitcode(status))
            except OSError:
                pass
            return 0
        if stub in ready:  # the stub is gone (killed with its driver): so is its kernel
            os.kill(kernel, signal.SIGKILL)
            os.waitpid(kernel, 0)
            return 0
        words = channel.recv(64).split()
        if len(words) == 2 and words[0] == b"signal" and words[1].isdigit():
            number = int(words[1])
            if number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT, signal.SIGKILL):
                os.kill(kernel, number)
        elif not words:  # the stub closed its end: wait for the kernel or the stub
            waiting.remove(channel)


def _kernel(request: dict, fds: dict[str, int]) -> None:
    """The kernel, inside the box: what `python -m ipykernel_launcher ARGS` would be."""
    code = 1
    try:
        os.setsid()
        for number, name in enumerate(("stdin", "stdout", "stderr")):
            os.dup2(fds[name], number)
        _close_all_but([])
        os.environ.clear()
        os.environ.update({str(k): str(v) for k, v in request["env"].items()})
        _rehome()
        import ipykernel_launcher
        from ipykernel import kernelapp

        sys.argv = [ipykernel_launcher.__file__] + [str(arg) for arg in request["argv"]]
        code = 0
        try:
            kernelapp.launch_new_instance()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        atexit._run_exitfuncs()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _rehome() -> None:
    """What the server's imports fixed from its own environment, set as a fresh kernel
    in the box would have it: Keras' home (and its `keras.json`), the temporary folder,
    and new random seeds."""
    import json as json_module
    import random
    import tempfile as tempfile_module

    import numpy
    from keras.src.backend import config

    if "KERAS_HOME" in os.environ:
        home = os.environ["KERAS_HOME"]
    else:
        base = os.path.expanduser("~")
        home = os.path.join(base if os.access(base, os.W_OK) else "/tmp", ".keras")
    config._KERAS_DIR = home
    settings = os.path.join(home, "keras.json")
    try:
        os.makedirs(home, exist_ok=True)
        if not os.path.exists(settings):
            with open(settings, "w") as handle:
                handle.write(json_module.dumps({
                    "floatx": config.floatx(), "epsilon": config.epsilon(),
                    "backend": config.backend(),
                    "image_data_format": config.image_data_format()}, indent=4))
    except OSError:
        pass
    tempfile_module.tempdir = None
    random.seed()
    numpy.random.seed(int.from_bytes(secrets.token_bytes(4), "little"))


if __name__ == "__main__":
    serve(sys.argv[1])
