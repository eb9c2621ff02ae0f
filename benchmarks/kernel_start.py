"""What every grading kernel pays before the submission's first line: importing Keras.

Side by side in one run, alternating, each in a fresh interpreter: a plain `import keras`
(scikit-learn, pandas and pyplot imported with it) and the grader's kernel import
(`autograder.runner.optional_imports`: Keras without them until a submission imports
them). CPU seconds (user + system, the process and its children), the median of the
pairs and their ratio. The corpus starts about 120 kernels, `make test` about 250.

    python -m benchmarks.kernel_start [--pairs 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys

IMPORTS = {
    "plain `import keras`": "import keras",
    "the grader's kernel import": ("from autograder.runner import kernel_side\n"
                                   "kernel_side.keras_module()"),
}


def cpu_seconds(code: str) -> float:
    """CPU seconds of a fresh interpreter running `code`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", code], check=True,
                   env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(pairs: int) -> dict[str, list[float]]:
    cpu_seconds("import keras")  # the file cache, once
    runs = {name: [] for name in IMPORTS}
    for _ in range(pairs):
        for name, code in IMPORTS.items():
            runs[name].append(cpu_seconds(code))
    return runs


def render(runs: dict[str, list[float]]) -> str:
    plain, grader = (statistics.median(values) for values in runs.values())
    lines = [f"## kernel_start (CPU seconds of a fresh interpreter, {len(next(iter(runs.values())))}"
             " pairs, alternating)", "", "| import | median CPU-s | runs |", "| --- | --- | --- |"]
    for name, values in runs.items():
        lines.append(f"| {name} | {statistics.median(values):.2f} | "
                     f"{', '.join(f'{v:.2f}' for v in values)} |")
    lines += ["", f"The grader's import saves {plain - grader:.2f} CPU-s a kernel "
              f"({1 - grader / plain:.0%}); plain / grader = {plain / grader:.2f}."]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5)
    args = parser.parse_args(argv)
    print(render(measure(args.pairs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
