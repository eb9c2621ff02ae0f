"""What every grading pays before the submission's first line: the kernel importing Keras,
and the kernel's driver importing nbformat and nbclient.

Side by side in one run, alternating, each in a fresh interpreter, for each of the two:
the plain import (Keras with scikit-learn, pandas and pyplot; nbformat with jsonschema's
IRI parsers) and the grader's (`autograder.runner.optional_imports`): for the kernel, the
warm-up it runs before the submission arrives (`execute.WARM_UP`). CPU seconds (user +
system, the process and its children), the median of the pairs, and what the grader's
import saves. Every submission starts one kernel and one driver; the corpus grades about
120, `make test` starts about 250 kernels.

    python -m benchmarks.kernel_start [--pairs 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys

from autograder.runner.execute import WARM_UP

# process -> (plain import, the grader's import)
IMPORTS = {
    "kernel (Keras)": ("import numpy, tensorflow, keras", WARM_UP),
    "driver (nbformat, nbclient)": ("import nbformat, nbclient",
                                    "import autograder.runner.execute"),
}


def cpu_seconds(code: str) -> float:
    """CPU seconds of a fresh interpreter running `code`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", code], check=True,
                   env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(pairs: int) -> dict[str, tuple[list[float], list[float]]]:
    """`{process: (plain CPU-s, grader's CPU-s)}`, one pair after the other."""
    cpu_seconds("import keras, nbformat")  # the file cache, once
    runs = {name: ([], []) for name in IMPORTS}
    for _ in range(pairs):
        for name, codes in IMPORTS.items():
            for times, code in zip(runs[name], codes):
                times.append(cpu_seconds(code))
    return runs


def render(runs: dict) -> str:
    pairs = len(next(iter(runs.values()))[0])
    lines = [f"## kernel_start (CPU seconds of a fresh interpreter, {pairs} pairs, alternating)",
             "", "| process | plain import | the grader's import | saved | runs (plain; grader's) |",
             "| --- | --- | --- | --- | --- |"]
    for name, (plain, grader) in runs.items():
        p, g = statistics.median(plain), statistics.median(grader)
        lines.append(f"| {name} | {p:.2f} | {g:.2f} | {p - g:.2f} ({1 - g / p:.0%}) | "
                     f"{', '.join(f'{v:.2f}' for v in plain)}; "
                     f"{', '.join(f'{v:.2f}' for v in grader)} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5)
    args = parser.parse_args(argv)
    print(render(measure(args.pairs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
