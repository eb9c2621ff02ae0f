"""`make bench`: run every benchmark and write the figures to benchmarks/RESULTS.md."""

from __future__ import annotations

import datetime
import os
import platform
import sys
from pathlib import Path

from benchmarks import grade_speed, train_speed

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def machine() -> str:
    """One line about the machine: CPU model, cores, memory, versions."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = int(next(l for l in Path("/proc/meminfo").read_text().splitlines()
                          if l.startswith("MemTotal")).split()[1]) / 2**20
    except (OSError, StopIteration):
        memory = float("nan")
    import keras
    import tensorflow as tf

    return (f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB; Python "
            f"{platform.python_version()}, TensorFlow {tf.__version__}, Keras {keras.__version__}")


def main() -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sections = [f"# Benchmark results\n\nMeasured {datetime.date.today()} on: {machine()}.\n"
                "Each table comes from one `make bench` run; ratios are measured side by side."]
    train = train_speed.render(train_speed.report(), train_speed.EPOCHS)
    print(train, flush=True)
    sections.append(train)
    grade = grade_speed.render(grade_speed.report())
    print(grade, flush=True)
    sections.append(grade)
    RESULTS.write_text("\n\n".join(sections) + "\n", encoding="utf-8")
    print(f"\nWritten to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
