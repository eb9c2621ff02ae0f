"""The lesson's Fashion-MNIST model, step by step, as small functions.

This is the one definition of the document's model that the tests, the autograder's own
tests and the demo share. Steps follow the document:

1. import, 2. load and normalize, 3. build, 4. compile, 4.5 checkpoint callback,
5. fit, 5.5 reload the best checkpoint, 6. evaluate.

The only change from the document is the checkpoint path: Keras 3 requires weights-only
checkpoints to end in `.weights.h5`; the document's `my_checkpoint.ckpt` raises
`ValueError` at Step 4.5.

Two ways to train the *same* model with the *same* hyperparameters (batch 32, default
Adam, 20 epochs, best `val_loss` checkpoint):

- `fast=False`: the document's path (float64 arrays from `x / 255.0`, Keras defaults);
- `fast=True`: float32 arrays, `steps_per_execution` and XLA (`jit_compile=True`), the
  same arithmetic executed with less Python and graph overhead per batch.

Example:

    from reference import fashion_dnn as ref
    report = ref.run(epochs=2, n_train=5000, fast=True)
    print(report.summary())
"""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import numpy as np

from autograder.runner import fast_path

CHECKPOINT_PATH = "my_checkpoint.weights.h5"
DOCUMENT_CHECKPOINT_PATH = "my_checkpoint.ckpt"  # fails on Keras 3, kept for the notes
EPOCHS = 20
BATCH_SIZE = 32
INPUT_SHAPE = (28, 28)
HIDDEN_UNITS = (1024, 512, 256, 128, 64)
NUM_CLASSES = 10
PARAMETER_COUNT = 1_501_770
# Batches run per call into the compiled graph on the fast path. Callbacks that act per
# epoch (ModelCheckpoint with the default save_freq='epoch') see exactly the same epochs.
FAST_STEPS_PER_EXECUTION = 100
# Validation batch on the fast path. Validation only measures: Keras averages the loss and
# accuracy over samples, so the batch size changes nothing but float rounding and speed.
FAST_VALIDATION_BATCH_SIZE = 1000


def load_data():
    """Step 2: the document's `fashion_mnist.load_data()`, made to work offline."""
    from autograder import data

    data.provide()
    import tensorflow as tf

    return tf.keras.datasets.fashion_mnist.load_data()


def normalize(images: np.ndarray, fast: bool = False) -> np.ndarray:
    """Step 2: scale pixels from [0, 255] to [0, 1].

    The document's `images / 255.0` gives float64; the fast path divides in float32,
    which is what Keras casts every batch to anyway.
    """
    if fast:
        return images.astype(np.float32) / np.float32(255.0)
    return images / 255.0


def build_model():
    """Step 3: Flatten(28x28) -> Dense 1024/512/256/128/64 relu -> Dense 10 softmax.

    `keras.Input(shape=(28, 28))` gives the same model as the document's
    `Flatten(input_shape=(28, 28))` without Keras 3's UserWarning.
    """
    import keras
    from keras.layers import Dense, Flatten

    return keras.Sequential(
        [keras.Input(shape=INPUT_SHAPE), Flatten()]
        + [Dense(units, activation="relu") for units in HIDDEN_UNITS]
        + [Dense(NUM_CLASSES, activation="softmax")]
    )


def compile_model(model, fast: bool = False):
    """Step 4: Adam, sparse categorical cross-entropy, metric `acc`.

    On the fast path the same compile settings run with `steps_per_execution` and XLA,
    and the training steps of each execution are fused into one XLA loop
    (`fuse_train_steps`).
    """
    options = {}
    if fast:
        options = {"steps_per_execution": FAST_STEPS_PER_EXECUTION, "jit_compile": True}
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["acc"], **options)
    if fast:
        fuse_train_steps(model)
    return model


# One execution's training batches, concatenated: the fast feed's element. The one
# definition is the grader's (`autograder.runner.fast_path`), which trains students' own
# models the same way.
ExecutionBatches = fast_path.ExecutionBatches


def fuse_train_steps(model) -> None:
    """Run each execution's batches as one XLA-compiled loop of Keras' own `train_step`.

    Keras runs `steps_per_execution` batches as a TensorFlow while-loop that launches one
    XLA computation per batch. Fed by `fit(..., fast=True)`, which hands over each
    execution's batches at once (`ExecutionBatches`, cut from Keras' own shuffled
    pipeline, in the same order), the loop over them is compiled into a single XLA
    computation: the same `train_step` (forward pass, loss, gradients, Adam update,
    metrics) on the same batches, with less overhead per batch; an epoch's last, shorter
    execution is padded so that one program serves every execution. Anything else
    (`train_on_batch`, `model.fit(x, y)` with arrays) runs on Keras' own train function.
    The grader's `fast_path.fuse_train_steps`, with the lesson's batch of 32.
    """
    fast_path.fuse_train_steps(model, BATCH_SIZE)


def make_checkpoint(path: str | os.PathLike = CHECKPOINT_PATH, verbose: int = 1):
    """Step 4.5: keep the weights of the epoch with the lowest `val_loss`."""
    from keras.callbacks import ModelCheckpoint

    return ModelCheckpoint(filepath=str(path), save_weights_only=True,
                           save_best_only=True, monitor="val_loss", verbose=verbose)


def fit(model, train, valid, checkpoint, epochs: int = EPOCHS, verbose="auto",
        fast: bool = False, callbacks=()):
    """Step 5: train with the test split as validation data.

    Training batches are the document's 32 on both paths. The fast path feeds a model
    compiled with `compile_model(model, fast=True)` one execution's batches at a time
    (`_execution_feed`: Keras' own shuffled batches, without tf.data's autotuning) and
    validates in batches of `FAST_VALIDATION_BATCH_SIZE` (same mean loss and accuracy,
    fewer calls).
    """
    x_train, y_train = train
    if fast and (feed := _execution_feed(model, x_train, y_train)) is not None:
        x_train, y_train = feed, None
    return model.fit(x_train, y_train, validation_data=valid, epochs=epochs,
                     batch_size=BATCH_SIZE, callbacks=[checkpoint, *callbacks],
                     validation_batch_size=FAST_VALIDATION_BATCH_SIZE if fast else None,
                     verbose=verbose)


def _execution_feed(model, x, y):
    """Keras' own pipeline for `fit(x, y, batch_size=32)`, one execution per element.

    Keras shuffles all indices once per epoch and cuts the permutation every 32 rows; this
    feed cuts the same permutation every `32 * steps_per_execution` rows, so each element
    holds exactly the batches of one execution (`ExecutionBatches`), in Keras' order, taken
    with one gather instead of 100 (feed work of 0.2 s per epoch on 2 cores becomes 0.02 s,
    measured alone; during training most of it overlapped the XLA loop anyway). Keras'
    bookkeeping stays its own: the adapter reports the epoch's 1,875 batches of 32.

    tf.data's autotuning is off: Keras makes each epoch's iterator twice and drops the
    first, and the dropped iterator's autotuning thread can take seconds to stop (measured
    2 to 5 s at the start of about one epoch in three on 2 cores, see
    benchmarks/RESULTS.md).

    Returns None where the model does not take such elements (not compiled with
    `compile_model(model, fast=True)`) or this Keras has no `ArrayDataAdapter`; `fit` then
    takes the arrays as they are.
    """
    if not getattr(model.train_function, "takes_execution_batches", False):
        return None
    try:
        return fast_path.execution_feed(model, x, y, BATCH_SIZE, shuffle=True)
    except ImportError:
        return None


def reload_best(model, path: str | os.PathLike = CHECKPOINT_PATH):
    """Step 5.5: load the best epoch's weights back into the model."""
    model.load_weights(str(path))
    return model


def evaluate(model, valid, verbose="auto") -> tuple[float, float]:
    """Step 6: `(loss, accuracy)` on the validation (test) split."""
    loss, accuracy = model.evaluate(*valid, verbose=verbose)
    return float(loss), float(accuracy)


@dataclasses.dataclass
class RunReport:
    """What one training run of the reference produced."""

    epochs_run: int
    best_epoch: int
    best_val_loss: float
    val_loss: float
    val_accuracy: float
    seconds: float
    fit_seconds: float
    history: dict[str, list[float]]
    checkpoint_path: Path
    fast: bool
    model: object = dataclasses.field(default=None, repr=False)

    def summary(self) -> str:
        path = "fast path (float32, steps_per_execution, XLA)" if self.fast else "document path"
        return "\n".join([
            f"Training: {path}",
            f"Epochs run: {self.epochs_run}",
            f"Best epoch by val_loss: {self.best_epoch} (val_loss {self.best_val_loss:.4f})",
            f"After reloading the best checkpoint: val_loss {self.val_loss:.4f}, "
            f"val_accuracy {self.val_accuracy:.4f}",
            f"Seconds: {self.seconds:.1f} in all, {self.fit_seconds:.1f} in fit",
        ])


def best_epoch(history: dict[str, list[float]]) -> int:
    """1-based epoch the ModelCheckpoint keeps: the kit's one rule (`autograder.history`)."""
    from autograder.history import best_epoch as kept_epoch

    return kept_epoch(history)


def run(epochs: int = EPOCHS, n_train: int | None = None, n_valid: int | None = None,
        fast: bool = True, workdir: str | os.PathLike = ".", seed: int | None = None,
        verbose="auto", data=None) -> RunReport:
    """Steps 2 to 6 end to end; returns a `RunReport`.

    Args:
        epochs: training epochs (the document's 20 by default).
        n_train, n_valid: use only the first images of each split (all by default).
        fast: train on the fast path (same model and hyperparameters).
        workdir: folder for the checkpoint file.
        seed: seed for `keras.utils.set_random_seed` (weights and shuffling).
        data: `((x_train, y_train), (x_valid, y_valid))` as uint8 arrays, to skip loading.
    """
    import keras

    start = time.perf_counter()
    if seed is not None:
        keras.utils.set_random_seed(seed)
    (x_train, y_train), (x_valid, y_valid) = data if data is not None else load_data()
    train = (normalize(x_train[:n_train], fast), y_train[:n_train])
    valid = (normalize(x_valid[:n_valid], fast), y_valid[:n_valid])
    model = compile_model(build_model(), fast)
    path = Path(workdir) / CHECKPOINT_PATH
    checkpoint = make_checkpoint(path, verbose=1 if verbose else 0)
    fit_start = time.perf_counter()
    history = fit(model, train, valid, checkpoint, epochs=epochs, verbose=verbose,
                  fast=fast).history
    fit_seconds = time.perf_counter() - fit_start
    reload_best(model, path)
    val_loss, val_accuracy = evaluate(model, valid, verbose=verbose)
    return RunReport(
        epochs_run=len(history["loss"]), best_epoch=best_epoch(history),
        best_val_loss=float(min(history["val_loss"])), val_loss=val_loss,
        val_accuracy=val_accuracy, seconds=time.perf_counter() - start,
        fit_seconds=fit_seconds, history={k: [float(v) for v in vs] for k, vs in history.items()},
        checkpoint_path=path, fast=fast, model=model,
    )
