"""The safe rebuild of the standard image layers (issue 15): a CNN's config, read as data,
rebuilds into the same model, with BatchNormalization's moving statistics as weights."""

from __future__ import annotations

import json

import keras
import numpy as np
import pytest

from autograder.evaluate import rebuild, set_weights_checked
from autograder.model_spec import ModelSpecError, parameter_count, parse_model_config


def _cnn(last_activation="softmax"):
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(8, 3, activation="relu", padding="same"),
        keras.layers.BatchNormalization(),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(8, (3, 3), strides=2, activation="relu"),
        keras.layers.AveragePooling2D(pool_size=2, padding="same"),
        keras.layers.Dropout(0.25),
        keras.layers.Conv2D(4, 1),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Reshape((4,)),
        keras.layers.Dense(10, activation=last_activation),
    ])


def test_a_cnn_rebuilds_into_the_same_model():
    """Does the rebuilt CNN count the same parameters and predict the same scores?"""
    model = _cnn()
    # Moving statistics that are not the initial ones: they must travel as weights.
    model.layers[1].moving_mean.assign(np.full(8, 0.3, dtype=np.float32))
    spec = parse_model_config(json.loads(model.to_json()))
    assert [layer.type for layer in spec.layers][:4] == ["Conv2D", "BatchNormalization",
                                                         "MaxPooling2D", "Conv2D"]
    assert spec.layers[-1].describe() == "Dense(10, activation='softmax')"
    assert parameter_count(spec) == model.count_params()
    rebuilt = rebuild(spec)
    set_weights_checked(rebuilt, [np.array(w) for w in model.get_weights()])
    x = np.random.default_rng(0).random((4, 28, 28, 1), dtype=np.float32)
    np.testing.assert_allclose(rebuilt.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)


def test_logits_output_is_read_as_linear():
    """Is a CNN ending in `Dense(10)` read as a linear (logits) output?"""
    spec = parse_model_config(json.loads(_cnn(None).to_json()))
    assert spec.layers[-1].activation == "linear"


@pytest.mark.parametrize("layer, setting", [
    (keras.layers.Conv2D(4, 3, dilation_rate=2), "dilation_rate/groups"),
    (keras.layers.MaxPooling2D(data_format="channels_first"), "data_format='channels_first'"),
])
def test_unusual_image_layer_settings_are_refused(layer, setting):
    """Is a setting the grader does not rebuild refused, naming the layer and the setting?"""
    model = keras.Sequential([keras.Input(shape=(28, 28, 4)), layer, keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax")])
    with pytest.raises(ModelSpecError, match=r"has a setting the grader does not rebuild: "
                       + setting.replace("[", r"\[").replace("]", r"\]")):
        parse_model_config(json.loads(model.to_json()))
