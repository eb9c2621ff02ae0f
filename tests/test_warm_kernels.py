"""The next submission's kernel, started while the current one is graded.

In a batch, the grader starts a spare driver whose kernel imports TensorFlow ahead
(`GradeOptions.warm_next`); the next submission runs in it. These tests show that the
spare is used, that each submission still gets a kernel nothing else ran in, and that no
spare outlives the grader, even one killed outright.
"""

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from autograder.grade import GradeOptions, grade_submission
from autograder.runner import notebook as runner

ROOT = Path(__file__).resolve().parent.parent
# Written by the second submission: who ran it, when its kernel started, what it saw.
REPORT_SCRIPT = """\
import json, os, sys, time
import keras
import psutil
kernel = psutil.Process()
with open({report!r}, "w") as out:
    json.dump({{"driver_pid": kernel.parent().pid, "kernel_pid": kernel.pid,
               "kernel_started": kernel.create_time(),
               "keras_has_mark": hasattr(keras, "TFCERT_TEST_MARK"),
               "tensorflow_imported": "tensorflow" in sys.modules,
               "cwd_holds_submission": os.path.exists("second.py")}}, out)
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_next_submission_runs_in_the_kernel_started_during_the_previous_one(tmp_path,
                                                                          real_data_dir):
    first = _write(tmp_path / "first.py", "import keras\nkeras.TFCERT_TEST_MARK = 1\n")
    report = tmp_path / "report.json"
    second = _write(tmp_path / "second.py", REPORT_SCRIPT.format(report=str(report)))
    # Unboxed: the second submission reports what it saw in a file outside its folder
    # (test_sandbox.py shows that a boxed grader uses its boxed spares too).
    try:
        graded = grade_submission(first, GradeOptions(quick=True, warm_next=True,
                                                      sandbox="off"))
        assert graded.status == "graded", graded.error
        assert len(runner._SPARE) == 1
        spare = runner._SPARE[0]
        handed_over = time.time()
        graded = grade_submission(second, GradeOptions(quick=True, sandbox="off"))
        assert graded.status == "graded", graded.error
    finally:
        runner.close_spares()
    seen = json.loads(report.read_text())
    assert seen["driver_pid"] == spare.process.pid
    assert seen["kernel_started"] < handed_over
    assert seen["cwd_holds_submission"]
    assert not seen["keras_has_mark"], "the second submission saw the first one's kernel"
    assert spare.process.poll() is not None and not spare.root.exists()
    assert runner._SPARE == []


def test_spare_with_other_settings_is_closed_not_used():
    runner.start_spare(threads=1)
    spare = runner._SPARE[0]
    driver = runner.driver(threads=None)
    try:
        assert driver is not spare
        assert spare.process.poll() is not None and not spare.root.exists()
        assert runner._SPARE == []
    finally:
        driver.close()


GRADER = """\
import json, sys, time
import psutil
from autograder.runner import notebook as runner
runner.start_spare()
driver = psutil.Process(runner._SPARE[0].process.pid)
deadline = time.monotonic() + 120
while not driver.children() and time.monotonic() < deadline:
    time.sleep(0.2)
print(json.dumps({"pids": [driver.pid] + [c.pid for c in driver.children(recursive=True)],
                  "root": str(runner._SPARE[0].root)}), flush=True)
if sys.argv[1] == "wait":
    time.sleep(600)
"""


def _alive(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                alive.append(pid)
        except psutil.NoSuchProcess:
            pass
    return alive


def _spare_of_grader(how: str) -> tuple[subprocess.Popen, dict]:
    grader = subprocess.Popen([sys.executable, "-c", GRADER, how], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    started = json.loads(grader.stdout.readline())
    assert len(started["pids"]) >= 2, "the spare driver started no kernel"
    return grader, started


def _gone_within(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.5)
    return _alive(pids)


def test_spare_is_stopped_when_the_grader_exits():
    grader, started = _spare_of_grader("exit")
    assert grader.wait(timeout=60) == 0
    assert _gone_within(started["pids"], 30) == []
    assert not Path(started["root"]).exists()


def test_spare_stops_itself_when_the_grader_is_killed():
    grader, started = _spare_of_grader("wait")
    grader.send_signal(signal.SIGKILL)
    grader.wait(timeout=30)
    # The driver reads end-of-file on the pipe its grader held, stops its kernel, removes
    # its grading folder and exits.
    try:
        assert _gone_within(started["pids"], 60) == []
        assert not Path(started["root"]).exists()
    finally:
        shutil.rmtree(started["root"], ignore_errors=True)


def _wait_for_kernel(driver_pid: int, seconds: float = 60) -> None:
    """Wait until the driver has started its kernel process."""
    deadline = time.monotonic() + seconds
    while not psutil.Process(driver_pid).children() and time.monotonic() < deadline:
        time.sleep(0.05)


def _wait_until_warm(driver_pid: int, seconds: float = 120) -> None:
    """Wait until the driver has warmed its kernel up and blocks reading its pipe."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        # Blocked on a pipe (stdin, not the kernel launch's own pipe: the kernel has
        # loaded TensorFlow already).
        if ("pipe_read" in Path(f"/proc/{driver_pid}/wchan").read_text()
                and any("tensorflow" in m.path for kernel in psutil.Process(driver_pid).children()
                        for m in kernel.memory_maps())):
            return
        time.sleep(0.1)
    raise AssertionError("the spare driver did not finish warming its kernel up")


@pytest.mark.parametrize("when", ["while_warming_up", "while_waiting"])
def test_spare_whose_kernel_died_runs_the_submission_in_a_fresh_kernel(tmp_path, real_data_dir,
                                                                        when):
    report = tmp_path / "report.json"
    submission = _write(tmp_path / "second.py", REPORT_SCRIPT.format(report=str(report)))
    runner.start_spare()
    spare = runner._SPARE[0]
    try:
        if when == "while_waiting":
            _wait_until_warm(spare.process.pid)
        else:
            _wait_for_kernel(spare.process.pid)
        (warm_kernel,) = psutil.Process(spare.process.pid).children()
        warm_kernel.kill()  # as the out-of-memory killer would, before the hand-over
        # Dead, unreaped until the driver wakes up.
        assert _gone_within([warm_kernel.pid], 30) == []
        # Unboxed: the script reports its driver's pid as the grader sees it.
        graded = grade_submission(submission, GradeOptions(quick=True, sandbox="off"))
    finally:
        runner.close_spares()
    assert graded.status == "graded", graded.error
    assert "crash" not in json.dumps(graded.to_dict()).lower()
    seen = json.loads(report.read_text())
    assert seen["driver_pid"] == spare.process.pid, "the spare was not used"
    assert seen["kernel_pid"] != warm_kernel.pid, "the submission ran in the dead kernel"
