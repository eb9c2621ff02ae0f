"""`tfcert grade` / `tfcert check` on the reference and on each exercise part left wrong.

The notebooks are the reference notebook with one of the four student parts changed, as
a student would get it wrong. They are graded once, through the real command line, in
their own kernels, on a subset of the real data (2 epochs, 2,000 images); `--quick`
grading likewise, four folders in one run. Each `tfcert` run starts kernels and imports
TensorFlow, so the cases share runs instead of starting one each.
"""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.results import GradingResults

REFERENCE = Path(__file__).resolve().parent.parent / "reference" / "fashion_mnist_dnn.ipynb"
BUDGET = ["--epochs", "2", "--train-size", "2000", "--valid-size", "1000",
          "--min-accuracy", "0.6", "--timeout", "300"]
CHECK_IDS = ["normalization", "layers", "output_layer", "loss", "compile",
             "checkpoint_config", "checkpoint_reload", "val_accuracy"]

# Each exercise part left wrong, as (old code, new code) in the reference notebook.
WRONG_PARTS = {
    "no_normalization": ("x_train = x_train / 255.0\nx_valid = x_valid / 255.0", "pass"),
    "sigmoid_output": ("Dense(10, activation='softmax')", "Dense(10, activation='sigmoid')"),
    "categorical_loss_integer_labels": ("loss='sparse_categorical_crossentropy'",
                                        "loss='categorical_crossentropy'"),
    "no_checkpoint_reload": ("model.load_weights(checkpoint_path)", "pass"),
}
# A script beside the notebooks: the lesson's model with a full-model checkpoint; after
# `fit` the trained model is zeroed, so only the model `load_model` returns holds the
# checkpoint's weights.
RELOADED_INTO_NEW_MODEL = """\
import numpy as np
import tensorflow as tf
(x_train, y_train), (x_valid, y_valid) = tf.keras.datasets.fashion_mnist.load_data()
x_train, x_valid = x_train / 255.0, x_valid / 255.0
model = tf.keras.Sequential([tf.keras.Input(shape=(28, 28)), tf.keras.layers.Flatten()]
    + [tf.keras.layers.Dense(n, activation='relu') for n in (1024, 512, 256, 128, 64)]
    + [tf.keras.layers.Dense(10, activation='softmax')])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['acc'])
checkpoint = tf.keras.callbacks.ModelCheckpoint('best.keras', save_best_only=True,
                                                monitor='val_loss', verbose=1)
model.fit(x_train, y_train, validation_data=(x_valid, y_valid), epochs=20,
          callbacks=[checkpoint])
model.set_weights([np.zeros_like(w) for w in model.get_weights()])
best_model = tf.keras.models.load_model('best.keras')
best_model.evaluate(x_valid, y_valid)
"""
RELOADED_NAME = "reloaded_into_new_model"

# What each must show: the checks that fail (every other check passes).
EXPECTED_FAILURES = {
    "reference": set(),
    # Trained on raw pixels, the model is then evaluated by the grader on images scaled by
    # 1/255 (the lesson's input), where it does poorly: accuracy fails too.
    "no_normalization": {"normalization", "val_accuracy"},
    "sigmoid_output": {"output_layer"},
    # Keras refuses integer labels with categorical_crossentropy: fit raises, nothing is
    # trained, so no checkpoint is written and the untrained model cannot pass accuracy.
    "categorical_loss_integer_labels": {"loss", "checkpoint_reload", "val_accuracy"},
    "no_checkpoint_reload": {"checkpoint_reload"},
    # `load_model` compiled what it loaded (as outside the grader) and holds the
    # checkpoint's weights; only the full-model checkpoint is not the lesson's.
    RELOADED_NAME: {"checkpoint_config"},
}


def _tfcert(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "autograder.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=1200)


def write_variant(folder: Path, name: str) -> Path:
    """The reference notebook, with one part changed when `name` is a WRONG_PARTS key."""
    notebook = nbformat.read(REFERENCE, as_version=4)
    if name in WRONG_PARTS:
        old, new = WRONG_PARTS[name]
        cells = [c for c in notebook.cells if c.cell_type == "code" and old in c.source]
        assert len(cells) == 1, f"the reference notebook no longer contains {old!r}"
        cells[0].source = cells[0].source.replace(old, new)
    path = folder / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def graded(tmp_path_factory, real_data_dir):
    """Grade the reference, the four wrong variants and the `load_model` script in one
    `tfcert grade` run."""
    folder = tmp_path_factory.mktemp("submissions")
    paths = [write_variant(folder, name) for name in EXPECTED_FAILURES
             if name != RELOADED_NAME]
    paths.append(folder / f"{RELOADED_NAME}.py")
    paths[-1].write_text(RELOADED_INTO_NEW_MODEL, encoding="utf-8")
    before = {p: _sha256(p) for p in paths}
    out = tmp_path_factory.mktemp("reports")
    done = _tfcert("grade", *map(str, paths), "--jobs", "2", *BUDGET,
                   "--json", str(out / "grades.json"), "--csv", str(out / "grades.csv"),
                   "--feedback", str(out / "feedback"))
    return {"done": done, "out": out, "paths": paths, "before": before,
            "results": {Path(s["submission"]).stem: s
                        for s in json.loads((out / "grades.json").read_text())["submissions"]}}


def test_every_submission_is_graded_and_exit_code_is_zero(graded):
    """Does `tfcert grade` grade all six and exit 0 when none errored?"""
    assert graded["done"].returncode == 0, graded["done"].stderr[-3000:]
    assert set(graded["results"]) == set(EXPECTED_FAILURES)
    assert all(s["status"] == "graded" for s in graded["results"].values())


@pytest.mark.parametrize("name", sorted(EXPECTED_FAILURES))
def test_each_wrong_part_fails_exactly_its_checks(graded, name):
    """Does each wrong exercise part fail its own check(s) and pass all the others?"""
    checks = {c["id"]: c for c in graded["results"][name]["checks"]}
    assert list(checks) == CHECK_IDS
    failed = {cid for cid, c in checks.items() if c["status"] != "passed"}
    assert failed == EXPECTED_FAILURES[name], {cid: checks[cid]["message"] for cid in failed}


def test_reference_scores_full_marks(graded):
    """Does the reference solution score 100/100 (with the test's budget and threshold)?"""
    reference = graded["results"]["reference"]
    assert (reference["score"], reference["max_score"]) == (100, 100)
    assert reference["metrics"]["epochs_run"] == 2
    assert 0.6 <= reference["metrics"]["val_accuracy"] <= 1.0


@pytest.mark.parametrize("name, check_id, gist", [
    ("no_normalization", "normalization", "found dtype uint8 with values from 0 to 255"),
    ("sigmoid_output", "output_layer", "found `Dense(10, activation='sigmoid')`"),
    ("categorical_loss_integer_labels", "loss",
     "the loss should be `sparse_categorical_crossentropy`; found `categorical_crossentropy`"),
    ("no_checkpoint_reload", "checkpoint_reload", "`model.load_weights(checkpoint_path)`"),
])
def test_failure_messages_say_what_was_expected_and_found(graded, name, check_id, gist):
    """Does each failure message name what was expected and what was found?"""
    check = next(c for c in graded["results"][name]["checks"] if c["id"] == check_id)
    assert gist in check["message"]
    assert check["points"] == 0 and check["max_points"] > 0


def test_json_report_has_the_documented_shape(graded):
    """Does the JSON report follow the documented, stable shape?"""
    for submission in graded["results"].values():
        assert set(submission) == {"submission", "student", "assignment", "status", "error",
                                   "score", "max_score", "seconds", "tfcert_version",
                                   "sandbox", "keras", "keras_note", "training",
                                   "training_note", "checks", "metrics"}
        assert submission["keras"] == "3" and submission["keras_note"] is None
        assert set(submission["metrics"]) == {"val_accuracy", "best_epoch", "epochs_run"}
        assert submission["score"] == sum(c["points"] for c in submission["checks"])
        for check in submission["checks"]:
            assert set(check) == {"id", "status", "points", "max_points", "message", "key"}
            assert check["status"] in {"passed", "failed", "error"}


def test_csv_report_has_one_row_per_submission(graded):
    """Does the CSV have a header with every check id and one row per submission?"""
    lines = (graded["out"] / "grades.csv").read_text().splitlines()
    assert lines[0].split(",")[0] == "student"
    assert lines[0].split(",")[1 + len(CHECK_IDS)] == "total"
    assert all(cid in lines[0] for cid in CHECK_IDS)
    assert len(lines) == 1 + len(EXPECTED_FAILURES)


def test_grading_leaves_submissions_byte_identical(graded):
    """Is every submission file byte-identical after grading?"""
    for path, digest in graded["before"].items():
        assert _sha256(path) == digest
    assert sorted(p.name for p in graded["paths"][0].parent.iterdir()) == sorted(
        p.name for p in graded["paths"])  # nothing written beside them


def test_feedback_pages_carry_messages_and_curves(graded):
    """Does `--feedback DIR` write one page per submission with its messages and curves?"""
    pages = sorted((graded["out"] / "feedback").glob("*.html"))
    assert len(pages) == len(EXPECTED_FAILURES)
    page = next(p for p in pages if "sigmoid_output" in p.name).read_text(encoding="utf-8")
    assert "Dense(10, activation=&#x27;sigmoid&#x27;)" in page or \
        "Dense(10, activation='sigmoid')" in page
    assert "data:image/png;base64," in page  # the learning curves, embedded


def test_console_report_has_tables_and_a_class_summary(graded):
    """Does the console output show each submission's table and the class summary?"""
    out = graded["done"].stdout
    assert out.count("Score: ") == len(EXPECTED_FAILURES)
    assert "Submissions: 6, graded: 6, errors: 0" in out
    assert "[6/6]" in graded["done"].stderr  # the progress line
    # Not a terminal: each run's epochs as plain lines, named by submission (2 jobs).
    for name in ("reference", "sigmoid_output"):
        assert f"{name}.ipynb: epoch 2/2  loss " in graded["done"].stderr


def test_korean_feedback_of_tfcert_check(tmp_path):
    """Does `--lang ko` give the feedback in Korean, and `tfcert check` exit 1 on a failure?
    (A saved model: graded without a kernel.)"""
    import keras

    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="sigmoid")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"])
    model.save(tmp_path / "sigmoid_output.keras")
    done = _tfcert("check", str(tmp_path / "sigmoid_output.keras"), "--lang", "ko")
    assert done.returncode == 1, done.stderr[-2000:]
    assert "출력층은 `Dense(10, activation='softmax')`이어야 하는데" in done.stdout


def _epoch_template_variant(folder: Path) -> Path:
    """The reference notebook saving `cp-{epoch:02d}.weights.h5` files (TensorFlow's
    tutorial) and reloading the newest one."""
    notebook = nbformat.read(REFERENCE, as_version=4)
    for cell in notebook.cells:
        cell.source = cell.source.replace(
            'checkpoint_path = "my_checkpoint.weights.h5"',
            'checkpoint_path = "cp-{epoch:02d}.weights.h5"').replace(
            "model.load_weights(checkpoint_path)",
            "import glob\nmodel.load_weights(sorted(glob.glob('cp-*.weights.h5'))[-1])")
    path = folder / "epoch_template.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="module")
def quick_graded(tmp_path_factory, real_subset):
    """`tfcert grade --quick` of four folders, in one run: the reference with its
    checkpoint, the reference without one, and the `{epoch}` template with one and with
    two checkpoint files. One trained checkpoint (1 epoch) serves them all."""
    from reference import fashion_dnn as ref

    root = tmp_path_factory.mktemp("quick")
    ref.run(epochs=1, fast=False, workdir=root, seed=0, verbose=0, data=real_subset)
    weights = (root / ref.CHECKPOINT_PATH).read_bytes()
    paths = {}
    for name in ("with_checkpoint", "without_checkpoint", "template_1", "template_2"):
        folder = root / name
        folder.mkdir()
        if name.startswith("template"):
            paths[name] = _epoch_template_variant(folder)
            for epoch in range(1, int(name[-1]) + 1):
                (folder / f"cp-{epoch:02d}.weights.h5").write_bytes(weights)
        else:
            paths[name] = write_variant(folder, "reference")
            if name == "with_checkpoint":
                (folder / ref.CHECKPOINT_PATH).write_bytes(weights)
    done = _tfcert("grade", *map(str, paths.values()), "--quick", "--jobs", "2",
                   "--min-accuracy", "0.6", "--json", str(root / "quick.json"))
    assert done.returncode == 0, done.stderr[-2000:]
    graded = json.loads((root / "quick.json").read_text())["submissions"]
    by_path = {str(path): name for name, path in paths.items()}
    return {by_path[s["submission"]]: s for s in graded}


def _reload_check(result: dict) -> dict:
    return next(c for c in result["checks"] if c["id"] == "checkpoint_reload")


def test_quick_grading_uses_the_saved_checkpoint(quick_graded):
    """Does `--quick` grade from the checkpoint beside the notebook, without training?"""
    result = quick_graded["with_checkpoint"]
    assert result["score"] == 100, result
    assert result["metrics"]["best_epoch"] is None  # unknown without training, not guessed
    assert "cannot be known without training" in _reload_check(result)["message"]


def test_quick_grading_without_checkpoint_says_what_is_missing(quick_graded):
    """Without a saved checkpoint, does `--quick` say the checkpoint file is needed?"""
    reload = _reload_check(quick_graded["without_checkpoint"])
    assert reload["status"] == "failed"
    assert "quick grading needs the checkpoint 'my_checkpoint.weights.h5'" in reload["message"]


@pytest.mark.parametrize("files", [1, 2])
def test_quick_grading_of_an_epoch_template_needs_one_file(quick_graded, files):
    """With a `{epoch}` checkpoint template, does `--quick` grade the one file beside the
    notebook, and say it cannot tell the best epoch among several (not guess)?"""
    result = quick_graded[f"template_{files}"]
    reload = _reload_check(result)
    if files == 1:
        assert result["score"] == 100, result
    else:
        assert reload["status"] == "failed"
        assert "cannot tell which of the 2 checkpoint files matching " \
               "'cp-{epoch:02d}.weights.h5' holds the best epoch" in reload["message"]


def test_quick_grading_copies_every_part_of_a_keras2_checkpoint(tmp_path):
    """Keras 2's `save_weights("my_checkpoint.ckpt")` (the lesson's own path) writes a
    TensorFlow checkpoint in parts: are they all copied with the notebook for `--quick`,
    beside the Keras 3 files, and nothing else?"""
    from autograder.runner.notebook import copy_to_scratch

    student, scratch = tmp_path / "student", tmp_path / "scratch"
    student.mkdir()
    parts = ["checkpoint", "my_checkpoint.ckpt.data-00000-of-00001",
             "my_checkpoint.ckpt.index", "my_checkpoint.weights.h5"]
    for name in parts + ["lesson.ipynb", "notes.txt", "other.ipynb", "checkpoint.py"]:
        (student / name).write_text(name)
    copy_to_scratch(student / "lesson.ipynb", scratch)
    assert sorted(path.name for path in scratch.iterdir()) == sorted(parts + ["lesson.ipynb"])


def test_unreadable_submission_is_an_error_record_and_exit_one(tmp_path, real_data_dir):
    """Does a broken file become an `error` record (exit 1) without stopping the batch?"""
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{ not json")
    done = _tfcert("grade", str(broken), "--json", str(tmp_path / "out.json"))
    assert done.returncode == 1
    [record] = json.loads((tmp_path / "out.json").read_text())["submissions"]
    assert record["status"] == "error"
    assert "is not a valid Jupyter notebook" in record["error"]


def test_usage_errors_exit_two(tmp_path):
    """Do usage errors (bad rubric, bad shard, nothing to grade) exit with code 2?"""
    rubric = tmp_path / "rubric.toml"
    rubric.write_text("[points]\nnot_a_check = 3\n")
    assert _tfcert("grade", str(REFERENCE), "--rubric", str(rubric)).returncode == 2
    assert _tfcert("grade", str(REFERENCE), "--shard", "3/2").returncode == 2
    assert _tfcert("grade", str(tmp_path)).returncode == 2


def test_merge_joins_shard_reports(graded, tmp_path):
    """Does `tfcert merge` join shard JSON files into one sorted report?"""
    results = GradingResults.from_json((graded["out"] / "grades.json").read_text())
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    GradingResults(results.submissions[::2]).write(json_path=first)
    GradingResults(results.submissions[1::2]).write(json_path=second)
    done = _tfcert("merge", str(second), str(first), "--json", str(tmp_path / "all.json"))
    assert done.returncode == 0, done.stderr
    merged = json.loads((tmp_path / "all.json").read_text())["submissions"]
    assert [s["submission"] for s in merged] == sorted(s.submission for s in results.submissions)


def test_model_reloaded_with_load_model_after_fit_is_the_one_graded(graded):
    """`best_model = load_model(checkpoint)` after `fit`: is the reloaded (compiled) model
    graded, not the zeroed one left behind?"""
    result = graded["results"][RELOADED_NAME]
    checks = {c["id"]: c for c in result["checks"]}
    assert checks["checkpoint_reload"]["status"] == "passed", checks["checkpoint_reload"]
    assert checks["val_accuracy"]["status"] == "passed", checks["val_accuracy"]
    assert result["metrics"]["val_accuracy"] >= 0.6
