"""Check results as plain data, and every report made from them.

One `GradingResults` renders the console table, JSON, CSV and Gradescope's
`results.json`. The JSON names are stable: other tools read them. `SCHEMA_VERSION` counts
their changes; the README's "Results schema" section is the reference.

JSON (schema 2), one object:
`{"schema_version": 2, "tfcert_version", "rubric": {"points", "min_accuracy"} | null,
  "shard": {"index", "count", "source"} | null, "given": [names] | null,
  "submissions": [{"submission", "student", "assignment",
                   "status": "graded"|"flagged"|"error", "error", "score",
                   "max_score", "seconds", "tfcert_version", "sandbox": "bwrap"|"off"|null,
                   "keras": "3"|"2"|null, "keras_note": str|null,
                   "training": {"path": "fast"|"exact", "reason": key|null,
                                "detail": str|null}|null, "training_note": str|null,
                   "checks": [{"id", "status": "passed"|"failed"|"error", "points",
                               "max_points", "message", "key"}],
                   "metrics": {"val_accuracy", "best_epoch", "epochs_run"},
                   "flags": [{"kind", "detail", "count"}]  (only when "flagged")}]}`
"training" (issue 17): which path trained the graded `fit` (`runner.fast_path`): "fast" (only
rounding differs from the submission's own code) or "exact", with the catalog key of the
reason (`training.exact.*`) and its detail; null when no `fit` trained. "training_note"
says it in the grading language. Added without a version bump: readers ignore it.
"flagged" is graded (score and checks as usual) with tamper flags for an instructor to
review (`flags`, README Trust).
Schema 1 (a bare array of the submission objects) is still read.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

from autograder import __version__

PASSED, FAILED, ERROR = "passed", "failed", "error"
GRADED, FLAGGED = "graded", "flagged"  # a submission's status, besides "error"
SCHEMA_VERSION = 2


@dataclasses.dataclass
class CheckResult:
    """The outcome of one check on one submission."""

    id: str
    status: str
    points: float
    max_points: float
    message: str
    key: str | None = None  # the verdict's catalog key, e.g. "loss.mismatch"

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class SubmissionResult:
    """Everything the grader concluded about one submission."""

    submission: str
    status: str = "graded"  # "flagged": graded, with tamper flags; "error": not graded
    error: str | None = None
    checks: list[CheckResult] = dataclasses.field(default_factory=list)
    metrics: dict = dataclasses.field(default_factory=lambda: {
        "val_accuracy": None, "best_epoch": None, "epochs_run": None})
    seconds: float | None = None
    student: str | None = None  # the student's id, from nbgrader's submitted/<student>/ layout
    assignment: str | None = None  # nbgrader's assignment, from .../<student>/<assignment>/
    tfcert_version: str = __version__
    # The box the submission's code ran in: "bwrap" or "off" (`runner.sandbox`); None
    # when none of its code ran (a saved model, a file refused before running).
    sandbox: str | None = None
    # The Keras that ran the graded run: "3", or "2" (tf-keras; `keras_versions`); None
    # when none of its code ran. `keras_note`: why it was graded again under Keras 2 and
    # the Keras 3 fixes (in the grading language), else None.
    keras: str | None = None
    keras_note: str | None = None
    # Which path trained the graded `fit`: `evidence.Training.to_dict()` ({"path", "reason",
    # "detail"}), and its sentence in the grading language; None when no `fit` trained.
    training: dict | None = None
    training_note: str | None = None
    # Per-epoch history and what the grader measured (`measure.Measured`), for feedback
    # pages; kept out of the JSON, whose names are stable.
    history: dict = dataclasses.field(default_factory=dict, repr=False)
    measured: object = dataclasses.field(default=None, repr=False)
    # What the kernel's tamper watch saw (`flags.collect`): [{"kind", "detail", "count"}].
    flags: list = dataclasses.field(default_factory=list)

    @property
    def graded(self) -> bool:
        """Whether the submission was graded (flagged or not)."""
        return self.status in (GRADED, FLAGGED)

    @property
    def score(self) -> float:
        return round(sum(c.points for c in self.checks), 2)

    @property
    def max_score(self) -> float:
        return round(sum(c.max_points for c in self.checks), 2)

    @property
    def all_passed(self) -> bool:
        return self.graded and all(c.status == PASSED for c in self.checks)

    def to_dict(self) -> dict:
        data = {
            "submission": self.submission, "student": self.student,
            "assignment": self.assignment, "status": self.status,
            "error": self.error, "score": self.score, "max_score": self.max_score,
            "seconds": self.seconds, "tfcert_version": self.tfcert_version,
            "sandbox": self.sandbox, "keras": self.keras, "keras_note": self.keras_note,
            "training": dict(self.training) if self.training else None,
            "training_note": self.training_note,
            "checks": [c.to_dict() for c in self.checks],
            "metrics": dict(self.metrics),
        }
        if self.flags:  # optional: absent from unflagged results
            data["flags"] = [dict(f) for f in self.flags]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "SubmissionResult":
        """Read one submission object (schema 1 lacks student, seconds, version and keys)."""
        return cls(submission=data["submission"], status=data["status"], error=data.get("error"),
                   checks=[CheckResult(**c) for c in data.get("checks", [])],
                   metrics=dict(data.get("metrics") or {}), seconds=data.get("seconds"),
                   student=data.get("student"), assignment=data.get("assignment"),
                   tfcert_version=data.get("tfcert_version") or "unknown",
                   sandbox=data.get("sandbox"), keras=data.get("keras"),
                   keras_note=data.get("keras_note"),
                   training=data.get("training") if isinstance(data.get("training"), dict)
                   else None, training_note=data.get("training_note"),
                   flags=[dict(f) for f in data.get("flags") or []])

    @property
    def row_name(self) -> str:
        """The name of this submission's CSV row: the student's id, else the submission."""
        return self.student or self.submission

    def table(self) -> str:
        """A plain-text table: one line per check, then the total."""
        lines = [f"== {self.submission} =="]
        if self.status == "error":
            lines.append(f"ERROR: {self.error}")
        if self.keras_note:
            lines.append(f"NOTE (Keras {self.keras}): {self.keras_note}")
        if self.training:
            lines.append(f"TRAINING ({self.training.get('path')}): {self.training_note or ''}")
        width = max([len(c.id) for c in self.checks] + [5])
        for c in self.checks:
            mark = {"passed": "PASS", "failed": "FAIL", "error": "ERR "}[c.status]
            lines.append(f"{mark} {c.id:<{width}} {c.points:>5g}/{c.max_points:<3g} {c.message}")
        if self.checks:
            lines.append(f"Score: {self.score:g}/{self.max_score:g}")
        if self.flags:
            from autograder import flags

            lines.append(flags.summary(self.flags).replace("**", ""))
        return "\n".join(lines)


@dataclasses.dataclass
class GradingResults:
    """All submissions of one grading run; the single source of every report."""

    submissions: list[SubmissionResult] = dataclasses.field(default_factory=list)
    # The rubric graded with (`{"points", "min_accuracy"}`), None when unknown (schema 1).
    rubric: dict | None = None
    # For one shard of a batch: `{"index", "count", "source"}` and the names of the
    # submissions it was given, so `tfcert merge` can tell what is missing or duplicated.
    shard: dict | None = None
    given: list[str] | None = None

    @property
    def errors(self) -> list[SubmissionResult]:
        return [s for s in self.submissions if s.status == "error"]

    def to_dict(self) -> dict:
        return {"schema_version": SCHEMA_VERSION, "tfcert_version": __version__,
                "rubric": self.rubric, "shard": self.shard, "given": self.given,
                "submissions": [s.to_dict() for s in self.submissions]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "GradingResults":
        """Read `tfcert grade --json` output: schema 2 (an object) or schema 1 (an array)."""
        data = json.loads(text)
        if isinstance(data, list):  # schema 1
            return cls([SubmissionResult.from_dict(item) for item in data])
        if not isinstance(data, dict) or not isinstance(data.get("submissions"), list):
            found = sorted(data) if isinstance(data, dict) else type(data).__name__
            raise ValueError("Expected the JSON written by `tfcert grade --json`: an object with "
                             "`schema_version` and a `submissions` array (or, from versions "
                             f"before schema 2, an array). Received: {found}")
        version = data.get("schema_version")
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise ValueError(f"Unknown results schema: this kit reads schema_version 1 to "
                             f"{SCHEMA_VERSION}. Received: schema_version={version!r}")
        return cls([SubmissionResult.from_dict(item) for item in data["submissions"]],
                   rubric=data.get("rubric"), shard=data.get("shard"), given=data.get("given"))

    def check_ids(self) -> list[str]:
        ids: list[str] = []
        for s in self.submissions:
            ids += [c.id for c in s.checks if c.id not in ids]
        return ids

    def to_csv(self) -> str:
        """One row per student (or submission): each check's points, then the total, for a
        spreadsheet or an LMS; then the details (maximum, status, accuracy, seconds, error)."""
        ids = self.check_ids()
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["student", *ids, "total", "max_score", "status", "accuracy",
                         "seconds", "submission", "error", "flags"])
        for s in self.submissions:
            points = {c.id: c.points for c in s.checks}
            accuracy = s.metrics.get("val_accuracy")
            writer.writerow([s.row_name, *[points.get(i, "") for i in ids], s.score, s.max_score,
                             s.status, "" if accuracy is None else accuracy,
                             "" if s.seconds is None else s.seconds, s.submission,
                             s.error or "", _flag_cell(s.flags)])
        return out.getvalue()

    def to_gradescope(self, lang: str = "en", hidden: dict | None = None,
                      note: str | None = None, execution_time: float | None = None) -> dict:
        """Gradescope's `results.json` for the one submission (Markdown texts).

        `hidden` maps check ids to the visibility their test gets (the hidden accuracy
        test: `"after_published"`); other tests are visible. `note` (how the submission
        was chosen) starts the top-level `output`.
        """
        from autograder.messages import say

        if len(self.submissions) != 1:
            raise ValueError("Gradescope's results.json describes one submission; "
                             f"received {len(self.submissions)}.")
        s, hidden = self.submissions[0], hidden or {}
        tests = [{"name": c.id, "number": str(number), "score": c.points,
                  "max_score": c.max_points,
                  "status": "passed" if c.status == PASSED else "failed",
                  "output": c.message, "output_format": "md",
                  "visibility": hidden.get(c.id, "visible")}
                 for number, c in enumerate(s.checks, 1)]
        lines = [note] if note else []
        if s.status == "error":
            lines.append(say("gradescope.error", lang, cause=s.error))
        if s.flags:
            from autograder import flags

            lines.append(flags.summary(s.flags, lang))
        else:
            lines.append(say("gradescope.score", lang, score=f"{s.score:g}",
                             max=f"{s.max_score:g}"))
            if any(visibility != "visible" for visibility in hidden.values()):
                lines.append(say("gradescope.hidden", lang,
                                 checks=", ".join(f"`{cid}`" for cid in hidden)))
        result = {"score": s.score, "output": "\n\n".join(lines), "output_format": "md",
                  "test_output_format": "md", "stdout_visibility": "hidden", "tests": tests}
        if execution_time is not None:
            result["execution_time"] = int(round(execution_time))
        return result

    def summary(self) -> str:
        """Class summary: counts, mean score, and who could not be graded."""
        graded = [s for s in self.submissions if s.graded]
        flagged = [s for s in graded if s.status == FLAGGED]
        lines = [f"Submissions: {len(self.submissions)}, graded: {len(graded)}, "
                 f"errors: {len(self.errors)}" + (f", flagged: {len(flagged)}" if flagged else "")]
        if graded:
            mean = sum(s.score for s in graded) / len(graded)
            lines.append(f"Mean score: {mean:.1f}/{graded[0].max_score:g}")
            for check_id in self.check_ids():
                passed = sum(1 for s in graded for c in s.checks
                             if c.id == check_id and c.status == PASSED)
                lines.append(f"  {check_id:<18} passed by {passed}/{len(graded)}")
        for s in self.errors:
            lines.append(f"  could not grade {s.submission}: {s.error}")
        for s in flagged:
            kinds = ", ".join(f"{f['kind']} x{f['count']}" for f in s.flags)
            lines.append(f"  flagged for review {s.submission}: {kinds}")
        return "\n".join(lines)

    def write(self, json_path=None, csv_path=None, gradescope_path=None) -> None:
        if json_path:
            Path(json_path).write_text(self.to_json(), encoding="utf-8")
        if csv_path:
            Path(csv_path).write_text(self.to_csv(), encoding="utf-8")
        if gradescope_path:
            Path(gradescope_path).write_text(json.dumps(self.to_gradescope(), indent=2,
                                                        ensure_ascii=False), encoding="utf-8")


def _flag_cell(flags: list) -> str:
    """A CSV cell naming each flag's kind and count (`process x2; socket x1`)."""
    return "; ".join(f"{f['kind']} x{f['count']}" for f in flags)
