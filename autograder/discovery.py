"""Which files are submissions: the way instructors lay them out.

- A file named on the command line is graded as it is.
- nbgrader's `submitted/<student>/<assignment>/` tree: one submission per student and
  assignment. The assignment's notebook is graded (`<assignment>.ipynb`, or the notebook
  nbgrader released for it); a script, then a saved model, only where the folder has no
  notebook. Files the course hands out with the notebook (`*_checks.py`, and anything the
  course's `release/<assignment>/` folder holds besides the notebook), data and images are
  never graded. The student's id goes into the results (`SubmissionResult.student`).
- Gradescope's `/autograder/submission/` and any other single folder given to `pick`: the
  same choice, for one submission.
- Any other folder: every notebook, script and saved model in it, helpers left out.

A folder whose choice is ambiguous (two notebooks, neither named for the assignment)
becomes a `Submission` with a `problem`: an error record for that student, never a guess,
and never a stop of the batch.

Example:

    from autograder.discovery import discover
    for submission in discover(["exercises/submitted"]):
        print(submission.name, submission.student, submission.note)
"""

from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import NamedTuple

from autograder.messages import Phrase

NOTEBOOK_SUFFIXES = {".ipynb": "notebook", ".py": "script"}
MODEL_SUFFIXES = {".h5", ".keras"}
# What a course hands out beside the notebook and what editors leave behind: never graded.
HELPER_PATTERNS = ("*_checks.py", "*.weights.h5", "conftest.py", "nbgrader_config.py")
SKIPPED_FOLDERS = {".ipynb_checkpoints", "__pycache__"}
SUBMITTED = "submitted"  # nbgrader's folder of collected submissions
PREFERENCE = ("notebook", "script", "saved_model")  # what a folder's submission is, in order


def kind_of(path: Path) -> str | None:
    """'notebook', 'script', 'saved_model' or None for files the grader does not take."""
    if path.suffix in MODEL_SUFFIXES and not path.name.endswith(".weights.h5"):
        return "saved_model"
    return NOTEBOOK_SUFFIXES.get(path.suffix)


class Submission(NamedTuple):
    """One submission to grade: the file, its display name, the student's id and the
    assignment (nbgrader), a note on how it was chosen (a `Phrase`), or the `problem` that
    stops it being graded."""

    path: Path
    name: str
    student: str | None = None
    note: Phrase | None = None
    problem: Phrase | None = None
    assignment: str | None = None  # nbgrader's assignment (the folder's name)

    @classmethod
    def of(cls, item) -> "Submission":
        """A `Submission` from itself or a `(path, name)` pair."""
        return item if isinstance(item, cls) else cls(Path(item[0]), *item[1:])


def is_helper(path: Path, handed_out: set[str] = frozenset()) -> bool:
    """Whether `path` is a file the course hands out (or an editor leaves), not a submission."""
    return (path.name in handed_out
            or any(fnmatch.fnmatch(path.name, pattern) for pattern in HELPER_PATTERNS))


def handed_out(course: Path | None, assignment: str) -> tuple[set[str], set[str]]:
    """The names of the files nbgrader released for `assignment` in `course`: (notebooks,
    other files). Empty when the course folder has no `release/<assignment>/`."""
    release = course / "release" / assignment if course else None
    if release is None or not release.is_dir():
        return set(), set()
    files = {p.name for p in release.iterdir() if p.is_file()}
    notebooks = {name for name in files if name.endswith(".ipynb")}
    return notebooks, files - notebooks


def pick(folder: Path, assignment: str | None = None,
         course: Path | None = None) -> tuple[Path | None, Phrase | None, Phrase | None]:
    """The one submission in `folder` (its top level): `(file, note, problem)`.

    A notebook first: the one named for the assignment (or released for it), else the only
    one. A script, then a saved model, only where there is no notebook. `note` says what
    was chosen when the folder held more; `problem` says why nothing could be.
    """
    assignment = assignment or folder.name
    if not folder.is_dir():
        return None, None, Phrase.of("discovery.nothing", folder=str(folder))
    notebooks, helpers = handed_out(course, assignment)
    candidates = [p for p in sorted(folder.iterdir())
                  if p.is_file() and kind_of(p) and not is_helper(p, helpers)]
    if not candidates:
        return None, None, Phrase.of("discovery.nothing", folder=str(folder))
    for kind in PREFERENCE:
        found = [p for p in candidates if kind_of(p) == kind]
        if not found:
            continue
        named = [p for p in found if p.stem == assignment or p.name in notebooks]
        chosen = named[:1] if named else found if len(found) == 1 else []
        if not chosen:
            return None, None, Phrase.of("discovery.ambiguous", folder=str(folder),
                                         files=", ".join(p.name for p in found),
                                         expected=f"{assignment}.ipynb")
        others = [p.name for p in candidates if p != chosen[0]]
        note = (Phrase.of("discovery.picked", file=chosen[0].name, others=", ".join(others))
                if others else None)
        return chosen[0], note, None
    return None, None, None  # unreachable: every candidate has a kind in PREFERENCE


def _nbgrader_submitted(folder: Path) -> Path | None:
    """The `submitted` folder when `folder` is it, a student's or an assignment's folder in
    it, or the course folder above it; else None."""
    folder = folder.resolve()
    for depth, candidate in enumerate((folder, *folder.parents)):
        if candidate.name == SUBMITTED:
            return candidate if depth <= 2 else None
    return folder / SUBMITTED if (folder / SUBMITTED).is_dir() else None


def _nbgrader_tree(entry: Path, submitted: Path) -> list[Submission]:
    """One submission per `submitted/<student>/<assignment>/` folder under `entry`."""
    course = submitted.parent
    entry = entry.resolve()
    found = []
    for student_dir in sorted(p for p in submitted.iterdir() if p.is_dir()):
        for folder in sorted(p for p in student_dir.iterdir() if p.is_dir()):
            if not (folder == entry or entry in folder.parents):
                continue
            path, note, problem = pick(folder, folder.name, course)
            name = str(Path(SUBMITTED, student_dir.name, folder.name,
                            path.name if path else ""))
            found.append(Submission(path or folder, name.rstrip("/"), student_dir.name,
                                    note, problem, folder.name))
    return found


def _any_tree(entry: Path) -> list[Submission]:
    """Every notebook, script and saved model under `entry`, helpers left out."""
    found = []
    for file in sorted(entry.rglob("*")):
        if (file.is_file() and kind_of(file) and not is_helper(file)
                and not SKIPPED_FOLDERS.intersection(file.relative_to(entry).parts)):
            found.append(Submission(file, str(file.relative_to(entry.parent))))
    return found


def discover(paths: list) -> list[Submission]:
    """Expand files and folders into submissions, sorted by name."""
    found: list[Submission] = []
    for entry in map(Path, paths):
        if not entry.is_dir():
            found.append(Submission(entry, str(entry)))
            continue
        submitted = _nbgrader_submitted(entry)
        found += _nbgrader_tree(entry, submitted) if submitted else _any_tree(entry)
    return sorted(found, key=lambda s: s.name)
