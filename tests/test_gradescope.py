"""Gradescope's autograder, for real: the zip is built, unzipped into an `/autograder`-like
root, `setup.sh` installs the kit from the zip's wheel into a fresh virtual environment
and verifies the data, and `run_autograder` grades the reference notebook (one epoch on
2,000 images) and broken submissions. Each results.json is checked against the fields
Gradescope documents (https://gradescope-autograders.readthedocs.io/en/latest/specs/).
"""

import json
import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

from autograder import cli
from autograder.gradescope import HIDDEN_CHECKS
from autograder.results import CheckResult, GradingResults, SubmissionResult

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO / "reference" / "fashion_mnist_dnn.ipynb"
BUDGET = ["--epochs", "1", "--train-size", "2000", "--valid-size", "1000",
          "--min-accuracy", "0.5", "--timeout", "300"]

# Gradescope's documented results.json: top-level keys and each test's keys, with types.
TOP_LEVEL = {"score": (int, float), "execution_time": int, "output": str,
             "output_format": str, "test_output_format": str, "test_name_format": str,
             "visibility": str, "stdout_visibility": str, "extra_data": dict, "tests": list,
             "leaderboard": list}
TEST_FIELDS = {"score": (int, float), "max_score": (int, float), "status": str, "name": str,
               "name_format": str, "number": str, "output": str, "output_format": str,
               "tags": list, "visibility": str, "extra_data": dict}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}


def assert_gradescope_results(data: dict) -> None:
    """Does `data` use only Gradescope's documented fields, with their types and values?"""
    assert set(data) <= set(TOP_LEVEL), set(data) - set(TOP_LEVEL)
    for key, value in data.items():
        assert isinstance(value, TOP_LEVEL[key]), (key, value)
    assert data["output_format"] in FORMATS and data.get("test_output_format", "md") in FORMATS
    for key in ("visibility", "stdout_visibility"):
        assert data.get(key, "visible") in VISIBILITIES
    for test in data["tests"]:
        assert set(test) <= set(TEST_FIELDS), set(test) - set(TEST_FIELDS)
        for key, value in test.items():
            assert isinstance(value, TEST_FIELDS[key]), (key, value)
        assert test["status"] in {"passed", "failed"}
        assert test.get("visibility", "visible") in VISIBILITIES
        assert 0 <= test["score"] <= test["max_score"]
    json.dumps(data)


def test_results_json_marks_the_accuracy_test_after_published():
    """Does one result become Gradescope tests, the accuracy one with the chosen
    visibility, Markdown outputs and the note on how the file was chosen?"""
    checks = [CheckResult("loss", "failed", 0, 15, "Use `sparse_categorical_crossentropy`.",
                          "loss.mismatch"),
              CheckResult("val_accuracy", "passed", 15, 15, "Accuracy 0.88.", "val_accuracy.ok")]
    data = GradingResults([SubmissionResult("a.ipynb", checks=checks)]).to_gradescope(
        "en", {cid: "after_published" for cid in HIDDEN_CHECKS}, "graded a.ipynb", 12.4)
    assert_gradescope_results(data)
    assert HIDDEN_CHECKS == ("val_accuracy",)
    assert [(t["name"], t["visibility"]) for t in data["tests"]] == [
        ("loss", "visible"), ("val_accuracy", "after_published")]
    assert data["execution_time"] == 12 and data["output"].startswith("graded a.ipynb\n\n")
    assert "**Score: 15 / 30**" in data["output"]


def _unzip_like_gradescope(archive: Path, root: Path) -> None:
    """Unzip into root/source, keeping the modes, and copy run_autograder to root."""
    source = root / "source"
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            target = Path(zf.extract(info, source))
            mode = info.external_attr >> 16
            if mode:
                target.chmod(mode & 0o777)
    shutil.copy2(source / "run_autograder", root / "run_autograder")


def _venv_with_the_kits_dependencies(venv: Path) -> None:
    """A fresh venv that sees this environment's packages (TensorFlow, ...) but not the
    kit, which setup.sh installs from the zip's wheel."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    [packages] = [p for p in site.getsitepackages() if p.endswith("site-packages")]
    [own] = list(venv.glob("lib/python*/site-packages"))
    (own / "tfcert_dependencies.pth").write_text(packages + "\n")


def _run(command, root, venv, **env):
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "TFCERT_GRADESCOPE_ROOT": str(root),
                               "TFCERT_VENV": str(venv), **env})


def _grade(root, venv, files: dict) -> dict:
    """Put `files` (name -> path or text) in root/submission, run run_autograder, and
    return the results.json it wrote."""
    shutil.rmtree(root / "submission", ignore_errors=True)
    shutil.rmtree(root / "results", ignore_errors=True)
    (root / "submission").mkdir()
    for name, content in files.items():
        target = root / "submission" / name
        if isinstance(content, Path):
            shutil.copy(content, target)
        else:
            target.write_text(content)
    done = _run([str(root / "run_autograder")], root, venv)
    assert done.returncode == 0, done.stderr[-3000:]
    data = json.loads((root / "results" / "results.json").read_text())
    assert_gradescope_results(data)
    return data


def test_autograder_zip_installs_and_grades_for_real(tmp_path, real_data_dir):
    """Built, unzipped and set up as Gradescope does: does run_autograder grade the
    reference (full marks, accuracy after publishing, the notebook picked by name and said
    so), and explain a broken notebook and an empty submission in the top-level output?"""
    archive = tmp_path / "autograder.zip"
    assert cli.main(["gradescope-autograder", str(archive), *BUDGET]) == 0
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        config = json.loads(zf.read("tfcert-gradescope.json"))
    assert {"setup.sh", "run_autograder", "tfcert-gradescope.json"} <= names
    assert config["options"]["epochs"] == 1 and config["hidden_visibility"] == "after_published"

    root, venv = tmp_path / "autograder", tmp_path / "autograder" / "venv"
    _unzip_like_gradescope(archive, root)
    _venv_with_the_kits_dependencies(venv)
    # Gradescope runs every step; the `system` step (apt-get) is the image's, not ours.
    done = _run(["bash", str(root / "source" / "setup.sh")], root, venv,
                TFCERT_SETUP_STEPS="install data", TFCERT_PIP_OPTIONS="--no-deps --no-index")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Fashion-MNIST verified (SHA-256 of all 4 files)" in done.stdout
    where = subprocess.run([str(venv / "bin" / "python"), "-I", "-c",
                            "import autograder; print(autograder.__file__)"],
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(venv)), where  # the wheel's kit, not this checkout

    data = _grade(root, venv, {"fashion_mnist.ipynb": REFERENCE, "notes.ipynb": "{}"})
    assert data["score"] == 100, data["output"]
    assert data["output"].startswith("graded fashion_mnist.ipynb, the assignment's "
                                     "submission; not graded: notes.ipynb")
    tests = {t["name"]: t for t in data["tests"]}
    assert tests["val_accuracy"]["visibility"] == "after_published"
    assert all(t["status"] == "passed" for t in tests.values())
    assert data["execution_time"] >= 1

    broken = _grade(root, venv, {"fashion_mnist.ipynb": "{ not json"})
    assert broken["score"] == 0 and broken["tests"] == []
    assert broken["output"].startswith("**The submission could not be graded:** ")
    assert "is not a valid Jupyter notebook" in broken["output"]

    empty = _grade(root, venv, {"README.md": "my notes"})
    assert empty["output"].startswith("**Nothing to grade:** No submission in ")
