"""The grader's fast path: the student's own `fit`, run with less overhead per batch.

Runs inside the submission's kernel, called by the recorder's `fit` (`kernel_side`). When
the student's `fit` is given in-memory NumPy arrays on Keras 3, the grader trains the
student's own model (same optimizer object, loss, metrics, callbacks, epochs, batch size,
shuffling and validation data) as `reference/fashion_dnn.py`'s fast path does:

- float64 images are handed over as float32 (what Keras casts every batch to anyway);
- `steps_per_execution` batches run per call into the compiled graph
  (`STEPS_PER_EXECUTION`; epoch-level callbacks see exactly the same epochs);
- with XLA, where it pays (`MIN_XLA_BATCHES`): each execution's batches, cut from Keras'
  own shuffled permutation in Keras' order, are trained as one XLA loop of the model's
  own `train_step` (`fuse_train_steps`, `execution_feed`);
- validation runs in batches of `VALIDATION_BATCH_SIZE` (Keras averages the loss and the
  metrics over samples: only rounding changes).

The model's own settings (`steps_per_execution`, `jit_compile`, its train and test
functions) are put back after `fit`; the student's later `evaluate` or `predict` run as
written. The checkpoint saved, the history returned and the weights graded are this run's.

It falls back to the student's path ("exact"), and the fit note says why (a catalog key of
`autograder.messages`, `choose`), whenever something other than rounding could change:
`--exact`; tf.keras 2; inputs that are not in-memory arrays (tf.data, generators,
PyDataset, tensors, several inputs); sample or class weights; a callback that is not one of
the epoch-level ones (`EPOCH_LEVEL_CALLBACKS`, or the grader's own progress callback); a
custom `train_step`, `train_function` or `make_train_function`; `steps_per_epoch`,
`validation_steps`, `shuffle="batch"`, or a model compiled with `run_eagerly` or its own
`steps_per_execution`. `validation_split` stays fast: Keras' own split
(`train_validation_split`) is taken before the feed, as Keras' `fit` takes it.
When the fast run raises (XLA refuses a model or a loss, or anything else), the weights
and the optimizer's state are put back as they were before `fit` and the model is trained
again from the start on the student's path; an error of the student's own then comes from
that run, as written.

Small budgets (the rule, measured): XLA compiles its programs once per kernel, seconds of
CPU on 2 cores, and pays back only over many batches. XLA is used only when the fit runs
at least `MIN_XLA_BATCHES` (2,000) training batches in all (epochs x batches per epoch);
below that the fit runs on Keras' own pipeline with float32, `steps_per_execution` and
large validation batches, without XLA. Measured 2026-12-03 on the lesson's code
(tests/corpus/variant_lesson_script.py) at the corpus budget (2 epochs on 2,000 images:
126 batches), CPU seconds of the whole grading, two runs each: `--exact` 27.0 and 26.0,
fast without XLA 28.2 and 27.2, fast with XLA forced 29.2 and 35.0 (same accuracy on all):
XLA costs up to 8 s there and wins nothing. At the lesson's budget the fast path saves 4
to 5 ms a batch (README "The fast path"), so 8 s of compilation pays back after about
2,000 batches: a whole-data epoch (1,875) and more.
"""

from __future__ import annotations

import dataclasses
import math
import os
import typing

FAST, EXACT = "fast", "exact"
STEPS_PER_EXECUTION = 100
VALIDATION_BATCH_SIZE = 1000
# XLA only from this many training batches per fit (module doc; measured). The
# environment variable overrides it, for the benchmarks that measure the rule.
MIN_XLA_BATCHES = 2000
MIN_XLA_BATCHES_ENV = "TFCERT_FAST_XLA_MIN_BATCHES"
DEFAULT_BATCH_SIZE = 32  # Keras' own default for `fit(x, y)` with arrays

# Why a fit ran on the student's path: catalog keys (`autograder.messages`, "# issue 17").
REQUESTED = "training.exact.requested"
KERAS2 = "training.exact.keras2"
INPUTS = "training.exact.inputs"
WEIGHTS = "training.exact.weights"
CALLBACK = "training.exact.callback"
TRAIN_STEP = "training.exact.train_step"
ARGUMENT = "training.exact.argument"
FAST_FAILED = "training.exact.fast_failed"
REASONS = (REQUESTED, KERAS2, INPUTS, WEIGHTS, CALLBACK, TRAIN_STEP, ARGUMENT, FAST_FAILED)

# Callbacks that act only per epoch (or only display): class names of `keras.callbacks`,
# each with the attribute values that keep it so (`callback_is_epoch_level`).
EPOCH_LEVEL_CALLBACKS = ("ModelCheckpoint", "EarlyStopping", "History", "ProgbarLogger",
                         "TensorBoard", "CSVLogger")
# `fit` arguments the fast path does not take: they run on the student's path.
EXACT_ARGUMENTS = ("steps_per_epoch", "validation_steps")
# The model's methods a custom training loop replaces: any of them runs on the student's path.
TRAINING_HOOKS = ("train_step", "make_train_function", "compute_loss", "test_step")
# The recorder's own callbacks (the live progress) are epoch-level: this module is theirs.
GRADER_CALLBACK_MODULE = "autograder.runner.kernel_side"


@dataclasses.dataclass(frozen=True)
class FitFacts:
    """What decides the path of one `fit` call, as plain facts (`facts_of` reads them)."""

    exact_requested: bool = False
    keras_major: int = 3
    arrays: bool = True               # x and y: one NumPy array each
    weighted: bool = False            # sample_weight or class_weight given
    batch_callback: str | None = None  # the first callback that is not epoch-level
    custom_training: str | None = None  # "train_step", "train_function", ...
    argument: str | None = None       # a `fit`/`compile` setting the fast path does not take


def choose(facts: FitFacts) -> tuple[str, str | None, str | None]:
    """`(path, reason, detail)`: "fast" with no reason, or "exact" with the catalog key of
    the first reason found (in this order) and its detail (a name, or None)."""
    if facts.exact_requested:
        return EXACT, REQUESTED, None
    if facts.keras_major != 3:
        return EXACT, KERAS2, None
    if not facts.arrays:
        return EXACT, INPUTS, None
    if facts.weighted:
        return EXACT, WEIGHTS, None
    if facts.custom_training:
        return EXACT, TRAIN_STEP, facts.custom_training
    if facts.batch_callback:
        return EXACT, CALLBACK, facts.batch_callback
    if facts.argument:
        return EXACT, ARGUMENT, facts.argument
    return FAST, None, None


def note(path: str, reason: str | None = None, detail: str | None = None) -> dict:
    """The fit note's `training` entry (`evidence.FitNote.training`)."""
    return {"path": path, "reason": reason, "detail": detail}


def uses_xla(batches: int, supports_jit: bool, built: bool) -> bool:
    """Whether a fast fit of `batches` training batches in all compiles with XLA."""
    return supports_jit and built and batches >= min_xla_batches()


def min_xla_batches() -> int:
    """`MIN_XLA_BATCHES`, or `$TFCERT_FAST_XLA_MIN_BATCHES` when that is a whole number."""
    raw = os.environ.get(MIN_XLA_BATCHES_ENV, "").strip()
    return int(raw) if raw.isdigit() else MIN_XLA_BATCHES


def callback_is_epoch_level(callback) -> bool:
    """Whether `callback` is one of Keras' epoch-level callbacks as constructed (its own
    class, not a subclass: a subclass may act on batches), or the grader's own."""
    cls = type(callback)
    if cls.__module__ == GRADER_CALLBACK_MODULE:
        return True
    if cls.__name__ not in EPOCH_LEVEL_CALLBACKS or not cls.__module__.startswith("keras."):
        return False
    if cls.__name__ == "ModelCheckpoint":
        return getattr(callback, "save_freq", "epoch") == "epoch"
    if cls.__name__ == "TensorBoard":
        return getattr(callback, "update_freq", "epoch") == "epoch" \
            and not getattr(callback, "_profile_batch", None) \
            and not getattr(callback, "_start_batch", 0)
    return True


def _is_array(value) -> bool:
    import numpy as np

    return isinstance(value, np.ndarray) and value.dtype != object and value.ndim >= 1


def _custom_training(keras, model) -> str | None:
    """The name of the training hook the student's model replaces (in its class or on the
    model itself), else None."""
    for name in TRAINING_HOOKS:
        owner = next((cls for cls in type(model).__mro__ if name in cls.__dict__), None)
        if name in vars(model) or (owner is not None
                                   and not owner.__module__.startswith("keras.")):
            return name
    if getattr(model, "train_function", None) is not None \
            and not getattr(model.train_function, "takes_execution_batches", False):
        return "train_function"
    return None


def facts_of(keras, model, args: dict, exact_requested: bool = False) -> FitFacts:
    """The facts of one `fit` call (`args`: its arguments by name, defaults applied)."""
    major = int(str(getattr(keras, "__version__", "3")).split(".")[0] or 3)
    if exact_requested or major != 3:
        return FitFacts(exact_requested=exact_requested, keras_major=major)
    valid = args.get("validation_data")
    arrays = _is_array(args.get("x")) and _is_array(args.get("y")) and (
        valid is None or (isinstance(valid, (tuple, list)) and len(valid) == 2
                          and all(_is_array(v) for v in valid)))
    callbacks = args.get("callbacks")
    if isinstance(callbacks, keras.callbacks.CallbackList):
        batch_callback = "CallbackList"
    else:
        flat = list(keras.tree.flatten(callbacks)) if callbacks is not None else []
        batch_callback = next((type(c).__name__ for c in flat
                               if not callback_is_epoch_level(c)), None)
    argument = next((name for name in EXACT_ARGUMENTS if args.get(name) is not None), None)
    if argument is None and args.get("shuffle") not in (True, False):
        argument = "shuffle"
    if argument is None and getattr(model, "run_eagerly", False):
        argument = "run_eagerly"
    if argument is None and getattr(model, "steps_per_execution", 1) != 1:
        argument = "steps_per_execution"
    if argument is None and int(args.get("validation_freq") or 1) != 1:
        argument = "validation_freq"
    return FitFacts(
        arrays=arrays,
        weighted=args.get("sample_weight") is not None or args.get("class_weight") is not None,
        batch_callback=batch_callback, custom_training=_custom_training(keras, model),
        argument=argument)


def _float32(array):
    import numpy as np

    return array.astype(np.float32) if array.dtype == np.float64 else array


def fit(original, model, args: dict, exact_requested: bool = False) -> tuple[object, dict]:
    """Run the student's `fit` (`original`, Keras' own, with `args` by name) on the fast
    path where it changes only rounding, else as written. Returns `(history, training)`,
    `training` being the fit note's entry (`note`)."""
    from autograder.runner.kernel_side import keras_module

    keras = keras_module()
    try:
        path, reason, detail = choose(facts_of(keras, model, args, exact_requested))
    except Exception as exc:  # reading the call must never break the student's fit
        path, reason, detail = EXACT, FAST_FAILED, f"{type(exc).__name__}: {exc}"[:200]
    if path == EXACT:
        return original(model, **args), note(path, reason, detail)
    saved = _snapshot(model)
    try:
        return _fast_fit(keras, original, model, dict(args)), note(FAST)
    except Exception as exc:
        lines = str(exc).strip().splitlines()
        error = f"{type(exc).__name__}: {lines[0] if lines else ''}"[:200]
        _restore(model, saved)
    return original(model, **args), note(EXACT, FAST_FAILED, error)


def _snapshot(model) -> dict:
    """The model's weights and its optimizer's state (if built) before `fit`."""
    optimizer = getattr(model, "optimizer", None)
    state = {"weights": [w.numpy() for w in model.weights], "optimizer": None}
    if optimizer is not None and getattr(optimizer, "built", False):
        state["optimizer"] = [v.numpy() for v in optimizer.variables]
    return state


def _restore(model, saved: dict) -> None:
    """Put back what `_snapshot` took; an optimizer built by the fast run is reset to the
    state a fresh build gives (zeros, step 0)."""
    for variable, value in zip(model.weights, saved["weights"]):
        variable.assign(value)
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or not getattr(optimizer, "built", False):
        return
    if saved["optimizer"] is not None:
        for variable, value in zip(optimizer.variables, saved["optimizer"]):
            variable.assign(value)
    else:
        for variable in optimizer.variables:
            if "learning_rate" not in variable.path:
                variable.assign(variable.numpy() * 0)
    model.stop_training = False


def _fast_fit(keras, original, model, args: dict):
    """`fit` as written, on the fast path (module doc); the model's settings put back."""
    from keras.src.trainers.data_adapters import array_slicing
    from keras.src.trainers.trainer import model_supports_jit

    if args.get("validation_split") and args.get("validation_data") is None:
        (x, y, _), valid = array_slicing.train_validation_split(
            (args["x"], args["y"], None), validation_split=args["validation_split"])
        args.update(x=x, y=y, validation_data=valid, validation_split=0.0)
    x, y = _float32(args["x"]), args["y"]
    if args.get("validation_data") is not None:
        vx, vy = args["validation_data"]
        args["validation_data"] = (_float32(vx), vy)
    batch = args.get("batch_size") or DEFAULT_BATCH_SIZE
    per_epoch = math.ceil(len(x) / batch)
    epochs = max(0, int(args.get("epochs") or 1) - int(args.get("initial_epoch") or 0))
    xla = uses_xla(per_epoch * epochs, model_supports_jit(model), bool(model.built))
    kept = (model.steps_per_execution, model._jit_compile, model.train_function,
            model.test_function)
    try:
        model.steps_per_execution = min(STEPS_PER_EXECUTION, per_epoch)
        model._jit_compile = False  # validation and Keras' own function: no XLA
        model.train_function = model.test_function = None
        if xla:
            fuse_train_steps(model, batch)
            x, y = execution_feed(model, x, y, batch, args.get("shuffle", True)), None
        args.update(x=x, y=y, batch_size=batch,
                    validation_batch_size=args.get("validation_batch_size")
                    or max(batch, VALIDATION_BATCH_SIZE))
        return original(model, **args)
    finally:
        (model.steps_per_execution, model._jit_compile, model.train_function,
         model.test_function) = kept[0], kept[1], None, None


class ExecutionBatches(typing.NamedTuple):
    """One execution's training batches, concatenated: the fast feed's element (only the
    fused train function, `fuse_train_steps`, takes them)."""

    x: object
    y: object


def fuse_train_steps(model, batch: int) -> None:
    """Run each execution's batches as one XLA-compiled loop of the model's own
    `train_step` (as `reference.fashion_dnn.fuse_train_steps`, for any batch size)."""
    import tensorflow as tf

    if not model.optimizer.built:
        model.optimizer.build(model.trainable_variables)
    model.make_train_function(force=True)
    keras_train_function = model.train_function
    steps = model.steps_per_execution

    @tf.function(jit_compile=True, reduce_retracing=True)
    def run_batches(stacked, count):
        def body(i):
            model.train_step(tuple(part[i] for part in stacked))
            return (i + 1,)

        tf.while_loop(lambda i: i < count, body, (tf.constant(0),))
        return model.get_metrics_result()

    def train_function(iterator):
        if not isinstance(getattr(iterator, "element_spec", None), ExecutionBatches):
            return keras_train_function(iterator)
        rows = tuple(next(iterator))
        full, tail = divmod(int(rows[0].shape[0]), batch)
        split = full * batch
        logs = None
        if full:  # padded to `steps` batches: one program for every execution
            logs = run_batches(tuple(_pad_batches(part[:split], steps, batch) for part in rows),
                               tf.constant(full))
        if tail:  # an epoch's last, smaller batch: a program of its own
            logs = run_batches(tuple(part[None, split:] for part in rows), tf.constant(1))
        return logs

    train_function.takes_execution_batches = True
    model.train_function = train_function


def _pad_batches(rows, steps: int, batch: int):
    import tensorflow as tf

    missing = steps * batch - rows.shape[0]
    if missing:
        rows = tf.pad(rows, [[0, missing]] + [[0, 0]] * (len(rows.shape) - 1))
    return tf.reshape(rows, (steps, batch, *rows.shape[1:]))


def execution_feed(model, x, y, batch: int, shuffle):
    """Keras' own pipeline for `fit(x, y, batch_size=batch, shuffle=shuffle)`, one
    execution per element (`reference.fashion_dnn._execution_feed`): the same permutation,
    cut every `batch * steps_per_execution` rows; Keras' bookkeeping stays its own."""
    from keras.src.trainers.data_adapters.array_data_adapter import ArrayDataAdapter
    import tensorflow as tf

    rows = batch * model.steps_per_execution

    class ExecutionFeed(ArrayDataAdapter):
        def get_tf_dataset(self):
            chunks = ArrayDataAdapter(x, y, batch_size=rows, shuffle=shuffle).get_tf_dataset()
            options = tf.data.Options()
            options.autotune.enabled = False
            return chunks.map(ExecutionBatches).with_options(options)

    return ExecutionFeed(x, y, batch_size=batch, shuffle=shuffle)
