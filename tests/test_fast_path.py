"""The grader's fast path (`autograder.runner.fast_path`): when it applies, and that it
changes nothing but rounding. In-process, on tiny models: no kernel."""

from __future__ import annotations

import types

import keras
import numpy as np
import pytest
import tensorflow as tf

from autograder.evidence import FitNote, Training
from autograder.runner import fast_path
from autograder.runner.fast_path import EXACT, FAST, FitFacts, choose


# -- the rule, on plain facts ----------------------------------------------------------------
@pytest.mark.parametrize("facts, expected", [
    (FitFacts(), (FAST, None, None)),
    (FitFacts(exact_requested=True), (EXACT, "training.exact.requested", None)),
    (FitFacts(keras_major=2), (EXACT, "training.exact.keras2", None)),
    (FitFacts(arrays=False), (EXACT, "training.exact.inputs", None)),
    (FitFacts(weighted=True), (EXACT, "training.exact.weights", None)),
    (FitFacts(batch_callback="LambdaCallback"),
     (EXACT, "training.exact.callback", "LambdaCallback")),
    (FitFacts(custom_training="train_step"), (EXACT, "training.exact.train_step", "train_step")),
    (FitFacts(argument="steps_per_epoch"), (EXACT, "training.exact.argument", "steps_per_epoch")),
    # `--exact` wins over everything; then the Keras version.
    (FitFacts(exact_requested=True, keras_major=2, arrays=False),
     (EXACT, "training.exact.requested", None)),
    (FitFacts(keras_major=2, weighted=True), (EXACT, "training.exact.keras2", None)),
])
def test_choose_names_the_first_reason_for_the_exact_path(facts, expected):
    """Does `choose` keep the fast path only when nothing but rounding can change?"""
    assert choose(facts) == expected


def test_xla_only_pays_from_min_xla_batches(monkeypatch):
    """Is XLA used only on long enough fits of built models that support it?"""
    monkeypatch.delenv(fast_path.MIN_XLA_BATCHES_ENV, raising=False)
    limit = fast_path.MIN_XLA_BATCHES
    assert fast_path.uses_xla(limit, True, True)
    assert not fast_path.uses_xla(limit - 1, True, True)  # the corpus budget: 126 batches
    assert not fast_path.uses_xla(20 * 1875, False, True)  # a layer XLA does not support
    assert not fast_path.uses_xla(20 * 1875, True, False)  # not built: Keras' own pipeline
    monkeypatch.setenv(fast_path.MIN_XLA_BATCHES_ENV, "0")
    assert fast_path.uses_xla(1, True, True)


# -- the facts of real Keras objects -----------------------------------------------------------
def _model(cls=keras.Sequential):
    model = cls([keras.Input(shape=(4, 4)), keras.layers.Flatten(),
                 keras.layers.Dense(8, activation="relu"),
                 keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"])
    return model


def _data(n=96, seed=0):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (n, 4, 4)) / 255.0, rng.integers(0, 3, n)


def _args(**given):
    x, y = _data()
    args = {"x": x, "y": y, "batch_size": None, "epochs": 2, "verbose": 0, "callbacks": None,
            "validation_split": 0.0, "validation_data": (x[:32], y[:32]), "shuffle": True,
            "class_weight": None, "sample_weight": None, "initial_epoch": 0,
            "steps_per_epoch": None, "validation_steps": None, "validation_batch_size": None,
            "validation_freq": 1}
    args.update(given)
    return args


def _reason(model, **given):
    return choose(fast_path.facts_of(keras, model, _args(**given)))[1:]


def test_arrays_and_epoch_level_callbacks_take_the_fast_path(tmp_path):
    """Do the lesson's call and its epoch-level callbacks keep the fast path?"""
    callbacks = [keras.callbacks.ModelCheckpoint(str(tmp_path / "b.weights.h5"),
                                                 save_weights_only=True, save_best_only=True),
                 keras.callbacks.EarlyStopping(), keras.callbacks.CSVLogger(str(tmp_path / "l")),
                 keras.callbacks.TensorBoard(log_dir=str(tmp_path / "tb"))]
    assert _reason(_model(), callbacks=callbacks) == (None, None)
    assert _reason(_model(), callbacks=callbacks[0]) == (None, None)  # one, not in a list
    assert _reason(_model(), validation_split=0.25, validation_data=None) == (None, None)


@pytest.mark.parametrize("callback, name", [
    (keras.callbacks.LambdaCallback(on_batch_end=lambda batch, logs: None), "LambdaCallback"),
    (keras.callbacks.TensorBoard(update_freq="batch"), "TensorBoard"),
    (keras.callbacks.TerminateOnNaN(), "TerminateOnNaN"),
])
def test_a_batch_level_callback_takes_the_exact_path(callback, name):
    """Is a callback that may act on each batch (or is not known to be epoch-level) a
    reason to train as written?"""
    assert _reason(_model(), callbacks=[callback]) == ("training.exact.callback", name)


def test_a_checkpoint_saved_every_n_batches_takes_the_exact_path(tmp_path):
    checkpoint = keras.callbacks.ModelCheckpoint(str(tmp_path / "b.weights.h5"),
                                                 save_weights_only=True, save_freq=10)
    assert _reason(_model(), callbacks=[checkpoint]) == ("training.exact.callback",
                                                         "ModelCheckpoint")


def test_a_subclass_of_an_epoch_level_callback_takes_the_exact_path(tmp_path):
    """Could a subclass act on batches? It is trained as written."""
    class Mine(keras.callbacks.EarlyStopping):
        def on_train_batch_end(self, batch, logs=None):
            pass

    assert _reason(_model(), callbacks=[Mine()]) == ("training.exact.callback", "Mine")


def test_inputs_other_than_arrays_take_the_exact_path():
    """tf.data, generators, tensors, and a dataset as validation data."""
    x, y = _data()
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
    assert _reason(_model(), x=dataset, y=None) == ("training.exact.inputs", None)
    assert _reason(_model(), x=((x, y) for _ in range(3)), y=None)[0] == "training.exact.inputs"
    assert _reason(_model(), x=tf.constant(x))[0] == "training.exact.inputs"
    assert _reason(_model(), validation_data=dataset)[0] == "training.exact.inputs"


def test_weights_and_unsupported_arguments_take_the_exact_path():
    x, y = _data()
    assert _reason(_model(), sample_weight=np.ones(len(y)))[0] == "training.exact.weights"
    assert _reason(_model(), class_weight={0: 1.0, 1: 2.0, 2: 1.0})[0] == \
        "training.exact.weights"
    assert _reason(_model(), steps_per_epoch=2) == ("training.exact.argument",
                                                    "steps_per_epoch")
    assert _reason(_model(), shuffle="batch") == ("training.exact.argument", "shuffle")
    eager = _model()
    eager.compile(optimizer="adam", loss="sparse_categorical_crossentropy", run_eagerly=True)
    assert _reason(eager) == ("training.exact.argument", "run_eagerly")


def test_a_custom_train_step_takes_the_exact_path():
    class Custom(keras.Sequential):
        def train_step(self, data):
            return super().train_step(data)

    assert _reason(_model(Custom)) == ("training.exact.train_step", "train_step")
    model = _model()
    keras_train_step = model.train_step
    model.train_step = lambda data: keras_train_step(data)  # set on the model itself
    assert _reason(model) == ("training.exact.train_step", "train_step")


def test_exact_requested_and_keras2_are_decided_before_reading_the_call():
    fake_keras2 = types.SimpleNamespace(__version__="2.21.0")
    assert choose(fast_path.facts_of(fake_keras2, None, {}))[1] == "training.exact.keras2"
    assert choose(fast_path.facts_of(keras, None, {}, exact_requested=True))[1] == \
        "training.exact.requested"


# -- the fast run itself -----------------------------------------------------------------------
def _train(monkeypatch, exact: bool, xla: bool, tmp_path, **given):
    monkeypatch.setenv(fast_path.MIN_XLA_BATCHES_ENV, "0" if xla else "1000000")
    keras.utils.set_random_seed(7)
    model = _model()
    checkpoint = keras.callbacks.ModelCheckpoint(
        str(tmp_path / f"{exact}{xla}.weights.h5"), save_weights_only=True,
        save_best_only=True, monitor="val_loss")
    history, training = fast_path.fit(keras.Model.fit, model,
                                      _args(callbacks=[checkpoint], **given), exact)
    return model, history.history, training


@pytest.mark.parametrize("xla", [False, True])
def test_the_fast_path_changes_only_rounding(monkeypatch, tmp_path, xla):
    """Same seed, same data: does the fast path (with and without XLA) give the exact
    path's history and weights up to float rounding, and put the model's settings back?"""
    fast, fast_history, training = _train(monkeypatch, False, xla, tmp_path, batch_size=16)
    exact, exact_history, exact_training = _train(monkeypatch, True, xla, tmp_path,
                                                  batch_size=16)
    assert training == {"path": "fast", "reason": None, "detail": None}
    assert exact_training["reason"] == "training.exact.requested"
    assert set(fast_history) == set(exact_history)
    for key in exact_history:
        np.testing.assert_allclose(fast_history[key], exact_history[key], rtol=1e-4, atol=1e-5)
    for a, b in zip(fast.get_weights(), exact.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    assert fast.steps_per_execution == 1 and fast.train_function is None
    assert fast.optimizer.iterations.numpy() == exact.optimizer.iterations.numpy() == 12


def test_a_failing_fast_run_is_trained_again_from_the_start(monkeypatch, tmp_path):
    """When the fast run raises midway, are the weights and the optimizer put back, and
    the model trained as written, saying why?"""
    keras.utils.set_random_seed(7)
    reference = _model()
    reference_history = keras.Model.fit(reference, **_args())
    monkeypatch.setenv(fast_path.MIN_XLA_BATCHES_ENV, "1000000")
    keras.utils.set_random_seed(7)
    model = _model()
    real = fast_path._fast_fit

    def breaks_after_training(keras_, original, model_, args):
        real(keras_, original, model_, args)  # trains: weights and optimizer move
        raise RuntimeError("XLA compilation failed\nmore")

    monkeypatch.setattr(fast_path, "_fast_fit", breaks_after_training)
    keras.utils.set_random_seed(7)
    history, training = fast_path.fit(keras.Model.fit, model, _args())
    assert training == {"path": "exact", "reason": "training.exact.fast_failed",
                        "detail": "RuntimeError: XLA compilation failed"}
    assert model.optimizer.iterations.numpy() == 6  # 2 epochs of 3 batches: once
    assert len(history.history["loss"]) == len(reference_history.history["loss"]) == 2


# -- what the grader reads back ---------------------------------------------------------------
@pytest.mark.parametrize("raw, expected", [
    ({"path": "fast", "reason": None}, Training("fast")),
    ({"path": "exact", "reason": "training.exact.callback", "detail": "LambdaCallback"},
     Training("exact", "training.exact.callback", "LambdaCallback")),
    ({"path": "exact", "reason": "made.up"}, None),   # an exact run always says why
    ({"path": "warp"}, None), ("fast", None), (None, None),
    ({"path": "fast", "reason": "training.exact.inputs"}, Training("fast")),
])
def test_the_training_note_is_read_as_untrusted_data(raw, expected):
    """Does the grader keep only a known path and reason from the kernel's note?"""
    assert Training.parse(raw) == expected
    assert FitNote.parse({"training": raw}).training == expected


def test_each_path_says_what_it_means_in_both_languages():
    for training in (Training("fast"), Training("exact", "training.exact.callback", "Lam")):
        english, korean = training.sentence("en"), training.sentence("ko")
        assert english != korean and ("Lam" in english) == ("Lam" in korean)
    assert "rounding" in Training("fast").sentence("en")


def test_the_result_keeps_the_path_in_json_and_says_it_in_the_table():
    """Does a result carry `training` through its JSON and name the path in its table?"""
    from autograder.results import SubmissionResult

    training = Training("exact", "training.exact.callback", "LambdaCallback")
    result = SubmissionResult("a.ipynb", training=training.to_dict(),
                              training_note=training.sentence("ko"))
    again = SubmissionResult.from_dict(result.to_dict())
    assert again.training == {"path": "exact", "reason": "training.exact.callback",
                              "detail": "LambdaCallback"}
    assert again.training_note == training.sentence("ko")
    assert "TRAINING (exact): " in again.table() and "LambdaCallback" in again.table()
    assert SubmissionResult.from_dict(SubmissionResult("b.py").to_dict()).training is None
