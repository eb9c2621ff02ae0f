"""Document path vs fast path: samples per second over whole epochs on the full data.

Both paths train the lesson's model (batch 32, default Adam, same seed) on all 60,000
training images, validating on the 10,000 test images as the lesson does. Each path runs
in a fresh process, one after the other, so neither warms the other's caches. The first
epoch includes tracing and XLA compilation; later epochs are the steady state.

    python -m benchmarks.train_speed [--epochs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

CHILD = r"""
import json, os, sys, time
import keras
from reference import fashion_dnn as ref
fast = sys.argv[1] == "fast"
epochs = int(sys.argv[2])
(x_train, y_train), (x_valid, y_valid) = ref.load_data()
keras.utils.set_random_seed(0)
model = ref.compile_model(ref.build_model(), fast)
train = (ref.normalize(x_train, fast), y_train)
valid = (ref.normalize(x_valid, fast), y_valid)
times = []
class Clock(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()
    def on_epoch_end(self, epoch, logs=None):
        times.append(time.perf_counter() - self.start)
history = model.fit(*train, validation_data=valid, epochs=epochs, batch_size=ref.BATCH_SIZE,
                    callbacks=[Clock()], verbose=0).history
print("RESULT " + json.dumps({"epoch_seconds": times, "loss": history["loss"],
                              "val_loss": history["val_loss"], "acc": history["acc"]}))
"""


def measure(path: str, epochs: int, env: dict | None = None) -> dict:
    """Train on one path in a fresh process; return its per-epoch times and losses."""
    done = subprocess.run([sys.executable, "-c", CHILD, path, str(epochs)], capture_output=True,
                          text=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3",
                                          **(env or {})}, check=True)
    line = next(l for l in done.stdout.splitlines() if l.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


def report(epochs: int = 2) -> dict:
    """Measure both paths and return the figures and ratios."""
    samples = 60_000
    runs = {path: measure(path, epochs) for path in ("document", "fast")}
    figures = {}
    for path, run in runs.items():
        steady = run["epoch_seconds"][1:] or run["epoch_seconds"]
        figures[path] = {
            "first_epoch_s": run["epoch_seconds"][0],
            "steady_epoch_s": sum(steady) / len(steady),
            "steady_samples_per_s": samples * len(steady) / sum(steady),
            "all_epochs_samples_per_s": samples * epochs / sum(run["epoch_seconds"]),
            "loss": run["loss"], "val_loss": run["val_loss"],
        }
    doc, fast = figures["document"], figures["fast"]
    figures["ratio_steady"] = fast["steady_samples_per_s"] / doc["steady_samples_per_s"]
    figures["ratio_all_epochs"] = (fast["all_epochs_samples_per_s"]
                                   / doc["all_epochs_samples_per_s"])
    figures["max_loss_rel_diff"] = max(abs(a - b) / b for a, b in zip(fast["loss"], doc["loss"]))
    return figures


def render(figures: dict, epochs: int) -> str:
    lines = [f"## train_speed (full data, {epochs} epochs per path, batch 32)", "",
             "| path | first epoch s | steady epoch s | samples/s (steady) | "
             "samples/s (all epochs) | training loss per epoch |",
             "| --- | --- | --- | --- | --- | --- |"]
    for path in ("document", "fast"):
        f = figures[path]
        lines.append(f"| {path} | {f['first_epoch_s']:.1f} | {f['steady_epoch_s']:.1f} | "
                     f"{f['steady_samples_per_s']:,.0f} | {f['all_epochs_samples_per_s']:,.0f} | "
                     f"{', '.join(f'{v:.4f}' for v in f['loss'])} |")
    lines += ["", f"Speed-up of the fast path: {figures['ratio_steady']:.2f}x steady, "
                  f"{figures['ratio_all_epochs']:.2f}x over all epochs including compilation.",
              f"Largest relative difference of the epoch losses: "
              f"{figures['max_loss_rel_diff']:.2%} (XLA rounding; same seed, same data)."]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args(argv)
    print(render(report(args.epochs), args.epochs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
