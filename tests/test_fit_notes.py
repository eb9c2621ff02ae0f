"""What the kernel's recorder notes of a `fit` call, read as Keras reads the same call.

The recorder runs inside the student's `fit`: it must read every form Keras accepts, and
reading must not change what `fit` then trains on.
"""

import keras
import numpy as np
import tensorflow as tf

from autograder.runner.kernel_side import _dataset_stats, describe_callbacks


def _checkpoint(tmp_path):
    return keras.callbacks.ModelCheckpoint(str(tmp_path / "best.weights.h5"),
                                           save_weights_only=True, save_best_only=True)


def test_one_callback_not_in_a_list_is_read_as_keras_reads_it(tmp_path):
    """`fit(..., callbacks=checkpoint)` trains with the checkpoint in Keras 3."""
    (note,) = describe_callbacks(_checkpoint(tmp_path))
    assert note["is_model_checkpoint"] and note["save_best_only"]


def test_nested_callbacks_are_flattened(tmp_path):
    notes = describe_callbacks([[_checkpoint(tmp_path)], (keras.callbacks.EarlyStopping(),)])
    assert [n["class_name"] for n in notes] == ["ModelCheckpoint", "EarlyStopping"]
    assert describe_callbacks(None) == [] and describe_callbacks([]) == []


def test_a_generator_keeps_its_first_batch():
    """Peeking at a one-shot iterator would take a batch away from training."""
    batches = ((np.full((2, 28, 28), i / 255.0), np.array([i, i])) for i in range(3))
    assert _dataset_stats(batches) == ({"kind": "generator"}, None, None)
    assert next(batches)[1].tolist() == [0, 0]


def test_a_dataset_is_read_from_its_first_batch():
    images = np.arange(4 * 28 * 28).reshape(4, 28, 28) % 256 / 255.0
    dataset = tf.data.Dataset.from_tensor_slices((images, np.arange(4))).batch(2)
    x_stats, y_stats, x_sample = _dataset_stats(dataset)
    assert x_stats["shape"] == [2, 28, 28] and x_stats["max"] <= 1.0 and x_stats["pixel_steps"]
    assert y_stats["shape"] == [2] and len(x_sample) == 2
    assert len(list(dataset)) == 2  # still whole
