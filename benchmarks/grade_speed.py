"""Grading speed: nbgrader autograde vs `tfcert grade` vs `tfcert grade --quick`, a
batch of 4 with `--jobs 1` vs `--jobs 2`, and what the sandbox costs a submission,
measured one after the other in one run.

Every run grades the reference solution under the same training budget (full data,
`--epochs` epochs), so the figures compare the graders, not the training lengths.

`--full` (issue 17) measures instead, in one run, the lesson's full budget by default
(20 epochs, 60,000 images; `--epochs` and `--n-train` make it smaller): one submission on
the grader's fast path, with `--exact`, and through `nbgrader autograde` (whose exercise
records `fit` with the same recorder, so it trains on the fast path too), as ratios with
the seconds beside them; then a batch of 6 with `--jobs 1` and `--jobs 2`, in submissions
per hour. The full budget takes over half an hour of two cores; `--paths-only` measures
only the fast path and `--exact` (their ratio, about 7 minutes).

    python -m benchmarks.grade_speed [--epochs 2] [--sandbox-only]
    python -m benchmarks.grade_speed --full [--epochs 20] [--n-train 60000] [--paths-only]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import nbgrader_course

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "reference" / "fashion_mnist_dnn.ipynb"


def _timed(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)
    return time.perf_counter() - start


def tfcert(*args: str) -> list[str]:
    return [sys.executable, "-m", "autograder.cli", *args]


def time_tfcert_grade(folder: Path, epochs: int) -> float:
    notebook = folder / REFERENCE.name
    return _timed(tfcert("grade", str(notebook), "--epochs", str(epochs)))


def time_quick_warm(folder: Path, repeats: int = 4) -> tuple[float, float]:
    """(first, warm) seconds of quick grading, one submission after another in one grader
    process, as `tfcert grade --quick` grades a class: the first submission starts its
    kernel cold; each later one finds the kernel that was started while the previous one
    was graded (`warm_next`). Warm: the median of the later ones."""
    from autograder.grade import GradeOptions, grade_submission

    times = []
    for index in range(repeats):
        options = GradeOptions(quick=True, warm_next=index + 1 < repeats)
        start = time.perf_counter()
        result = grade_submission(folder / REFERENCE.name, options)
        times.append(time.perf_counter() - start)
        assert result.status == "graded", result.error
    return times[0], statistics.median(times[1:])


def time_sandbox(folder: Path, pairs: int = 5) -> tuple[float, float, float] | None:
    """(unboxed, boxed, paired difference) median seconds of one cold `--quick` grading
    (kernel start, the notebook, the checks), alternating `--sandbox off` and `bwrap` so
    that a machine's drift hits both; None where bubblewrap cannot box."""
    from autograder.grade import GradeOptions, grade_submission
    from autograder.runner import sandbox

    if sandbox.problem() is not None:
        return None
    times = {"off": [], "bwrap": []}
    for _ in range(pairs):
        for box in times:
            start = time.perf_counter()
            result = grade_submission(folder / REFERENCE.name,
                                      GradeOptions(quick=True, sandbox=box))
            times[box].append(time.perf_counter() - start)
            assert result.status == "graded" and result.sandbox == box, result.error
    paired = [boxed - off for off, boxed in zip(times["off"], times["bwrap"])]
    return (statistics.median(times["off"]), statistics.median(times["bwrap"]),
            statistics.median(paired))


def time_nbgrader(epochs: int) -> float | None:
    """One submission through `nbgrader autograde`, with the exercise's budget variables."""
    return nbgrader_course.time_autograde(epochs) if nbgrader_course.available() else None


def time_batch(folder: Path, jobs: int, epochs: int, n_train: int) -> float:
    batch = folder / f"batch-{jobs}"
    batch.mkdir()
    for i in range(4):
        shutil.copyfile(REFERENCE, batch / f"student{i}.ipynb")
    return _timed(tfcert("grade", str(batch), "--jobs", str(jobs), "--epochs", str(epochs),
                         "--train-size", str(n_train)))


FULL_EPOCHS = 20
BATCH = 6  # submissions in the class-sized batch of `--full`


def _budget_args(epochs: int, n_train: int | None) -> list[str]:
    return ["--epochs", str(epochs)] + ([] if n_train is None else ["--train-size", str(n_train)])


def full_budget(epochs: int = FULL_EPOCHS, n_train: int | None = None,
                paths_only: bool = False) -> dict:
    """Seconds of one reference submission on the fast path, with `--exact` and (unless
    `paths_only`) through nbgrader, and of a batch of `BATCH` with `--jobs 1` and
    `--jobs 2` (fast path)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copyfile(REFERENCE, folder / REFERENCE.name)
        notebook = str(folder / REFERENCE.name)
        budget = _budget_args(epochs, n_train)
        figures = {"epochs": epochs, "n_train": n_train}
        figures["fast_s"] = _timed(tfcert("grade", notebook, "-q", *budget))
        figures["exact_s"] = _timed(tfcert("grade", notebook, "-q", "--exact", *budget))
        if paths_only:
            return figures
        figures["nbgrader_s"] = (nbgrader_course.time_autograde(epochs, n_train)
                                 if nbgrader_course.available() else None)
        for jobs in (1, 2):
            batch = folder / f"batch-{jobs}"
            batch.mkdir()
            for i in range(BATCH):
                shutil.copyfile(REFERENCE, batch / f"student{i}.ipynb")
            figures[f"batch_jobs{jobs}_s"] = _timed(tfcert("grade", str(batch), "-q",
                                                           "--jobs", str(jobs), *budget))
    return figures


def render_full(f: dict) -> str:
    images = "60,000" if f["n_train"] is None else f"{f['n_train']:,}"
    lines = [f"## grade_speed --full (reference notebook, {f['epochs']} epochs on {images} "
             "images; one run, side by side)", "",
             "| how | seconds | seconds / fast path's |", "| --- | --- | --- |",
             f"| tfcert grade (fast path) | {f['fast_s']:.1f} | 1.00 |",
             f"| tfcert grade --exact | {f['exact_s']:.1f} | {f['exact_s'] / f['fast_s']:.2f} |"]
    if "nbgrader_s" not in f:  # --paths-only
        return "\n".join(lines)
    nb = f["nbgrader_s"]
    lines += [f"| nbgrader autograde (exercise; its recorder uses the fast path too) | "
             + ("n/a | n/a |" if nb is None else f"{nb:.1f} | {nb / f['fast_s']:.2f} |"),
             "", f"Batch of {BATCH} submissions on the fast path:", "",
             "| jobs | seconds | submissions per hour |", "| --- | --- | --- |"]
    for jobs in (1, 2):
        seconds = f[f"batch_jobs{jobs}_s"]
        lines.append(f"| --jobs {jobs} | {seconds:.1f} | {BATCH * 3600 / seconds:.0f} |")
    return "\n".join(lines)


def report(epochs: int = 2) -> dict:
    from reference import fashion_dnn as ref

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copyfile(REFERENCE, folder / REFERENCE.name)
        # A checkpoint beside the notebook, as nbgrader collects it, for --quick.
        ref.run(epochs=1, n_train=5000, fast=True, workdir=folder, seed=0, verbose=0)
        figures = {"epochs": epochs}
        figures["nbgrader_autograde_s"] = time_nbgrader(epochs)
        figures["tfcert_grade_s"] = time_tfcert_grade(folder, epochs)
        figures["quick_first_s"], figures["quick_warm_s"] = time_quick_warm(folder)
        figures["sandbox_s"] = time_sandbox(folder)
        figures["batch_jobs1_s"] = time_batch(folder, 1, 1, 10_000)
        figures["batch_jobs2_s"] = time_batch(folder, 2, 1, 10_000)
    figures["batch_ratio"] = figures["batch_jobs1_s"] / figures["batch_jobs2_s"]
    return figures


def render(f: dict) -> str:
    nb = f["nbgrader_autograde_s"]
    lines = [f"## grade_speed (reference notebook, full data, {f['epochs']} epochs)", "",
             "| how | seconds |", "| --- | --- |",
             f"| nbgrader autograde (one submission) | "
             f"{'n/a (no exercise course)' if nb is None else f'{nb:.1f}'} |",
             f"| tfcert grade (one submission, trains) | {f['tfcert_grade_s']:.1f} |",
             f"| tfcert grade --quick, first submission (kernel started cold) | "
             f"{f['quick_first_s']:.1f} |",
             f"| tfcert grade --quick, next submissions (warm grader: kernel started while "
             f"the previous one was graded; median of 3) | {f['quick_warm_s']:.1f} |",
             "", "Batch of 4 submissions (1 epoch on 10,000 images each):", "",
             "| jobs | seconds |", "| --- | --- |",
             f"| --jobs 1 | {f['batch_jobs1_s']:.1f} |", f"| --jobs 2 | {f['batch_jobs2_s']:.1f} |",
             "", f"--jobs 2 finishes the batch {f['batch_ratio']:.2f}x faster than --jobs 1."]
    lines += ["", render_sandbox(f["sandbox_s"])]
    if nb is not None:
        lines[8:8] = ["", f"tfcert grade --quick (warm) is {nb / f['quick_warm_s']:.1f}x faster "
                          "than nbgrader autograde on the same submission."]
    return "\n".join(lines)


def render_sandbox(seconds: tuple[float, float, float] | None) -> str:
    if seconds is None:
        return "Sandbox: not measured (bubblewrap cannot box here)."
    off, boxed, paired = seconds
    return (f"Sandbox: one cold `--quick` grading takes {off:.1f} s unboxed and {boxed:.1f} s "
            f"in bubblewrap (medians of 5, alternating); the median of the paired "
            f"differences is {paired:+.2f} s per submission.")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=None,
                        help="training epochs (default: 2; with --full, the lesson's 20)")
    parser.add_argument("--sandbox-only", action="store_true",
                        help="measure only what the sandbox costs a submission")
    parser.add_argument("--full", action="store_true",
                        help="fast path vs --exact vs nbgrader, and a batch of 6, at the "
                             "lesson's budget (20 epochs, all images) unless --epochs/--n-train")
    parser.add_argument("--paths-only", action="store_true",
                        help="with --full: only the fast path and --exact (their ratio)")
    parser.add_argument("--n-train", type=int, default=None,
                        help="with --full: train on the first N images (default: all 60,000)")
    args = parser.parse_args(argv)
    if args.full:
        print(render_full(full_budget(args.epochs or FULL_EPOCHS, args.n_train,
                                           args.paths_only)))
        return 0
    if args.sandbox_only:
        from reference import fashion_dnn as ref

        with tempfile.TemporaryDirectory() as tmp:
            shutil.copyfile(REFERENCE, Path(tmp) / REFERENCE.name)
            ref.run(epochs=1, n_train=5000, fast=True, workdir=Path(tmp), seed=0, verbose=0)
            print(render_sandbox(time_sandbox(Path(tmp))))
        return 0
    print(render(report(args.epochs or 2)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
