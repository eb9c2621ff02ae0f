"""`pytest exercises/`: the student's self-check of their working copy of the exercise.

Without `--notebook`, a pytest run aimed at this folder grades the release notebook
`release/fashion_mnist/fashion_mnist.ipynb` (the copy the student works in): one test per
autograder check, each failing with the grader's feedback. The kit's own test run
(`pytest`, which collects `tests/`) never loads this file, and a run that names other
paths as well is left alone.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
WORKING_COPY = HERE / "release" / "fashion_mnist" / "fashion_mnist.ipynb"


def _inside_here(arg: str, invocation_dir: Path) -> bool:
    path = (invocation_dir / arg.split("::")[0]).resolve()
    return path == HERE or HERE in path.parents


def pytest_configure(config):
    if config.getoption("notebook", default=None):
        return
    invocation_dir = Path(config.invocation_params.dir)
    if config.args and all(_inside_here(arg, invocation_dir) for arg in config.args):
        config._tfcert_default_notebook = str(WORKING_COPY)
