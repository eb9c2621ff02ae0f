"""The checks: one small function per property, each returning a `Verdict`.

A check reads only `Evidence` (plain data) and never calls the student's code. Adding a
check is one function and one `yield` line in `checks_for`.
"""

from __future__ import annotations

import dataclasses

from autograder.messages import say
from autograder.results import ERROR, FAILED, PASSED, CheckResult


@dataclasses.dataclass
class Verdict:
    """A check's conclusion: passed or not, and which message to show with what values."""

    passed: bool
    key: str
    params: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class Context:
    """What checks may use besides the evidence: rubric, language, the grader's test data."""

    rubric: object
    lang: str = "en"
    test_images: object = None
    test_labels: object = None
    cache: dict = dataclasses.field(default_factory=dict)


def clause(text: str | None) -> str | None:
    """`text` without its final period, to sit inside a message's sentence."""
    return text.rstrip(" .") if isinstance(text, str) else text


def checks_for(kind: str):
    """Yield `(check_id, function)` for a submission of this kind, in report order."""
    from autograder.checks import (accuracy_checks, checkpoint_checks, compile_checks,
                                   data_checks, model_checks)

    # A saved model file carries no record of `fit`: nothing about the data or the
    # checkpoint can be known from it, so only the model's own checks apply.
    if kind != "saved_model":
        yield "normalization", data_checks.check_normalization
    yield "layers", model_checks.check_layers
    yield "output_layer", model_checks.check_output_layer
    yield "loss", compile_checks.check_loss
    yield "compile", compile_checks.check_compile
    if kind != "saved_model":
        yield "checkpoint_config", checkpoint_checks.check_checkpoint_config
        yield "checkpoint_reload", checkpoint_checks.check_checkpoint_reload
    yield "val_accuracy", accuracy_checks.check_val_accuracy


def run_checks(evidence, context: Context) -> list[CheckResult]:
    """Every applicable check on `evidence`; a check that breaks becomes an `error` result."""
    results = []
    for check_id, check in checks_for(evidence.kind):
        max_points = context.rubric.points[check_id]
        try:
            verdict = check(evidence, context)
            message = say(verdict.key, context.lang, **verdict.params)
        except Exception as exc:  # a grader bug must not stop the other checks
            results.append(CheckResult(check_id, ERROR, 0, max_points,
                                       f"The grader could not run this check: "
                                       f"{type(exc).__name__}: {exc}"))
            continue
        status = PASSED if verdict.passed else FAILED
        results.append(CheckResult(check_id, status, max_points if verdict.passed else 0,
                                   max_points, message))
    return results
