"""The front door: `grade_submission(path) -> SubmissionResult`, and submission discovery.

Example:

    from autograder.grade import GradeOptions, grade_submission
    result = grade_submission("student.ipynb", GradeOptions(epochs=2, n_train=5000))
    print(result.table())
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from pathlib import Path

import numpy as np

from autograder import data
from autograder.checks import Context, run_checks
from autograder.evidence import from_extraction, from_saved_model
from autograder.results import SubmissionResult
from autograder.rubric import Rubric
from autograder.runner import notebook as runner
from autograder.runner.notebook import SubmissionError, copy_to_scratch, prepare, \
    read_submission

NOTEBOOK_SUFFIXES = {".ipynb": "notebook", ".py": "script"}
MODEL_SUFFIXES = {".h5", ".keras"}
DEFAULT_TIMEOUT = 1800.0


@dataclasses.dataclass
class GradeOptions:
    """How to grade: rubric, language, time limit, and an optional training budget.

    `epochs`, `n_train` and `n_valid` cap what the submission's `fit` trains on (tests and
    quick practice); `None` leaves the submission's own settings. `quick` skips training
    and grades the checkpoint saved beside the submission. `warm_next` starts the next
    submission's kernel while this one is graded (batch grading: the next submission then
    finds TensorFlow imported).
    """

    rubric: Rubric = dataclasses.field(default_factory=Rubric)
    lang: str = "en"
    timeout: float = DEFAULT_TIMEOUT
    epochs: int | None = None
    n_train: int | None = None
    n_valid: int | None = None
    threads: int | None = None
    quick: bool = False
    warm_next: bool = False

    def budget(self) -> dict:
        return {"epochs": self.epochs, "n_train": self.n_train, "n_valid": self.n_valid,
                "quick": self.quick}


def _test_split() -> tuple[np.ndarray, np.ndarray]:
    _, (images, labels) = data.load()
    return images, labels


def kind_of(path: Path) -> str | None:
    """'notebook', 'script', 'saved_model' or None for files the grader does not take."""
    if path.suffix in MODEL_SUFFIXES and not path.name.endswith(".weights.h5"):
        return "saved_model"
    return NOTEBOOK_SUFFIXES.get(path.suffix)


def grade_submission(path: str | Path, options: GradeOptions | None = None,
                     name: str | None = None) -> SubmissionResult:
    """Grade one submission file; never raises for a broken submission."""
    options = options or GradeOptions()
    path = Path(path)
    result = SubmissionResult(submission=name or str(path))
    start = time.monotonic()
    try:
        _grade_into(result, path, options)
    except SubmissionError as exc:
        result.status, result.error = "error", str(exc)
    except data.DataError as exc:
        result.status, result.error = "error", f"the grader has no test data: {exc}"
    result.seconds = round(time.monotonic() - start, 2)
    return result


def _grade_into(result: SubmissionResult, path: Path, options: GradeOptions) -> None:
    kind = kind_of(path)
    if not path.is_file():
        raise SubmissionError(f"{path} is not a file.")
    if kind is None:
        raise SubmissionError(f"{path.name} is not a submission the grader takes: expected a "
                              ".ipynb notebook, a .py script, or a saved .h5/.keras model.")
    if kind == "saved_model":
        with tempfile.TemporaryDirectory(prefix="tfcert-") as tmp:
            scratch = Path(tmp) / "work"
            _check_into(result, from_saved_model(copy_to_scratch(path, scratch), scratch),
                        options)
        return
    notebook = read_submission(path)
    driver = runner.driver(options.threads)
    try:
        if options.warm_next:
            runner.start_spare(options.threads)
        copy_to_scratch(path, driver.scratch)
        run = driver.run(prepare(notebook, driver.outdir, options.budget()), options.timeout)
        if run.status == "timeout":
            raise SubmissionError(run.detail)
        if run.status == "crashed" and not (driver.outdir / "record.json").exists():
            raise SubmissionError(f"the submission crashed its kernel: {run.detail}")
        _check_into(result, from_extraction(driver.outdir, driver.scratch, run, kind), options)
    finally:
        driver.close()


def _check_into(result: SubmissionResult, evidence, options: GradeOptions) -> None:
    """Run the checks on `evidence` (whose files still exist) and note the run's metrics."""
    images, labels = _test_split()
    context = Context(rubric=options.rubric, lang=options.lang, test_images=images,
                      test_labels=labels)
    result.checks = run_checks(evidence, context)
    history = evidence.history
    result.history = history
    if history.get("val_loss"):
        result.metrics["best_epoch"] = int(np.argmin(history["val_loss"])) + 1
    if history.get("loss"):
        result.metrics["epochs_run"] = len(history["loss"])
    if "val_accuracy" in context.cache:
        result.metrics["val_accuracy"] = round(context.cache["val_accuracy"], 4)


def discover(paths: list[str | Path]) -> list[tuple[Path, str]]:
    """Expand paths into `(file, display name)` submissions, sorted.

    A folder in nbgrader's `submitted/<student>/<assignment>/` layout (or any folder)
    yields each notebook, script and saved model inside it, named by its relative path.
    """
    found: list[tuple[Path, str]] = []
    for entry in map(Path, paths):
        if entry.is_dir():
            for file in sorted(entry.rglob("*")):
                if (file.is_file() and kind_of(file) is not None
                        and ".ipynb_checkpoints" not in file.parts):
                    found.append((file, str(file.relative_to(entry.parent))))
        else:
            found.append((entry, str(entry)))
    return sorted(found, key=lambda item: item[1])
