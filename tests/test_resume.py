"""A batch survives its grader being killed: the log, `--resume`, no folder left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from autograder.gradelog import GradeLog
from autograder.results import SubmissionResult
from autograder.runner import sandbox


def test_a_line_cut_short_is_ignored_and_the_next_one_starts_clean(tmp_path):
    """Does the log ignore (and count) a record cut short by a kill, and keep the rest?"""
    path = tmp_path / "grades.jsonl"
    log = GradeLog(path)
    log.append(SubmissionResult("a.ipynb", status="error", error="x"))
    with open(path, "a", encoding="utf-8") as out:
        out.write('{"submission": "b.ipynb", "stat')  # the grader died mid-write
    resumed = GradeLog(path, resume=True)
    assert (list(resumed.done), resumed.ignored) == (["a.ipynb"], 1)
    resumed.append(SubmissionResult("b.ipynb", status="error", error="y"))
    again = GradeLog(path, resume=True)
    assert (sorted(again.done), again.ignored) == (["a.ipynb", "b.ipynb"], 1)
    assert list(GradeLog(path).done) == [] and path.read_text() == ""  # a new run


def _tfcert(*args: str, **kwargs) -> subprocess.Popen:
    command = Path(sys.executable).with_name("tfcert")
    prefix = [str(command)] if command.exists() else [sys.executable, "-m", "autograder.cli"]
    return subprocess.Popen([*prefix, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2"), **kwargs)


def _folders(pid: int) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"tfcert-{pid}-*"))


def _running_in(folder: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline", "cwd"]):
        try:
            if str(folder) in " ".join(process.info["cmdline"] or []) + (process.info["cwd"]
                                                                          or ""):
                found.append(process)
        except psutil.Error:
            pass
    return found


def test_a_killed_grader_loses_no_grade_and_resume_grades_only_the_rest(tmp_path,
                                                                       real_data_dir):
    """SIGKILL the grader while its second submission runs: is the first grade in the log,
    is nothing left running, and does --resume grade only the other two and remove the
    dead grader's folder?"""
    (tmp_path / "a_empty.ipynb").write_text("")
    (tmp_path / "b_sleeps.py").write_text("import time\ntime.sleep(600)\n")
    (tmp_path / "c_empty.ipynb").write_text("")
    paths = [str(tmp_path / name) for name in ("a_empty.ipynb", "b_sleeps.py",
                                               "c_empty.ipynb")]
    report = tmp_path / "grades.json"
    log = tmp_path / "grades.jsonl"
    grader = _tfcert("grade", *paths, "--json", str(report), "--quick")
    deadline = time.monotonic() + 240
    while not any((f / "started").exists() for f in _folders(grader.pid)):
        assert grader.poll() is None and time.monotonic() < deadline, grader.stderr.read()
        time.sleep(0.2)
    os.kill(grader.pid, signal.SIGKILL)  # while b_sleeps.py runs
    grader.communicate()
    (left,) = [f for f in _folders(grader.pid) if (f / "started").exists()]
    assert [json.loads(line)["submission"] for line in log.read_text().splitlines()] == \
        [paths[0]]
    assert not report.exists()
    deadline = time.monotonic() + 30
    while _running_in(left) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _running_in(left) == []  # the box died with its grader

    resumed = _tfcert("grade", *paths, "--json", str(report), "--quick", "--resume",
                      "--timeout", "1")
    _, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 1, stderr[-3000:]  # all three are errors
    assert "1 of 3 submissions already graded" in stderr
    assert "[2/2]" in stderr and "[3/" not in stderr  # only b and c were graded
    records = {Path(r["submission"]).name: r
               for r in json.loads(report.read_text())["submissions"]}
    assert list(records) == ["a_empty.ipynb", "b_sleeps.py", "c_empty.ipynb"]
    assert "time limit of 1 s" in records["b_sleeps.py"]["error"]
    assert len(log.read_text().splitlines()) == 3
    assert not left.exists() and _folders(resumed.pid) == []
    cgroups = sandbox._pids_root()  # the killed grader's boxes' cgroups are swept too
    assert cgroups is None or list(cgroups.glob(f"tfcert-{grader.pid}-*")) == []
