"""Which files are submissions, on real folder trees laid out as instructors lay them out.

Nothing is graded: the trees hold the course's real released files (`exercises/release/`)
and small stand-ins for what students hand in.
"""

import shutil
from pathlib import Path

import pytest

from autograder import cli
from autograder.batch import _grade_one
from autograder.discovery import Submission, discover, is_helper, pick
from autograder.options import GradeOptions

RELEASE = Path(__file__).resolve().parent.parent / "exercises" / "release"


def _course(tmp_path) -> Path:
    """A course folder: nbgrader's release/ as committed, and a submitted/ tree where each
    student's folder holds what students really leave there."""
    course = tmp_path / "course"
    shutil.copytree(RELEASE, course / "release")
    submitted = course / "submitted"

    def hand_in(student, assignment, files):
        folder = submitted / student / assignment
        folder.mkdir(parents=True)
        for name in files:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text("{}")
        return folder

    # alice: the notebook, the checkpoint it wrote, Jupyter's autosave copy.
    hand_in("alice", "fashion_mnist", ["fashion_mnist.ipynb", "my_checkpoint.weights.h5",
                                       ".ipynb_checkpoints/fashion_mnist-checkpoint.ipynb"])
    # bob: the second exercise with the helper the course handed out, data and a picture.
    hand_in("bob", "loss_table", ["loss_table.ipynb", "loss_table_checks.py",
                                  "data/labels.npy", "confusion.png"])
    # carol: only a script; dave: only a saved model (and a data file).
    hand_in("carol", "fashion_mnist", ["solution.py", "labels.csv"])
    hand_in("dave", "fashion_mnist", ["mymodel.h5", "train.npz"])
    # erin: a renamed copy beside the assignment's notebook; frank: two renamed notebooks.
    hand_in("erin", "fashion_mnist", ["fashion_mnist.ipynb", "fashion_mnist_old.ipynb",
                                      "model.keras"])
    hand_in("frank", "fashion_mnist", ["try1.ipynb", "try2.ipynb"])
    # gina: only the helper, nothing of her own.
    hand_in("gina", "loss_table", ["loss_table_checks.py"])
    return course


def _by_student(found):
    return {s.student: s for s in found}


def test_nbgrader_tree_grades_one_submission_per_student(tmp_path):
    """Is each student's assignment notebook the one submission in their folder, named by
    its path, with the student's id?"""
    found = _by_student(discover([_course(tmp_path) / "submitted"]))
    assert sorted(found) == ["alice", "bob", "carol", "dave", "erin", "frank", "gina"]
    assert found["alice"].name == "submitted/alice/fashion_mnist/fashion_mnist.ipynb"
    assert found["alice"].path.name == "fashion_mnist.ipynb" and found["alice"].note is None
    assert found["bob"].name == "submitted/bob/loss_table/loss_table.ipynb"
    assert (found["bob"].assignment, found["alice"].assignment) == ("loss_table", "fashion_mnist")


def test_helpers_the_course_hands_out_are_never_graded(tmp_path):
    """Is `loss_table_checks.py` (handed out with the second exercise) never a submission,
    nor data or pictures, even when it is all a student's folder holds?"""
    found = _by_student(discover([_course(tmp_path)]))
    names = [s.name for s in found.values()]
    assert not any(name.endswith(("_checks.py", ".npy", ".png", ".npz", ".csv"))
                   for name in names)
    assert found["gina"].problem.key == "discovery.nothing"
    assert "submitted/gina/loss_table" in found["gina"].problem.render("en")


def test_a_script_or_saved_model_only_where_there_is_no_notebook(tmp_path):
    """Is a script graded where there is no notebook, a saved model where there is neither,
    and a saved model beside the notebook left alone (and said so)?"""
    found = _by_student(discover([_course(tmp_path) / "submitted"]))
    assert found["carol"].path.name == "solution.py"
    assert found["dave"].path.name == "mymodel.h5"
    assert found["erin"].path.name == "fashion_mnist.ipynb"
    note = found["erin"].note.render("en")
    assert note == ("graded fashion_mnist.ipynb, the assignment's submission; not graded: "
                    "fashion_mnist_old.ipynb, model.keras")


def test_two_notebooks_without_the_assignments_name_are_refused_not_guessed(tmp_path):
    """Do two notebooks, neither named for the assignment, become an error record for that
    student naming both files and the name expected, while the others are graded?"""
    found = _by_student(discover([_course(tmp_path) / "submitted"]))
    problem = found["frank"].problem
    assert problem.render("en") == (
        f"Cannot tell which file in {found['frank'].path} is the submission: found "
        "try1.ipynb, try2.ipynb, none named fashion_mnist.ipynb. Keep one, or name it "
        "fashion_mnist.ipynb.")
    record = _grade_one(found["frank"], GradeOptions(lang="ko"))
    assert (record.status, record.student, record.assignment) == (
        "error", "frank", "fashion_mnist")
    assert "try1.ipynb, try2.ipynb" in record.error and "제출물인지 알 수 없습니다" in record.error
    assert [s.problem for s in found.values() if s.student not in ("frank", "gina")] == \
        [None] * 5


@pytest.mark.parametrize("start, students", [
    ("", ["alice", "bob", "carol", "dave", "erin", "frank", "gina"]),  # the course folder
    ("submitted/bob", ["bob"]),
    ("submitted/alice/fashion_mnist", ["alice"]),
])
def test_any_level_of_the_nbgrader_tree_can_be_given(tmp_path, start, students):
    """Does the course folder, a student's folder or one assignment folder give the same
    submissions as `submitted/` does for those students?"""
    course = _course(tmp_path)
    found = discover([course / start])
    assert [s.student for s in found] == students
    whole = _by_student(discover([course / "submitted"]))
    assert all(s == whole[s.student] for s in found)


def test_a_plain_folder_grades_every_notebook_but_no_helper(tmp_path):
    """In a folder that is not nbgrader's, is every notebook, script and saved model a
    submission, without helpers, checkpoints or Jupyter's autosaves?"""
    folder = tmp_path / "class"
    (folder / ".ipynb_checkpoints").mkdir(parents=True)
    for name in ("alice.ipynb", "bob.py", "carol.keras", "loss_table_checks.py",
                 "best.weights.h5", ".ipynb_checkpoints/alice-checkpoint.ipynb"):
        (folder / name).write_text("{}")
    found = discover([folder])
    assert [s.name for s in found] == ["class/alice.ipynb", "class/bob.py", "class/carol.keras"]
    assert all(s.student is None for s in found)


def test_a_file_named_on_the_command_line_is_graded_as_it_is(tmp_path):
    """Is a file given by name taken as given (even a helper), not second-guessed?"""
    helper = tmp_path / "loss_table_checks.py"
    helper.write_text("")
    assert discover([helper]) == [Submission(helper, str(helper))]
    assert is_helper(helper)


def test_gradescope_folder_picks_the_assignments_notebook(tmp_path):
    """In Gradescope's one submission folder, is the assignment's notebook chosen by name
    over other files, and said so?"""
    folder = tmp_path / "submission"
    folder.mkdir()
    for name in ("fashion_mnist.ipynb", "scratch.ipynb", "helper.py"):
        (folder / name).write_text("{}")
    path, note, problem = pick(folder, "fashion_mnist")
    assert (path.name, problem) == ("fashion_mnist.ipynb", None)
    assert "not graded: helper.py, scratch.ipynb" in note.render("en")


def test_gradescope_output_with_several_submissions_is_a_usage_error_before_grading(
        tmp_path, capsys, monkeypatch):
    """Does `--gradescope` with two submissions exit 2, naming them, before any grading?"""
    import autograder.batch

    monkeypatch.setattr(autograder.batch, "grade_all",
                        lambda *a, **k: pytest.fail("grading started"))
    course = _course(tmp_path)
    code = cli.main(["grade", str(course / "submitted" / "alice"),
                     str(course / "submitted" / "bob"), "--gradescope",
                     str(tmp_path / "results.json")])
    err = capsys.readouterr().err
    assert code == 2
    assert "`--gradescope` writes Gradescope's results.json for one submission; found 2: " \
           "submitted/alice/fashion_mnist/fashion_mnist.ipynb, " \
           "submitted/bob/loss_table/loss_table.ipynb" in err
    assert not (tmp_path / "results.json").exists()
