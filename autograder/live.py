"""Checks on the live objects of a running notebook (nbgrader test cells).

nbgrader runs the student's code and its test cells in one kernel. A test cell calls
`assert_check("loss", globals())`: the same extraction the grader uses writes plain data
from the kernel's variables, and the same check judges it. A failed check raises
`AssertionError` with the check's feedback, which nbgrader shows to the student.

The notebook must call `kernel_side.install()` before the student's `fit` (a locked cell
at the top of the exercise does), so that what `fit` was given is recorded.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from autograder.checks import Context, checks_for
from autograder.evidence import from_extraction
from autograder.messages import say
from autograder.rubric import Rubric
from autograder.runner import kernel_side


def evidence_from(namespace: dict, workdir: str | Path = "."):
    """Evidence about the live `namespace`, via the grader's own extraction."""
    with tempfile.TemporaryDirectory(prefix="tfcert-live-") as tmp:
        kernel_side.extract(namespace, tmp)
        return from_extraction(Path(tmp), Path(workdir), run=None, kind="notebook")


def run_check(check_id: str, namespace: dict, lang: str = "en",
              min_accuracy: float | None = None):
    """`(passed, message)` of one check on the live objects."""
    from autograder import data

    checks = dict(checks_for("notebook"))
    if check_id not in checks:
        raise ValueError(f"Unknown check. Expected one of {sorted(checks)}. "
                         f"Received: check_id={check_id!r}")
    evidence = evidence_from(namespace)
    context = Context(rubric=Rubric.load(min_accuracy=min_accuracy), lang=lang)
    if check_id == "val_accuracy":
        _, (context.test_images, context.test_labels) = data.load()
    verdict = checks[check_id](evidence, context)
    return verdict.passed, say(verdict.key, lang, **verdict.params)


def assert_check(check_id: str, namespace: dict, lang: str = "en",
                 min_accuracy: float | None = None) -> str:
    """Raise AssertionError with the feedback when the check fails; return it when it passes."""
    passed, message = run_check(check_id, namespace, lang, min_accuracy)
    if not passed:
        raise AssertionError(message)
    return message
