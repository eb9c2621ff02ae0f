"""Trusted accuracy: rebuild the allowed model, load the student's weights, evaluate.

Everything here runs in the grader's process on plain data: a validated `ModelSpec`,
arrays read from `.npz` files without pickle, and the grader's own copy of the test set.
"""

from __future__ import annotations

import numpy as np

from autograder.model_spec import ModelSpec, ModelSpecError, parameter_count

# A model larger than this is not rebuilt (the lesson's model has 1.5 million).
MAX_PARAMETERS = 50_000_000


def rebuild(spec: ModelSpec):
    """A fresh Keras model with the spec's layers, built for its input shape.

    A first `Rescaling(1./255)` (`spec.input_scale`) is not rebuilt: it has no weights, and
    the grader's images are already divided by 255 (`images_for`).
    """
    from autograder.runner.optional_imports import import_keras

    keras = import_keras()
    L = keras.layers
    if spec.input_shape is None:
        raise ModelSpecError("model.input_shape_unknown")
    count = parameter_count(spec)
    if count is not None and count > MAX_PARAMETERS:
        raise ModelSpecError("model.too_many_parameters", count=count, limit=MAX_PARAMETERS)
    built = [keras.Input(shape=spec.input_shape)]
    for layer in spec.raw_layers:
        if layer.type == "Dense":
            built.append(L.Dense(layer.units, activation=layer.activation,
                                 use_bias=layer.use_bias))
        elif layer.type == "Flatten":
            built.append(L.Flatten())
        elif layer.type == "Reshape":
            built.append(L.Reshape(layer.target_shape))
        elif layer.type == "Dropout":
            built.append(L.Dropout(layer.rate))
        elif layer.type == "Activation":
            built.append(L.Activation(layer.activation))
        elif layer.type == "BatchNormalization":
            axis, epsilon, center, scale = layer.bn
            built.append(L.BatchNormalization(axis=axis, epsilon=epsilon, center=center,
                                              scale=scale))
        elif layer.type == "Conv2D":
            built.append(L.Conv2D(layer.filters, layer.kernel_size, strides=layer.strides,
                                  padding=layer.padding, activation=layer.activation,
                                  use_bias=layer.use_bias))
        elif layer.type == "MaxPooling2D":
            built.append(L.MaxPooling2D(layer.pool_size, strides=layer.strides,
                                        padding=layer.padding))
        elif layer.type == "AveragePooling2D":
            built.append(L.AveragePooling2D(layer.pool_size, strides=layer.strides,
                                            padding=layer.padding))
        elif layer.type == "GlobalAveragePooling2D":
            built.append(L.GlobalAveragePooling2D())
        else:  # parse_model_config admits nothing else
            raise ModelSpecError("model.cannot_rebuild", kind=repr(layer.type))
    try:
        return keras.Sequential(built)
    except Exception as exc:
        raise ModelSpecError("model.layers_do_not_fit", reason=str(exc)[:300]) from None


def set_weights_checked(model, weights: list[np.ndarray]) -> None:
    """Load weight arrays into `model`, refusing wrong counts, shapes or non-finite values."""
    expected = [tuple(w.shape) for w in model.weights]
    found = [tuple(w.shape) for w in weights]
    if expected != found:
        raise ModelSpecError("model.weights_shapes", expected=expected, found=found)
    bad = sum(int(np.size(w) - np.count_nonzero(np.isfinite(w))) for w in weights)
    if bad:
        raise ModelSpecError("model.nonfinite_weights", count=bad)
    model.set_weights([np.asarray(w, dtype=np.float32) for w in weights])


def images_for(spec: ModelSpec, images: np.ndarray) -> np.ndarray:
    """The test images scaled by 1/255, shaped for the model's input (e.g. (28, 28, 1))."""
    scaled = images.astype(np.float32) / np.float32(255.0)
    return scaled.reshape((len(images),) + tuple(spec.input_shape))


def accuracy(spec: ModelSpec, weights: list[np.ndarray], images: np.ndarray,
             labels: np.ndarray) -> float:
    """Fraction of test images whose highest-scoring class is the true label."""
    model = rebuild(spec)
    set_weights_checked(model, weights)
    try:
        x = images_for(spec, images)
    except ValueError:
        raise ModelSpecError("model.input_not_images", shape=spec.input_shape) from None
    scores = model.predict(x, batch_size=1000, verbose=0)
    scores = scores.reshape(len(images), -1)
    if scores.shape[1] != 10:
        raise ModelSpecError("model.output_size", count=scores.shape[1])
    if not np.all(np.isfinite(scores)):
        return 0.0
    return float(np.mean(np.argmax(scores, axis=1) == labels))
