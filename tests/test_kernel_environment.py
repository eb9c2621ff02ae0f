"""What a submission's kernel may change in the grader's environment.

The kernel runs in the grader's own Python environment, so a Colab habit such as
`!pip install ...` in a submission would change what every later submission is graded
with. pip in the kernel reads no package index (`runner.notebook.NO_PACKAGE_SOURCES`).
"""

import json
from pathlib import Path

from autograder.grade import GradeOptions, grade_submission

# Runs pip as `!pip install` does; writes what happened to a report.
PIP_SCRIPT = """\
import json, subprocess, sys
def pip(*args):
    done = subprocess.run([sys.executable, "-m", "pip", "install", *args],
                          capture_output=True, text=True, timeout=300)
    return {{"returncode": done.returncode, "output": done.stdout + done.stderr}}
report = {{"new_package": pip("--target", {target!r}, "six"),
           "already_installed": pip("numpy")}}
json.dump(report, open({report!r}, "w"))
"""


def test_pip_in_a_submission_installs_nothing_new(tmp_path, real_data_dir):
    target, report = tmp_path / "site", tmp_path / "report.json"
    submission = tmp_path / "colab_habit.py"
    submission.write_text(PIP_SCRIPT.format(target=str(target), report=str(report)),
                          encoding="utf-8")
    graded = grade_submission(submission, GradeOptions(quick=True))
    assert graded.status == "graded", graded.error
    seen = json.loads(report.read_text())
    new = seen["new_package"]
    assert new["returncode"] != 0, new["output"]
    assert not list(Path(target).glob("six*")), "pip installed a package from an index"
    # `!pip install numpy` where numpy is installed: satisfied, and the run goes on.
    assert seen["already_installed"]["returncode"] == 0, seen["already_installed"]["output"]
    assert "already satisfied" in seen["already_installed"]["output"]
