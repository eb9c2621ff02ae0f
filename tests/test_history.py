"""The one rule for the best epoch: the epoch Keras' ModelCheckpoint keeps, used everywhere."""

from __future__ import annotations

import math

import pytest

import evidence_builders as b
from autograder import checkpoint_file, curves, diagnosis, history
from autograder.measure import measure
from reference import fashion_dnn

NAN, INF = math.nan, math.inf
# val_loss per epoch -> the epoch a best-only checkpoint holds at the end
SEQUENCES = {
    "falls_then_rises": ([0.42, 0.38, 0.39], 2),
    "tie_keeps_the_first": ([0.40, 0.40, 0.41], 1),
    "nan_first_is_kept": ([NAN, 0.5, 0.3], 1),
    "nan_in_the_middle_is_skipped": ([0.5, NAN, 0.3], 3),
    "infinite_first_is_beaten": ([INF, 0.5, 0.7], 2),
    "all_nan": ([NAN, NAN], 1),
}


@pytest.mark.parametrize("name", sorted(SEQUENCES))
def test_saved_epoch_is_the_epoch_keras_keeps(name):
    """Is the rule's epoch the one Keras' own ModelCheckpoint wrote last (run here)?"""
    import os
    import tempfile

    import keras

    values, expected = SEQUENCES[name]
    assert history.saved_epoch(values) == expected
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    with tempfile.TemporaryDirectory() as folder:
        callback = keras.callbacks.ModelCheckpoint(
            os.path.join(folder, "e{epoch}.weights.h5"), save_best_only=True,
            save_weights_only=True, monitor="val_loss")
        callback.set_model(model)
        for epoch, value in enumerate(values):
            callback.on_epoch_end(epoch, {"val_loss": value, "loss": 1.0})
        written = sorted(int(f[1:].split(".")[0]) for f in os.listdir(folder))
    assert written[-1] == expected


def test_direction_follows_keras_auto_mode():
    """Does 'auto' go up for accuracies and down for losses, as Keras decides?"""
    assert history.saved_epoch([0.80, 0.86, 0.85], history.direction("val_acc", "auto")) == 2
    assert history.direction("val_loss", "auto") == "min"
    assert history.direction("val_loss", "max") == "max"
    assert history.checkpoint_epoch({"val_loss": [0.3, 0.2, 0.4]}, best_only=False) == 3


def test_every_reader_of_the_history_agrees_on_the_nan_example():
    """Do the grade, the checkpoint's file name, the curves, the diagnosis and the reference
    name the same best epoch for `val_loss = [nan, 0.5, 0.3]` (the issue's example)?"""
    run = {"loss": [0.9, 0.6, 0.5], "acc": [0.7, 0.8, 0.86], "val_loss": [NAN, 0.5, 0.3],
           "val_acc": [0.1, 0.8, 0.85]}
    evidence = b.lesson(fit=b.fit(history=run), fits=(b.fit(history=run),))
    found = {
        "grade": measure(evidence, needs=frozenset()).best_epoch,
        "checkpoint file": int(checkpoint_file.best_checkpoint_name(
            "cp-{epoch}.weights.h5", run).split("-")[1].split(".")[0]),
        "curves": curves.best_epoch(run),
        "diagnosis": diagnosis.diagnose(run).best_epoch,
        "reference": fashion_dnn.best_epoch(run),
    }
    assert set(found.values()) == {1}, found
