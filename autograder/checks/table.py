"""The one table of checks, and the one way to run them.

Each row: the check's id, its points, its function, the kinds of submission it applies
to, its exercise, and what it needs measured. The rubric's defaults, `checks_for`, the
pytest plugin, the live checks (`autograder.live`) and the corpus' expectations all read
this table; `run_checks` is the one way to run checks, in a batch and in a live kernel
alike, so a check that breaks is an `error` result everywhere, never a traceback.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from autograder.checks import accuracy_checks, checkpoint_checks, compile_checks, \
    data_checks, loss_table_checks, model_checks
from autograder.messages import render
from autograder.measure import ACCURACY, CHECKPOINT, measure
from autograder.results import ERROR, FAILED, PASSED, CheckResult

RUN = frozenset({"notebook", "script"})      # submissions the grader runs
ANY = RUN | {"saved_model"}                   # a saved model file too


@dataclasses.dataclass(frozen=True)
class Exercise:
    """An exercise's own settings: the accuracy its hidden test asks for."""

    name: str
    min_accuracy: float


EXERCISES = {
    "fashion_mnist": Exercise("fashion_mnist", min_accuracy=0.85),
    # 5 epochs without a checkpoint (exercises/*/loss_table): a lower bar.
    "loss_table": Exercise("loss_table", min_accuracy=0.80),
}


@dataclasses.dataclass(frozen=True)
class Check:
    """One row of the table."""

    id: str
    points: float
    function: Callable
    kinds: frozenset = ANY
    exercise: str = "fashion_mnist"
    needs: frozenset = frozenset()  # measurements (`measure.CHECKPOINT`, `ACCURACY`)


CHECKS: tuple[Check, ...] = (
    # -- the lesson's exercise, in report order --------------------------------------
    # A saved model file carries no record of `fit`: nothing about the data or the
    # checkpoint can be known from it, so only the model's own checks apply.
    Check("normalization", 10, data_checks.check_normalization, RUN),
    Check("layers", 15, model_checks.check_layers),
    Check("output_layer", 15, model_checks.check_output_layer),
    Check("loss", 15, compile_checks.check_loss),
    Check("compile", 10, compile_checks.check_compile),
    Check("checkpoint_config", 10, checkpoint_checks.check_checkpoint_config, RUN),
    Check("checkpoint_reload", 10, checkpoint_checks.check_checkpoint_reload, RUN,
          needs=frozenset({CHECKPOINT})),
    Check("val_accuracy", 15, accuracy_checks.check_val_accuracy,
          needs=frozenset({ACCURACY})),
    # -- the loss-table exercise (live checks of its nbgrader test cells) ------------
    Check("one_hot_train", 10, loss_table_checks.check_one_hot_train, RUN, "loss_table"),
    Check("one_hot_valid", 10, loss_table_checks.check_one_hot_valid, RUN, "loss_table"),
    Check("table_binary", 10, loss_table_checks.check_table_binary, RUN, "loss_table"),
    Check("table_multiclass_onehot", 10, loss_table_checks.check_table_multiclass_onehot,
          RUN, "loss_table"),
    Check("table_multiclass_integer", 10, loss_table_checks.check_table_multiclass_integer,
          RUN, "loss_table"),
    Check("compile", 10, compile_checks.check_compile, RUN, "loss_table"),
    Check("loss", 20, loss_table_checks.check_one_hot_loss, RUN, "loss_table"),
    Check("val_accuracy", 20, loss_table_checks.check_one_hot_accuracy, RUN, "loss_table",
          needs=frozenset({ACCURACY})),
)


def checks_for(kind: str, exercise: str = "fashion_mnist") -> list[Check]:
    """The checks that apply to a submission of this kind, in report order."""
    if exercise not in EXERCISES:
        raise ValueError(f"Unknown exercise. Expected one of {sorted(EXERCISES)}. "
                         f"Received: exercise={exercise!r}")
    return [c for c in CHECKS if c.exercise == exercise and kind in c.kinds]


def run_check(check: Check, evidence, measured, max_points: float,
              lang: str = "en") -> CheckResult:
    """One check on `evidence`; a check that breaks (a grader bug) is an `error` result."""
    try:
        verdict = check.function(evidence, measured)
        message = render(verdict.key, lang, **verdict.facts)
    except Exception as exc:  # a grader bug must not stop the other checks
        key = "grader.check_failed"
        return CheckResult(check.id, ERROR, 0, max_points,
                           render(key, lang, ename=type(exc).__name__, evalue=str(exc)[:300]),
                           key=key)
    status = ERROR if verdict.error else PASSED if verdict.passed else FAILED
    return CheckResult(check.id, status, max_points if status == PASSED else 0, max_points,
                       message, key=verdict.key)


def run_checks(evidence, rubric, lang: str = "en", test_set=None,
               exercise: str = "fashion_mnist", only: set | None = None):
    """Measure what the applicable checks need, once, then run them.

    Returns `(results, measured)`. `only` keeps the named checks (the live checks of one
    test cell); `test_set` (`(images, labels)`) is needed when the accuracy is checked.
    """
    checks = [c for c in checks_for(evidence.kind, exercise) if only is None or c.id in only]
    needs = frozenset().union(*(c.needs for c in checks))
    measured = measure(evidence, test_set, rubric.min_accuracy, needs)
    results = [run_check(c, evidence, measured, rubric.points[c.id], lang) for c in checks]
    return results, measured
