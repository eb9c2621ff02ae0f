"""Keras 2 and Keras 3 (issue 15): which errors send a submission to a Keras 2 rerun, what
the result says, and the grader reading what tf-keras writes (config JSON, `.ckpt`)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from autograder import keras_versions
from autograder.checkpoint_file import read_tf_checkpoint, tf_checkpoint_files
from autograder.model_spec import parse_model_config
from autograder.rubric import Rubric, RubricError
from autograder.runner.notebook import CellError, _driver_env

# What TensorFlow 2.21's Keras 3 raises for valid tf.keras 2 code (copied from real runs).
KERAS3_ERRORS = {
    "keras.fix.weights_suffix": [
        ("ValueError", "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath "
                       "provided must end in `.weights.h5` (Keras weights format). Received: "
                       "filepath=my_checkpoint.ckpt"),
        ("ValueError", "File format not supported: filepath=my_checkpoint.ckpt. Keras 3 only "
                       "supports V3 `.keras` files, `.weights.h5` files, legacy H5 format files "
                       "(`.h5` extension), or Orbax checkpoints."),
        ("ValueError", "The filename must end in `.weights.h5`. Received: filepath=w.ckpt")],
    "keras.fix.model_suffix": [
        ("ValueError", "The filepath provided must end in `.keras` (Keras model format). "
                       "Received: filepath=best_model")],
    "keras.fix.metrics_list": [
        ("ValueError", "Expected `metrics` argument to be a list, tuple, or dict. Received "
                       "instead: metrics=accuracy of type <class 'str'>")],
    "keras.fix.period": [
        ("TypeError", "ModelCheckpoint.__init__() got an unexpected keyword argument 'period'")],
    "keras.fix.v1_optimizer": [
        ("ValueError", "Could not interpret optimizer identifier: "
                       "<tensorflow.python.training.adam.AdamOptimizer object at 0x7f>")],
    "keras.fix.lr": [("ValueError", "Argument(s) not recognized: {'lr': 0.001}")],
    "keras.fix.legacy_optimizer": [
        ("ImportError", "`keras.optimizers.legacy` is not supported in Keras 3. When using")],
    "keras.fix.generator": [
        ("AttributeError", "'Sequential' object has no attribute 'fit_generator'")],
    "keras.fix.fit_workers": [
        ("TypeError", "TensorFlowTrainer.fit() got an unexpected keyword argument 'workers'")],
}


@pytest.mark.parametrize("fix", sorted(KERAS3_ERRORS))
def test_each_keras3_only_error_sends_the_run_to_keras2_with_its_fix(fix):
    """Is each error only Keras 3 raises for tf.keras 2 code recognized, with its fix?"""
    for ename, evalue in KERAS3_ERRORS[fix]:
        errors = [CellError(3, ename, evalue)]
        assert keras_versions.needs_keras2(errors)
        assert keras_versions.fixes_for(f"{ename}: {evalue}") == [fix]


@pytest.mark.parametrize("ename, evalue", [
    ("NameError", "name 'x_train' is not defined"),
    ("TypeError", "TensorFlowTrainer.fit() got an unexpected keyword argument 'nb_epoch'"),
    ("ValueError", "Shapes (None, 1) and (None, 10) are incompatible"),
])
def test_errors_that_tf_keras_2_raises_too_send_nothing_to_keras2(ename, evalue):
    """Is an error of the student's own (one tf.keras 2 would raise too) left on Keras 3?"""
    assert not keras_versions.needs_keras2([CellError(2, ename, evalue)])


def test_only_the_first_error_decides_and_a_refused_checkpoint_counts():
    """Does a Keras-3-only error after the student's own first error not trigger a rerun,
    while a ModelCheckpoint Keras refused (and the student caught) does?"""
    own = CellError(1, "NameError", "name 'np' is not defined")
    period = CellError(2, "TypeError", "ModelCheckpoint.__init__() got an unexpected keyword "
                                       "argument 'period'")
    assert not keras_versions.needs_keras2([own, period])
    assert keras_versions.needs_keras2([], ["ValueError: ... the filepath provided must end "
                                            "in `.weights.h5` (Keras weights format)."])
    assert not keras_versions.needs_keras2([])


def test_the_note_names_where_keras3_stopped_and_every_fix_in_both_languages():
    """Does the note say where Keras 3 stopped, then each fix found, in English and Korean?"""
    errors = [CellError(4, "ValueError", KERAS3_ERRORS["keras.fix.metrics_list"][0][1]),
              CellError(6, "TypeError", KERAS3_ERRORS["keras.fix.period"][0][1])]
    note = keras_versions.rerun_note(errors)
    assert [p.key for p in note] == ["keras.rerun", "keras.fix.metrics_list",
                                     "keras.fix.period"]
    english = keras_versions.render_note(note, "en")
    assert "Written for tf.keras 2" in english and "metrics=['accuracy']" in english
    assert "Expected `metrics` argument" in english
    korean = keras_versions.render_note(note, "ko")
    assert "tf.keras 2용" in korean and "Written" not in korean and "metrics=['accuracy']" in korean


def test_the_keras2_kernel_gets_tf_keras_and_the_keras3_kernel_does_not(monkeypatch):
    """Does only a Keras 2 driver's environment set TF_USE_LEGACY_KERAS (the grader's own
    setting never leaks into a Keras 3 run)?"""
    monkeypatch.setenv("TF_USE_LEGACY_KERAS", "1")
    assert "TF_USE_LEGACY_KERAS" not in _driver_env(None, "3")
    assert _driver_env(None, "2")["TF_USE_LEGACY_KERAS"] == "1"


def test_the_rubric_decides_whether_keras3_is_required(tmp_path):
    """Is `keras3_required` false by default, read from the TOML, and refused when not a
    boolean?"""
    assert Rubric.load().keras3_required is False
    path = tmp_path / "rubric.toml"
    path.write_text("keras3_required = true\n", encoding="utf-8")
    assert Rubric.load(path).keras3_required is True
    path.write_text("keras3_required = 'yes'\n", encoding="utf-8")
    with pytest.raises(RubricError, match="keras3_required must be true or false"):
        Rubric.load(path)


# `model.to_json()` of tf-keras 2.21 (`TF_USE_LEGACY_KERAS=1`), trimmed to what is read.
def _k2_layer(kind, config, inbound=None):
    entry = {"module": "keras.layers", "class_name": kind, "config": config,
             "registered_name": None}
    if inbound is not None:
        entry.update(name=config["name"], inbound_nodes=inbound)
    return entry


KERAS2_SEQUENTIAL = {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
    _k2_layer("InputLayer", {"batch_input_shape": [None, 28, 28], "name": "flatten_input"}),
    _k2_layer("Flatten", {"name": "flatten", "batch_input_shape": [None, 28, 28]}),
    _k2_layer("Dense", {"name": "dense", "units": 64, "activation": "relu", "use_bias": True}),
    _k2_layer("Dense", {"name": "dense_1", "units": 10, "activation": "softmax",
                        "use_bias": True})]}, "keras_version": "2.21.0"}
KERAS2_FUNCTIONAL = {"class_name": "Functional", "config": {"name": "model", "layers": [
    _k2_layer("InputLayer", {"batch_input_shape": [None, 28, 28], "name": "input_1"}, []),
    _k2_layer("Flatten", {"name": "flatten_1"}, [[["input_1", 0, 0, {}]]]),
    _k2_layer("Dense", {"name": "dense_2", "units": 10, "activation": "softmax"},
              [[["flatten_1", 0, 0, {}]]])]}, "keras_version": "2.21.0"}


def test_keras2_model_configs_are_read_like_keras3_ones():
    """Does the safe rebuild take tf-keras' configs (`batch_input_shape`, a functional
    model's list-style inbound nodes), and refuse a tf-keras model that branches?"""
    spec = parse_model_config(json.loads(json.dumps(KERAS2_SEQUENTIAL)))
    assert spec.input_shape == (28, 28)
    assert spec.describe() == "Flatten() -> Dense(64, activation='relu') -> " \
                              "Dense(10, activation='softmax')"
    functional = parse_model_config(json.loads(json.dumps(KERAS2_FUNCTIONAL)))
    assert functional.input_shape == (28, 28) and len(functional.layers) == 2
    branching = json.loads(json.dumps(KERAS2_FUNCTIONAL))
    branching["config"]["layers"][2]["inbound_nodes"] = [[["input_1", 0, 0, {}]]]
    with pytest.raises(ValueError, match="flatten_1|input_1"):
        parse_model_config(branching)


def test_a_tensorflow_format_checkpoint_is_read_in_the_models_order(tmp_path):
    """Are a `.ckpt` checkpoint's model variables (`.index` + `.data-*`, as tf-keras writes
    them) read in the order of the model's weights, the optimizer's slots left out?"""
    import tensorflow as tf

    arrays = [np.full((784, 8), 1.0, np.float32), np.full(8, 2.0, np.float32),
              np.full((8, 10), 3.0, np.float32), np.full(10, 4.0, np.float32)]
    layers = {f"layer_with_weights-{k}": tf.train.Checkpoint(
        kernel=tf.Variable(arrays[2 * k]), bias=tf.Variable(arrays[2 * k + 1]))
        for k in range(2)}
    slots = tf.train.Checkpoint(m=tf.Variable(np.zeros(3, np.float32)))
    prefix = tmp_path / "my_checkpoint.ckpt"
    tf.train.Checkpoint(**layers, optimizer=slots).write(str(prefix))
    assert not prefix.exists() and len(tf_checkpoint_files(prefix)) == 2
    read = read_tf_checkpoint(prefix)
    assert [a.shape for a in read] == [(784, 8), (8,), (8, 10), (10,)]
    assert all(np.array_equal(a, b) for a, b in zip(read, arrays))
    assert tf_checkpoint_files(tmp_path / "other.ckpt") == []
    with pytest.raises(ValueError, match="no TensorFlow checkpoint"):
        read_tf_checkpoint(tmp_path / "other.ckpt")
