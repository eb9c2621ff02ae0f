"""Boxed kernels started as usual against kernels forked from the grader's fork server
(`autograder.runner.forkserver`), side by side in one run.

Each run is a fresh grader (a child interpreter) grading the same small submissions one
after the other in the sandbox, as a class batch does; runs alternate between the two
ways (`TFCERT_FORK_KERNELS=0` and on). CPU seconds of the whole run (the grader, its
drivers and kernels, the fork server and its relays), its wall-clock seconds, and the
grades, which must not differ.

The CPU seconds come from a cgroup of the run's own (cgroup v1 `cpuacct`, or v2 `cpu`,
where the benchmark may make one: root). Without one they come from `getrusage`, which
misses processes killed inside a box rather than reaped (a started kernel's), so the two
ways cannot be compared then; the table says which meter it used.

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


CGROUP_V1 = Path("/sys/fs/cgroup/cpuacct")
CGROUP_V2 = Path("/sys/fs/cgroup")


def new_cpu_cgroup() -> Path | None:
    """A fresh cgroup that counts CPU time, or None where none can be made."""
    name = f"tfcert-bench-{os.getpid()}-{time.monotonic_ns()}"
    for parent, usage in ((CGROUP_V1, "cpuacct.usage"), (CGROUP_V2, "cpu.stat")):
        if (parent / usage).exists():
            try:
                (parent / name).mkdir()
                return parent / name
            except OSError:
                pass
    return None


def cgroup_cpu_seconds(cgroup: Path) -> float:
    if (cgroup / "cpuacct.usage").exists():
        return int((cgroup / "cpuacct.usage").read_text()) / 1e9
    stat = dict(line.split() for line in (cgroup / "cpu.stat").read_text().splitlines())
    return int(stat["usage_usec"]) / 1e6


def run(mode: str, submissions: int) -> tuple[float, float, list, str]:
    """(CPU seconds, wall seconds, scores, meter) of one fresh grader grading
    `submissions`."""
    cgroup = new_cpu_cgroup()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", GRADER, str(SUBMISSION), str(submissions)],
                          check=True, capture_output=True, text=True,
                          env={**os.environ, "TFCERT_FORK_KERNELS": MODES[mode],
                               "TF_CPP_MIN_LOG_LEVEL": "3"},
                          preexec_fn=None if cgroup is None else lambda: (
                              cgroup / "cgroup.procs").write_text(str(os.getpid())))
    wall = time.monotonic() - start
    scores = json.loads(done.stdout.strip().splitlines()[-1])
    if cgroup is not None:
        time.sleep(1)  # the box's last processes are gone by then
        cpu = cgroup_cpu_seconds(cgroup)
        for _ in range(50):
            try:
                cgroup.rmdir()
                break
            except OSError:
                time.sleep(0.1)
        return cpu, wall, scores, "cgroup"
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, scores, "getrusage (misses killed kernels)"


def measure(pairs: int, submissions: int) -> dict[str, list[tuple[float, float, list, str]]]:
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
             f"run, 1 epoch on 2,000 images; {pairs} pairs, alternating; CPU by "
             f"{runs['started'][0][3]})", "",
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
