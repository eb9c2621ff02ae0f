"""Evidence and measurements built by hand, for the checks' fast tests (no kernel).

`lesson()` is what the grader reads back from the lesson's notebook, done right: the
recorder's notes of its `fit`, its compile settings, its model, and what the measure step
finds (best epoch 8 of 20, the checkpoint reloaded, accuracy 0.8874: the run in
shared/NOTES.md). A defect is the lesson with a few fields changed: `lesson(fit=...)`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from autograder.compile_spec import parse_compile_config
from autograder.evidence import ArrayStats, CheckpointSettings, Evidence, FitNote, ReloadNote
from autograder.loss_table_facts import OneHotFacts, TableFacts, TableRow
from autograder.measure import Measured
from autograder.model_spec import LayerSpec, ModelSpec
from autograder.runner.notebook import CellError, RunOutcome

MODEL_ID = 140001
VAL_LOSS = [0.4150, 0.3840, 0.3700, 0.3620, 0.3530, 0.3440, 0.3390, 0.3335, 0.3400, 0.3460,
            0.3380, 0.3510, 0.3470, 0.3560, 0.3520, 0.3600, 0.3580, 0.3650, 0.3630, 0.3700]
HISTORY = {"loss": [0.5 - 0.016 * i for i in range(20)], "acc": [0.82 + 0.0055 * i
                                                                for i in range(20)],
           "val_loss": VAL_LOSS, "val_acc": [0.85 + 0.002 * i for i in range(20)]}


def pixels(split: str = "train", **changes) -> ArrayStats:
    """The statistics of `x_train / 255.0` (or of the test split)."""
    rows = 60000 if split == "train" else 10000
    stats = ArrayStats(kind="ndarray", shape=(rows, 28, 28), dtype="float64", min=0.0, max=1.0,
                       mean=0.286, finite=True, integral=False, pixel_steps=True)
    return dataclasses.replace(stats, **changes)


def labels(split: str = "train", one_hot: bool = False) -> ArrayStats:
    rows = 60000 if split == "train" else 10000
    if one_hot:
        return ArrayStats(kind="ndarray", shape=(rows, 10), dtype="float32", min=0.0, max=1.0,
                          mean=0.1, finite=True, rows_sum_to_one=True, integral=True)
    return ArrayStats(kind="ndarray", shape=(rows,), dtype="uint8", min=0.0, max=9.0, mean=4.5,
                      finite=True, integral=True)


CHECKPOINT = CheckpointSettings(filepath="my_checkpoint.weights.h5", save_weights_only=True,
                                save_best_only=True, monitor="val_loss")


def fit(**changes) -> FitNote:
    """The lesson's `fit`: 20 epochs on the scaled training split, the test split as
    validation data, the lesson's ModelCheckpoint."""
    note = FitNote(model_id=MODEL_ID, x=pixels(), y=labels(), validation_x=pixels("test"),
                   validation_y=labels("test"), x_sample=("0" * 16,),
                   validation_in_training=0.0, epochs=20, batch_size=None,
                   callbacks=("ModelCheckpoint",), checkpoint=CHECKPOINT, finished=True,
                   history=HISTORY)
    return dataclasses.replace(note, **changes)


def model(*layers: LayerSpec, input_shape=(28, 28), input_scale=None) -> ModelSpec:
    """The lesson's model, or one with the given layers after Flatten."""
    body = layers or tuple(LayerSpec("Dense", units=u, activation="relu")
                           for u in (1024, 512, 256, 128, 64)) + (
        LayerSpec("Dense", units=10, activation="softmax"),)
    layers = (LayerSpec("Flatten"),) + tuple(body)
    return ModelSpec(input_shape=input_shape, layers=layers, raw_layers=layers,
                     input_scale=input_scale)


def compiled(**config):
    """The lesson's compile settings, as Keras serializes them, with `config` changed."""
    return parse_compile_config({"optimizer": "adam", "loss": "sparse_categorical_crossentropy",
                                 "metrics": ["acc"], "loss_weights": None, **config})


def run(*errors: CellError) -> RunOutcome:
    return RunOutcome("finished", 12.0, cell_errors=list(errors))


FINAL = [np.full((2, 2), 0.5, dtype=np.float32)]   # the checkpoint's weights (epoch 8)
LAST = [np.full((2, 2), 0.25, dtype=np.float32)]   # the last epoch's (epoch 20)


def lesson(**changes) -> Evidence:
    """The evidence of the lesson done right; `changes` replace its fields."""
    evidence = Evidence(
        kind="notebook", run=run(), model=model(), compiled=compiled(),
        fits=(fit(),), fit=fit(), model_id=MODEL_ID,
        reloads=(ReloadNote("my_checkpoint.weights.h5", after_fits=1, ok=True,
                            model_id=MODEL_ID),),
        weights_final=FINAL, weights_after_fit=LAST,
        checkpoint_file=Path("my_checkpoint.weights.h5"))
    return dataclasses.replace(evidence, **changes)


def measured(**changes) -> Measured:
    """What the measure step finds for the lesson done right."""
    facts = Measured(min_accuracy=0.85, best_epoch=8, epochs_run=20, share_of_test=0.0,
                     checkpoint_weights=FINAL, holds_checkpoint=True, accuracy=0.8874)
    return dataclasses.replace(facts, **changes)


# -- the loss-table exercise ----------------------------------------------------------------

def one_hot(role: str = "train", **changes) -> OneHotFacts:
    """The facts of a right one-hot encoding of 7 labels."""
    names = {"train": ("y_train_onehot", "y_train"), "valid": ("y_valid_onehot", "y_valid")}
    facts = OneHotFacts(*names[role], present=True, shape=(7, 10), expected_shape=(7, 10),
                        dtype="float32", numeric=True, values=(0.0, 1.0), binary=True)
    return dataclasses.replace(facts, **changes)


RIGHT_ROWS = {
    "binary": TableRow("('sigmoid', 'binary_crossentropy')", pair=True, activation="sigmoid",
                       loss="binary_crossentropy",
                       shown=("'sigmoid'", "'binary_crossentropy'")),
    "multiclass_onehot": TableRow("('softmax', 'categorical_crossentropy')", pair=True,
                                  activation="softmax", loss="categorical_crossentropy",
                                  shown=("'softmax'", "'categorical_crossentropy'")),
    "multiclass_integer": TableRow("('softmax', 'sparse_categorical_crossentropy')", pair=True,
                                   activation="softmax", loss="sparse_categorical_crossentropy",
                                   shown=("'softmax'", "'sparse_categorical_crossentropy'")),
}


def table(**rows) -> TableFacts:
    """The facts of a right `CHOICES`, with `rows` replaced."""
    all_rows = {**RIGHT_ROWS, **rows}
    return TableFacts(present=True, is_dict=True, keys=tuple(sorted(all_rows)), rows=all_rows)


def loss_table(**changes) -> Evidence:
    """The loss-table exercise done right: one-hot labels, the table, training on them."""
    one_hot_fit = fit(y=labels(one_hot=True), validation_y=labels("test", one_hot=True),
                      checkpoint=None, callbacks=())
    evidence = lesson(compiled=compiled(loss="categorical_crossentropy"), fits=(one_hot_fit,),
                      fit=one_hot_fit, one_hot={"train": one_hot(), "valid": one_hot("valid")},
                      table=table())
    return dataclasses.replace(evidence, **changes)
