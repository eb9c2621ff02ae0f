"""Boxed kernels forked from the grader's fork server (`autograder.runner.forkserver`).

A forked kernel must see exactly what a kernel started in the box sees (namespaces,
folders, environment, limits, privileges, the data, no network), only sooner; a process
outside any box gets no kernel; nothing is left when the run ends. The hostile corpus
(`tests/test_corpus.py`) runs in forked kernels too.
"""

from __future__ import annotations

import array
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from autograder.runner import forkserver
from autograder.runner import notebook as runner
from autograder.runner import sandbox

pytestmark = pytest.mark.skipif(sandbox.problem() is not None or not forkserver.enabled(),
                                reason="bubblewrap cannot box here, or no pidfd support")

FACTS = r'''
import json, os, resource, socket, sys
status = dict(line.split(":\t", 1) for line in open("/proc/self/status").read().splitlines()
              if ":\t" in line)
import keras
from keras.src.backend import config
(x, _), _ = keras.datasets.fashion_mnist.load_data()
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2)
    network = "reached"
except OSError as exc:
    network = type(exc).__name__
print("FACTS" + json.dumps({
    "cmdline": open("/proc/self/cmdline").read().split("\0"),
    "argv0": os.path.basename(sys.argv[0]), "path0": sys.path[0],
    "hostname": socket.gethostname(), "cwd": os.getcwd(), "env": dict(os.environ),
    "status": {key: status[key].strip() for key in ("Uid", "Gid", "Groups", "CapInh",
               "CapPrm", "CapEff", "CapBnd", "NoNewPrivs", "Seccomp")},
    "limits": {name: resource.getrlimit(getattr(resource, name)) for name in dir(resource)
               if name.startswith("RLIMIT_")},
    "cgroup": open("/proc/self/cgroup").read(),
    "cgroup_of_box": open("/proc/self/cgroup").read() == open("/proc/1/cgroup").read(),
    "namespaces_of_box": [name for name in ("mnt", "pid", "net", "ipc", "uts", "user")
                          if os.readlink(f"/proc/self/ns/{name}")
                          == os.readlink(f"/proc/1/ns/{name}")],
    "processes": len([p for p in os.listdir("/proc") if p.isdigit()]),
    "tmp": sorted(os.listdir("/tmp")), "home": sorted(os.listdir(os.path.expanduser("~"))),
    "keras_dir": sorted(os.listdir(config.keras_home())),
    "keras_home": config.keras_home(), "data": list(x.shape),
    "network": network, "session": os.getsid(0) == os.getpid(),
}))
'''


def _facts(tmp_path: Path) -> dict:
    """What a boxed kernel reports of itself, graded the way a submission is."""
    script = tmp_path / "facts.py"
    script.write_text(FACTS)
    driver = runner.Driver(box=sandbox.BWRAP)
    try:
        prepared = runner.prepare(runner.read_submission(script), driver.outdir, {})
        outcome = driver.run(prepared, 120)
        assert outcome.status == "finished" and not outcome.cell_errors, outcome
        executed = runner.nbformat.read(driver.executed_path, as_version=4)
        lines = [line for cell in executed.cells for output in cell.get("outputs", [])
                 for line in str(output.get("text", "")).splitlines()
                 if line.startswith("FACTS")]
        facts = json.loads(lines[0][len("FACTS"):])
        facts["root"] = str(driver.root)
        return facts
    finally:
        driver.close()


def test_a_forked_kernel_sees_what_a_started_kernel_sees(tmp_path, monkeypatch, real_data_dir):
    """Does a kernel forked into the box see the same world as one started in it?"""
    forked = _facts(tmp_path)
    monkeypatch.setenv(forkserver.SWITCH_ENV, "0")
    started = _facts(tmp_path)
    assert any("autograder.runner.forkserver" in part for part in forked["cmdline"])
    assert not any("forkserver" in part for part in started["cmdline"])
    # What differs by design: the fork server's socket in the box, and per-box names
    # (the grading folder, the kernel's connection file) and numbers (where no pids
    # cgroup can be made, each box's RLIMIT_NPROC is the user's task count then, plus
    # `sandbox.MAX_TASKS`).
    assert forked["env"].pop(forkserver.FORKS_ENV) == forkserver.BOX_SOCKET
    forked["tmp"].remove(Path(forkserver.BOX_SOCKET).name)
    for facts in (forked, started):
        root = facts.pop("root")
        facts["cwd"] = facts["cwd"].replace(root, "ROOT")
        facts["tmp"] = sorted("ROOT" if name == Path(root).name else
                              "CONNECTION" if name.endswith(".json") else name
                              for name in facts["tmp"])
        for name in ("JPY_PARENT_PID", "JPY_SESSION_NAME", forkserver.SWITCH_ENV):
            facts["env"].pop(name, None)
        facts["env"] = {name: value.replace(root, "ROOT")
                        for name, value in facts["env"].items()}
        facts["cgroup"] = re.sub(r"tfcert-\d+-[0-9a-f]+", "BOX", facts["cgroup"])
        facts["limits"]["RLIMIT_NPROC"][0] = min(facts["limits"]["RLIMIT_NPROC"][0], 0)
    for key in ("tmp", "argv0", "path0", "hostname", "cwd", "env", "status", "limits",
                "cgroup", "cgroup_of_box", "namespaces_of_box", "home", "keras_dir",
                "keras_home", "data", "network", "session"):
        assert forked[key] == started[key], key
    assert forked["status"]["NoNewPrivs"] == "1" and forked["cgroup_of_box"]
    assert len(forked["namespaces_of_box"]) == 6
    assert forked["network"] != "reached" and forked["hostname"] == "tfcert"
    assert forked["keras_home"] == f"{sandbox.HOME}/.keras" and forked["data"] == [60000, 28, 28]
    # Its own PID namespace: the box's few processes only (driver, stub, kernel, init).
    assert forked["processes"] <= started["processes"] + 1 < 10


def test_a_process_outside_any_box_gets_no_kernel():
    """Does the server refuse a request whose pidfd names an unboxed process (this one)?"""
    path = forkserver.socket_for(runner._driver_env(None))
    assert path is not None
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as server:
        server.settimeout(120)
        server.connect(str(path))
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pidfd = os.pidfd_open(os.getpid())
        request = json.dumps({"argv": ["--help"], "env": {}}).encode()
        server.sendmsg([request], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                                    array.array("i", [0, 1, 2, pidfd, theirs.fileno()]))])
        os.close(pidfd)
        reply = server.recv(256)
    assert reply.startswith(forkserver.REFUSED) and b"outside any box" in reply
    assert _relays(path) == []


def test_a_finished_run_leaves_no_forked_kernel(tmp_path, real_data_dir):
    """Once a boxed run ends, are its kernel and the relay that watched it gone?"""
    _facts(tmp_path)
    path = forkserver.socket_for(runner._driver_env(None))
    _assert_no_relay_left(path)


def _assert_no_relay_left(path: Path) -> None:
    """The server at `path` has no relay left within 10 s (a relay leaves with its box)."""
    deadline = time.monotonic() + 10
    while _relays(path) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _relays(path) == []


def _relays(path: Path) -> list[psutil.Process]:
    """The fork server's living children (one relay per kernel it forked)."""
    for process, server_path in forkserver._SERVERS.values():
        if server_path == path:
            return [child for child in psutil.Process(process.pid).children()
                    if child.status() != psutil.STATUS_ZOMBIE]
    raise AssertionError(f"no fork server at {path}")


BOX_ASKS_FOR_KERNELS = r'''
import array, json, os, socket, struct, sys, time
replies, quiet = [], os.open(os.devnull, os.O_RDWR)
for number in range({count}):
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, struct.pack("@ll", {wait}, 0))
    server.connect(os.environ["{env}"])  # blocking, as the stub's
    server.settimeout({wait})
    pidfd = os.pidfd_open(os.getpid())
    request = json.dumps({{"argv": ["-f", f"/tmp/kernel-{{number}}.json"],
                          "env": dict(os.environ)}}).encode()
    server.sendmsg([request], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                                array.array("i", [quiet] * 3 + [pidfd, theirs.fileno()]))])
    replies.append(server.recv(256).decode())
    if replies[-1] == "forked" and ours.recv(256) == b"joined" and {go}:
        ours.sendall(b"go")  # as the stub does: the relay forks the kernel now
    globals()[f"keep_{{number}}"] = (ours, server)  # the kernels live while this does
time.sleep(2)
kernels = 0  # forked kernels in this box: they carry the server's command line
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        argv = open(f"/proc/{{pid}}/cmdline", "rb").read().split(b"\0")
        kernels += argv[1:3] == [b"-m", b"autograder.runner.forkserver"]
    except OSError:
        pass
print(json.dumps({{"replies": replies, "kernels": kernels}}))
'''


def test_a_box_gets_at_most_four_kernels_at_a_time(tmp_path):
    """Does a process in a box that asks the server for kernels itself get at most
    `MAX_KERNELS_PER_BOX`, all in its own box, and are they gone with the box?"""
    path = forkserver.socket_for(runner._driver_env(None))
    count = forkserver.MAX_KERNELS_PER_BOX + 1
    asked = _ask_for_kernels(path, tmp_path, count, wait=120)
    replies = asked["replies"]
    assert replies[:-1] == ["forked"] * forkserver.MAX_KERNELS_PER_BOX
    assert replies[-1].startswith("refused") and "too many kernels" in replies[-1]
    assert asked["kernels"] == forkserver.MAX_KERNELS_PER_BOX  # in the box itself
    _assert_no_relay_left(path)


def test_without_a_server_the_stub_becomes_the_usual_kernel(tmp_path):
    """With no server at the socket it was given, does the kernel command start
    `ipykernel_launcher` itself (the usual kernel), rather than fail?"""
    connection = tmp_path / "kernel.json"
    stub = _stub(connection, tmp_path / "none")
    try:
        _assert_the_usual_kernel(stub, connection)
    finally:
        stub.kill()
        stub.wait()


def test_a_relay_that_cannot_join_the_box_leaves_the_usual_kernel(tmp_path):
    """When the server forks but its relay cannot enter the box (it says so on the
    channel), does the stub start `ipykernel_launcher` itself rather than wait forever?"""
    path, connection = tmp_path / "server.sock", tmp_path / "kernel.json"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(str(path))
    listener.listen(1)
    stub = _stub(connection, path)
    try:
        listener.settimeout(60)
        request, _ = listener.accept()
        _, fds, _, _ = socket.recv_fds(request, forkserver.MAX_REQUEST_BYTES,
                                       len(forkserver.FDS))
        request.sendall(forkserver.FORKED)
        with socket.socket(fileno=os.dup(fds[forkserver.FDS.index("channel")])) as channel:
            channel.sendall(forkserver.NOT_JOINED + b" PermissionError")
        for fd in fds:
            os.close(fd)
        _assert_the_usual_kernel(stub, connection)
    finally:
        stub.kill()
        stub.wait()
        listener.close()


def _stub(connection: Path, server: Path) -> subprocess.Popen:
    """The boxed kernel command (`forked_kernel`), told to find the server at `server`."""
    return subprocess.Popen([sys.executable, "-m", "autograder.runner.forked_kernel", "-f",
                             str(connection)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                            env={**os.environ, forkserver.FORKS_ENV: str(server)})


def _assert_the_usual_kernel(stub: subprocess.Popen, connection: Path) -> None:
    deadline = time.monotonic() + 60
    while not connection.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert connection.exists()  # the kernel wrote its connection file
    assert psutil.Process(stub.pid).cmdline()[1:3] == ["-m", "ipykernel_launcher"]


BOX_HOLDS_THE_SERVER = r'''
import os, socket, time
held = []
print("holding", flush=True)
while True:  # connections that never send a request, renewed as the server drops them
    held = held[-200:]
    try:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        connection.settimeout(0.2)
        connection.connect(os.environ["{env}"])
        held.append(connection)
    except OSError:
        time.sleep(0.01)
'''


def test_a_box_holding_connections_open_does_not_keep_kernels_from_other_boxes(tmp_path):
    """While one box keeps opening connections to the server and sends nothing on them,
    does another box still get its kernel (well within the stub's wait)?"""
    path = forkserver.socket_for(runner._driver_env(None))
    (tmp_path / "holder").mkdir()
    code = BOX_HOLDS_THE_SERVER.format(env=forkserver.FORKS_ENV)
    limits = sandbox.Limits()
    holder = subprocess.Popen(sandbox.command([sys.executable, "-c", code],
                                              tmp_path / "holder", path),
                              stdout=subprocess.PIPE, text=True, preexec_fn=limits.apply)
    try:
        assert holder.stdout.readline().strip() == "holding"
        time.sleep(2)  # the server is full of its connections by now
        (tmp_path / "asker").mkdir()
        assert _ask_for_kernels(path, tmp_path / "asker", 1, wait=10)["replies"] == ["forked"]
        assert holder.poll() is None  # it was holding all along
    finally:
        holder.kill()
        holder.wait()
        limits.close()


def test_a_stub_that_gave_up_gets_no_kernel_from_its_relay(tmp_path):
    """A stub that stopped waiting (it starts the usual kernel) never answers the relay's
    word that the box was joined: does the relay then fork no kernel, and leave?"""
    path = forkserver.socket_for(runner._driver_env(None))
    asked = _ask_for_kernels(path, tmp_path, 1, wait=120, go=False)
    assert asked == {"replies": ["forked"], "kernels": 0}
    _assert_no_relay_left(path)


def _ask_for_kernels(path: Path, folder: Path, count: int, wait: float,
                     go: bool = True) -> dict:
    """The server's replies to `count` kernel requests made from one new box, and how many
    kernels it forked into the box (asked for with `go`, the stub's answer)."""
    code = BOX_ASKS_FOR_KERNELS.format(count=count, env=forkserver.FORKS_ENV, wait=wait,
                                       go=go)
    limits = sandbox.Limits()
    try:
        done = subprocess.run(sandbox.command([sys.executable, "-c", code], folder, path),
                              capture_output=True, text=True, timeout=300,
                              preexec_fn=limits.apply)
    finally:
        limits.close()
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
