"""Check results as plain data, and every report made from them.

One `GradingResults` renders the console table, JSON, CSV and Gradescope's
`results.json`. The JSON names are stable: other tools read them.

JSON, one object per submission:
`{"submission", "status": "graded"|"error", "error", "score", "max_score",
  "checks": [{"id", "status": "passed"|"failed"|"error", "points", "max_points", "message",
              "key"}],
  "metrics": {"val_accuracy", "best_epoch", "epochs_run"}}`
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

PASSED, FAILED, ERROR = "passed", "failed", "error"


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
    status: str = "graded"  # or "error": the grader could not grade it
    error: str | None = None
    checks: list[CheckResult] = dataclasses.field(default_factory=list)
    metrics: dict = dataclasses.field(default_factory=lambda: {
        "val_accuracy": None, "best_epoch": None, "epochs_run": None})
    seconds: float | None = None
    # Per-epoch history and what the grader measured (`measure.Measured`), for feedback
    # pages; kept out of the JSON, whose names are stable.
    history: dict = dataclasses.field(default_factory=dict, repr=False)
    measured: object = dataclasses.field(default=None, repr=False)

    @property
    def score(self) -> float:
        return round(sum(c.points for c in self.checks), 2)

    @property
    def max_score(self) -> float:
        return round(sum(c.max_points for c in self.checks), 2)

    @property
    def all_passed(self) -> bool:
        return self.status == "graded" and all(c.status == PASSED for c in self.checks)

    def to_dict(self) -> dict:
        return {
            "submission": self.submission, "status": self.status, "error": self.error,
            "score": self.score, "max_score": self.max_score,
            "checks": [c.to_dict() for c in self.checks], "metrics": dict(self.metrics),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "SubmissionResult":
        return cls(submission=data["submission"], status=data["status"], error=data.get("error"),
                   checks=[CheckResult(**c) for c in data.get("checks", [])],
                   metrics=dict(data.get("metrics") or {}))

    def table(self) -> str:
        """A plain-text table: one line per check, then the total."""
        lines = [f"== {self.submission} =="]
        if self.status == "error":
            lines.append(f"ERROR: {self.error}")
        width = max([len(c.id) for c in self.checks] + [5])
        for c in self.checks:
            mark = {"passed": "PASS", "failed": "FAIL", "error": "ERR "}[c.status]
            lines.append(f"{mark} {c.id:<{width}} {c.points:>5g}/{c.max_points:<3g} {c.message}")
        if self.checks:
            lines.append(f"Score: {self.score:g}/{self.max_score:g}")
        return "\n".join(lines)


@dataclasses.dataclass
class GradingResults:
    """All submissions of one grading run; the single source of every report."""

    submissions: list[SubmissionResult] = dataclasses.field(default_factory=list)

    @property
    def errors(self) -> list[SubmissionResult]:
        return [s for s in self.submissions if s.status == "error"]

    def to_json(self) -> str:
        return json.dumps([s.to_dict() for s in self.submissions], indent=2, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "GradingResults":
        data = json.loads(text)
        if not isinstance(data, list):
            raise ValueError("Expected a JSON array of submissions (as written by "
                             f"`tfcert grade --json`). Received: {type(data).__name__}")
        return cls([SubmissionResult.from_dict(item) for item in data])

    def check_ids(self) -> list[str]:
        ids: list[str] = []
        for s in self.submissions:
            ids += [c.id for c in s.checks if c.id not in ids]
        return ids

    def to_csv(self) -> str:
        ids = self.check_ids()
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["submission", "status", "score", "max_score", *ids, "val_accuracy",
                         "error"])
        for s in self.submissions:
            points = {c.id: c.points for c in s.checks}
            writer.writerow([s.submission, s.status, s.score, s.max_score,
                             *[points.get(i, "") for i in ids],
                             s.metrics.get("val_accuracy", ""), s.error or ""])
        return out.getvalue()

    def to_gradescope(self) -> dict:
        """Gradescope's `results.json` for one submission (the first)."""
        if len(self.submissions) != 1:
            raise ValueError("Gradescope's results.json describes one submission; "
                             f"received {len(self.submissions)}.")
        s = self.submissions[0]
        tests = [{"name": c.id, "score": c.points, "max_score": c.max_points,
                  "status": "passed" if c.status == PASSED else "failed",
                  "output": c.message, "visibility": "visible"} for c in s.checks]
        result = {"score": s.score, "tests": tests}
        if s.status == "error":
            result["output"] = f"The submission could not be graded: {s.error}"
        return result

    def summary(self) -> str:
        """Class summary: counts, mean score, and who could not be graded."""
        graded = [s for s in self.submissions if s.status == "graded"]
        lines = [f"Submissions: {len(self.submissions)}, graded: {len(graded)}, "
                 f"errors: {len(self.errors)}"]
        if graded:
            mean = sum(s.score for s in graded) / len(graded)
            lines.append(f"Mean score: {mean:.1f}/{graded[0].max_score:g}")
            for check_id in self.check_ids():
                passed = sum(1 for s in graded for c in s.checks
                             if c.id == check_id and c.status == PASSED)
                lines.append(f"  {check_id:<18} passed by {passed}/{len(graded)}")
        for s in self.errors:
            lines.append(f"  could not grade {s.submission}: {s.error}")
        return "\n".join(lines)

    def write(self, json_path=None, csv_path=None, gradescope_path=None) -> None:
        if json_path:
            Path(json_path).write_text(self.to_json(), encoding="utf-8")
        if csv_path:
            Path(csv_path).write_text(self.to_csv(), encoding="utf-8")
        if gradescope_path:
            Path(gradescope_path).write_text(json.dumps(self.to_gradescope(), indent=2,
                                                        ensure_ascii=False), encoding="utf-8")
