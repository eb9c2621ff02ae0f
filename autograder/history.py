"""Keras' training history (`History.history`), read one way everywhere.

The one rule for the best epoch lives here (`saved_epoch`): the epoch whose weights a
`ModelCheckpoint(save_best_only=True)` holds at the end of training, computed the way
Keras 3 decides (`keras/src/callbacks/monitor_callback.py`, Keras 3.15): the first epoch
always saves (its best is still unset), and a later epoch saves only when its value is
strictly better than the best so far. A NaN never improves on anything and nothing
improves on a NaN, so with `val_loss = [nan, 0.5, 0.3]` the file holds epoch 1 (measured:
Keras 3.15 writes only `e1.weights.h5`); an infinite first value is beaten by any finite
one. The grade's `best_epoch`, the checkpoint file of a path template, the learning
curves, the diagnosis and the reference all use it.

Example:

    saved_epoch([0.42, 0.38, 0.39])              # 2
    saved_epoch([0.80, 0.86, 0.85], mode="max")  # 2
"""

from __future__ import annotations

import math

# Accuracy key pairs Keras writes, in the order they are looked for.
ACCURACY_KEYS = (("acc", "val_acc"), ("accuracy", "val_accuracy"),
                 ("sparse_categorical_accuracy", "val_sparse_categorical_accuracy"))


def _better(value: float, best: float, maximize: bool) -> bool:
    return value > best if maximize else value < best  # False whenever a NaN is involved


def saved_epoch(values, mode: str = "min") -> int | None:
    """1-based epoch a best-only checkpoint of `values` holds at the end (None if empty).

    `mode` is "min" or "max" (see `direction` for Keras' "auto").
    """
    values = [float(v) if v is not None else math.nan for v in values or []]
    if not values:
        return None
    maximize = mode == "max"
    best, epoch = values[0], 1
    for number, value in enumerate(values[1:], start=2):
        if _better(value, best, maximize):
            best, epoch = value, number
    return epoch


def direction(monitor: str, mode: str) -> str:
    """"min" or "max": which way a ModelCheckpoint's `mode` goes for `monitor`.

    Keras' "auto" (and any unknown mode) goes up for accuracies and down otherwise.
    """
    if mode in ("min", "max"):
        return mode
    return "max" if "acc" in monitor.removeprefix("val_") else "min"


def checkpoint_epoch(history: dict, monitor: str = "val_loss", mode: str = "auto",
                     best_only: bool = True) -> int | None:
    """1-based epoch whose weights the checkpoint file holds last (None when unknown).

    With `best_only=False` every epoch overwrites the file: the last one.
    """
    values = history.get(monitor) or []
    if not best_only:
        return len(values) or len(history.get("loss") or []) or None
    return saved_epoch(values, direction(monitor, mode))


def best_epoch(history: dict) -> int | None:
    """1-based epoch kept by the lesson's checkpoint (`monitor='val_loss'`), or None."""
    return saved_epoch(history.get("val_loss") or [])


def series(history: dict, key: str) -> list[float] | None:
    """The values of `key` as floats, or None when the history lacks them."""
    values = history.get(key)
    if values is None or len(values) == 0:
        return None
    return [float(v) for v in values]


def accuracy_keys(history: dict) -> tuple[str, str]:
    """The (training, validation) accuracy keys this history uses; `acc` names by default."""
    for pair in ACCURACY_KEYS:
        if pair[0] in history or pair[1] in history:
            return pair
    return ACCURACY_KEYS[0]


def epoch_count(history: dict) -> int:
    """How many epochs the history covers (its longest series)."""
    return max((len(v) for v in history.values() if hasattr(v, "__len__")), default=0)
