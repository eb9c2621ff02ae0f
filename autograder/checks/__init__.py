"""The checks: pure functions `(evidence, measured) -> Verdict`, and the one table of them.

A check reads only the validated `Evidence` and what the measure step `Measured`; it never
calls the student's code, rebuilds a model or reads a file. It returns a `Verdict`: passed
or not, a catalog key and plain facts (never a sentence). `table.CHECKS` lists every check
with its points, the kinds of submission and the exercise it applies to; everything else
(the rubric's points, `tfcert`'s report order, the pytest plugin's tests, the live checks
of nbgrader's test cells, the corpus' expectations) is derived from it.

Adding a check is one function and one row in `table.CHECKS`.
"""

from __future__ import annotations

import dataclasses

from autograder.messages import Phrase


@dataclasses.dataclass(frozen=True)
class Verdict:
    """A check's conclusion: passed or not, and which catalog message says so, with what.

    `error` marks the grader's own failure (it could not read what it needed): the
    result is then an `error`, never the student's fault.
    """

    passed: bool
    key: str
    facts: dict = dataclasses.field(default_factory=dict)
    error: bool = False

    @classmethod
    def grader_error(cls, problem: Phrase) -> "Verdict":
        return cls(False, problem.key, dict(problem.facts), error=True)


from autograder.checks.table import CHECKS, EXERCISES, Check, checks_for, run_check, \
    run_checks  # noqa: E402  (the check modules import Verdict from here)

__all__ = ["CHECKS", "EXERCISES", "Check", "Verdict", "checks_for", "run_check", "run_checks"]
