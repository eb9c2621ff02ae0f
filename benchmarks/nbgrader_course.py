"""One submission of the exercise through real `nbgrader autograde`, timed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXERCISES = Path(__file__).resolve().parent.parent / "exercises"
ASSIGNMENT = "fashion_mnist"


def available() -> bool:
    return (EXERCISES / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()


def _nbgrader(course: Path, *args: str, env: dict) -> None:
    subprocess.run([sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={course}"],
                   cwd=course, env=env, check=True, capture_output=True, text=True)


def time_autograde(epochs: int, n_train: int | None = None) -> float:
    """Seconds `nbgrader autograde` takes on the instructor's solution (one student), with
    the exercise's budget variables (`n_train`: the first N training images, else all)."""
    # nbgrader runs `alembic` from PATH: the venv's tools come first.
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent),
                                                  os.environ.get("PATH", "")]),
               TFCERT_EPOCHS=str(epochs))
    if n_train is not None:
        env["TFCERT_TRAIN_SIZE"] = str(n_train)
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp)
        shutil.copy(EXERCISES / "nbgrader_config.py", course)
        shutil.copytree(EXERCISES / "source", course / "source")
        _nbgrader(course, "generate_assignment", ASSIGNMENT, "--force", env=env)
        _nbgrader(course, "db", "student", "add", "student1", env=env)
        submitted = course / "submitted" / "student1" / ASSIGNMENT
        submitted.mkdir(parents=True)
        shutil.copy(EXERCISES / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", submitted)
        start = time.perf_counter()
        _nbgrader(course, "autograde", ASSIGNMENT, env=env)
        return time.perf_counter() - start
