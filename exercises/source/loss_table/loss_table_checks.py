"""The test cells' names for the loss-table exercise's checks (nbgrader hands this file
out with the notebook and restores it from `source/` at grading time).

Each function runs one check of the kit's table of checks (`autograder.checks.table`,
exercise `loss_table`) on the kernel's variables, through `autograder.live`: it prints the
feedback when the check passes and raises `AssertionError` with it (Korean, then English)
when it fails. The checks and their words live in the kit, not here.

Example (a test cell):

    from loss_table_checks import assert_choice
    assert_choice(globals(), "binary")
"""

from __future__ import annotations

from autograder.live import assert_check, env_min_accuracy
from autograder.loss_table_facts import TABLE
from autograder.rubric import default_min_accuracy

EXERCISE = "loss_table"


def min_accuracy() -> float:
    """The hidden test's threshold: `$TFCERT_MIN_ACCURACY`, else the exercise's (0.80)."""
    from_env = env_min_accuracy()
    return default_min_accuracy(EXERCISE) if from_env is None else from_env


def assert_one_hot(namespace: dict, name: str, labels: str) -> None:
    """Check that `namespace[name]` is the one-hot encoding of `namespace[labels]`."""
    role = "valid" if "valid" in name else "train"
    assert_check(f"one_hot_{role}", namespace, exercise=EXERCISE,
                 one_hot_names={role: (name, labels)})


def assert_choice(namespace: dict, problem: str) -> None:
    """Check one row of `CHOICES`: the output activation and loss for `problem`."""
    if problem not in TABLE:
        raise ValueError(f"Unknown problem. Expected one of {sorted(TABLE)}. "
                         f"Received: problem={problem!r}")
    assert_check(f"table_{problem}", namespace, exercise=EXERCISE)


def assert_one_hot_loss(namespace: dict) -> None:
    """Check that `fit` trained on one-hot labels with `categorical_crossentropy`."""
    assert_check("loss", namespace, exercise=EXERCISE)


def assert_accuracy(namespace: dict) -> None:
    """Check the grader's own accuracy of the trained model on the 10,000 test images."""
    assert_check("val_accuracy", namespace, exercise=EXERCISE, min_accuracy=min_accuracy())
