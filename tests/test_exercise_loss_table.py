"""The second exercise (`loss_table`: one-hot labels and the output/loss table) in nbgrader.

A temporary course holds only this assignment (the course config and
`exercises/source/loss_table/`) and is driven with nbgrader's own commands (real kernels,
a real SQLite gradebook): `generate_assignment`, then `autograde` of four submissions made
from the generated release, then `generate_feedback`. The kernels inherit a small budget
(2 epochs on the first 3,000 real training images, a hidden-test threshold of 0.5), so
every score is exact:

- `passes_all`: the release with the instructor's three solutions written in;
- `alternative_forms`: other correct answers (`np.eye`, `tf.one_hot`, Keras loss
  objects, classes and functions, an activation function, `Adam()`, `'accuracy'`);
- `sparse_loss_with_one_hot_labels`: all right but the lesson's sparse loss kept in
  `compile`, so `fit` on the one-hot labels fails;
- `untouched`: the release as handed out.

The checks module the test cells call (`loss_table_checks.py`) is also tested directly
on plain arrays and Keras losses (nothing is trained in this process).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder.live import ENV_EPOCHS, ENV_MIN_ACCURACY, ENV_TRAIN_SIZE

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"
ASSIGNMENT = "loss_table"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
CHECKS_FILE = "loss_table_checks.py"
SOURCE_DIR = EXERCISES / "source" / ASSIGNMENT
RELEASE_DIR = EXERCISES / "release" / ASSIGNMENT
SOURCE = SOURCE_DIR / NOTEBOOK
RELEASE = RELEASE_DIR / NOTEBOOK

EPOCHS, TRAIN_SIZE, MIN_ACCURACY = 2, 3000, 0.5
BUDGET_ENV = {ENV_EPOCHS: str(EPOCHS), ENV_TRAIN_SIZE: str(TRAIN_SIZE),
              ENV_MIN_ACCURACY: str(MIN_ACCURACY)}
STUB = "# 여기에 코드를 쓰세요 / YOUR CODE HERE\nraise NotImplementedError()"

# The three parts students write: solution cell id -> the test cells right after it.
STUDENT_PARTS = {
    "one_hot": ["test_one_hot_train", "test_one_hot_valid"],
    "loss_table": ["test_table_binary", "test_table_multiclass_onehot",
                   "test_table_multiclass_integer"],
    "compile_onehot": ["test_compile"],
}
POINTS = {"test_one_hot_train": 10, "test_one_hot_valid": 10, "test_table_binary": 10,
          "test_table_multiclass_onehot": 10, "test_table_multiclass_integer": 10,
          "test_compile": 10, "test_loss": 20, "test_val_accuracy": 20}
# Graded after the given `fit` cell: the labels `fit` was given, the loss, the accuracy.
AFTER_FIT = ["test_loss", "test_val_accuracy"]

ALTERNATIVE_FORMS = {
    "one_hot": "y_train_onehot = np.eye(10)[y_train]\n"
               "y_valid_onehot = tf.one_hot(y_valid, 10).numpy()",
    "loss_table": 'CHOICES = {\n'
                  '    "binary": ("Sigmoid", tf.keras.losses.BinaryCrossentropy()),\n'
                  '    "multiclass_onehot": (tf.keras.activations.softmax,\n'
                  '                          tf.keras.losses.categorical_crossentropy),\n'
                  '    "multiclass_integer": ("softmax", '
                  'tf.keras.losses.SparseCategoricalCrossentropy),\n'
                  '}',
    "compile_onehot": "model.compile(optimizer=tf.keras.optimizers.Adam(),\n"
                      "              loss=tf.keras.losses.CategoricalCrossentropy(),\n"
                      "              metrics=['accuracy'])",
}
LESSON_COMPILE = ("model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', "
                  "metrics=['acc'])")

# Submission name -> {part: code written in place of the stub} (None: the solution).
SUBMISSIONS = {
    "passes_all": {part: None for part in STUDENT_PARTS},
    "alternative_forms": ALTERNATIVE_FORMS,
    "sparse_loss_with_one_hot_labels": {"one_hot": None, "loss_table": None,
                                        "compile_onehot": LESSON_COMPILE},
    "untouched": {},
}
FAILING = {
    "passes_all": set(),
    "alternative_forms": set(),
    "sparse_loss_with_one_hot_labels": {"test_loss", "test_val_accuracy"},
    "untouched": set(POINTS),
}
EXPECTED_SCORES = {name: {test: float(0 if test in failing else points)
                          for test, points in POINTS.items()}
                   for name, failing in FAILING.items()}
EXPECTED_TOTALS = {"passes_all": 100.0, "alternative_forms": 100.0,
                   "sparse_loss_with_one_hot_labels": 60.0, "untouched": 0.0}

# The cells that raise, besides failed test cells (AssertionError), and why.
EXPECTED_ERRORS = {
    "passes_all": {},
    "alternative_forms": {},
    # Keras refuses the sparse loss with (n, 10) labels before training starts.
    "sparse_loss_with_one_hot_labels": {"fit": ("ValueError", "must have rank")},
    # Each stub raises; the given `fit` cell needs `y_train_onehot` from part ①.
    "untouched": {"one_hot": ("NotImplementedError", ""),
                  "loss_table": ("NotImplementedError", ""),
                  "compile_onehot": ("NotImplementedError", ""),
                  "fit": ("NameError", "name 'y_train_onehot' is not defined")},
}
# A stable piece of each failed test's feedback (English), in the cell and the feedback page.
FAILED_MESSAGES = {
    "untouched": {
        "test_one_hot_train": "There is no `y_train_onehot`",
        "test_one_hot_valid": "There is no `y_valid_onehot`",
        "test_table_binary": "There is no `CHOICES`",
        "test_table_multiclass_onehot": "There is no `CHOICES`",
        "test_table_multiclass_integer": "There is no `CHOICES`",
        "test_compile": "The model was not compiled.",
        "test_loss": "The model was not compiled, so it has no loss.",
        "test_val_accuracy": "should be at least 0.50; found",
    },
    "sparse_loss_with_one_hot_labels": {
        "test_loss": "The labels were one-hot encoded, so use categorical_crossentropy.",
        "test_val_accuracy": "should be at least 0.50; found",
    },
}


# -- helpers -------------------------------------------------------------------------

def nbgrader(course: Path, *args: str, env: dict | None = None) -> str:
    """Run `nbgrader ARGS` in `course` with the venv's tools on PATH (it runs `alembic`)."""
    environment = {**os.environ, **(env or {})}
    environment["PATH"] = os.pathsep.join([str(Path(sys.executable).parent),
                                           environment.get("PATH", "")])
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args,
                           f"--CourseDirectory.root={course}"],
                          cwd=course, env=environment, capture_output=True, text=True,
                          timeout=900)
    log = done.stdout + done.stderr
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{log[-4000:]}"
    return log


def grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def cells_by_id(notebook) -> dict:
    return {grade_id(cell): cell for cell in notebook.cells}


def solution_of(source_cell) -> str:
    """The code between the solution markers of an instructor cell."""
    found = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", source_cell.source, re.S)
    return found.group(1).rstrip("\n")


def write_submission(release, source, answers: dict):
    """The release notebook with each part's stub replaced by its answer."""
    solutions = cells_by_id(source)
    submission = nbformat.from_dict(json.loads(json.dumps(release)))
    for cell in submission.cells:
        if grade_id(cell) in answers:
            code = answers[grade_id(cell)] or solution_of(solutions[grade_id(cell)])
            assert STUB in cell.source, grade_id(cell)
            cell.source = cell.source.replace(STUB, code)
    return submission


def outputs_of(notebook) -> dict[str, list]:
    return {cell.id: cell.get("outputs", []) for cell in notebook.cells
            if cell.cell_type == "code"}


def errors_of(notebook) -> dict[str, tuple[str, str]]:
    """`{cell id: (ename, evalue)}` of every cell that raised."""
    return {cell_id: (out.ename, out.evalue) for cell_id, outs in outputs_of(notebook).items()
            for out in outs if out.output_type == "error"}


def stderr_of(notebook) -> dict[str, str]:
    return {cell_id: "".join(o.text for o in outs if o.output_type == "stream"
                             and o.name == "stderr")
            for cell_id, outs in outputs_of(notebook).items()
            if any(o.output_type == "stream" and o.name == "stderr" for o in outs)}


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


def course_files(folder: Path) -> list[str]:
    """The assignment's files, without what running it leaves behind."""
    return sorted(p.name for p in folder.iterdir()
                  if p.name not in ("__pycache__", ".ipynb_checkpoints")
                  and not p.name.endswith((".weights.h5", ".ckpt")))


# -- the course, built once ----------------------------------------------------------

@pytest.fixture(scope="module")
def course(tmp_path_factory, real_data_dir):
    """A temporary course: generated, four submissions autograded, feedback generated."""
    root = tmp_path_factory.mktemp("course")
    shutil.copy(EXERCISES / "nbgrader_config.py", root)
    shutil.copytree(SOURCE_DIR, root / "source" / ASSIGNMENT,
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    nbgrader(root, "generate_assignment", ASSIGNMENT, "--force")

    with open(root / "students.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id"])
        writer.writerows([name] for name in SUBMISSIONS)
    nbgrader(root, "db", "student", "import", "students.csv")

    release = nbformat.read(root / "release" / ASSIGNMENT / NOTEBOOK, as_version=4)
    source = nbformat.read(SOURCE, as_version=4)
    for name, answers in SUBMISSIONS.items():
        folder = root / "submitted" / name / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(write_submission(release, source, answers), folder / NOTEBOOK)

    nbgrader(root, "autograde", ASSIGNMENT, env=BUDGET_ENV)
    nbgrader(root, "generate_feedback", ASSIGNMENT)
    return root


def autograded(course: Path, name: str):
    return nbformat.read(course / "autograded" / name / ASSIGNMENT / NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def checks():
    """The exercise's checks module, loaded from the source folder."""
    spec = importlib.util.spec_from_file_location("loss_table_checks", SOURCE_DIR / CHECKS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the notebook --------------------------------------------------------------------

def test_committed_release_is_what_generate_assignment_makes_from_the_source(course):
    """Is `exercises/release/loss_table/` exactly what nbgrader generates from the source?"""
    generated_dir = course / "release" / ASSIGNMENT
    committed = nbformat.read(RELEASE, as_version=4)
    generated = nbformat.read(generated_dir / NOTEBOOK, as_version=4)
    assert normalized(committed) == normalized(generated), (
        f"{RELEASE.relative_to(ROOT)} differs from what nbgrader generates from "
        f"{SOURCE.relative_to(ROOT)}. Regenerate it: cd exercises && nbgrader "
        f"generate_assignment {ASSIGNMENT} --force")
    assert course_files(RELEASE_DIR) == course_files(generated_dir) == [NOTEBOOK, CHECKS_FILE]
    assert (RELEASE_DIR / CHECKS_FILE).read_bytes() == (generated_dir / CHECKS_FILE).read_bytes()


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


def test_solution_regions_hold_exactly_the_three_student_parts():
    """Are the three parts the only solution cells, in order, each with one region?"""
    source = nbformat.read(SOURCE, as_version=4)
    solution_cells = [c for c in source.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert [grade_id(c) for c in solution_cells] == list(STUDENT_PARTS)
    for cell in solution_cells:
        assert cell.source.count("### BEGIN SOLUTION") == 1, cell.id
        assert cell.source.count("### END SOLUTION") == 1, cell.id
    solved = {grade_id(c): solution_of(c) for c in solution_cells}
    assert "tf.keras.utils.to_categorical(y_train, 10)" in solved["one_hot"]
    assert '"multiclass_onehot": ("softmax", "categorical_crossentropy")' in solved["loss_table"]
    assert ("model.compile(optimizer='adam', loss='categorical_crossentropy', "
            "metrics=['acc'])") == solved["compile_onehot"]


def test_release_stubs_raise_not_implemented_and_hide_the_answers():
    """Does each student cell of the release hold the bilingual stub and no solution?"""
    release = cells_by_id(nbformat.read(RELEASE, as_version=4))
    for part in STUDENT_PARTS:
        assert STUB in release[part].source, part
    text = "".join(cell.source for cell in release.values() if cell.cell_type == "code")
    for marker in ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS", "to_categorical",
                   "'categorical_crossentropy'", "assert_accuracy"):
        assert marker not in text, marker


def test_every_other_cell_is_locked():
    """Is every cell that is not a student part read-only (locked, not editable)?"""
    source = nbformat.read(SOURCE, as_version=4)
    unlocked = [c.id for c in source.cells
                if not c.metadata.get("nbgrader", {}).get("solution")
                and not (c.metadata.get("nbgrader", {}).get("locked")
                         and c.metadata.get("editable") is False)]
    assert not unlocked, f"Cells that students could edit: {unlocked}"


def test_each_part_is_followed_by_its_tests_worth_100_points_in_all():
    """Do the test cells carry their points (100 in all), each part's tests right after it?"""
    source = nbformat.read(SOURCE, as_version=4)
    tests = {grade_id(c): c for c in source.cells if c.metadata.get("nbgrader", {}).get("grade")}
    assert {gid: c.metadata["nbgrader"]["points"] for gid, c in tests.items()} == POINTS
    assert sum(POINTS.values()) == 100
    code_ids = [grade_id(c) for c in source.cells if c.cell_type == "code"]
    for part, part_tests in STUDENT_PARTS.items():
        start = code_ids.index(part) + 1
        assert code_ids[start:start + len(part_tests)] == part_tests, part
    assert code_ids[-3:] == ["fit", *AFTER_FIT]
    for gid, cell in tests.items():
        assert "import tensorflow" not in cell.source, gid
        assert cell.source.startswith("# 자동 채점: ") or \
            cell.source.startswith("# 숨겨진 테스트: "), gid
    assert 'assert_check("compile", globals())' in tests["test_compile"].source


def test_accuracy_test_is_the_only_hidden_test():
    """Is the accuracy test hidden (absent from the release), and no other?"""
    source = cells_by_id(nbformat.read(SOURCE, as_version=4))
    release = cells_by_id(nbformat.read(RELEASE, as_version=4))
    hidden = [gid for gid, cell in source.items() if "### BEGIN HIDDEN TESTS" in cell.source]
    assert hidden == ["test_val_accuracy"]
    assert "assert_accuracy(globals())" in source["test_val_accuracy"].source
    assert "assert_accuracy" not in release["test_val_accuracy"].source


def test_parameters_and_setup_come_first_and_fit_uses_the_one_hot_labels():
    """Is the budget cell first (5 epochs, all images), logging silenced, fit on one-hot labels?"""
    code = [c for c in nbformat.read(SOURCE, as_version=4).cells if c.cell_type == "code"]
    assert grade_id(code[0]) == "parameters" and "parameters" in code[0].metadata["tags"]
    namespace: dict = {}
    exec(code[0].source, namespace)  # plain assignments
    assert (namespace["EPOCHS"], namespace["TRAIN_SIZE"]) == (5, None)
    setup = code[1].source
    assert grade_id(code[1]) == "setup" and "import tensorflow" not in setup
    assert setup.index("os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'") < setup.index(
        "start_recording(epochs=EPOCHS, n_train=TRAIN_SIZE)")
    assert "warnings.filterwarnings('ignore')" in setup
    fit = cells_by_id(nbformat.read(SOURCE, as_version=4))["fit"].source
    for piece in ("model.fit(x_train, y_train_onehot", "(x_valid, y_valid_onehot)",
                  "epochs=EPOCHS"):
        assert piece in fit


def test_given_model_is_the_lessons_model():
    """Does the given model cell build the lesson's model (reference.fashion_dnn)?"""
    import tensorflow as tf
    from tensorflow.keras.layers import Dense, Flatten
    from tensorflow.keras.models import Sequential

    from reference import fashion_dnn

    namespace = {"tf": tf, "Dense": Dense, "Flatten": Flatten, "Sequential": Sequential}
    exec(cells_by_id(nbformat.read(SOURCE, as_version=4))["model"].source, namespace)
    model, lesson = namespace["model"], fashion_dnn.build_model()

    def layers(m):
        return [(type(layer).__name__, getattr(layer, "units", None),
                 getattr(getattr(layer, "activation", None), "__name__", None))
                for layer in m.layers]

    assert layers(model) == layers(lesson)
    assert model.input_shape == lesson.input_shape == (None, 28, 28)
    assert model.count_params() == fashion_dnn.PARAMETER_COUNT


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
    """Does the gradebook hold the exact score of each test cell for each submission?"""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for name in SUBMISSIONS:
            submission = gradebook.find_submission(ASSIGNMENT, name)
            scores = {grade.name: grade.score for notebook in submission.notebooks
                      for grade in notebook.grades}
            assert scores == EXPECTED_SCORES[name], name
            assert submission.score == EXPECTED_TOTALS[name], name
            assert submission.max_score == 100.0


@pytest.mark.parametrize("name", list(SUBMISSIONS))
def test_only_the_expected_cells_raise(course, name):
    """Do only the missing parts (and what needs them) raise, each failed test with its reason?"""
    errors = errors_of(autograded(course, name))
    for cell_id, (ename, evalue) in EXPECTED_ERRORS[name].items():
        assert cell_id in errors, (cell_id, errors)
        found = errors.pop(cell_id)
        assert found[0] == ename and evalue in found[1], (cell_id, found)
    for cell_id in FAILING[name]:
        ename, evalue = errors.pop(cell_id)
        assert ename == "AssertionError", (cell_id, ename, evalue)
        assert FAILED_MESSAGES[name][cell_id] in evalue, (cell_id, evalue)
    assert not errors, f"Cells that raised unexpectedly: {errors}"


def test_autograde_ran_the_injected_budget(course):
    """Did the autograded solution train 2 epochs on 3,000 images, as the environment said?"""
    outputs = outputs_of(autograded(course, "passes_all"))
    printed = "".join(o.get("text", "") for o in outputs["setup"])
    assert f"epochs <= {EPOCHS}, training images: {TRAIN_SIZE}" in printed
    fit_log = "".join(o.get("text", "") for o in outputs["fit"])
    assert f"Epoch {EPOCHS}/{EPOCHS}" in fit_log and f"Epoch {EPOCHS + 1}/" not in fit_log
    assert "94/94" in fit_log  # 3,000 images in batches of 32


@pytest.mark.parametrize("name", list(SUBMISSIONS))
def test_no_autograder_test_cell_writes_to_stderr(course, name):
    """Is stderr empty in every test cell (nbgrader would give such a cell 0 points)?"""
    noisy = stderr_of(autograded(course, name))
    assert not set(noisy) & set(POINTS), noisy
    if name == "passes_all":  # the full solution is silent everywhere, import included
        assert not noisy, noisy


@pytest.mark.parametrize("name", list(SUBMISSIONS))
def test_feedback_page_shows_the_score_and_the_messages(course, name):
    """Does `generate_feedback` write a page per submission with its score and messages?"""
    page = course / "feedback" / name / ASSIGNMENT / NOTEBOOK.replace(".ipynb", ".html")
    assert page.is_file(), f"no feedback page at {page}"
    text = page.read_text(encoding="utf-8")
    assert f"{ASSIGNMENT} (Score: {EXPECTED_TOTALS[name]:.1f} / 100.0)" in text
    for message in FAILED_MESSAGES.get(name, {}).values():
        assert message in text, message
    if name == "passes_all":
        assert "is the one-hot encoding of `y_train`" in text
        assert "computed by the grader:" in text


# -- the checks module, directly -----------------------------------------------------

LABELS = np.array([9, 0, 0, 3, 0, 2, 7])


def one_hot_forms():
    import tensorflow as tf

    return {"to_categorical": tf.keras.utils.to_categorical(LABELS, 10),
            "np.eye": np.eye(10)[LABELS], "tf.one_hot": tf.one_hot(LABELS, 10),
            "bool": np.eye(10, dtype=bool)[LABELS], "int": np.eye(10, dtype=int)[LABELS]}


def test_one_hot_check_accepts_any_correct_encoding(checks, capsys):
    """Are to_categorical, np.eye, tf.one_hot, bool and int encodings all accepted?"""
    for form, encoded in one_hot_forms().items():
        checks.assert_one_hot({"encoded": encoded, "y": LABELS}, "encoded", labels="y")
        assert "is the one-hot encoding of `y`" in capsys.readouterr().out, form


@pytest.mark.parametrize("encoded, message", [
    (LABELS, "should have shape (7, 10)"),
    (np.eye(10)[LABELS][:-1], "should have shape (7, 10)"),
    (np.eye(10)[(LABELS + 1) % 10], "The 1 of row 0 should sit in column `y[0]` = 9"),
    (np.eye(10)[LABELS] * 0.9 + 0.01, "should hold only 0s and 1s"),
    (np.ones((7, 10)), "should hold exactly one 1"),
    (np.array([["a"] * 10] * 7), "should hold numbers"),
], ids=["integer_labels", "missing_row", "shifted_columns", "smoothed", "all_ones", "strings"])
def test_one_hot_check_rejects_wrong_encodings(checks, encoded, message):
    """Does a wrong encoding fail with a message that says what is wrong?"""
    with pytest.raises(AssertionError, match=re.escape(message)):
        checks.assert_one_hot({"encoded": encoded, "y": LABELS}, "encoded", labels="y")


def test_table_check_accepts_strings_loss_objects_classes_and_functions(checks, capsys):
    """Are strings, aliases, Keras loss objects, classes, functions and activations accepted?"""
    import tensorflow as tf

    forms = [
        {"binary": ("sigmoid", "binary_crossentropy"),
         "multiclass_onehot": ("softmax", "categorical_crossentropy"),
         "multiclass_integer": ("softmax", "sparse_categorical_crossentropy")},
        {"binary": ("Sigmoid", "bce"),
         "multiclass_onehot": ("softmax", "CategoricalCrossentropy"),
         "multiclass_integer": ["softmax", "SparseCategoricalCrossentropy"]},
        {"binary": (tf.keras.activations.sigmoid, tf.keras.losses.BinaryCrossentropy()),
         "multiclass_onehot": (tf.keras.activations.softmax,
                               tf.keras.losses.categorical_crossentropy),
         "multiclass_integer": ("softmax", tf.keras.losses.SparseCategoricalCrossentropy)},
    ]
    for choices in forms:
        for problem in choices:
            checks.assert_choice({"CHOICES": choices}, problem)
            assert "correct." in capsys.readouterr().out, (problem, choices[problem])


@pytest.mark.parametrize("problem, pair, message", [
    ("binary", ("softmax", "binary_crossentropy"),
     "should be `sigmoid` + `binary_crossentropy`. Received: CHOICES['binary']=('softmax'"),
    ("multiclass_onehot", ("softmax", "sparse_categorical_crossentropy"),
     "should be `softmax` + `categorical_crossentropy`"),
    ("multiclass_integer", ("softmax", "categorical_crossentropy"),
     "should be `softmax` + `sparse_categorical_crossentropy`"),
    ("multiclass_integer", ("sigmoid", "sparse_categorical_crossentropy"),
     "Received: CHOICES['multiclass_integer']=('sigmoid'"),
    ("binary", ("sigmoid", "mse"), "Received: CHOICES['binary']=('sigmoid', 'mean_squared_error')"),
    ("binary", ("sigmoid", "no_such_loss"), "('sigmoid', 'no_such_loss')"),
    ("binary", "sigmoid", "Give a pair (output activation, loss)"),
], ids=["binary_softmax", "onehot_sparse", "integer_categorical", "integer_sigmoid",
        "binary_mse", "unknown_loss", "not_a_pair"])
def test_table_check_rejects_wrong_rows(checks, problem, pair, message):
    """Does a wrong row fail, saying what it should be and what it received?"""
    with pytest.raises(AssertionError, match=re.escape(message)):
        checks.assert_choice({"CHOICES": {problem: pair}}, problem)


def test_table_check_rejects_from_logits_with_a_probability_output(checks):
    """Is `from_logits=True` refused, since sigmoid and softmax already give probabilities?"""
    import tensorflow as tf

    choices = {"multiclass_integer": (
        "softmax", tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))}
    with pytest.raises(AssertionError, match="expected `from_logits=False`"):
        checks.assert_choice({"CHOICES": choices}, "multiclass_integer")


def test_table_check_explains_a_missing_or_malformed_table(checks):
    """Does a missing `CHOICES`, a non-dict or a missing key fail with a clear message?"""
    with pytest.raises(AssertionError, match="There is no `CHOICES`"):
        checks.assert_choice({}, "binary")
    with pytest.raises(AssertionError, match="`CHOICES` should be a dict"):
        checks.assert_choice({"CHOICES": [("sigmoid", "bce")]}, "binary")
    with pytest.raises(AssertionError, match="`CHOICES` has no key 'binary'"):
        checks.assert_choice({"CHOICES": {"binary_classification": ()}}, "binary")
    with pytest.raises(ValueError, match="Received: problem='regression'"):
        checks.assert_choice({"CHOICES": {}}, "regression")


def test_hidden_test_threshold_is_0_80_unless_the_environment_says(checks, monkeypatch):
    """Does the accuracy test use $TFCERT_MIN_ACCURACY when set, else 0.80?"""
    monkeypatch.delenv(ENV_MIN_ACCURACY, raising=False)
    assert checks.min_accuracy() == 0.80
    monkeypatch.setenv(ENV_MIN_ACCURACY, "0.5")
    assert checks.min_accuracy() == 0.5
    monkeypatch.setenv(ENV_MIN_ACCURACY, "0")
    assert checks.min_accuracy() == 0.0
