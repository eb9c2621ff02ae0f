"""What a submission's kernel may change in the grader's environment.

The kernel runs in the grader's own Python environment, so a Colab habit such as
`!pip install ...` in a submission would change what every later submission is graded
with. pip in the kernel reads no package index (`runner.notebook.NO_PACKAGE_SOURCES`).
What students import beside TensorFlow, as Colab has it, is there. (These submissions
report what they saw in a file outside their grading folder, so they run unboxed; the
corpus's Colab-style variants show the same imports work in the sandbox.)
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
    graded = grade_submission(submission, GradeOptions(quick=True, sandbox="off"))
    assert graded.status == "graded", graded.error
    seen = json.loads(report.read_text())
    new = seen["new_package"]
    assert new["returncode"] != 0, new["output"]
    assert not list(Path(target).glob("six*")), "pip installed a package from an index"
    # `!pip install numpy` where numpy is installed: satisfied, and the run goes on.
    assert seen["already_installed"]["returncode"] == 0, seen["already_installed"]["output"]
    assert "already satisfied" in seen["already_installed"]["output"]


# What students' notebooks plot and measure with after training, as in Colab.
COLAB_SCRIPT = """\
import json
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
from sklearn.metrics import confusion_matrix
history = {{"loss": [0.5, 0.4], "val_loss": [0.45, 0.42]}}
pd.DataFrame(history).plot(figsize=(8, 5))
matrix = confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2])
sns.heatmap(matrix, annot=True, fmt="d")
plt.show()
json.dump({{"matrix": matrix.tolist()}}, open({report!r}, "w"))
"""


def test_a_submission_can_plot_with_pandas_and_seaborn_and_use_scikit_learn(tmp_path,
                                                                            real_data_dir):
    report = tmp_path / "report.json"
    submission = tmp_path / "colab_plots.py"
    submission.write_text(COLAB_SCRIPT.format(report=str(report)), encoding="utf-8")
    graded = grade_submission(submission, GradeOptions(quick=True, sandbox="off"))
    assert graded.status == "graded", graded.error
    assert json.loads(report.read_text())["matrix"] == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
