"""Points per check and the accuracy threshold; an instructor's TOML file overrides them.

The defaults come from the table of checks (`autograder.checks.table`).

A rubric that ships with the kit is named instead of a path: `--rubric exam`
(`autograder/rubrics/exam.toml`, the certificate's Category 2: only the accuracy scores).

Example `rubric.toml`:

    min_accuracy = 0.87
    keras3_required = false   # true: no Keras 2 rerun (`--keras auto`); see keras_versions

    [points]
    val_accuracy = 20
    compile = 5
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from autograder.checks import EXERCISES, checks_for


def default_points(exercise: str = "fashion_mnist") -> dict:
    """Each check's points for `exercise`, from the table of checks."""
    return {check.id: check.points for check in checks_for("notebook", exercise)}


def default_min_accuracy(exercise: str = "fashion_mnist") -> float:
    """The accuracy the exercise's hidden test asks for, from the table of checks."""
    return EXERCISES[exercise].min_accuracy


DEFAULT_POINTS = default_points()
DEFAULT_MIN_ACCURACY = default_min_accuracy()


class RubricError(ValueError):
    """The rubric file is unreadable or names unknown checks."""


BUILTIN = Path(__file__).parent / "rubrics"


def builtin_rubrics() -> list[str]:
    """The names of the rubrics that ship with the kit (`exam`)."""
    return sorted(p.stem for p in BUILTIN.glob("*.toml"))


def rubric_path(value: str | Path) -> Path:
    """The TOML file `value` names: a path, or the name of a rubric that ships with the kit
    (`exam`) when no file of that name exists."""
    path = Path(value)
    if not path.exists() and path.suffix == "" and (BUILTIN / f"{path.name}.toml").is_file() \
            and str(value) == path.name:
        return BUILTIN / f"{path.name}.toml"
    return path


@dataclasses.dataclass(frozen=True)
class Rubric:
    """Points for each check id, and the minimum validation accuracy."""

    points: dict = dataclasses.field(default_factory=lambda: dict(DEFAULT_POINTS))
    min_accuracy: float = DEFAULT_MIN_ACCURACY
    # True: lesson-era code that stops on Keras 3 is graded on that run (no Keras 2 rerun
    # under `--keras auto`), so Keras 3 compatibility costs what its failing checks cost.
    keras3_required: bool = False

    @classmethod
    def load(cls, path: str | Path | None = None, min_accuracy: float | None = None,
             exercise: str = "fashion_mnist") -> "Rubric":
        """The exercise's defaults, overridden by the TOML file at `path`, then by
        `min_accuracy`."""
        defaults = default_points(exercise)
        points, threshold = dict(defaults), default_min_accuracy(exercise)
        keras3_required = False
        if path is not None:
            path = rubric_path(path)
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise RubricError(f"Cannot read the rubric {path}: {exc}. Expected a TOML "
                                  f"file or the name of one that ships with the kit: "
                                  f"{builtin_rubrics()}") from None
            unknown = set(data) - {"points", "min_accuracy", "keras3_required"}
            unknown |= set(data.get("points", {})) - set(defaults)
            if unknown:
                raise RubricError(f"Unknown names in the rubric {path}: {sorted(unknown)}. "
                                  f"Expected `min_accuracy`, `keras3_required` and "
                                  f"`[points]` with ids "
                                  f"{sorted(defaults)}.")
            for check_id, value in data.get("points", {}).items():
                if not isinstance(value, (int, float)) or value < 0:
                    raise RubricError(f"Points must be a number >= 0. Received: "
                                      f"{check_id}={value!r}")
                points[check_id] = value
            threshold = data.get("min_accuracy", threshold)
            keras3_required = data.get("keras3_required", False)
            if not isinstance(keras3_required, bool):
                raise RubricError(f"keras3_required must be true or false. Received: "
                                  f"{keras3_required!r}")
        if min_accuracy is not None:
            threshold = min_accuracy
        if not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1:
            raise RubricError(f"min_accuracy must be between 0 and 1. Received: {threshold!r}")
        return cls(points=points, min_accuracy=float(threshold),
                   keras3_required=keras3_required)
