"""Document path vs fast path: samples per second over whole epochs on the full data.

Both paths train the lesson's model (batch 32, default Adam, same seed) on all 60,000
training images, validating on the 10,000 test images and keeping the best checkpoint as
the lesson does (`reference.fashion_dnn.fit`, the reference's own Step 5). Each path runs
in a fresh process, one after the other, so neither warms the other's caches. The first
epoch includes tracing and XLA compilation; later epochs are the steady state.

Both paths are measured twice: as the lesson runs them, with `fit`'s default progress bar
(`verbose="auto"`, which is 1; the output goes to a pipe, so only the per-batch
bookkeeping is paid, not the drawing), and silent (`verbose=0`). The document's path
updates its bar after every batch, the fast path once per execution of 100 batches; in the
piped runs of RESULTS.md that difference is within the machine's noise.

Each run trains 4 epochs: the first, then 3 steady ones whose mean is the steady epoch.
The document's path stalls for 2 to 5 s at the start of about one epoch in three (tf.data
autotuning of an iterator Keras drops; the fast path's feed,
`reference.fashion_dnn._execution_feed`, runs without autotuning). A single steady epoch
would catch that stall or miss it by chance; three let each run pay it about as often as
the lesson's 20 epochs do. The table lists every epoch, so the stalls show.

    python -m benchmarks.train_speed [--epochs 4]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

CHILD = r"""
import json, os, sys, tempfile, time
import keras
from reference import fashion_dnn as ref
fast = sys.argv[1] == "fast"
epochs = int(sys.argv[2])
verbose = int(sys.argv[3])
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
checkpoint = ref.make_checkpoint(os.path.join(tempfile.mkdtemp(), ref.CHECKPOINT_PATH),
                                 verbose=verbose)
history = ref.fit(model, train, valid, checkpoint, epochs=epochs, verbose=verbose, fast=fast,
                  callbacks=[Clock()]).history
print("RESULT " + json.dumps({"epoch_seconds": times, "loss": history["loss"],
                              "val_loss": history["val_loss"], "acc": history["acc"]}))
"""


def measure(path: str, epochs: int, verbose: int, env: dict | None = None) -> dict:
    """Train on one path in a fresh process; return its per-epoch times and losses."""
    done = subprocess.run([sys.executable, "-c", CHILD, path, str(epochs), str(verbose)],
                          capture_output=True,
                          text=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3",
                                          **(env or {})}, check=True)
    line = next(l for l in done.stdout.splitlines() if l.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


SAMPLES = 60_000
LESSON_EPOCHS = 20
EPOCHS = 4  # per run: the first (tracing, compilation) and 3 steady epochs


def _figures(run: dict) -> dict:
    steady = run["epoch_seconds"][1:] or run["epoch_seconds"]
    steady_s = sum(steady) / len(steady)
    # A whole 20-epoch training: the first epoch (tracing, XLA compilation) + 19 steady.
    lesson_s = run["epoch_seconds"][0] + (LESSON_EPOCHS - 1) * steady_s
    return {"steady_epoch_s": steady_s,
            "steady_samples_per_s": SAMPLES / steady_s,
            "lesson_samples_per_s": SAMPLES * LESSON_EPOCHS / lesson_s,
            "epoch_seconds": run["epoch_seconds"], "loss": run["loss"]}


# (label, verbose): the lesson's own setting first.
MODES = (("progress bar, as the lesson runs", 1), ("silent, verbose=0", 0))


def _pair(epochs: int, verbose: int) -> dict:
    doc = _figures(measure("document", epochs, verbose))
    fast = _figures(measure("fast", epochs, verbose))
    return {"document": doc, "fast": fast,
            "ratio_steady": fast["steady_samples_per_s"] / doc["steady_samples_per_s"],
            "ratio_lesson": fast["lesson_samples_per_s"] / doc["lesson_samples_per_s"],
            "max_loss_rel_diff": max(abs(a - b) / b for a, b in zip(fast["loss"], doc["loss"]))}


def report(epochs: int = EPOCHS, repeats: int = 3) -> dict:
    """Measure both paths `repeats` times in each mode, alternating; figures and ratios.

    This machine's speed drifts (a shared virtual machine): each pair is measured back
    to back and the median of the pairs' ratios is the figure to quote.
    """
    pairs = {label: [] for label, _ in MODES}
    for _ in range(repeats):
        for label, verbose in MODES:
            pairs[label].append(_pair(epochs, verbose))
    figures = {}
    for label, runs in pairs.items():
        median = lambda key: statistics.median(p[key] for p in runs)  # noqa: E731
        figures[label] = {"pairs": runs, "ratio_steady": median("ratio_steady"),
                          "ratio_lesson": median("ratio_lesson"),
                          "max_loss_rel_diff": max(p["max_loss_rel_diff"] for p in runs)}
    return figures


def render(figures: dict, epochs: int) -> str:
    repeats = len(next(iter(figures.values()))["pairs"])
    lines = [f"## train_speed (full data, {epochs} epochs per run, batch 32, "
             f"{repeats} pairs alternating per mode)", "",
             "Steady epoch: the mean of epochs 2 to "
             f"{epochs} of the run (epoch 1 includes tracing and compilation).", "",
             "| mode | pair | path | each epoch, s | steady epoch s | "
             "samples/s steady | samples/s over 20 epochs | speed-up steady | "
             "speed-up over 20 epochs |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for label, mode in figures.items():
        for number, pair in enumerate(mode["pairs"], start=1):
            for path in ("document", "fast"):
                f = pair[path]
                ratios = (f"{pair['ratio_steady']:.2f}x | {pair['ratio_lesson']:.2f}x"
                          if path == "fast" else " | ")
                epochs_s = " ".join(f"{t:.1f}" for t in f["epoch_seconds"])
                lines.append(f"| {label} | {number} | {path} | {epochs_s} | "
                             f"{f['steady_epoch_s']:.1f} | {f['steady_samples_per_s']:,.0f} | "
                             f"{f['lesson_samples_per_s']:,.0f} | {ratios} |")
    lines.append("")
    for label, mode in figures.items():
        lines.append(f"Median speed-up of the fast path, {label}: {mode['ratio_steady']:.2f}x "
                     f"per steady epoch, {mode['ratio_lesson']:.2f}x over the lesson's 20 "
                     "epochs (first epoch with compilation + 19 steady).")
    worst = max(mode["max_loss_rel_diff"] for mode in figures.values())
    lines += ["", f"Largest relative difference of the epoch losses between the paths: "
                  f"{worst:.2%} (XLA rounding; same seed, same data)."]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    print(render(report(args.epochs, args.repeats), args.epochs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
