"""The batch's log: one JSON line per submission, written the moment it is graded.

A grader killed in the middle (by a submission, the out-of-memory killer, a cluster's
time limit) loses no finished grade: `tfcert grade --resume` reads the log and grades
only the submissions it lacks. Each line is the submission's object of the results
schema (`SubmissionResult.to_dict`), written whole and flushed to disk; a line cut short
by the kill is ignored (and counted), so that submission is graded again.

Example:

    log = GradeLog(Path("grades.jsonl"), resume=True)
    done = log.done            # {submission name: SubmissionResult}
    log.append(result)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from autograder.results import SubmissionResult


class GradeLog:
    """The JSON-lines log at `path`: read when resuming, else started empty."""

    def __init__(self, path: Path, resume: bool = False):
        self.path = Path(path)
        self.done: dict[str, SubmissionResult] = {}
        self.ignored = 0  # lines that are not a whole record (cut short by a kill)
        if resume and self.path.exists():
            self._read()
        elif not resume:
            self.path.write_text("", encoding="utf-8")

    def _read(self) -> None:
        for line in self.path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            try:
                result = SubmissionResult.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError):
                self.ignored += 1
                continue
            self.done[result.submission] = result

    def append(self, result: SubmissionResult) -> None:
        """Add `result` as one line, on disk before this returns."""
        line = json.dumps(result.to_dict(), ensure_ascii=False) + "\n"
        with open(self.path, "a", encoding="utf-8") as out:
            if out.tell() and not self._ends_with_newline():
                out.write("\n")  # after a line cut short by a kill
            out.write(line)
            out.flush()
            os.fsync(out.fileno())
        self.done[result.submission] = result

    def _ends_with_newline(self) -> bool:
        with open(self.path, "rb") as raw:
            raw.seek(-1, os.SEEK_END)
            return raw.read(1) == b"\n"
