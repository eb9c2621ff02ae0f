"""Checks on the live objects of a running notebook (nbgrader test cells).

nbgrader runs the student's code and its test cells in one kernel. A test cell calls
`assert_check("loss", globals())`: the same extraction the grader uses writes plain data
from the kernel's variables, and the same check judges it. A failed check raises
`AssertionError` with the check's feedback (Korean and English), which nbgrader shows to
the student; a passed check prints its message.

The notebook must call `start_recording()` before the student's `fit` (a locked cell at
the top of the exercise does), so that what `fit` was given is recorded.

Before `fit` has run, there is no record of what it was given: the checks then look at
the lesson's variables instead (`x_train`, `y_train`, `x_valid`, `y_valid`, and a
`ModelCheckpoint` in the notebook), so a test cell right after the normalization can
judge it.

Environment variables (for instructors and the kit's own tests; the kernel inherits them
from `nbgrader autograde`):

- `TFCERT_EPOCHS`, `TFCERT_TRAIN_SIZE`: cap the training budget (fewer epochs, the first
  N training images), whatever the notebook's `EPOCHS` and `TRAIN_SIZE` say.
- `TFCERT_MIN_ACCURACY`: the minimum test accuracy of the `val_accuracy` check (default:
  the rubric's 0.85).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
import warnings
from pathlib import Path

from autograder import loss_table_facts
from autograder.checks import checks_for, run_checks
from autograder.evidence import FitNote, from_extraction
from autograder.messages import BOTH, Phrase, check_lang, render, say
from autograder.results import ERROR, FAILED, PASSED, CheckResult
from autograder.rubric import Rubric
from autograder.runner import kernel_side

ENV_EPOCHS = "TFCERT_EPOCHS"
ENV_TRAIN_SIZE = "TFCERT_TRAIN_SIZE"
ENV_MIN_ACCURACY = "TFCERT_MIN_ACCURACY"


def _env_number(name: str, kind=int, smallest=1):
    """The number in the environment variable `name` (None when unset or empty)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        value = kind(raw)
    except ValueError:
        raise ValueError(f"${name} must be a number. Received: {name}={raw!r}") from None
    if value < smallest:
        raise ValueError(f"${name} must be at least {smallest}. Received: {name}={raw!r}")
    return value


def env_min_accuracy() -> float | None:
    """The hidden test's threshold from `$TFCERT_MIN_ACCURACY` (None when unset)."""
    return _env_number(ENV_MIN_ACCURACY, float, smallest=0.0)


def _tightest(*limits):
    """The smallest of the limits that are set (None when none is)."""
    given = [int(x) for x in limits if x is not None]
    return min(given) if given else None


@contextlib.contextmanager
def quiet_stderr():
    """Silence stderr for a while: Python's `sys.stderr`, warnings, and file descriptor 2.

    TensorFlow's C++ code writes to descriptor 2 directly: on import (TF 2.21 prints
    "All log messages before absl::InitializeLog() is called are written to STDERR" and
    a oneDNN notice, whatever `TF_CPP_MIN_LOG_LEVEL` says) and sometimes later. In a
    Jupyter kernel that becomes a stderr output of the running cell, and nbgrader gives 0
    points to a test cell with any stderr output.
    """
    try:
        sys.stderr.flush()
    except Exception:
        pass
    try:
        saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:  # no descriptor 2 to silence (an odd host): Python's side only
        saved = devnull = None
    try:
        if saved is not None:
            os.dup2(devnull, 2)
        with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            yield
    finally:
        if saved is not None:
            os.dup2(saved, 2)
            os.close(saved)
            os.close(devnull)


def import_tensorflow_quietly() -> None:
    """Import TensorFlow and Keras without their import-time logs on stderr; Keras as the
    grader's kernels import it (`kernel_side.keras_module`: scikit-learn, pandas and pyplot
    only once the notebook imports them)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    with quiet_stderr():
        kernel_side.keras_module()  # imports TensorFlow, its backend
        import tensorflow  # noqa: F401


def start_recording(epochs: int | None = None, n_train: int | None = None) -> None:
    """Record what `fit` is given, and cap training at the tightest budget in force.

    The budget is the tightest of: the arguments (the notebook's `EPOCHS` and
    `TRAIN_SIZE`), `$TFCERT_EPOCHS` / `$TFCERT_TRAIN_SIZE`, and a budget the grader set
    before the notebook ran (`tfcert check --epochs`, `pytest --tfcert-epochs`). Prints
    the budget when it is tighter than the notebook's own values.
    """
    import_tensorflow_quietly()
    outer = kernel_side.budget()
    budget = {
        "epochs": _tightest(epochs, _env_number(ENV_EPOCHS), outer.get("epochs")),
        "n_train": _tightest(n_train, _env_number(ENV_TRAIN_SIZE), outer.get("n_train")),
        "n_valid": outer.get("n_valid"),
        "quick": bool(outer.get("quick", False)),
        "exact": bool(outer.get("exact", False)),
    }
    kernel_side.install(**budget)
    if (budget["epochs"], budget["n_train"]) != (epochs, n_train):
        print(render("live.budget", BOTH, epochs=budget["epochs"] or "EPOCHS",
                     images=budget["n_train"] or Phrase.of("live.all_training_images"),
                     env_epochs=ENV_EPOCHS, env_train_size=ENV_TRAIN_SIZE))


def _namespace_fit(namespace: dict) -> dict:
    """What the lesson's variables would give `fit`, for checks that run before it."""
    import keras

    checkpoints = [value for name, value in namespace.items()
                   if not name.startswith("_")
                   and isinstance(value, keras.callbacks.ModelCheckpoint)]
    return kernel_side.fit_note(namespace.get("x_train"), namespace.get("y_train"),
                                (namespace.get("x_valid"), namespace.get("y_valid")),
                                callbacks=checkpoints[-1:], from_namespace=True)


def evidence_from(namespace: dict, workdir: str | Path = ".", exercise: str = "fashion_mnist",
                  one_hot_names: dict | None = None):
    """Evidence about the live `namespace`, via the grader's own extraction.

    For the loss-table exercise it also holds the facts of its variables
    (`loss_table_facts`; `one_hot_names` maps a role to `(encoded, labels)` names).
    """
    with tempfile.TemporaryDirectory(prefix="tfcert-live-") as tmp:
        kernel_side.extract(namespace, tmp)
        evidence = from_extraction(Path(tmp), Path(workdir), run=None, kind="notebook")
    if evidence.fit is None and not evidence.fits:
        evidence.fit = FitNote.parse(_namespace_fit(namespace))
    if exercise == "loss_table":
        names = {**loss_table_facts.ONE_HOT_NAMES, **(one_hot_names or {})}
        evidence.one_hot = {role: loss_table_facts.describe_one_hot(namespace, *pair)
                            for role, pair in names.items()}
        evidence.table = loss_table_facts.describe_table(namespace)
    return evidence


def run_live_checks(check_ids, namespace: dict, lang: str = BOTH,
                    min_accuracy: float | None = None, exercise: str = "fashion_mnist",
                    one_hot_names: dict | None = None) -> list[CheckResult]:
    """The results of the checks `check_ids` (None: all of the exercise's, in the table's
    order) on the live objects: one extraction, the same `run_checks` as the grader's.

    `lang` is "en", "ko" or "both"; `min_accuracy` defaults to `$TFCERT_MIN_ACCURACY`,
    then to the exercise's rubric.
    """
    from autograder import data

    known = [check.id for check in checks_for("notebook", exercise)]
    wanted = known if check_ids is None else list(check_ids)
    unknown = [check_id for check_id in wanted if check_id not in known]
    if unknown:
        raise ValueError(f"Unknown check. Expected one of {sorted(known)}. "
                         f"Received: check_id={unknown[0]!r}")
    check_lang(lang, both=True)
    if min_accuracy is None:
        min_accuracy = env_min_accuracy()
    rubric = Rubric.load(min_accuracy=min_accuracy, exercise=exercise)
    # nbgrader gives 0 points to a test cell that writes anything to stderr: keep the
    # grader's own warnings and logs (Keras rebuilding the model, h5py) out of the cell.
    with quiet_stderr():
        evidence = evidence_from(namespace, exercise=exercise, one_hot_names=one_hot_names)
        test_set = data.load()[1] if "val_accuracy" in wanted else None
        results, _ = run_checks(evidence, rubric, lang, test_set, exercise, only=set(wanted))
    return results


def run_check(check_id: str, namespace: dict, lang: str = BOTH,
              min_accuracy: float | None = None, exercise: str = "fashion_mnist",
              one_hot_names: dict | None = None) -> CheckResult:
    """The result of one check on the live objects (see `run_live_checks`)."""
    (result,) = run_live_checks([check_id], namespace, lang, min_accuracy, exercise,
                                one_hot_names)
    return result


def assert_check(check_id: str, namespace: dict, lang: str = BOTH,
                 min_accuracy: float | None = None, exercise: str = "fashion_mnist",
                 one_hot_names: dict | None = None) -> None:
    """Raise AssertionError with the feedback when the check fails; print it when it passes.

    Example (an nbgrader test cell):

        from autograder.live import assert_check
        assert_check("normalization", globals())
    """
    result = run_check(check_id, namespace, lang, min_accuracy, exercise, one_hot_names)
    if result.status != PASSED:
        raise AssertionError(result.message)
    print(f"[{check_id}] {result.message}")


# -- the student's own checks, inside the notebook (Jupyter, VS Code, Colab) -------------

def _caller_globals(namespace: dict | None, depth: int = 2) -> dict:
    """`namespace`, or the globals of the code that called the public function (a
    notebook's cells share them)."""
    return namespace if namespace is not None else sys._getframe(depth).f_globals


STATUS_KEYS = {PASSED: "live.passed", FAILED: "live.failed", ERROR: "live.error"}


def _status_word(result: CheckResult, lang: str) -> str:
    return say(STATUS_KEYS[result.status], lang)


def check(check_id: str, namespace: dict | None = None, lang: str = BOTH,
          exercise: str = "fashion_mnist") -> CheckResult:
    """Check one part now and print its feedback, as the grader would (nothing raised).

    Example (a notebook cell, after the normalization):

        from autograder.live import check
        check("normalization")
    """
    result = run_check(check_id, _caller_globals(namespace), lang, exercise=exercise)
    shown = "/".join(_status_word(result, one) for one in _languages(lang))
    print(f"[{check_id}] {shown} ({result.points:g}/{result.max_points:g})\n{result.message}")
    return result


def check_all(namespace: dict | None = None, lang: str = BOTH,
              exercise: str = "fashion_mnist") -> list[CheckResult]:
    """Run every check of the exercise on the notebook's objects; print each one's feedback,
    then a score table. The same checks as the grader's, with the grader's points (the
    accuracy is measured on the real test images, so run it after training).

    Example (the notebook's last cell):

        from autograder.live import check_all
        check_all()
    """
    results = run_live_checks(None, _caller_globals(namespace), lang, exercise=exercise)
    for result in results:
        print(f"[{result.id}] {result.message}\n")
    print(score_table(results, lang, exercise))
    return results


def _languages(lang: str) -> tuple[str, ...]:
    return ("ko", "en") if lang == BOTH else (lang,)


def score_table(results: list[CheckResult], lang: str = BOTH,
                exercise: str = "fashion_mnist") -> str:
    """A plain-text table: one row per check (status, points), then the total."""
    langs = _languages(check_lang(lang, both=True))
    heading = " / ".join(say("live.table_title", one, exercise=exercise) for one in langs)
    width = max(len(r.id) for r in results)
    columns = (("live.table_check", width), ("live.table_points", 13))
    rows = [heading, "  ".join(
        f"{'/'.join(say(key, one) for one in langs):<{size}}" for key, size in columns)]
    for result in results:
        status = "/".join(_status_word(result, one) for one in langs)
        rows.append(f"{result.id:<{width}}  {result.points:>5g} / {result.max_points:<5g}  "
                    f"{status}")
    score = sum(r.points for r in results)
    most = sum(r.max_points for r in results)
    rows.append(" / ".join(say("live.total", one, score=score, max_score=most)
                           for one in langs))
    return "\n".join(rows)
