"""Gradescope's autograder: the zip an instructor uploads, and what runs inside it.

`build_zip` writes the zip Gradescope expects: `setup.sh` (installs the kit from the wheel
in the zip and the real Fashion-MNIST on Gradescope's Ubuntu image, verified by SHA-256 as
`tfcert data` does), `run_autograder`, the kit's wheel, the settings
(`tfcert-gradescope.json`: the grading options of `autograder.options`, the assignment's
name, the hidden test's visibility) and the instructor's rubric.

`run` is what `run_autograder` starts for each submission: it picks the submission in
`/autograder/submission/` (one notebook, script or saved model; among several files, the
assignment's notebook, by name, and says so), grades it and writes
`/autograder/results/results.json`: a test per check (Markdown), the accuracy test with
the configured visibility (`after_published` by default: Gradescope's equivalent of
nbgrader's hidden test), `execution_time`, and a top-level `output` that says what went
wrong when nothing could be graded. It always writes a results.json.

Example:

    tfcert gradescope-autograder autograder.zip --rubric rubric.toml --lang ko
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

from autograder.checks import CHECKS
from autograder.discovery import pick
from autograder.measure import ACCURACY
from autograder.messages import Phrase, say
from autograder.options import OPTIONS
from autograder.rubric import rubric_path
from autograder.scheduler import threads_per_job

SCRIPTS = Path(__file__).resolve().parent / "templates" / "gradescope"
CONFIG = "tfcert-gradescope.json"
PACKAGED = ("pyproject.toml", "README.md", "autograder", "reference")  # what the wheel needs
RUBRIC = "rubric.toml"
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
# Gradescope's hidden test: the checks that need the grader's own accuracy on the test set.
HIDDEN_CHECKS = tuple(dict.fromkeys(c.id for c in CHECKS if ACCURACY in c.needs))


class BuildError(ValueError):
    """The autograder zip cannot be built; the message (a `Phrase`) says why."""

    def __init__(self, phrase: Phrase):
        super().__init__(str(phrase))
        self.phrase = phrase


def build_wheel(folder: Path) -> Path:
    """The kit's wheel, built from a clean copy of its source checkout into `folder` (a
    build in the checkout itself would leave `build/` there, and package stale files)."""
    source = Path(__file__).resolve().parent.parent
    if not (source / "pyproject.toml").is_file():
        raise BuildError(Phrase.of("gradescope.no_wheel", where=str(source)))
    copy = folder / "source"
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in PACKAGED:
        if (source / name).is_dir():
            shutil.copytree(source / name, copy / name, ignore=skip)
        else:
            copy.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, copy / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w",
                    str(folder), str(copy)], check=True)
    return next(folder.glob("tfcert_kit-*.whl"))


def _executable(zf: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.external_attr = 0o100755 << 16  # a regular file, rwxr-xr-x
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, text)


def build_zip(out: str | Path, options: dict, assignment: str = "fashion_mnist",
              hidden_visibility: str = "after_published",
              wheel: str | Path | None = None) -> list[str]:
    """Write Gradescope's autograder zip to `out`; returns the names it holds.

    `options` are grading option values by name (`autograder.options.OPTIONS`); a
    `rubric` path among them is validated and copied into the zip.
    """
    from autograder.options import grade_options

    if hidden_visibility not in VISIBILITIES:
        raise ValueError(f"The hidden test's visibility should be one of {VISIBILITIES}. "
                         f"Received: {hidden_visibility!r}")
    grade_options(options)  # a bad rubric or option fails here, not on Gradescope
    settings = {option.name: options.get(option.name, option.default) for option in OPTIONS}
    rubric = settings.pop("rubric")
    config = {"assignment": assignment, "hidden_visibility": hidden_visibility,
              "rubric": RUBRIC if rubric else None, "options": settings}
    with tempfile.TemporaryDirectory(prefix="tfcert-wheel-") as tmp:
        wheel = Path(wheel) if wheel else build_wheel(Path(tmp))
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            _executable(zf, "setup.sh", (SCRIPTS / "setup.sh").read_text())
            _executable(zf, "run_autograder", (SCRIPTS / "run_autograder").read_text())
            zf.write(wheel, wheel.name)
            zf.writestr(CONFIG, json.dumps(config, indent=2, ensure_ascii=False))
            if rubric:
                zf.write(rubric_path(rubric), RUBRIC)
            return zf.namelist()


def _results(root: Path, data: dict) -> Path:
    out = root / "results" / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return out


def run(root: str | Path = "/autograder") -> Path:
    """Grade `root/submission/` with the settings in `root/source/` and write
    `root/results/results.json`; returns its path. Never raises for a submission."""
    from autograder.grade import grade_submission
    from autograder.options import grade_options
    from autograder.results import GradingResults

    root, start, lang = Path(root), time.monotonic(), "en"
    try:
        config = json.loads((root / "source" / CONFIG).read_text(encoding="utf-8"))
        values = dict(config["options"])
        lang = values.get("lang") or "en"
        if config.get("rubric"):
            values["rubric"] = str(root / "source" / config["rubric"])
        options = grade_options(values)
        if options.threads is None:  # Gradescope's container: its CPU quota, not the host's
            options.threads = threads_per_job(1)
        path, note, problem = pick(root / "submission", config["assignment"])
        if problem is not None:
            return _results(root, {
                "score": 0, "output": say("gradescope.nothing_submitted", lang,
                                          problem=problem), "output_format": "md",
                "execution_time": int(round(time.monotonic() - start)), "tests": []})
        result = grade_submission(path, options, name=path.name)
        hidden = {cid: config["hidden_visibility"] for cid in HIDDEN_CHECKS}
        data = GradingResults([result]).to_gradescope(
            lang, hidden, note.render(lang) if note else None, time.monotonic() - start)
        print(result.table())
        return _results(root, data)
    except Exception as exc:  # the grader's own failure: still a results.json that says so
        traceback.print_exc()
        return _results(root, {
            "score": 0, "output": say("gradescope.grader_failed", lang,
                                      cause=f"{type(exc).__name__}: {exc}"),
            "output_format": "md", "execution_time": int(round(time.monotonic() - start)),
            "tests": []})


def main(argv: list[str] | None = None) -> int:
    """`python -m autograder.gradescope --root /autograder` (what `run_autograder` runs)."""
    parser = argparse.ArgumentParser(prog="python -m autograder.gradescope")
    parser.add_argument("--root", default="/autograder", help="Gradescope's root folder")
    args = parser.parse_args(argv)
    print(f"results: {run(args.root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
