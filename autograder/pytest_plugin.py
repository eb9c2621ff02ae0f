"""`pytest --notebook PATH`: the student's self-check, one test per check id.

The notebook is executed once by the grader (in its own kernel, as `tfcert check` does);
each check becomes a test that passes or fails with the grader's feedback.

    pytest --notebook fashion_mnist.ipynb
    pytest --notebook fashion_mnist.ipynb --tfcert-epochs 2 --tfcert-train-size 5000
    pytest exercises/      # the exercise's working copy (exercises/conftest.py)
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

_RESULTS: dict = {}


def pytest_addoption(parser):
    from autograder.options import add_to_pytest

    group = parser.getgroup("tfcert", "tfcert-kit self-check")
    group.addoption("--notebook", default=None, help="grade this notebook: one test per check")
    add_to_pytest(group)  # the grading options of `tfcert check`, as --tfcert-<option>


def notebook_option(config) -> str | None:
    """The notebook to grade: --notebook, or a default an `exercises/conftest.py` sets."""
    return config.getoption("notebook") or getattr(config, "_tfcert_default_notebook", None)


class CheckFailed(Exception):
    """A check of the student's notebook failed; the message is the grader's feedback."""


class CheckItem(pytest.Item):
    """One autograder check of the notebook, as a pytest test."""

    def __init__(self, *, check_id: str, **kwargs):
        super().__init__(**kwargs)
        self.check_id = check_id

    def runtest(self):
        result = _grade(self.config)
        if result.status == "error":
            raise CheckFailed(f"The notebook could not be graded: {result.error}")
        for check in result.checks:
            if check.id == self.check_id:
                if check.status != "passed":
                    raise CheckFailed(check.message)
                return
        raise CheckFailed(f"The grader did not run the check {self.check_id!r}.")

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, CheckFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"tfcert check: {self.check_id}"


def _grade(config):
    if "result" not in _RESULTS:
        from autograder.grade import grade_submission
        from autograder.live import ENV_MIN_ACCURACY, import_tensorflow_quietly
        from autograder.options import from_pytest

        import_tensorflow_quietly()  # TensorFlow's import logs are no feedback

        options = from_pytest(config)
        # The run's cells and epochs show live on the terminal (pytest's capture is
        # suspended while it runs), unless `pytest -q`.
        options.progress = config.get_verbosity() >= 0
        capture = config.pluginmanager.getplugin("capturemanager")
        shown = capture.global_and_fixture_disabled() if capture and options.progress \
            else contextlib.nullcontext()
        # The notebook's own test cells (nbgrader's, run in the same kernel) read the
        # threshold from the environment: give them the same one as this run's checks.
        threshold = config.getoption("tfcert_min_accuracy")
        with pytest.MonkeyPatch.context() as patch, shown:
            if threshold is not None:
                patch.setenv(ENV_MIN_ACCURACY, str(threshold))
            _RESULTS["result"] = grade_submission(notebook_option(config), options)
    return _RESULTS["result"]


def pytest_collection_modifyitems(session, config, items):
    """With a notebook to grade, the session's tests are its checks (and nothing else)."""
    if not notebook_option(config):
        return
    from autograder.checks import checks_for

    path = Path(notebook_option(config)).resolve()
    shown = path.relative_to(config.rootpath) if path.is_relative_to(config.rootpath) \
        else path.name
    items[:] = [CheckItem.from_parent(session, name=f"check_{check.id}", path=path,
                                      nodeid=f"{shown}::check_{check.id}",
                                      check_id=check.id)
                for check in checks_for("notebook")]
