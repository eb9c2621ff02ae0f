"""The box a submission's driver and kernel run in (`autograder.runner.sandbox`).

Most tests run a few lines of Python in the very box a driver gets (`sandbox.command`, the
same binds and limits), which takes a fraction of a second; one grades a script through
the whole runner. `tests/test_corpus.py` grades the hostile corpus in it.
"""

from __future__ import annotations

import errno
import hashlib
import json
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import psutil
import pytest

import autograder
from autograder import data
from autograder.grade import GradeOptions, grade_submission
from autograder.runner import notebook as runner
from autograder.runner import sandbox

CORPUS = Path(__file__).resolve().parent / "corpus"
pytestmark = pytest.mark.skipif(sandbox.problem() is not None,
                                reason=f"bubblewrap cannot box here: {sandbox.problem()}")


def _boxed(code: str, root: Path, timeout: float = 60) -> dict:
    """Run `code` in the box whose writable folder is `root`; it prints one JSON object."""
    limits = sandbox.Limits()
    try:
        done = subprocess.run(sandbox.command([sys.executable, "-c", textwrap.dedent(code)],
                                              root),
                              capture_output=True, text=True, timeout=timeout,
                              preexec_fn=limits.apply)
    finally:
        limits.close()
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def root():
    folder = runner.grading_folder()
    yield folder
    subprocess.run(["rm", "-rf", str(folder)], check=False)


def test_a_box_sees_neither_another_grading_folder_nor_the_submissions(root, tmp_path):
    """Are another submission's grading folder, the instructor's folder and the corpus
    invisible,
    while the box's own folder is writable and seen by the grader?"""
    other = runner.grading_folder()
    try:
        (other / "work").mkdir()
        (other / "work" / "classmate.ipynb").write_text("{}")
        (tmp_path / "submitted").mkdir()
        (tmp_path / "submitted" / "bob.ipynb").write_text("{}")
        seen = _boxed(f"""
            import json, os
            own = {str(root)!r}
            open(os.path.join(own, "mine.txt"), "w").write("ok")
            print(json.dumps({{"other": os.path.exists({str(other)!r}),
                               "submitted": os.path.exists({str(tmp_path / 'submitted')!r}),
                               "corpus": os.path.exists({str(CORPUS)!r}),
                               "tmp": sorted(os.listdir("/tmp"))}}))
        """, root)
    finally:
        subprocess.run(["rm", "-rf", str(other)], check=False)
    assert seen["other"] is False and seen["submitted"] is False
    assert seen["corpus"] is False  # the test runner's folders are on its path, not in the box
    assert (root / "mine.txt").read_text() == "ok"
    # The box's own /tmp: its folder, and the way down to the kit's read-only folders
    # when the kit itself lives under /tmp (a checkout in /tmp), nothing else.
    tmp = Path("/tmp").resolve()
    kit = {folder.relative_to(tmp).parts[0] for folder in sandbox._kit_folders()
           if folder.is_relative_to(tmp)}
    assert set(seen["tmp"]) <= {"home", root.name} | kit, seen["tmp"]


def test_a_box_sees_no_process_of_the_grader(root):
    """Can code in the box find a process outside it, or the arguments it was started with?"""
    secret = "tfcert-secret-argument-" + hashlib.sha256(str(root).encode()).hexdigest()[:12]
    outside = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", secret])
    try:
        # The secret is spelled backwards in the box's own command line.
        seen = _boxed(f"""
            import json, os
            secret, found = {secret[::-1]!r}[::-1], []
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    found.append(open(f"/proc/{{pid}}/cmdline", "rb").read().decode())
                except OSError:
                    pass
            print(json.dumps({{"secret": any(secret in c for c in found),
                               "count": len(found), "parent": os.getppid()}}))
        """, root)
    finally:
        outside.kill()
        outside.wait()
    assert seen["secret"] is False
    assert seen["count"] <= 3  # bubblewrap's init, and this Python


def test_a_box_cannot_write_the_kit_or_the_data(root):
    """Do writes to the kit's modules and to the Keras cache's test labels fail?"""
    module = Path(autograder.__file__).parent / "grade.py"
    cache = data.keras_cache_dir()
    labels = cache / "t10k-labels-idx1-ubyte.gz"
    boxed_labels = f"{sandbox.HOME}/.keras/{data.KERAS_SUBDIR}/{labels.name}"
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (module, labels)]
    seen = _boxed(f"""
        import json
        outcome = {{}}
        for path in ({str(module)!r}, {str(labels)!r}, {boxed_labels!r}):
            try:  # opened for writing, nothing written: harmless if the box failed
                with open(path, "ab"):
                    pass
                outcome[path] = "written"
            except OSError as exc:
                outcome[path] = exc.strerror
        print(json.dumps(outcome))
    """, root)
    assert "written" not in seen.values(), seen
    assert seen[boxed_labels] == "Read-only file system"  # the labels are there, read-only
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in (module, labels)] == before


CAPABILITY_SETS = ("CapInh", "CapPrm", "CapEff", "CapAmb")  # what a process can use


def test_a_box_holds_no_capability_even_when_the_grader_is_root(root):
    """Run by root, bubblewrap leaves the box every capability unless told (a boxed
    process could then remount the kit's read-only folders writable, or make device
    files). Are the sets it can use empty, in the box and in a program it starts (root
    regains none on exec: no_new_privs), and does a remount fail?"""
    kit = Path(autograder.__file__).parent
    seen = _boxed(f"""
        import ctypes, json, subprocess, sys
        def caps(text):
            status = dict(line.split(":\\t", 1) for line in text.splitlines() if ":\\t" in line)
            return {{key: int(status[key], 16) for key in {CAPABILITY_SETS!r}}}
        libc = ctypes.CDLL(None, use_errno=True)
        MS_REMOUNT, MS_BIND = 32, 4096  # would make the kit's folder writable in the box
        remount = libc.mount(b"none", {str(kit)!r}.encode(), None, MS_REMOUNT | MS_BIND, None)
        child = subprocess.run(["cat", "/proc/self/status"], capture_output=True, text=True)
        print(json.dumps({{"caps": caps(open("/proc/self/status").read()),
                           "child": caps(child.stdout), "remount": remount,
                           "errno": ctypes.get_errno()}}))
    """, root)
    assert seen["caps"] == seen["child"] == dict.fromkeys(CAPABILITY_SETS, 0)
    assert seen["remount"] == -1 and seen["errno"] == errno.EPERM


def test_a_box_reaches_no_network_not_even_the_graders_loopback(root):
    """Is a server on the grader's 127.0.0.1 unreachable from the box?"""
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True)
    thread.start()
    try:
        seen = _boxed(f"""
            import json, socket
            try:
                socket.create_connection(("127.0.0.1", {port}), timeout=3)
                outcome = "connected"
            except OSError as exc:
                outcome = type(exc).__name__
            print(json.dumps({{"outcome": outcome}}))
        """, root)
    finally:
        server.close()
    assert seen["outcome"] != "connected" and accepted == []


def test_a_daemon_started_in_a_box_dies_with_it(root):
    """Is a double-forked, setsid daemon gone once the box's program ends?"""
    marker = f"tfcert-daemon-{root.name}"
    seen = _boxed(f"""
        import json, os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                os.execvp("sleep", ["sleep", "300", {marker!r}][:2])
            os._exit(0)
        time.sleep(0.5)
        print(json.dumps({{"started": True}}))
    """, root)
    assert seen["started"]
    time.sleep(0.5)
    left = [p for p in psutil.process_iter(["cmdline", "cwd"])
            if p.info["cmdline"] and p.info["cmdline"][:2] == ["sleep", "300"]
            and p.info["cwd"] == str(root)]
    assert left == []


def test_a_box_caps_its_processes_and_the_size_of_what_it_writes(root, monkeypatch):
    """Does the box stop a thread flood at MAX_TASKS and a file at FILE_BYTES, while
    fewer threads and a smaller file are fine?"""
    monkeypatch.setattr(sandbox, "MAX_TASKS", 40)
    monkeypatch.setattr(sandbox, "FILE_BYTES", 2**20)
    code = """
        import json, os, threading
        def threads(n):
            stop, started = threading.Event(), []
            try:
                for _ in range(n):
                    t = threading.Thread(target=stop.wait)
                    t.start()
                    started.append(t)
            except RuntimeError:
                pass
            stop.set()
            return len(started)
        def write(size):
            try:
                with open("big.bin", "wb") as out:
                    out.write(b"x" * size)
                return "ok"
            except OSError as exc:
                return exc.strerror
        os.chdir({root!r})
        print(json.dumps({{"few": threads(10), "many": threads(200),
                           "small": write(2**19), "large": write(2**21)}}))
    """
    seen = _boxed(code.format(root=str(root)), root)
    assert seen["few"] == 10 and seen["many"] < 40
    assert seen["small"] == "ok" and seen["large"] == "File too large"


def test_modes_resolve_to_what_is_used(monkeypatch, capsys):
    """Does `bwrap` refuse with how to fix it, `auto` fall back once with a warning, and
    `off` stay off, when bubblewrap cannot box?"""
    monkeypatch.setattr(sandbox, "problem", lambda: "bwrap: No permissions to create new "
                                                    "namespace")
    monkeypatch.setattr(sandbox, "_warned", [])
    assert sandbox.resolve("off") == "off"
    with pytest.raises(sandbox.SandboxError, match="apt-get install bubblewrap"):
        sandbox.resolve("bwrap")
    assert [sandbox.resolve("auto"), sandbox.resolve("auto")] == ["off", "off"]
    assert capsys.readouterr().err.count("No permissions to create new namespace") == 1
    with pytest.raises(ValueError, match="Received: sandbox='docker'"):
        sandbox.resolve("docker")


def test_a_graded_script_runs_boxed_and_its_spare_too(tmp_path, real_data_dir):
    """Does a boxed grading record "sandbox": "bwrap", and is its warm spare boxed too?"""
    script = tmp_path / "script.py"
    script.write_text("import keras\nprint(keras.__version__)\n", encoding="utf-8")
    try:
        graded = grade_submission(script, GradeOptions(quick=True, warm_next=True,
                                                       sandbox="bwrap"))
        (spare,) = runner._SPARE
        assert psutil.Process(spare.process.pid).cmdline()[0] == sandbox.BWRAP
    finally:
        runner.close_spares()
    assert graded.status == "graded", graded.error
    assert graded.to_dict()["sandbox"] == "bwrap"
    unboxed = grade_submission(tmp_path / "missing.py", GradeOptions(sandbox="bwrap"))
    assert unboxed.status == "error" and unboxed.sandbox is None
