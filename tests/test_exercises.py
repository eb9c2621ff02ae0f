"""The exercise as a real nbgrader assignment, and the students' `pytest --notebook` check.

One temporary course is built from `exercises/` and driven with nbgrader's own commands
(real kernels, a real SQLite gradebook): `generate_assignment`, then `autograde` of three
submissions made from the generated release, then `generate_feedback`. The training
budget is injected through the environment the kernels inherit (2 epochs on the first
5,000 real training images, a hidden-test threshold of 0.5) so every score is exact:

- `passes_all`: the release with the four solutions filled in;
- `untouched`: the release as handed out;
- `normalization_and_output_only`: only the first two parts written.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest

from autograder.live import ENV_EPOCHS, ENV_MIN_ACCURACY, ENV_TRAIN_SIZE
from autograder.rubric import DEFAULT_MIN_ACCURACY, DEFAULT_POINTS

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"
ASSIGNMENT = "fashion_mnist"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
SOURCE = EXERCISES / "source" / ASSIGNMENT / NOTEBOOK
RELEASE = EXERCISES / "release" / ASSIGNMENT / NOTEBOOK

EPOCHS, TRAIN_SIZE, MIN_ACCURACY = 2, 5000, 0.5
BUDGET_ENV = {ENV_EPOCHS: str(EPOCHS), ENV_TRAIN_SIZE: str(TRAIN_SIZE),
              ENV_MIN_ACCURACY: str(MIN_ACCURACY)}
PYTEST_BUDGET = ["--tfcert-epochs", str(EPOCHS), "--tfcert-train-size", str(TRAIN_SIZE),
                 "--tfcert-min-accuracy", str(MIN_ACCURACY)]

# The four parts students write: solution cell id -> the checks graded right after it.
STUDENT_PARTS = {
    "normalization": ["normalization"],
    "output_layer": ["layers", "output_layer"],
    "compile_loss": ["loss", "compile"],
    "checkpoint_reload": ["checkpoint_reload"],
}
# The ModelCheckpoint settings (Step 4.5) are given code, checked right after `fit`
# (Step 5) is given them: they pass in every submission.
GIVEN_CHECKS = {"checkpoint_config": "step5_fit"}
STUB_ERROR = "NotImplementedError"
# Without the loss part the model is never compiled, so the given cells that need a
# compiled model (fit, evaluate) fail with Keras' message naming `compile()`.
NEEDS_COMPILE = {"step5_fit", "step6_evaluate"}
COMPILE_ERROR = "You must call `compile()` before using the model."

SUBMISSIONS = {
    "passes_all": list(STUDENT_PARTS),
    "untouched": [],
    "normalization_and_output_only": ["normalization", "output_layer"],
}
PASSING = {
    "passes_all": set(DEFAULT_POINTS),
    "untouched": set(GIVEN_CHECKS),
    "normalization_and_output_only": {"normalization", "layers", "output_layer",
                                      *GIVEN_CHECKS},
}
EXPECTED_SCORES = {name: {f"test_{check}": float(DEFAULT_POINTS[check] if check in passing else 0)
                          for check in DEFAULT_POINTS}
                   for name, passing in PASSING.items()}
EXPECTED_TOTALS = {"passes_all": 100.0, "untouched": 10.0, "normalization_and_output_only": 50.0}

# A stable piece of each check's feedback (English), as it appears in the feedback pages.
FAILED_MESSAGES = {
    "normalization": "should be floats in [0, 1]",
    "layers": "should be Dense(64, activation=",
    "output_layer": "The output layer should be",
    "loss": "The model was not compiled, so it has no loss",
    "compile": "The model was not compiled.",
    "checkpoint_reload": "There is no checkpoint to reload",
    "val_accuracy": "The grader could not evaluate the model",
}
# The partial submission's model is built but never trained: it is evaluated, and fails.
FAILED_MESSAGES_OF = {
    "normalization_and_output_only": {"val_accuracy": "should be at least 0.50; found"},
}
PASSED_MESSAGES = {
    "normalization": "are floats scaled to [0, 1]",
    "val_accuracy": "computed by the grader:",
}


# -- helpers -------------------------------------------------------------------------

def _nbgrader_env(extra: dict | None = None) -> dict:
    """The environment for nbgrader: the venv's tools first on PATH (it runs `alembic`)."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update(extra or {})
    return env


def nbgrader(course: Path, *args: str, env: dict | None = None) -> str:
    """Run `nbgrader ARGS` in `course` (its nbgrader_config.py applies); return its log."""
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args,
                           f"--CourseDirectory.root={course}"],
                          cwd=course, env=_nbgrader_env(env), capture_output=True, text=True,
                          timeout=900)
    log = done.stdout + done.stderr
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{log[-4000:]}"
    return log


def grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def solution_code(source_cell) -> str:
    """The instructor's solution cell as a student would write it (markers removed)."""
    return re.sub(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", "", source_cell.source,
                  flags=re.MULTILINE)


def fill_in(release, source, parts: list[str]):
    """The release notebook with the solutions of `parts` written in."""
    solutions = {grade_id(c): c for c in source.cells}
    submission = nbformat.from_dict(json.loads(json.dumps(release)))
    for cell in submission.cells:
        if grade_id(cell) in parts:
            cell.source = solution_code(solutions[grade_id(cell)])
    return submission


def outputs_of(notebook) -> dict[str, list]:
    return {cell.id: cell.get("outputs", []) for cell in notebook.cells
            if cell.cell_type == "code"}


def errors_of(notebook) -> dict[str, tuple[str, str]]:
    """`{cell id: (ename, evalue)}` of every cell that raised."""
    return {cell_id: (out.ename, out.evalue) for cell_id, outs in outputs_of(notebook).items()
            for out in outs if out.output_type == "error"}


def stderr_of(notebook) -> dict[str, str]:
    return {cell_id: "".join(o.text for o in outs
                             if o.output_type == "stream" and o.name == "stderr")
            for cell_id, outs in outputs_of(notebook).items()
            if any(o.output_type == "stream" and o.name == "stderr" for o in outs)}


def autograder_test_cells(notebook) -> dict[str, str]:
    """`{cell id: check id}` of the autograder test cells."""
    return {cell.id: cell.metadata["nbgrader"]["grade_id"].removeprefix("test_")
            for cell in notebook.cells if cell.metadata.get("nbgrader", {}).get("grade")}


def normalized(notebook) -> dict:
    """The notebook without what Jupyter changes on its own (volatile metadata)."""
    data = json.loads(json.dumps(notebook))
    data["metadata"] = {k: v for k, v in data["metadata"].items() if k == "kernelspec"}
    for cell in data["cells"]:
        cell.pop("execution_count", None)
        cell.pop("outputs", None)
        for key in ("execution", "collapsed", "scrolled", "trusted"):
            cell["metadata"].pop(key, None)
    return data


# -- pytest --notebook: the students' self-check, started before the course --------

class SelfCheck:
    """`pytest --notebook NOTEBOOK` running in the background in `workdir`; `result()`
    waits for its exit code and each test's failure message (None: passed)."""

    def __init__(self, notebook: Path, workdir: Path, quiet: bool = True):
        self.report = workdir / "report.xml"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *["-q"][:quiet],
             "--notebook", str(notebook), *PYTEST_BUDGET, f"--junitxml={self.report}"],
            cwd=workdir, env=_nbgrader_env(), stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)

    def result(self) -> tuple[int, dict[str, str | None]]:
        if not hasattr(self, "output"):
            self.output, _ = self.process.communicate(timeout=900)
        assert self.report.is_file(), self.output
        results = {}
        for case in ET.parse(self.report).getroot().iter("testcase"):
            failure = case.find("failure")
            results[case.get("name")] = None if failure is None else (
                failure.get("message", "") + (failure.text or ""))
        return self.process.returncode, results


@pytest.fixture(scope="module")
def self_checks(tmp_path_factory, real_data_dir):
    """`pytest --notebook` on the full solution and on the untouched release, started side
    by side with the course's autograde (each runs one kernel at a time: on two cores
    they overlap instead of queueing)."""
    release = nbformat.read(RELEASE, as_version=4)
    source = nbformat.read(SOURCE, as_version=4)
    solution = tmp_path_factory.mktemp("solution") / NOTEBOOK
    nbformat.write(fill_in(release, source, list(STUDENT_PARTS)), solution)
    checks = {"solution": SelfCheck(solution, solution.parent, quiet=False),
              "release": SelfCheck(RELEASE, tmp_path_factory.mktemp("release"))}
    yield checks
    for check in checks.values():
        if check.process.poll() is None:
            check.process.kill()


# -- the course, built once ----------------------------------------------------------

@pytest.fixture(scope="module")
def course(tmp_path_factory, real_data_dir, self_checks):
    """A temporary course: generated, three submissions autograded, feedback generated
    (while the students' self-checks run beside it)."""
    root = tmp_path_factory.mktemp("course")
    shutil.copy(EXERCISES / "nbgrader_config.py", root)
    shutil.copytree(EXERCISES / "source", root / "source")
    nbgrader(root, "generate_assignment", ASSIGNMENT, "--force")

    with open(root / "students.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id"])
        writer.writerows([name] for name in SUBMISSIONS)
    nbgrader(root, "db", "student", "import", "students.csv")

    release = nbformat.read(root / "release" / ASSIGNMENT / NOTEBOOK, as_version=4)
    source = nbformat.read(SOURCE, as_version=4)
    for name, parts in SUBMISSIONS.items():
        folder = root / "submitted" / name / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(fill_in(release, source, parts), folder / NOTEBOOK)

    nbgrader(root, "autograde", ASSIGNMENT, env=BUDGET_ENV)
    nbgrader(root, "generate_feedback", ASSIGNMENT)
    return root


def autograded(course: Path, name: str):
    return nbformat.read(course / "autograded" / name / ASSIGNMENT / NOTEBOOK, as_version=4)


# -- the course folder ---------------------------------------------------------------

def test_committed_release_is_what_generate_assignment_makes_from_the_source(course):
    """Is `exercises/release/` exactly `nbgrader generate_assignment` of `exercises/source/`?"""
    committed = nbformat.read(RELEASE, as_version=4)
    generated = nbformat.read(course / "release" / ASSIGNMENT / NOTEBOOK, as_version=4)
    assert normalized(committed) == normalized(generated), (
        f"{RELEASE.relative_to(ROOT)} differs from what nbgrader generates from "
        f"{SOURCE.relative_to(ROOT)}. Regenerate it: cd exercises && nbgrader "
        f"generate_assignment {ASSIGNMENT} --force (a student's edited working copy "
        "also differs: that is expected).")
    assert sorted(p.name for p in RELEASE.parent.iterdir() if not p.name.endswith(
        (".weights.h5", ".ckpt")) and p.name != ".ipynb_checkpoints") == [NOTEBOOK]


def test_committed_notebooks_are_saved_clean():
    """Are source and release saved without outputs, with cell ids and a python3 kernel?"""
    for path in (SOURCE, RELEASE):
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        assert notebook.metadata.kernelspec.name == "python3", path
        assert all(cell.get("id") for cell in notebook.cells), path
        dirty = [cell.id for cell in notebook.cells if cell.cell_type == "code"
                 and (cell.outputs or cell.execution_count is not None)]
        assert not dirty, f"{path.name}: cells saved with outputs: {dirty}"


def test_solution_regions_hold_exactly_the_four_student_parts():
    """Are the four student parts the only solution cells, in the lesson's order?"""
    source = nbformat.read(SOURCE, as_version=4)
    solution_cells = [c for c in source.cells
                      if c.metadata.get("nbgrader", {}).get("solution")]
    assert [grade_id(c) for c in solution_cells] == list(STUDENT_PARTS)
    for cell in solution_cells:
        assert cell.source.count("### BEGIN SOLUTION") == 1, cell.id
        assert cell.source.count("### END SOLUTION") == 1, cell.id
    solved = {grade_id(c): solution_code(c) for c in solution_cells}
    assert "x_train = x_train / 255.0\nx_valid = x_valid / 255.0" in solved["normalization"]
    assert "model.add(Dense(10, activation='softmax'))" in solved["output_layer"]
    assert ("model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', "
            "metrics=['acc'])") in solved["compile_loss"]
    assert "model.load_weights(checkpoint_path)" in solved["checkpoint_reload"]


def test_every_other_cell_is_locked():
    """Is every cell that is not a student part read-only (locked, not editable)?"""
    source = nbformat.read(SOURCE, as_version=4)
    unlocked = [c.id for c in source.cells
                if not c.metadata.get("nbgrader", {}).get("solution")
                and not (c.metadata.get("nbgrader", {}).get("locked")
                         and c.metadata.get("editable") is False)]
    assert not unlocked, f"Cells that students could edit: {unlocked}"


def test_each_student_part_is_followed_by_its_tests_with_the_rubrics_points():
    """Does each part's test cells call the autograder with the rubric's points (100 total)?"""
    source = nbformat.read(SOURCE, as_version=4)
    tests = [c for c in source.cells if c.metadata.get("nbgrader", {}).get("grade")]
    points = {grade_id(c).removeprefix("test_"): c.metadata["nbgrader"]["points"] for c in tests}
    assert points == DEFAULT_POINTS
    assert sum(points.values()) == 100
    for cell in tests:
        check = grade_id(cell).removeprefix("test_")
        assert f'assert_check("{check}", globals())' in cell.source, cell.id
    ids = [grade_id(c) for c in source.cells]
    for part, checks in STUDENT_PARTS.items():
        following = [i for i in ids[ids.index(part) + 1:] if i.startswith("test_")]
        assert following[:len(checks)] == [f"test_{check}" for check in checks], part
        next_part = next((p for p in STUDENT_PARTS if ids.index(p) > ids.index(part)), None)
        if next_part:  # the part's tests come before the next part
            assert all(ids.index(f"test_{check}") < ids.index(next_part) for check in checks)
    for check, given_cell in GIVEN_CHECKS.items():
        assert ids.index(f"test_{check}") == ids.index(given_cell) + 1, check


def test_accuracy_test_is_hidden_from_students():
    """Is the accuracy test a hidden test, absent from the release?"""
    source = {grade_id(c): c for c in nbformat.read(SOURCE, as_version=4).cells}
    release = {grade_id(c): c for c in nbformat.read(RELEASE, as_version=4).cells}
    hidden = [gid for gid, c in source.items() if "### BEGIN HIDDEN TESTS" in c.source]
    assert hidden == ["test_val_accuracy"]
    assert "assert_check" not in release["test_val_accuracy"].source
    assert "### BEGIN SOLUTION" not in "".join(c.source for c in release.values())


def test_release_stubs_raise_not_implemented_with_a_bilingual_comment():
    """Does each student cell of the release hold the Korean/English stub?"""
    release = {grade_id(c): c for c in nbformat.read(RELEASE, as_version=4).cells}
    for part in STUDENT_PARTS:
        assert "# 여기에 코드를 쓰세요 / YOUR CODE HERE\nraise NotImplementedError()" in \
            release[part].source, part


def test_parameters_cell_holds_the_documents_budget_before_anything_else():
    """Is the first code cell tagged `parameters` with `EPOCHS = 20` and all training data?"""
    source = nbformat.read(SOURCE, as_version=4)
    code = [c for c in source.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    namespace: dict = {}
    exec(code[0].source, namespace)  # plain assignments
    assert (namespace["EPOCHS"], namespace["TRAIN_SIZE"]) == (20, None)
    assert "epochs=EPOCHS" in next(c.source for c in code if grade_id(c) == "step5_fit")


def test_logging_is_silenced_before_tensorflow_is_imported():
    """Does the setup cell silence logs and warnings and start recording before TF is imported?"""
    code = [c for c in nbformat.read(SOURCE, as_version=4).cells if c.cell_type == "code"]
    setup = code[1].source
    assert grade_id(code[1]) == "setup"
    assert setup.index("os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'") < setup.index(
        "start_recording(epochs=EPOCHS, n_train=TRAIN_SIZE)")
    assert "warnings.filterwarnings('ignore')" in setup
    assert "import tensorflow" not in setup
    assert "import tensorflow as tf" in code[2].source
    for cell in code:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            assert "import tensorflow" not in cell.source, cell.id


def test_course_config_allows_a_full_training_in_one_cell():
    """Does the course raise nbgrader's 30 s cell timeout past a 20-epoch CPU training?"""
    from traitlets.config import Config

    config = Config()
    exec((EXERCISES / "nbgrader_config.py").read_text(), {"get_config": lambda: config})
    # 20 epochs took 351 s on a 2-core CPU (shared/NOTES.md): leave a wide margin.
    assert config.Execute.timeout >= 6 * 351
    assert "raise NotImplementedError()" in config.ClearSolutions.code_stub["python"]


def test_markdown_is_korean_with_english():
    """Does every markdown cell carry Korean text with English alongside?"""
    hangul = re.compile(r"[\uac00-\ud7a3]")
    for cell in nbformat.read(SOURCE, as_version=4).cells:
        if cell.cell_type == "markdown":
            assert hangul.search(cell.source), cell.id
            english = re.findall(r"\b[A-Za-z]{3,}\b", hangul.sub(" ", cell.source))
            assert len(english) >= 5, cell.id


# -- nbgrader autograde and feedback -------------------------------------------------

def test_autograde_scores_each_submission_exactly(course):
    """Does the gradebook hold the exact score of each check for each submission?"""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for name in SUBMISSIONS:
            submission = gradebook.find_submission(ASSIGNMENT, name)
            scores = {grade.name: grade.score for notebook in submission.notebooks
                      for grade in notebook.grades}
            assert scores == EXPECTED_SCORES[name], name
            assert submission.score == EXPECTED_TOTALS[name], name
            assert submission.max_score == 100.0


def test_autograde_ran_the_injected_budget(course):
    """Did the autograded solution train 2 epochs on 5,000 images, as the environment said?"""
    outputs = outputs_of(autograded(course, "passes_all"))
    printed = "".join(o.get("text", "") for o in outputs["setup"])
    assert f"epochs <= {EPOCHS}, training images: {TRAIN_SIZE}" in printed
    fit_log = "".join(o.get("text", "") for o in outputs["step5_fit"])
    assert f"Epoch {EPOCHS}/{EPOCHS}" in fit_log and f"Epoch {EPOCHS + 1}/" not in fit_log


def test_untouched_release_fails_only_where_students_write(course):
    """Do only the stubs raise (NotImplementedError), the tests fail, and nothing else crash?"""
    notebook = autograded(course, "untouched")
    errors = errors_of(notebook)
    tests = autograder_test_cells(notebook)
    for part in STUDENT_PARTS:
        assert errors.pop(part)[0] == STUB_ERROR, part
    for cell_id, check in tests.items():
        if check in GIVEN_CHECKS:
            assert cell_id not in errors, (cell_id, errors.get(cell_id))
        else:
            ename, evalue = errors.pop(cell_id)
            assert ename == "AssertionError" and FAILED_MESSAGES[check] in evalue, (
                cell_id, ename, evalue)
    for cell_id in NEEDS_COMPILE:
        assert errors.pop(cell_id) == ("ValueError", COMPILE_ERROR), cell_id
    assert not errors, f"Cells that crashed besides the student parts: {errors}"


def test_partial_submission_fails_only_the_parts_not_written(course):
    """With normalization and output layer written, do only the other two parts raise?"""
    errors = errors_of(autograded(course, "normalization_and_output_only"))
    stubs = {cell_id for cell_id, (ename, _) in errors.items() if ename == STUB_ERROR}
    assert stubs == {"compile_loss", "checkpoint_reload"}


@pytest.mark.parametrize("name", list(SUBMISSIONS))
def test_no_autograder_test_cell_writes_to_stderr(course, name):
    """Is stderr empty in every test cell (nbgrader would give such a cell 0 points)?"""
    notebook = autograded(course, name)
    noisy = stderr_of(notebook)
    assert not set(noisy) & set(autograder_test_cells(notebook)), noisy
    if name == "passes_all":  # the full solution is silent everywhere, import included
        assert not noisy, noisy


@pytest.mark.parametrize("name", list(SUBMISSIONS))
def test_feedback_page_shows_the_check_messages(course, name):
    """Does `generate_feedback` write a page per submission with the checks' messages?"""
    page = course / "feedback" / name / ASSIGNMENT / NOTEBOOK.replace(".ipynb", ".html")
    assert page.is_file(), f"no feedback page at {page}"
    text = page.read_text(encoding="utf-8")
    assert f"{ASSIGNMENT} (Score: {EXPECTED_TOTALS[name]:.1f} / 100.0)" in text
    for check, message in {**FAILED_MESSAGES, **FAILED_MESSAGES_OF.get(name, {})}.items():
        if check not in PASSING[name]:
            assert message in text, (check, message)
    for check, message in PASSED_MESSAGES.items():
        if check in PASSING[name]:
            assert message in text, (check, message)


def test_pytest_notebook_passes_every_check_on_the_solution(self_checks):
    """Does `pytest --notebook` pass one test per check on the full solution (exit 0)?"""
    code, results = self_checks["solution"].result()
    assert results == {f"check_{check}": None for check in DEFAULT_POINTS}
    assert code == 0


def test_pytest_notebook_shows_the_run_live_unless_quiet(self_checks):
    """Does `pytest --notebook` print the running cell and each epoch (k/N, losses, time
    left) as the notebook runs, and `pytest -q --notebook` none of it?"""
    self_checks["solution"].result()
    self_checks["release"].result()
    shown = self_checks["solution"].output
    assert f"fashion_mnist.ipynb: epoch 1/{EPOCHS}  loss " in shown, shown[-3000:]
    assert f"epoch {EPOCHS}/{EPOCHS}  loss " in shown and "val_loss" in shown
    assert "fashion_mnist.ipynb: running cell " in shown  # a poll may miss a quick cell
    assert "running cell" not in self_checks["release"].output  # its cells ran, quietly


def test_pytest_notebook_fails_each_check_of_the_untouched_release(self_checks):
    """Does each check fail with its feedback on the untouched release (exit 1)?"""
    code, results = self_checks["release"].result()
    assert set(results) == {f"check_{check}" for check in DEFAULT_POINTS}
    for check in DEFAULT_POINTS:
        message = results[f"check_{check}"]
        if check in GIVEN_CHECKS:
            assert message is None, (check, message)
        else:
            assert message is not None and FAILED_MESSAGES[check] in message, (check, message)
            assert "Captured stderr" not in message and "absl" not in message, message
    assert code == 1


def test_pytest_in_exercises_checks_the_working_copy_and_leaves_the_kit_alone():
    """Does `pytest exercises/` collect the working copy's checks, and `pytest tests/` not?"""
    def collect(*args):
        done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                               "--collect-only", "-q", *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
        return done.stdout

    working_copy = RELEASE.relative_to(ROOT).as_posix()
    listed = collect("exercises")
    assert [line for line in listed.splitlines() if "::" in line] == [
        f"{working_copy}::check_{check}" for check in DEFAULT_POINTS]
    kit = collect("tests/test_exercises.py")
    assert "::check_" not in kit and "test_exercises.py::" in kit


def run_python(script: str, **env: str) -> subprocess.CompletedProcess:
    environment = _nbgrader_env(env)
    for name in (ENV_EPOCHS, ENV_TRAIN_SIZE, "TF_CPP_MIN_LOG_LEVEL"):
        if name not in env:
            environment.pop(name, None)
    done = subprocess.run([sys.executable, "-c", script], env=environment,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def test_start_recording_keeps_the_tightest_budget():
    """Does the notebook's budget yield to a tighter one from the grader or the environment?"""
    done = run_python(
        "from autograder.runner import kernel_side\n"
        "kernel_side.install(epochs=3, n_train=None, n_valid=100)\n"  # the grader, first
        "from autograder.live import start_recording\n"
        "start_recording(epochs=20, n_train=None)\n"
        "print(kernel_side.budget())\n",
        TFCERT_TRAIN_SIZE="700")
    assert "{'epochs': 3, 'n_train': 700, 'n_valid': 100, 'quick': False, 'exact': False}" \
        in done.stdout
    assert "Reduced training budget: epochs <= 3, training images: 700" in done.stdout


def test_start_recording_imports_tensorflow_without_a_word_on_stderr():
    """Is TensorFlow's import-time notice (absl, oneDNN) kept off stderr, oneDNN left on?"""
    done = run_python(
        "import os\n"
        "from autograder.live import start_recording\n"
        "start_recording(epochs=20, n_train=None)\n"
        "import tensorflow as tf\n"
        "print(tf.constant(1.0).numpy(), os.environ.get('TF_ENABLE_ONEDNN_OPTS'))\n")
    assert done.stdout.split()[-2:] == ["1.0", "None"], done.stdout
    assert done.stderr == "", done.stderr


def test_hidden_test_threshold_comes_from_the_environment_else_the_rubric(monkeypatch):
    """Does the hidden test use $TFCERT_MIN_ACCURACY when set, else the rubric's 0.85?"""
    from autograder import live

    monkeypatch.delenv(ENV_MIN_ACCURACY, raising=False)
    assert live.env_min_accuracy() is None
    assert DEFAULT_MIN_ACCURACY == 0.85
    monkeypatch.setenv(ENV_MIN_ACCURACY, "0.5")
    assert live.env_min_accuracy() == 0.5
    monkeypatch.setenv(ENV_MIN_ACCURACY, "high")
    with pytest.raises(ValueError, match="TFCERT_MIN_ACCURACY must be a number"):
        live.env_min_accuracy()
