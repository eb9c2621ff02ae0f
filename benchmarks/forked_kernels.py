"""Boxed kernels started as usual against kernels forked from the grader's fork server
(`autograder.runner.forkserver`), side by side in one run.

Each run is a fresh grader (a child interpreter) grading the same small submissions one
after the other in the sandbox, as a class batch does; runs alternate between the two
ways (`TFCERT_FORK_KERNELS=0` and on). CPU seconds of the whole run (the grader, its
drivers and kernels, the fork server and its relays: every process it started and
reaped), its wall-clock seconds, and the grades, which must not differ.

    python -m benchmarks.forked_kernels [--pairs 2] [--submissions 6]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

SUBMISSION = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "binary_crossentropy.ipynb"
MODES = {"started": "0", "forked": "1"}
GRADER = """
import json, sys
from pathlib import Path
from autograder.grade import GradeOptions, grade_submission
options = GradeOptions(epochs=1, n_train=2000, n_valid=1000, sandbox="bwrap", keras="3")
scores = [grade_submission(Path(sys.argv[1]), options).score for _ in range(int(sys.argv[2]))]
print(json.dumps(scores))
"""


def run(mode: str, submissions: int) -> tuple[float, float, list]:
    """(CPU seconds, wall seconds, scores) of one fresh grader grading `submissions`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", GRADER, str(SUBMISSION), str(submissions)],
                          check=True, capture_output=True, text=True,
                          env={**os.environ, "TFCERT_FORK_KERNELS": MODES[mode],
                               "TF_CPP_MIN_LOG_LEVEL": "3"})
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, json.loads(done.stdout.strip().splitlines()[-1])


def measure(pairs: int, submissions: int) -> dict[str, list[tuple[float, float, list]]]:
    runs = {mode: [] for mode in MODES}
    for _ in range(pairs):
        for mode in MODES:
            runs[mode].append(run(mode, submissions))
    return runs


def render(runs: dict, submissions: int) -> str:
    pairs = len(runs["started"])
    cpu = {mode: statistics.median(r[0] for r in rows) for mode, rows in runs.items()}
    wall = {mode: statistics.median(r[1] for r in rows) for mode, rows in runs.items()}
    scores = {mode: sorted({s for r in rows for s in r[2]}) for mode, rows in runs.items()}
    lines = [f"## forked_kernels ({submissions} boxed gradings of `{SUBMISSION.name}` per "
             f"run, 1 epoch on 2,000 images; {pairs} pairs, alternating)", "",
             "| kernels | CPU-s per run (median) | per grading | wall s per run | scores |",
             "| --- | --- | --- | --- | --- |"]
    for mode in MODES:
        lines.append(f"| {mode} | {cpu[mode]:.1f} | {cpu[mode] / submissions:.2f} | "
                     f"{wall[mode]:.1f} | {scores[mode]} |")
    lines += ["", f"Forked against started: {cpu['started'] / cpu['forked']:.2f}x less CPU, "
              f"{wall['started'] / wall['forked']:.2f}x less wall; "
              f"{(cpu['started'] - cpu['forked']) / submissions:.2f} CPU-s saved per grading. "
              f"Runs (CPU-s): " + "; ".join(
                  f"{mode} " + ", ".join(f"{r[0]:.1f}" for r in rows)
                  for mode, rows in runs.items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2)
    parser.add_argument("--submissions", type=int, default=6)
    args = parser.parse_args(argv)
    runs = measure(args.pairs, args.submissions)
    if len({tuple(r[2]) for rows in runs.values() for r in rows}) != 1:
        raise SystemExit(f"the grades differ between the two ways: {runs}")
    print(render(runs, args.submissions))


if __name__ == "__main__":
    main()
