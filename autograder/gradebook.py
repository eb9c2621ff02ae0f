"""The grader's trusted scores in an nbgrader gradebook, through nbgrader's own API.

nbgrader's autograde runs the test cells in the student's own kernel, where the student's
code can reach them; the kit grades in a kernel of its own and computes the accuracy on
its side of the trust line. `write_scores` puts the kit's points into the course's
`gradebook.db`, so `nbgrader export`, the formgrader and `nbgrader generate_feedback`
carry them:

- each check's points go to the grade cell the course's notebook names after it
  (`test_<check id>`, as in `exercises/source/`), as the cell's `manual_score`, which
  nbgrader counts before its own `auto_score` (the formgrader shows it as a manual grade);
  where the rubric's points for a check differ from the cell's, the score is scaled to the
  cell's maximum;
- a student or a submission the gradebook does not know yet is added (`nbgrader
  generate_assignment` must have put the assignment and its grade cells there);
- a submission the grader could not grade is left as it is, and said so.

Example:

    problems = write_scores(results, "course/gradebook.db")
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from autograder.messages import Phrase
from autograder.results import GradingResults

GRADE_CELL = "test_{check}"  # how the course's notebooks name a check's test cell


class GradebookError(ValueError):
    """The gradebook cannot take the scores at all; the message (a `Phrase`) says why."""

    def __init__(self, phrase: Phrase):
        super().__init__(str(phrase))
        self.phrase = phrase


def _notebook(assignment, name: str | None) -> str:
    """The assignment's notebook the grader's scores belong to: `name`, the notebook
    named after the assignment, or its only notebook."""
    names = [nb.name for nb in assignment.notebooks]
    for wanted in (name, assignment.name):
        if wanted in names:
            return wanted
    if len(names) == 1 and name is None:
        return names[0]
    raise GradebookError(Phrase.of("gradebook.which_notebook", assignment=assignment.name,
                                   notebooks=", ".join(names) or "-"))


def course_id(database: Path) -> str:
    """The gradebook's course id (nbgrader's `CourseDirectory.course_id`): opening it with
    another would add that course to the gradebook."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM course")]
    return ids[0] if len(ids) == 1 else "default_course"


def write_scores(results: GradingResults, database: str | Path,
                 assignment: str | None = None, notebook: str | None = None) -> list[Phrase]:
    """Write each graded submission's points into the gradebook at `database`.

    The assignment is each submission's own (nbgrader's layout) or `assignment`. Returns
    the notes on what was not written; raises `GradebookError` when nothing can be.
    """
    from nbgrader.api import Gradebook, MissingEntry

    database = Path(database)
    if not database.is_file():
        raise GradebookError(Phrase.of("gradebook.missing", path=str(database)))
    notes: list[Phrase] = []
    with Gradebook(f"sqlite:///{database.resolve()}", course_id(database)) as gradebook:
        for s in results.submissions:
            name = s.assignment or assignment
            if s.student is None or name is None:
                notes.append(Phrase.of("gradebook.no_student", submission=s.submission))
                continue
            if not s.graded:  # a flagged score is written too: the instructor reviews it
                notes.append(Phrase.of("gradebook.not_graded", student=s.student,
                                       submission=s.submission))
                continue
            try:
                found = gradebook.find_assignment(name)
            except MissingEntry:
                raise GradebookError(Phrase.of("gradebook.no_assignment", assignment=name,
                                               path=str(database))) from None
            cells_of = _notebook(found, notebook)
            gradebook.update_or_create_student(s.student)
            try:
                gradebook.find_submission(name, s.student)
            except MissingEntry:
                with gradebook.db.no_autoflush:  # nbgrader builds the rows, then adds them
                    gradebook.add_submission(name, s.student)
            for check in s.checks:
                cell = GRADE_CELL.format(check=check.id)
                try:
                    grade = gradebook.find_grade(cell, cells_of, name, s.student)
                except MissingEntry:
                    notes.append(Phrase.of("gradebook.no_cell", cell=cell, notebook=cells_of,
                                           check=check.id))
                    continue
                share = check.points / check.max_points if check.max_points else 0.0
                grade.manual_score = round(share * grade.max_score, 4)
                grade.needs_manual_grade = False
            gradebook.db.commit()
    return notes
