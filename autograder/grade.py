"""The front door: `grade_submission(path) -> SubmissionResult` (`discovery` finds them).

Example:

    from autograder.grade import GradeOptions, grade_submission
    result = grade_submission("student.ipynb", GradeOptions(epochs=2, n_train=5000))
    print(result.table())
"""

from __future__ import annotations

import contextlib
import shutil
import time
from pathlib import Path

from autograder import data, flags, keras_versions, progress
from autograder.checks import run_checks
from autograder.discovery import kind_of
from autograder.evidence import from_extraction, from_saved_model
from autograder.options import DEFAULT_TIMEOUT, GradeOptions  # noqa: F401 (re-exported)
from autograder.messages import Phrase
from autograder.results import FLAGGED, SubmissionResult
from autograder.runner import notebook as runner
from autograder.runner import optional_imports, sandbox
from autograder.runner.notebook import SubmissionError, copy_to_scratch, prepare, \
    read_submission


def grade_submission(path: str | Path, options: GradeOptions | None = None,
                     name: str | None = None) -> SubmissionResult:
    """Grade one submission file; never raises for a broken submission."""
    options = options or GradeOptions()
    path = Path(path)
    result = SubmissionResult(submission=name or str(path))
    start = time.monotonic()
    try:
        data.test_split()  # read and verified before the submission runs
        _grade_into(result, path, options)
    except sandbox.SandboxError as exc:
        result.status, result.error = "error", str(exc)
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
    if kind == "saved_model":  # no code of the submission runs: nothing to box
        root = runner.grading_folder()
        try:
            scratch = root / "work"
            _check_into(result, from_saved_model(copy_to_scratch(path, scratch), scratch),
                        options)
        finally:
            shutil.rmtree(root, ignore_errors=True)
        return
    notebook = read_submission(path)
    box = sandbox.resolve(options.sandbox)
    result.sandbox = box
    first = keras_versions.KERAS2 if options.keras == keras_versions.KERAS2 \
        else keras_versions.KERAS3
    with contextlib.ExitStack() as first_run:
        evidence = _run(result, path, notebook, kind, options, box, first, first_run,
                        warm_next=True)
        if not (options.keras == keras_versions.AUTO and not options.rubric.keras3_required
                and keras_versions.needs_keras2(evidence.cell_errors,
                                                evidence.checkpoint_errors)):
            _check_into(result, evidence, options)
            return
        # Written for tf.keras 2: graded again as written, in a kernel of its own, with a
        # time limit of its own (`keras_versions`).
        if not keras_versions.available():
            result.keras_note = keras_versions.render_note([Phrase.of(
                "keras.no_tf_keras", error=keras_versions.first_error_text(
                    evidence.cell_errors, evidence.checkpoint_errors)[:300])], options.lang)
            _check_into(result, evidence, options)
            return
        note = keras_versions.rerun_note(evidence.cell_errors, evidence.checkpoint_errors)
    with contextlib.ExitStack() as second_run:
        evidence = _run(result, path, notebook, kind, options, box, keras_versions.KERAS2,
                        second_run)
        result.keras_note = keras_versions.render_note(note, options.lang)
        _check_into(result, evidence, options)


def _run(result: SubmissionResult, path: Path, notebook, kind: str, options: GradeOptions,
         box: str, keras: str, stack: contextlib.ExitStack, warm_next: bool = False):
    """Run the submission once under `keras` ("3" or "2") and return its evidence, whose
    files stay until `stack` closes; `result.keras` says which Keras ran it.

    Raises:
        SubmissionError: the run timed out, or crashed before the extraction.
    """
    driver = runner.driver(options.threads, box, keras)
    stack.callback(driver.close)
    result.keras = keras
    if warm_next and options.warm_next:
        runner.start_spare(options.threads, box, keras)  # the next one's first run
    copy_to_scratch(path, driver.scratch)
    prepared = prepare(notebook, driver.outdir, options.budget(), options.progress)
    optional_imports.import_keras_in_background()  # for the measurements, meanwhile
    with progress.watch(result.submission, driver.root, driver.outdir, options):
        run = driver.run(prepared, options.timeout)
    # What the tamper watch saw, kept even when the run cannot be graded; a Keras 2 rerun
    # adds its flags to the first run's.
    earlier = list(result.flags)
    result.flags = flags.bounded(earlier + flags.collect(driver.outdir, record_genuine=False))
    if run.status == "timeout":
        raise SubmissionError(run.detail)
    if run.status == "crashed" and not (driver.outdir / "record.json").exists():
        raise SubmissionError(f"the submission crashed its kernel: {run.detail}")
    evidence = from_extraction(driver.outdir, driver.scratch, run, kind)  # checks the token
    result.flags = flags.bounded(earlier + flags.collect(
        driver.outdir, record_genuine=(driver.outdir / "record.json").exists()))
    return evidence


def _check_into(result: SubmissionResult, evidence, options: GradeOptions) -> None:
    """Measure and check `evidence` (whose files still exist); the metrics are measured."""
    result.checks, result.measured = run_checks(evidence, options.rubric, options.lang,
                                                data.test_split())
    result.metrics = result.measured.metrics()
    result.history = evidence.history
    training = evidence.fit.training if evidence.fit else None
    result.training = training.to_dict() if training else None
    result.training_note = training.sentence(options.lang) if training else None
    if result.flags:
        result.status = FLAGGED  # graded as usual, for an instructor to review
