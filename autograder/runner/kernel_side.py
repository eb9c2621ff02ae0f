"""Code that runs inside the submission's kernel: a recorder, a training budget, extraction.

This module is the only part of the grader that executes in the student's process. It
records what the student's code hands to Keras and writes plain data (JSON and `.npz`
arrays) to a folder; everything it writes is untrusted data to the grader, which
validates it and computes every score on its own side.

- `install(...)` wraps `keras.Model.fit`, `compile`, `load_weights` and `load_model` to
  note what they were given (array statistics, callbacks, labels, order of calls) and,
  when a training budget is set, to cap epochs and slice the data (tests and quick runs).
  Given a `seed`, it seeds Python's, NumPy's and TensorFlow's generators, so the same
  submission trains the same way each time it is graded.
- `extract(namespace, outdir, token)` first removes whatever is in `outdir` (files a
  submission planted there), then finds the trained model and writes `model.json`,
  `compile.json`, `record.json` (with the run's token), `weights_final.npz`,
  `weights_after_fit.npz`.

For the grader's tamper watch (`audit.py`, armed by the grader's first cell, never by a
notebook's own `start_recording()`), each finished note and the weights' digest after each
`fit` and reload are also raised as `tfcert.note` audit events, and Keras' own training
entry points (`TensorFlowTrainer.fit`, `train_on_batch`) raise `tfcert.training` when called
outside a recorded `fit`. With no hook, `sys.audit` does nothing.
"""

from __future__ import annotations

import inspect
import json
import os
import sys
import weakref
from pathlib import Path

import numpy as np

from autograder import fingerprints
from autograder.runner import fast_path

_STATE: dict = {
    "budget": {},
    "events": [],          # ordered "fit" / "load_weights" / "compile" notes
    "fits": [],
    "load_weights": [],
    "compiles": [],
    "checkpoint_errors": [],
}
_MODELS: dict = {"last_fit": None, "last_reload": None}
_AFTER_FIT_WEIGHTS: dict = {}  # model id -> its weights right after its last `fit`
MAX_AFTER_FIT = 3
_KEPT: dict = {}  # strong references: "compiled" and "trained" (`_keep`)
_INSTALLED = False
_IN_FIT: list = []  # non-empty while a recorded `fit` runs
# The recorder's state, whose identity the tamper watch checks.
STATE_NAMES = ("_STATE", "_MODELS", "_AFTER_FIT_WEIGHTS")
# "Class.method" -> (class, the function the recorder set there), for the tamper watch.
_METHODS: dict = {}
# The lesson's variable names: when `fit` never ran, their statistics stand in for it.
LESSON_VARIABLES = ("x_train", "y_train", "x_valid", "y_valid")


def keras_module():
    """The Keras the submission's `tf.keras` is: tf-keras (Keras 2) when the kernel runs
    with `TF_USE_LEGACY_KERAS` set (`autograder.keras_versions`), else Keras 3 (imported
    without scikit-learn, pandas and pyplot until the submission imports them:
    `optional_imports`)."""
    if os.environ.get("TF_USE_LEGACY_KERAS", "").strip().lower() in ("1", "true", "yes"):
        import tf_keras

        return tf_keras
    from autograder.runner import optional_imports

    return optional_imports.import_keras()


def _flatten(keras, structure) -> list:
    """`structure` flattened as Keras reads callbacks (`keras.tree` on Keras 3,
    `tf.nest` on Keras 2)."""
    if hasattr(keras, "tree"):
        return list(keras.tree.flatten(structure))
    import tensorflow as tf

    return list(tf.nest.flatten(structure))


def install(epochs: int | None = None, n_train: int | None = None,
            n_valid: int | None = None, quick: bool = False, seed: int | None = None,
            progress: str | None = None, exact: bool = False) -> None:
    """Wrap Keras' training entry points to record them (and apply a training budget).

    With `quick=True`, `fit` records what it was given but does not train: the
    submission's own saved checkpoint (copied beside it) is what its `load_weights` loads.
    With `progress` (a file path), each finished epoch appends a line there for the
    grader's live progress (`autograder.progress`; display only). Each `fit` trains on the
    grader's fast path where only rounding changes (`fast_path`), unless `exact`.
    """
    global _INSTALLED
    keras = keras_module()

    _STATE["budget"] = {"epochs": epochs, "n_train": n_train, "n_valid": n_valid,
                        "quick": bool(quick), "exact": bool(exact)}
    if progress is not None:  # a notebook's own `start_recording()` keeps the grader's
        _STATE["progress"] = progress
    if seed is not None:
        keras.utils.set_random_seed(seed)  # the submission may seed again; that wins
    if _INSTALLED:
        return
    _INSTALLED = True
    _guard_training(keras)
    _wrap_fit(keras)
    _wrap_compile(keras)
    _wrap_load_weights(keras)
    _wrap_load_model(keras)
    _wrap_checkpoint(keras)


def budget() -> dict:
    """The training budget `install` put in force (empty before `install`)."""
    return dict(_STATE["budget"]) if _INSTALLED else {}


def _model_id(model) -> int:
    return id(model)


def installed_methods() -> dict:
    """"Class.method" -> (class, function) for every method the recorder replaced."""
    return dict(_METHODS)


def _set_method(owner, name: str, function) -> None:
    setattr(owner, name, function)
    _METHODS[f"{owner.__name__}.{name}"] = (owner, function)


def _tell_watch(section: str, note) -> None:
    """Hand a finished note to the tamper watch (`audit.py`); nothing without it."""
    sys.audit("tfcert.note", section, note)


def _tell_weights(model) -> None:
    """Hand the digest of `model`'s weights to the tamper watch (module doc)."""
    from autograder.runner import audit

    try:
        sys.audit("tfcert.note", "weights", (_model_id(model), audit.digest(model.get_weights())))
    except Exception:  # the grader's notes must never break the student's run
        pass


def _guard_training(keras) -> None:
    """Keras' own training methods (on the classes that define them) note a call made
    outside a recorded `fit`: `fit.__wrapped__` and `TensorFlowTrainer.fit` are this guard."""
    for name in ("fit", "train_on_batch"):
        owner = next((cls for cls in keras.Model.__mro__ if name in cls.__dict__), None)
        if owner is None:
            continue
        original = owner.__dict__[name]
        label = f"{owner.__name__}.{name}"

        def guard(self, *args, _original=original, _label=label, **kwargs):
            if not _IN_FIT:
                sys.audit("tfcert.training", _label)
            return _original(self, *args, **kwargs)

        guard.__doc__ = original.__doc__
        guard.__signature__ = inspect.signature(original)
        _set_method(owner, name, guard)


def _wrap_fit(keras) -> None:
    original = keras.Model.fit
    signature = inspect.signature(original)

    def fit(self, *args, **kwargs):
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        params = bound.arguments
        _apply_budget(params)
        try:
            note = fit_note(params.get("x"), params.get("y"), params.get("validation_data"),
                            params.get("validation_split"), params.get("epochs"),
                            params.get("batch_size"), params.get("callbacks"))
        except Exception as exc:  # the grader's notes must never break the student's fit
            note = {"describe_error": f"{type(exc).__name__}: {exc}", "callbacks": [],
                    "epochs": 0, "finished": False}
        note["model_id"] = _model_id(self)
        _STATE["events"].append({"event": "fit", "model_id": note["model_id"]})
        _STATE["fits"].append(note)
        _MODELS["last_fit"] = weakref.ref(self)
        _keep(self, "trained")
        call_args = {k: v for k, v in params.items() if k != "self"}
        if _STATE["budget"].get("quick"):
            note["skipped"] = True
            _tell_watch("fits", note)
            _tell_weights(self)
            history = keras.callbacks.History()
            history.history, history.epoch = {}, []
            history.set_model(self)
            return history
        if _STATE.get("progress"):
            call_args["callbacks"] = _with_progress(keras, call_args.get("callbacks"),
                                                    _STATE["progress"])
        _IN_FIT.append(True)
        try:
            history, note["training"] = fast_path.fit(original, self, call_args,
                                                      _STATE["budget"].get("exact", False))
        except BaseException:
            _tell_watch("fits", note)  # a fit that raised: its note as it stands
            raise
        finally:
            _IN_FIT.pop()
            _tell_weights(self)
        note["history"] = _plain_history(getattr(history, "history", None))
        note["finished"] = True
        _AFTER_FIT_WEIGHTS.pop(note["model_id"], None)  # newest last
        _AFTER_FIT_WEIGHTS[note["model_id"]] = [np.array(w) for w in self.get_weights()]
        while len(_AFTER_FIT_WEIGHTS) > MAX_AFTER_FIT:  # a notebook that tries many models
            _AFTER_FIT_WEIGHTS.pop(next(iter(_AFTER_FIT_WEIGHTS)))
        _tell_watch("fits", note)
        return history

    fit.__wrapped__ = original
    fit.__doc__ = original.__doc__
    _set_method(keras.Model, "fit", fit)


def _with_progress(keras, callbacks, path: str):
    """The student's callbacks and, after them, one that appends each finished epoch to
    `path` (epoch, epochs, seconds, scalar logs). The student's list is not changed."""
    import time

    class Progress(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.began = time.monotonic()

        def on_epoch_end(self, epoch, logs=None):
            line = {"epoch": epoch + 1, "epochs": self.params.get("epochs"),
                    "seconds": round(time.monotonic() - getattr(self, "began", 0.0), 3),
                    "logs": {k: float(v) for k, v in (logs or {}).items()
                             if np.ndim(v) == 0}}
            try:
                with open(path, "a", encoding="utf-8") as handle:
                    handle.write(json.dumps(line) + "\n")
            except (OSError, TypeError, ValueError):
                pass  # display only: never the student's failure

    if isinstance(callbacks, keras.callbacks.CallbackList):
        return callbacks  # Keras takes a CallbackList as it is: nothing to add to
    try:
        given = _flatten(keras, callbacks) if callbacks is not None else []
    except Exception:
        return callbacks
    return given + [Progress()]


def _wrap_compile(keras) -> None:
    original = keras.Model.compile
    signature = inspect.signature(original)

    def compile(self, *args, **kwargs):  # noqa: A001 - same name as Keras' method
        try:
            result = original(self, *args, **kwargs)
        except Exception as exc:
            # The student's mistake (an optimizer Keras cannot interpret...): noted with
            # what the call was given, so the checks name the error and still judge the loss.
            note = {"model_id": _model_id(self), "error": _error(exc)}
            try:
                note["given"] = _given_compile(keras, signature.bind(self, *args, **kwargs))
            except Exception:
                pass
            _STATE["compiles"].append(note)
            _STATE["events"].append({"event": "compile", "model_id": note["model_id"]})
            _keep(self, "compiled")
            raise
        _keep(self, "compiled")
        note = {"model_id": _model_id(self)}
        try:
            note["config"] = _jsonable(_compile_config(self))
        except Exception as exc:  # an odd loss object must not break the student's run
            note["config_error"] = _error(exc)
        _STATE["compiles"].append(note)
        _tell_watch("compiles", note)
        _STATE["events"].append({"event": "compile", "model_id": note["model_id"]})
        return result

    compile.__wrapped__ = original
    compile.__doc__ = original.__doc__
    # Set on the class that defines it: `load_model` compiles the model it loads only when
    # `compile` is not overridden (`type(model).compile is Trainer.compile`), and a wrapper
    # set on `keras.Model` would look like an override.
    owner = next(cls for cls in keras.Model.__mro__ if "compile" in cls.__dict__)
    _set_method(owner, "compile", compile)


def _given_compile(keras, bound) -> dict:
    """The loss and metrics a `compile` call was given, serialized as Keras would (plain
    JSON), for a call that raised; the optimizer only by name."""
    def plain(value):
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        try:
            return _jsonable(keras.saving.serialize_keras_object(value))
        except Exception:
            return repr(value)[:200]

    given = bound.arguments
    optimizer = given.get("optimizer", "rmsprop")
    return {"loss": plain(given.get("loss")), "metrics": plain(given.get("metrics")),
            "optimizer": optimizer if isinstance(optimizer, str)
            else {"class_name": type(optimizer).__name__}}


def _keep(model, role: str) -> None:
    """Hold the last model compiled (or trained): a model local to a function (`main()`,
    `solution_model()` that raised) is then still there to grade after the run."""
    _KEPT[role] = model


def _wrap_load_weights(keras) -> None:
    original = keras.Model.load_weights

    def load_weights(self, filepath, *args, **kwargs):
        note = {"model_id": _model_id(self), "filepath": os.fspath(filepath),
                "after_fits": len(_STATE["fits"])}
        _STATE["events"].append({"event": "load_weights", **note})
        try:
            result = original(self, filepath, *args, **kwargs)
        except Exception as exc:
            note["error"] = f"{type(exc).__name__}: {exc}"
            _STATE["load_weights"].append(note)
            _tell_watch("load_weights", note)
            _tell_weights(self)
            raise
        note["ok"] = True
        _STATE["load_weights"].append(note)
        _tell_watch("load_weights", note)
        _tell_weights(self)
        last_fit = _last_fit_model()
        if note["after_fits"] and self is not last_fit:
            # The checkpoint reloaded into another model after training (TensorFlow's
            # tutorial: `model = create_model(); model.load_weights(path)`): the one to grade.
            _MODELS["last_reload"] = (weakref.ref(self), note["after_fits"],
                                      "the model `load_weights` filled after fit")
        return result

    load_weights.__wrapped__ = original
    load_weights.__doc__ = original.__doc__
    _set_method(keras.Model, "load_weights", load_weights)


# Where students reach `load_model` from; each holds its own reference to the function.
LOAD_MODEL_MODULES = ("keras.models", "keras.saving", "tensorflow.keras.models",
                      "tf_keras.models", "tf_keras.saving")


def _wrap_load_model(keras) -> None:
    """Note `load_model` calls with the `load_weights` notes (`"via": "load_model"`): a
    full-model checkpoint loaded after `fit` is a reload of the checkpoint too."""
    import importlib
    import sys

    original = keras.saving.load_model

    def load_model(filepath, *args, **kwargs):
        note = {"filepath": os.fspath(filepath) if isinstance(filepath, (str, os.PathLike))
                else repr(filepath)[:200], "after_fits": len(_STATE["fits"]), "via": "load_model"}
        try:
            model = original(filepath, *args, **kwargs)
        except Exception as exc:
            note["error"] = f"{type(exc).__name__}: {exc}"
            _STATE["load_weights"].append(note)
            _tell_watch("load_weights", note)
            raise
        note.update(model_id=_model_id(model), ok=True)
        _STATE["events"].append({"event": "load_model", **note})
        _STATE["load_weights"].append(note)
        _tell_watch("load_weights", note)
        _tell_weights(model)
        if note["after_fits"]:
            # A new model holding the checkpoint (`best = load_model(path)`): the one to grade.
            _MODELS["last_reload"] = (weakref.ref(model), note["after_fits"],
                                      "the model `load_model` returned after fit")
        return model

    load_model.__wrapped__ = original
    load_model.__doc__ = original.__doc__
    # Only the modules of the Keras in use: the other one's `load_model` is its own
    # function, never `original`, and importing tf-keras would cost every kernel pandas.
    own = (keras.__name__.partition(".")[0], "tensorflow")
    for name in LOAD_MODEL_MODULES:
        if name.partition(".")[0] not in own:
            continue
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    for module in list(sys.modules.values()):
        # The module's own dict: `getattr` would wake lazy loaders up.
        if getattr(module, "__dict__", {}).get("load_model") is original:
            module.load_model = load_model


def _wrap_checkpoint(keras) -> None:
    """Note ModelCheckpoint constructions that Keras refuses (the `.ckpt` path trap)."""
    cls = keras.callbacks.ModelCheckpoint
    original = cls.__init__

    def __init__(self, *args, **kwargs):
        try:
            original(self, *args, **kwargs)
        except Exception as exc:
            _STATE["checkpoint_errors"].append(f"{type(exc).__name__}: {exc}")
            raise

    __init__.__wrapped__ = original
    cls.__init__ = __init__


def _slice(value, n):
    if n is None or value is None:
        return value
    if isinstance(value, (tuple, list)):
        return type(value)(_slice(v, n) for v in value)
    if hasattr(value, "shape") and len(getattr(value, "shape", ())) > 0:
        return value[:n]
    return value


def _apply_budget(params: dict) -> None:
    budget = _STATE["budget"]
    if budget.get("epochs") is not None:
        params["epochs"] = min(int(params.get("epochs") or 1), budget["epochs"])
    if budget.get("n_train") is not None:
        for key in ("x", "y", "sample_weight"):
            params[key] = _slice(params.get(key), budget["n_train"])
    if budget.get("n_valid") is not None and params.get("validation_data") is not None:
        params["validation_data"] = _slice(params["validation_data"], budget["n_valid"])


def array_stats(value) -> dict | None:
    """Plain statistics of an array-like (None when it is not array-like).

    Cheap on the lesson's 60,000 float64 images (376 MB): no full-size copy or temporary,
    and the questions a first slice can answer ("whole numbers?") stop there.
    """
    if value is None:
        return None
    try:
        array = np.asarray(value)
    except Exception:
        return {"kind": type(value).__name__}
    if array.dtype == object or array.size == 0:
        return {"kind": type(value).__name__, "shape": list(array.shape),
                "dtype": str(array.dtype)}
    stats = {"kind": type(value).__name__, "shape": list(array.shape), "dtype": str(array.dtype)}
    if np.issubdtype(array.dtype, np.number) or array.dtype == bool:
        values = array.real if np.iscomplexobj(array) else array  # as float64 reads it
        exact = not np.issubdtype(values.dtype, np.inexact)  # integers and booleans
        low, high = float(np.min(values)), float(np.max(values))  # NaN and inf propagate
        stats.update(min=low, max=high, mean=float(np.mean(values, dtype=np.float64)),
                     finite=exact or bool(np.isfinite(low) and np.isfinite(high)))
        if array.ndim == 2 and array.shape[-1] > 1:
            stats["rows_sum_to_one"] = bool(np.allclose(
                values.sum(axis=-1, dtype=np.float64), 1.0))
        stats["integral"] = exact or _whole_numbers(values)
        steps = pixel_steps(array)
        if steps is not None:
            stats["pixel_steps"] = steps
    return stats


def _whole_numbers(array: np.ndarray) -> bool:
    """Whether every value of a float array is a whole number."""
    return all(np.all(np.equal(np.mod(part, 1), 0)) for part in _float64_slices(array))


# Values compared in slices of this many, so a 60,000-image array needs no full-size copy.
_CHUNK = 1 << 20


def _float64_slices(array: np.ndarray):
    """The array's values, flattened, as float64 copies of at most `_CHUNK` values each."""
    flat = array.reshape(-1)
    for start in range(0, flat.size, _CHUNK):
        yield flat[start:start + _CHUNK].astype(np.float64)


def pixel_steps(array: np.ndarray) -> bool | None:
    """Whether every value is a whole number of 1/255 steps (pixels divided by 255 are:
    `k / 255.0`), to within the dtype's rounding. None for integer arrays and for floats
    too coarse to tell (bfloat16).
    """
    if not np.issubdtype(array.dtype, np.floating):
        return None
    tolerance = max(1e-3, 255 * float(np.finfo(array.dtype).eps))
    if tolerance >= 0.3:
        return None
    for part in _float64_slices(array):
        scaled = part * 255.0
        if np.max(np.abs(scaled - np.rint(scaled)), initial=0.0) > tolerance:
            return False
    return True


def _dataset_stats(x) -> tuple[dict | None, dict | None, list | None]:
    """Peek at the first batch of a `tf.data.Dataset` or `PyDataset` (they can be iterated
    again): its images' and labels' statistics and the images' `fingerprints.sample`. A
    one-shot iterator (a Python generator) is left alone: peeking would take its first
    batch away from training."""
    try:
        iterator = iter(x)
        if iterator is x:
            return {"kind": type(x).__name__}, None, None
        first = next(iterator)
    except Exception:
        return {"kind": type(x).__name__}, None, None
    if isinstance(first, (tuple, list)) and len(first) >= 2:
        return array_stats(first[0]), array_stats(first[1]), fingerprints.sample(first[0])
    return array_stats(first), None, fingerprints.sample(first)


def _mode(callback) -> str:
    """A ModelCheckpoint's `mode` (tf-keras keeps only its comparison: `np.less` is what
    'min', or 'auto' on a loss, chose)."""
    mode = getattr(callback, "mode", None)
    if isinstance(mode, str):
        return mode
    op = getattr(callback, "monitor_op", None)
    return {np.less: "min", np.greater: "max"}.get(op, "auto")


def describe_callbacks(callbacks) -> list[dict]:
    keras = keras_module()

    described = []
    # As Keras reads them: one callback, a list or a nested structure (CallbackList).
    for callback in _flatten(keras, callbacks) if callbacks else []:
        note = {"class_name": type(callback).__name__}
        if isinstance(callback, keras.callbacks.ModelCheckpoint):
            note.update(
                is_model_checkpoint=True,
                filepath=os.fspath(callback.filepath),
                save_weights_only=bool(callback.save_weights_only),
                save_best_only=bool(callback.save_best_only),
                monitor=str(callback.monitor),
                mode=_mode(callback),
                save_freq=str(getattr(callback, "save_freq", "epoch")),
            )
            if isinstance(getattr(callback, "period", None), int):  # tf-keras' `period=`
                note["period"] = callback.period
        described.append(note)
    return described


def fit_note(x=None, y=None, validation_data=None, validation_split=None, epochs=None,
             batch_size=None, callbacks=None, from_namespace: bool = False) -> dict:
    """The note of one `fit` call (or, `from_namespace`, of what the lesson's variables
    would give it before it runs): array statistics, hashed samples, callbacks, epochs.
    `evidence.FitNote` reads it back."""
    dataset = x is not None and y is None and not hasattr(x, "shape") \
        and hasattr(x, "__iter__") and not isinstance(x, (list, tuple, dict))
    if dataset:  # only its first batch is seen
        x_stats, y_stats, x_sample = _dataset_stats(x)
    else:
        x_stats, y_stats, x_sample = array_stats(x), array_stats(y), fingerprints.sample(x)
    valid = validation_data
    valid_x = valid_y = valid_sample = None
    if isinstance(valid, (tuple, list)) and len(valid) >= 2:
        valid_x, valid_y = array_stats(valid[0]), array_stats(valid[1])
        valid_sample = fingerprints.sample(valid[0])
    elif valid is not None:
        valid_x, valid_y, valid_sample = _dataset_stats(valid)
    return {
        "x": x_stats, "y": y_stats, "validation_x": valid_x, "validation_y": valid_y,
        # Where the images come from (`fingerprints`): the grader looks the training
        # sample up among its test images; the validation sample is looked up here, among
        # all the training images `fit` was given.
        "x_sample": x_sample,
        "validation_in_training": None if dataset else fingerprints.share_within(valid_sample, x),
        "validation_split": float(validation_split or 0.0),
        "epochs": 0 if from_namespace else int(epochs or 1),
        "batch_size": batch_size if isinstance(batch_size, int) else None,
        "callbacks": describe_callbacks(callbacks),
        "finished": False,
        "from_namespace": from_namespace,
    }


def _plain_history(history) -> dict:
    if not isinstance(history, dict):
        return {}
    return {str(k): [float(v) for v in vs] for k, vs in history.items()}


def _error(exc: BaseException) -> dict:
    return {"ename": type(exc).__name__, "evalue": str(exc)[:500]}


def _jsonable(value):
    return json.loads(json.dumps(value, default=lambda o: repr(o)))


def _last_fit_model():
    """The model the last `fit` trained, while it is alive (else None)."""
    ref = _MODELS["last_fit"]
    return ref() if ref is not None else None


def _find_model(namespace: dict):
    """The trained model: the one the checkpoint was reloaded into after the last `fit`
    when that is another model (`best = load_model(path)`, or `model = create_model()` then
    `model.load_weights(path)`); else, when several models were trained, the one variable
    `model` (the lesson's name) holds, else the last one `fit` ran on; else `model`, else any
    Keras model; else the last model compiled (a model local to a function that raised
    before `fit`); else what `solution_model()` returns (the exam's template, not called).

    Returns `(model, how it was found, why: a record for the grader's note or None)`; the
    model may be something other than a Keras model (a variable `model` holding something
    else), which `extract` reports.
    """
    keras = keras_module()

    reload = _MODELS["last_reload"]
    if reload is not None and reload[1] == len(_STATE["fits"]) and reload[0]() is not None:
        return reload[0](), reload[2], None
    trained = _last_fit_model()
    if trained is not None:
        trained_ids = list(dict.fromkeys(f.get("model_id") for f in _STATE["fits"]))
        named = namespace.get("model")
        if len(trained_ids) > 1:
            if isinstance(named, keras.Model) and _model_id(named) in trained_ids:
                return named, "variable `model`", {"why": "several_named",
                                                   "count": len(trained_ids)}
            return trained, "the model passed to fit", {"why": "several_last",
                                                        "count": len(trained_ids)}
        held = any(value is trained for value in list(namespace.values()))
        return trained, "the model passed to fit", None if held else {"why": "trained_unnamed"}
    if isinstance(namespace.get("model"), keras.Model):
        return namespace["model"], "variable `model`", None
    models = [(k, v) for k, v in namespace.items()
              if isinstance(v, keras.Model) and not k.startswith("_")]
    if models:
        name, model = models[-1]
        return model, f"variable `{name}`", None
    if "model" in namespace:
        return namespace["model"], "variable `model`", None
    if _KEPT.get("compiled") is not None:
        # The run built and compiled a model but no trained one is left (a function raised
        # after `compile`): grade that one; calling `solution_model()` again would only
        # raise the same error again.
        return _KEPT["compiled"], "the last model compiled", {"why": "last_compiled"}
    if callable(namespace.get("solution_model")):
        return namespace["solution_model"](), "solution_model()", None
    return None, None, None


def _clear(out: Path) -> None:
    """Remove every file in `out` (not below it) but the tamper watch's: nothing there
    predates this step."""
    from autograder.runner.audit import EVENTS_NAME

    for entry in out.iterdir():
        if entry.name == EVENTS_NAME:
            continue  # the tamper watch's own lines (`audit.py`), written through its file
        try:
            if entry.is_symlink() or entry.is_file():
                entry.unlink()
        except OSError:
            pass


def extract(namespace: dict, outdir: str | os.PathLike, token: str | None = None) -> None:
    """Write everything the grader needs, as plain data, to `outdir`."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    _clear(out)
    record = {k: _STATE[k] for k in ("budget", "events", "fits", "load_weights", "compiles",
                                     "checkpoint_errors")}
    record["cwd"] = os.getcwd()
    record["token"] = token
    if not _STATE["fits"]:
        record["variables"] = {name: array_stats(namespace[name]) for name in LESSON_VARIABLES
                               if name in namespace and hasattr(namespace[name], "shape")}
    try:
        model, found_as, why = _find_model(namespace)
    except Exception as exc:
        model, found_as, why = None, None, None
        record["model_error"] = {"problem": "find_failed", **_error(exc)}
    record["model_found_as"] = found_as
    record["graded_because"] = why
    if model is not None and not _is_keras_model(model):
        record["model_error"] = {
            "problem": "not_keras", "name": found_as.replace("variable ", "").strip("`"),
            "returned": not found_as.startswith("variable "),
            "type": (model if isinstance(model, type) else type(model)).__name__,
            "is_class": isinstance(model, type)}
        model = None
    if model is not None:
        record["model_id"] = _model_id(model)
        _write_model(model, out, record)
    # The graded model's own; for a model the checkpoint was reloaded into, the last fit's.
    after_fit = _AFTER_FIT_WEIGHTS.get(record.get("model_id")) or (
        list(_AFTER_FIT_WEIGHTS.values())[-1] if _AFTER_FIT_WEIGHTS else None)
    if after_fit:
        np.savez(out / "weights_after_fit.npz", *after_fit)
    (out / "record.json").write_text(json.dumps(_jsonable(record)))


def _is_keras_model(value) -> bool:
    return isinstance(value, keras_module().Model)


def _compile_config(model) -> dict:
    """`model.get_compile_config()`; when Keras cannot serialize it (tf-keras given a
    `tf.compat.v1.train` optimizer), the arguments `compile` kept, each object that is not
    plain data named by its class (`{"class_name": "AdamOptimizer", "module": ...}`)."""
    try:
        return model.get_compile_config()
    except Exception:
        kept = getattr(getattr(model, "_compile_config", None), "config", None)
        if not isinstance(kept, dict):
            raise

        def plain(value):
            if value is None or isinstance(value, (str, int, float, bool)):
                return value
            if isinstance(value, (list, tuple)):
                return [plain(v) for v in value]
            if isinstance(value, dict):
                return {str(k): plain(v) for k, v in value.items()}
            return {"class_name": type(value).__name__, "module": type(value).__module__}

        return {str(k): plain(v) for k, v in kept.items()}


def _is_compiled(model) -> bool:
    """Whether `model` was compiled (Keras 3: `compiled`; tf-keras: `_is_compiled`)."""
    return bool(getattr(model, "compiled", False) or getattr(model, "_is_compiled", False))


def _write_model(model, out: Path, record: dict) -> None:
    try:
        (out / "model.json").write_text(model.to_json())
    except Exception as exc:
        record["model_error"] = {"problem": "config_unwritable", **_error(exc)}
        return
    try:
        compiled = model
        trained = _last_fit_model()
        if not _is_compiled(model) and _is_compiled(trained):
            # Weights reloaded into an uncompiled copy: the settings it was trained with.
            compiled = trained
        config = _compile_config(compiled) if _is_compiled(compiled) else None
        if isinstance(config, dict) and "optimizer" not in config and compiled.optimizer:
            # Keras' legacy `.h5` save removes the optimizer from the model's own compile
            # config (the exam's `model.save("mymodel.h5")`): name it from the model.
            config["optimizer"] = {"class_name": type(compiled.optimizer).__name__}
        (out / "compile.json").write_text(json.dumps(_jsonable(config)))
    except Exception as exc:  # the grader's failure, not the student's: say so
        record["compile_error"] = _error(exc)
    try:
        np.savez(out / "weights_final.npz", *[np.array(w) for w in model.get_weights()])
    except Exception as exc:
        record["weights_error"] = _error(exc)
