"""The submission's time limit counts from its first cell.

The kernel's start and TensorFlow's import are the grader's time: on a busy machine
(a class graded with `--jobs`, CI) they can take longer than a short limit, and a
submission must not be cut for them. The kernel is held stopped here (SIGSTOP) to stand
for such a machine.
"""

import os
import signal
import threading
import time

import psutil

from autograder.grade import GradeOptions, grade_submission
from autograder.runner import notebook as runner

SLEEPS_TWO_SECONDS = "import time\ntime.sleep(2)\n"


def _spare_kernel() -> psutil.Process:
    """Start a spare driver and return its kernel process, as soon as it exists."""
    runner.start_spare()
    driver = psutil.Process(runner._SPARE[0].process.pid)
    deadline = time.monotonic() + 60
    while not driver.children() and time.monotonic() < deadline:
        time.sleep(0.05)
    (kernel,) = driver.children()
    return kernel


def _submission(tmp_path, text: str):
    path = tmp_path / "submission.py"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_slow_kernel_start_is_not_charged_to_the_submission(tmp_path, real_data_dir):
    """A kernel held 12 s before it is ready; a 2 s submission under an 8 s limit passes."""
    submission = _submission(tmp_path, SLEEPS_TWO_SECONDS)
    kernel = _spare_kernel()
    kernel.send_signal(signal.SIGSTOP)
    resume = threading.Timer(12, lambda: os.kill(kernel.pid, signal.SIGCONT))
    resume.start()
    try:
        handed_over = time.monotonic()
        graded = grade_submission(submission, GradeOptions(quick=True, timeout=8, sandbox="off"))
        waited = time.monotonic() - handed_over
    finally:
        resume.cancel()
        runner.close_spares()  # kills the kernel, stopped or not
    assert waited > 12  # the run really waited for the stopped kernel
    assert graded.status == "graded", graded.error


def test_a_submission_past_its_limit_is_still_cut(tmp_path, real_data_dir):
    """The same 2 s submission under a 1 s limit is stopped, with the limit named."""
    graded = grade_submission(_submission(tmp_path, SLEEPS_TWO_SECONDS),
                              GradeOptions(quick=True, timeout=1))
    assert graded.status == "error"
    assert "ran longer than the time limit of 1 s" in graded.error


def test_a_kernel_that_never_starts_is_reported_as_the_graders(tmp_path, real_data_dir,
                                                              monkeypatch):
    """A kernel that stays stopped past START_LIMIT: an error that says nothing of the
    submission ran, and no process left behind."""
    monkeypatch.setattr(runner, "START_LIMIT", 3.0)
    submission = _submission(tmp_path, SLEEPS_TWO_SECONDS)
    kernel = _spare_kernel()
    kernel.send_signal(signal.SIGSTOP)
    driver = runner._SPARE[0].process
    try:
        graded = grade_submission(submission, GradeOptions(quick=True, timeout=60,
                                                                sandbox="off"))
    finally:
        runner.close_spares()
    assert graded.status == "error"
    assert "did not start within 3 s" in graded.error
    assert "nothing of the submission ran" in graded.error
    assert driver.poll() is not None
    try:
        assert psutil.Process(kernel.pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        pass
