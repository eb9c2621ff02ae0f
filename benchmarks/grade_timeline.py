"""Where one grading's seconds go: each process of `tfcert grade` (the grader, the kernel's
driver, the kernel), when it ran and its CPU seconds over time.

Grades the reference notebook (full data, `--epochs`, the fast path unless `--exact`) and
samples its process tree every quarter second: for each process that used CPU, when it was
first and last seen and its CPU seconds at every second mark. Read with it: a kernel's
CPU rising about 1 s per second is one core busy (imports, the notebook's own Python);
about 2 s per second is training on both cores; the grader's CPU rising after the kernel
has gone is the grader's own measurements (`benchmarks/RESULTS.md`, grade_speed
--paths-only).

    python -m benchmarks.grade_timeline [--epochs 1] [--exact] [--xla]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from benchmarks.grade_speed import REFERENCE, tfcert

SAMPLE_S = 0.25


def sample(command: list[str], env: dict) -> tuple[float, dict[int, dict]]:
    """Run `command`; (its wall seconds, {pid: {"cmd", "first", "last", "cpu": [(t, s)]}})."""
    start = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    root, seen = psutil.Process(process.pid), {}
    while process.poll() is None:
        now = time.monotonic() - start
        try:
            tree = [root] + root.children(recursive=True)
        except psutil.NoSuchProcess:
            break
        for member in tree:
            try:
                times, cmd = member.cpu_times(), " ".join(member.cmdline())
            except psutil.Error:
                continue
            entry = seen.setdefault(member.pid, {"cmd": cmd, "first": now, "cpu": []})
            entry["last"] = now
            entry["cpu"].append((now, times.user + times.system))
        time.sleep(SAMPLE_S)
    return time.monotonic() - start, seen


def render(wall: float, seen: dict, title: str) -> str:
    lines = [f"## grade_timeline ({title}; {wall:.1f} s in all)", "",
             "| process | seen (s) | CPU s | CPU s at each 2-second mark |",
             "| --- | --- | --- | --- |"]
    for entry in sorted(seen.values(), key=lambda e: e["first"]):
        cpu = entry["cpu"][-1][1]
        if cpu < 0.2:
            continue
        marks, next_mark = [], 0.0
        for t, seconds in entry["cpu"]:
            if t >= next_mark:
                marks.append(f"{t:.0f}:{seconds:.1f}")
                next_mark = t + 2.0
        name = entry["cmd"].split(" -m ")[-1].split()[0] if " -m " in entry["cmd"] \
            else "tfcert grade"
        lines.append(f"| {name} | {entry['first']:.1f} to {entry['last']:.1f} | {cpu:.2f} | "
                     f"{' '.join(marks)} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--exact", action="store_true", help="grade with --exact")
    parser.add_argument("--xla", action="store_true",
                        help="XLA on the fast path however short the fit (as at 20 epochs)")
    args = parser.parse_args(argv)
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    if args.xla:
        env["TFCERT_FAST_XLA_MIN_BATCHES"] = "0"
    with tempfile.TemporaryDirectory() as tmp:
        notebook = Path(tmp) / REFERENCE.name
        shutil.copyfile(REFERENCE, notebook)
        command = tfcert("grade", str(notebook), "-q", "--epochs", str(args.epochs)) \
            + (["--exact"] if args.exact else [])
        wall, seen = sample(command, env)
    path = "--exact" if args.exact else "fast path" + (", XLA" if args.xla else "")
    print(render(wall, seen, f"reference notebook, {args.epochs} epoch(s) on 60,000 images, "
                             f"{path}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
