"""Why the best epoch moves between the fast path and `--exact` (issue 17): the lesson's
training is chaotic under rounding, and the fast path changes rounding only.

Trains the lesson's model as the grader's kernel does (seed 0 set before the model is
built, the full data or its first `--n-train` images, batches of 32, the test split as
validation data), one fresh process per variant:

- `exact`: Keras' own `fit`, as the student wrote it (`--exact`);
- `one_ulp`: the same, after moving every initial weight of the first layer up by one unit
  in the last place (a change of at most 1.2e-7 of each value: what one rounding does;
  a single weight's ulp can be absorbed by the first update's rounding);
- `one_ulp_down`: the same, one unit in the last place down;
- `keras_xla`: Keras' own `fit` of a model compiled with `jit_compile=True` (Keras'
  default where it finds a GPU);
- `fast`: the grader's fast path with XLA (`autograder.runner.fast_path`, the XLA
  threshold lowered to 0 so that short runs use it too);
- `fast_no_xla`: the grader's fast path without XLA (what it runs below 2,000 batches).

Every variant records the labels of its training batches in the order trained (a
`numpy_function` in Keras' array pipeline: no random draws), so the table says whether it
trained on the same batches in the same order as `exact`. It prints each variant's best
epoch (`autograder.history`, the one rule), its `val_loss` per epoch, how far its weights
ended from `exact`'s (relative L2 distance of all weights), and which variants end
bit-for-bit equal.

    python -m benchmarks.rounding_sensitivity [--epochs 20] [--n-train 60000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

VARIANTS = ("exact", "one_ulp", "one_ulp_down", "keras_xla", "fast", "fast_no_xla")


def train(variant: str, epochs: int, n_train: int | None, out: Path) -> None:
    """Run one variant in this process and write `out.json` and `out.npz`."""
    from autograder.runner import fast_path

    os.environ[fast_path.MIN_XLA_BATCHES_ENV] = "0" if variant == "fast" else "999999999"
    import keras
    import numpy as np
    import tensorflow as tf
    from keras.src.trainers.data_adapters import array_data_adapter

    from reference import fashion_dnn as ref

    order = _record_batch_labels(array_data_adapter, np, tf)
    (x_train, y_train), (x_valid, y_valid) = ref.load_data()
    x_train, y_train = x_train[:n_train], y_train[:n_train]
    keras.utils.set_random_seed(0)
    x_train, x_valid = x_train / 255.0, x_valid / 255.0
    model = ref.build_model()
    if variant.startswith("one_ulp"):
        kernel = model.layers[1].kernel
        towards = -np.inf if variant == "one_ulp_down" else np.inf
        kernel.assign(np.nextafter(kernel.numpy(), np.float32(towards)))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"],
                  jit_compile=variant == "keras_xla")
    args = dict(x=x_train, y=y_train, validation_data=(x_valid, y_valid), epochs=epochs,
                verbose=0, shuffle=True)
    if variant.startswith("fast"):
        history = fast_path._fast_fit(keras, keras.Model.fit, model, args)
    else:
        history = model.fit(**args)
    np.savez(out.with_suffix(".npz"), *[w.numpy() for w in model.weights])
    out.with_suffix(".json").write_text(json.dumps({
        "history": history.history,
        "labels": np.concatenate(order).tolist() if order else []}))


def _record_batch_labels(array_data_adapter, np, tf) -> list:
    """Make Keras' shuffled array pipelines note each element's labels as it is taken."""
    order = []
    original = array_data_adapter.ArrayDataAdapter.get_tf_dataset

    def note(labels):
        order.append(np.asarray(labels).ravel())
        return np.int32(0)

    def get_tf_dataset(self):
        dataset = original(self)
        if not self._shuffle:  # validation data
            return dataset

        def noted(*parts):
            zero = tf.ensure_shape(tf.numpy_function(note, [parts[1]], tf.int32), [])
            return (parts[0], parts[1] + tf.cast(zero, parts[1].dtype), *parts[2:])

        return dataset.map(noted)

    array_data_adapter.ArrayDataAdapter.get_tf_dataset = get_tf_dataset
    return order


def run_all(epochs: int, n_train: int | None) -> dict:
    """Each variant in its own process; `{variant: {"history", "labels", "weights"}}`."""
    import numpy as np

    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        for variant in VARIANTS:
            out = Path(tmp) / variant
            command = [sys.executable, "-m", "benchmarks.rounding_sensitivity", "--one",
                       variant, "--out", str(out), "--epochs", str(epochs)]
            if n_train is not None:
                command += ["--n-train", str(n_train)]
            subprocess.run(command, check=True,
                           env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
            run = json.loads(out.with_suffix(".json").read_text())
            with np.load(out.with_suffix(".npz")) as weights:
                run["weights"] = [weights[name] for name in weights.files]
            runs[variant] = run
    return runs


def compare(runs: dict) -> dict:
    """Per variant: best epoch, lowest val_loss, same batches as exact, distance to exact,
    and the variants it equals bit for bit."""
    import numpy as np

    from autograder import history as histories

    def flat(run):
        return np.concatenate([w.ravel() for w in run["weights"]])

    exact = flat(runs["exact"])
    rows = {}
    for name, run in runs.items():
        weights = flat(run)
        rows[name] = {
            "best_epoch": histories.best_epoch(run["history"]),
            "val_loss": run["history"]["val_loss"],
            "same_batches": run["labels"] == runs["exact"]["labels"],
            "distance": float(np.linalg.norm(weights - exact) / np.linalg.norm(exact)),
            "equal_to": [other for other, o in runs.items() if other != name
                         and all(np.array_equal(a, b)
                                 for a, b in zip(run["weights"], o["weights"]))]}
    return rows


def render(rows: dict, epochs: int, n_train: int | None) -> str:
    images = "60,000" if n_train is None else f"{n_train:,}"
    lines = [f"## rounding_sensitivity ({epochs} epochs on {images} images, seed 0)", "",
             "| variant | best epoch | lowest val_loss | same batches, same order as exact "
             "| weights' distance from exact | bit-for-bit equal to |",
             "| --- | --- | --- | --- | --- | --- |"]
    for name, row in rows.items():
        lines.append(f"| {name} | {row['best_epoch']} | {min(row['val_loss']):.4f} | "
                     f"{'yes' if row['same_batches'] else 'NO'} | {row['distance']:.3f} | "
                     f"{', '.join(row['equal_to']) or '-'} |")
    lines += ["", "val_loss per epoch:", "", "```"]
    lines += [f"{name:12} " + " ".join(f"{v:.4f}" for v in row["val_loss"])
              for name, row in rows.items()]
    lines.append("```")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20, help="training epochs (default 20)")
    parser.add_argument("--n-train", type=int, default=None,
                        help="train on the first N images (default: all 60,000)")
    parser.add_argument("--one", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        train(args.one, args.epochs, args.n_train, args.out)
        return 0
    print(render(compare(run_all(args.epochs, args.n_train)), args.epochs, args.n_train))
    return 0


if __name__ == "__main__":
    sys.exit(main())
