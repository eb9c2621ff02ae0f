"""Where a fast-path training step goes (issue 17, item 5), against the products alone.

In one process, each part of one training step of the lesson's model (batch 32) is timed
the way the fast path runs it: 100 batches per XLA program (a `tf.while_loop` over stacked
batches). The parts are compiled first, then timed in turn, round after round (this
shared machine's speed drifts within seconds), and each part's median is taken:

- `step`: the fast path's whole step (`fast_path.fuse_train_steps`: Keras' own
  `train_step` with Adam, the loss and the `acc` metric), fed as `fit` feeds it;
- `step_sgd`: the same step with plain SGD (the cheapest update: one multiply-add a weight);
- `products`: the step's matrix products only (forward 6, backward 5 for the inputs of
  layers 2 to 6, and 6 for the weights), with ReLU masks between layers so XLA cannot
  merge them; each product's result is reduced to a scalar carried by the loop, so none is
  dropped (the reductions read each result once, as the optimizer does, and cost a little:
  this is an upper bound of the products' time inside the step; the SGD step, which holds
  them all, has measured below it);
- `adam`: Adam's update of the model's 1.5 M weights alone (fixed gradients).

FLOPs: a step computes 2 x 32 x (2 x 1,499,776 + 696,960) = 236.6 M (the forward and
weight products of all six layers, the input products of layers 2 to 6; no product for the
images' gradient), 443.6 G per epoch of 1,875 steps. The products' rate is what the
matrix products alone reach here; the step's rate is its FLOPs over its time, as a share of
the products' rate: what the rest of the step (Adam, activations, loss, metric, loop) costs.

Then the steady epoch (the second of two, through `fit`, validation included) of the
lesson's code and of the fast path, each in a fresh process (`benchmarks.train_speed`), and
the fast path's achieved GFLOP/s per epoch.

    python -m benchmarks.step_profile [--repeats 21] [--no-epochs]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

BATCH = 32
STEPS = 100  # batches per XLA program, as the fast path's `steps_per_execution`
STEPS_PER_EPOCH = 1875
UNITS = (784, 1024, 512, 256, 128, 64, 10)
PRODUCTS_PER_SAMPLE = sum(a * b for a, b in zip(UNITS, UNITS[1:]))        # 1,499,776
INPUT_PRODUCTS_PER_SAMPLE = PRODUCTS_PER_SAMPLE - UNITS[0] * UNITS[1]     # 696,960
STEP_FLOP = 2 * BATCH * (2 * PRODUCTS_PER_SAMPLE + INPUT_PRODUCTS_PER_SAMPLE)
EPOCH_FLOP = STEP_FLOP * STEPS_PER_EPOCH


def _interleaved_ms(runs: dict, repeats: int) -> dict:
    """Median milliseconds per batch of each `run()` (each trains `STEPS` batches), timed
    in turn, `repeats` rounds, after one untimed call each (tracing, compilation)."""
    for run in runs.values():
        run()
    times = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) * 1000 / STEPS for name, t in times.items()}


def _batches(np, tf, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.random((STEPS * BATCH, 28, 28), dtype=np.float32)
    y = rng.integers(0, 10, STEPS * BATCH).astype(np.uint8)
    return tf.constant(x), tf.constant(y)


def step(optimizer: str):
    """The fast path's fused training step with `optimizer`, on `STEPS` batches."""
    import numpy as np
    import tensorflow as tf

    from autograder.runner import fast_path
    from reference import fashion_dnn as ref

    model = ref.build_model()
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["acc"],
                  steps_per_execution=STEPS, jit_compile=False)
    fast_path.fuse_train_steps(model, BATCH)
    x, y = _batches(np, tf)
    element = tf.data.Dataset.from_tensors(fast_path.ExecutionBatches(x, y)).repeat()
    iterator = iter(element)
    return lambda: [float(v) for v in model.train_function(iterator).values()]


def products():
    """The step's matrix products alone (module doc), on `STEPS` batches."""
    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(1)
    weights = [tf.constant(rng.standard_normal((a, b), dtype=np.float32) * 0.05)
               for a, b in zip(UNITS, UNITS[1:])]
    x, _ = _batches(np, tf)
    stacked = tf.reshape(x, (STEPS, BATCH, UNITS[0]))

    @tf.function(jit_compile=True)
    def run(stacked):
        def body(i, total):
            h = [stacked[i]]
            for w in weights:                      # forward: 6 products
                h.append(tf.nn.relu(h[-1] @ w))
            g = h[-1]
            for layer in range(len(weights) - 1, -1, -1):
                dw = tf.matmul(h[layer], g, transpose_a=True)  # weights: 6 products
                total += tf.reduce_sum(dw)
                if layer:                          # inputs of layers 2 to 6: 5 products
                    g = tf.matmul(g, weights[layer], transpose_b=True) * \
                        tf.cast(h[layer] > 0, tf.float32)
            return i + 1, total

        return tf.while_loop(lambda i, _: i < STEPS, body, (tf.constant(0), tf.constant(0.0)))

    return lambda: run(stacked)[1].numpy()


def adam():
    """Adam's update of the model's weights alone, `STEPS` times."""
    import keras
    import numpy as np
    import tensorflow as tf

    from reference import fashion_dnn as ref

    model = ref.build_model()
    optimizer = keras.optimizers.Adam()
    optimizer.build(model.trainable_variables)
    rng = np.random.default_rng(2)
    grads = [tf.constant(rng.standard_normal(v.shape, dtype=np.float32) * 1e-3)
             for v in model.trainable_variables]

    @tf.function(jit_compile=True)
    def run():
        def body(i):
            optimizer.apply(grads, model.trainable_variables)
            return (i + 1,)

        tf.while_loop(lambda i: i < STEPS, body, (tf.constant(0),))
        return optimizer.iterations.value

    return lambda: run().numpy()


def parts(repeats: int) -> dict:
    """ms per batch of each part, measured in turn (module doc)."""
    return _interleaved_ms({"step": step("adam"), "step_sgd": step("sgd"),
                            "products": products(), "adam": adam()}, repeats)


def steady_epochs() -> dict:
    """The second epoch's seconds through `fit`: the lesson's code and the fast path."""
    from benchmarks import train_speed

    return {path: train_speed.measure(path, epochs=2, verbose=0)["epoch_seconds"][1]
            for path in ("document", "fast")}


def render(p: dict, epochs: dict | None) -> str:
    rate = lambda ms: STEP_FLOP / (ms / 1000) / 1e9  # noqa: E731  GFLOP/s
    lines = ["## step_profile (the lesson's model, batch 32, 100 batches per XLA program; "
             "one process)", "",
             "| part | ms per batch | GFLOP/s | share of the step |", "| --- | --- | --- | --- |"]
    for name, label in (("step", "whole step, Adam (the fast path)"),
                        ("step_sgd", "whole step, plain SGD"),
                        ("products", "matrix products alone"),
                        ("adam", "Adam's update alone")):
        flops = f"{rate(p[name]):.0f}" if name != "adam" else "-"
        lines.append(f"| {label} | {p[name]:.3f} | {flops} | {p[name] / p['step']:.0%} |")
    rest = p["step"] - p["products"] - p["adam"]
    lines.append(f"| the rest (activations, loss, metric, bias gradients, loop) | {rest:.3f} "
                 f"| - | {rest / p['step']:.0%} |")
    lines += ["", f"The step reaches {rate(p['step']) / rate(p['products']):.0%} of the "
              "products' own rate."]
    if epochs:
        achieved = EPOCH_FLOP / epochs["fast"] / 1e9
        lines += ["", "| steady epoch (through `fit`, validation included) | seconds | "
                  "GFLOP/s per epoch | share of the products' rate |", "| --- | --- | --- | --- |",
                  f"| the lesson's code | {epochs['document']:.2f} | "
                  f"{EPOCH_FLOP / epochs['document'] / 1e9:.0f} | "
                  f"{EPOCH_FLOP / epochs['document'] / 1e9 / rate(p['products']):.0%} |",
                  f"| the fast path | {epochs['fast']:.2f} | {achieved:.0f} | "
                  f"{achieved / rate(p['products']):.0%} |", "",
                  f"Fast path against the lesson's code per steady epoch: "
                  f"{epochs['document'] / epochs['fast']:.2f}x."]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--no-epochs", action="store_true",
                        help="time the step's parts only, not the two paths' epochs")
    args = parser.parse_args(argv)
    measured = parts(args.repeats)
    print(render(measured, None if args.no_epochs else steady_epochs()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
