"""The grader's scores in a real nbgrader gradebook, read back by nbgrader itself.

The course is `exercises/` copied; `nbgrader generate_assignment` makes its real
`gradebook.db` (no kernel runs); the scores are hand-built `SubmissionResult`s, so nothing
is graded. `nbgrader export` then reads them as any course would.
"""

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import cli
from autograder.gradebook import GradebookError, write_scores
from autograder.results import CheckResult, GradingResults, SubmissionResult
from autograder.rubric import DEFAULT_POINTS

EXERCISES = Path(__file__).resolve().parent.parent / "exercises"
ASSIGNMENT = "fashion_mnist"


def _nbgrader(course: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args,
                           f"--CourseDirectory.root={course}"], cwd=course,
                          capture_output=True, text=True, timeout=600,
                          # nbgrader runs `alembic` from PATH: the venv's tools first.
                          env={**os.environ, "PATH": os.pathsep.join(
                              [str(Path(sys.executable).parent), os.environ.get("PATH", "")])})
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A copy of the course with the gradebook `generate_assignment` makes."""
    root = tmp_path_factory.mktemp("course")
    shutil.copy(EXERCISES / "nbgrader_config.py", root)
    shutil.copytree(EXERCISES / "source", root / "source")
    _nbgrader(root, "generate_assignment", ASSIGNMENT, "--force")
    return root


def _result(student, failed=(), points=None, **kwargs):
    points = points or DEFAULT_POINTS
    checks = [CheckResult(cid, "failed" if cid in failed else "passed",
                          0 if cid in failed else pts, pts, "m", key=f"{cid}.x")
              for cid, pts in points.items()]
    return SubmissionResult(submission=f"submitted/{student}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb",
                            student=student, assignment=ASSIGNMENT, checks=checks, **kwargs)


def _scores(course, student):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "tfcert-fashion-mnist") as gradebook:
        submission = gradebook.find_submission(ASSIGNMENT, student)
        return ({g.name: g.score for nb in submission.notebooks for g in nb.grades},
                submission.score)


def test_scores_go_into_each_checks_grade_cell_and_nbgrader_exports_them(course, capsys):
    """Are each check's points the score of its test cell for each student, and does
    `nbgrader export` give the kit's totals?"""
    results = GradingResults([
        _result("alice", failed=("loss",)),
        _result("bob", failed=("checkpoint_reload", "val_accuracy")),
        SubmissionResult(submission=f"submitted/carol/{ASSIGNMENT}/{ASSIGNMENT}.ipynb",
                         student="carol", assignment=ASSIGNMENT, status="error",
                         error="kernel died"),
        SubmissionResult(submission="loose.ipynb", checks=[]),
    ])
    grades = course / "grades.json"
    results.write(json_path=grades)
    assert cli.main(["gradebook", str(grades), str(course / "gradebook.db")]) == 0
    err = capsys.readouterr().err
    assert "carol's submitted/carol/fashion_mnist/fashion_mnist.ipynb could not be graded" in err
    assert "loose.ipynb has no student id" in err

    scores, total = _scores(course, "alice")
    assert scores == {f"test_{cid}": (0.0 if cid == "loss" else float(pts))
                      for cid, pts in DEFAULT_POINTS.items()}
    assert total == 85.0
    assert _scores(course, "bob")[1] == 75.0
    _nbgrader(course, "export", "--to", str(course / "export.csv"))
    rows = {r["student_id"]: r for r in csv.DictReader(io.StringIO(
        (course / "export.csv").read_text())) if r["assignment"] == ASSIGNMENT}
    assert (float(rows["alice"]["score"]), float(rows["bob"]["score"])) == (85.0, 75.0)
    assert "carol" not in rows or float(rows["carol"]["score"]) == 0.0


def test_writing_again_updates_the_scores_and_scales_other_rubric_points(course):
    """Does a second run replace the scores (no second submission), and are a rubric's
    other points scaled to the cell's maximum (25 of 25 -> 15 of 15)?"""
    points = {**DEFAULT_POINTS, "val_accuracy": 25}
    write_scores(GradingResults([_result("dave", failed=("loss",))]), course / "gradebook.db")
    notes = write_scores(GradingResults([_result("dave", points=points)]),
                         course / "gradebook.db")
    assert notes == []
    scores, total = _scores(course, "dave")
    assert scores["test_loss"] == 15.0 and scores["test_val_accuracy"] == 15.0
    assert total == 100.0


def test_unknown_assignment_and_missing_gradebook_are_refused_saying_what_to_run(
        course, tmp_path):
    """Is a gradebook without the assignment, or no gradebook, refused with the fix?"""
    other = _result("erin")
    other.assignment = "no_such_assignment"
    with pytest.raises(GradebookError, match="run `nbgrader generate_assignment "
                                             "no_such_assignment`"):
        write_scores(GradingResults([other]), course / "gradebook.db")
    with pytest.raises(GradebookError, match="There is no nbgrader gradebook at"):
        write_scores(GradingResults([other]), tmp_path / "gradebook.db")
    assert cli.main(["grade", str(tmp_path), "--gradebook", str(tmp_path / "none.db")]) == 2
