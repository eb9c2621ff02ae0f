"""What the loss-table exercise's variables hold, as plain facts (read in the live kernel).

The exercise (`exercises/*/loss_table`) asks for one-hot labels and a table `CHOICES` of
output activations and losses. Its checks (`autograder.checks.loss_table_checks`) are
pure functions of the facts read here: shapes and values of the one-hot arrays, and each
row of the table as names resolved the way Keras resolves them.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from autograder.compile_spec import loss_name

NUM_CLASSES = 10
# The lesson's table: output activation and loss for each kind of labels.
TABLE = {
    "binary": ("sigmoid", "binary_crossentropy"),
    "multiclass_onehot": ("softmax", "categorical_crossentropy"),
    "multiclass_integer": ("softmax", "sparse_categorical_crossentropy"),
}
# The variables each one-hot check reads: role -> (encoded labels, labels).
ONE_HOT_NAMES = {"train": ("y_train_onehot", "y_train"), "valid": ("y_valid_onehot", "y_valid")}


@dataclasses.dataclass(frozen=True)
class OneHotFacts:
    """An array meant to be the one-hot encoding of the labels `labels`."""

    name: str
    labels: str
    present: bool = False
    unreadable: str | None = None     # why it is no array
    shape: tuple = ()
    expected_shape: tuple = ()
    dtype: str = ""
    numeric: bool = False
    values: tuple = ()                # its distinct values (the first 10)
    binary: bool = False              # only 0s and 1s
    bad_row: tuple | None = None      # (row, number of 1s) of the first row without one 1
    wrong_rows: int = 0               # rows whose 1 is not in the label's column
    first_wrong: tuple | None = None  # (row, label, column) of the first such row


@dataclasses.dataclass(frozen=True)
class TableRow:
    """One row of `CHOICES`: what was given, as Keras reads it."""

    value: str                 # repr of what was given
    pair: bool = False
    activation: str | None = None
    loss: str | None = None
    from_logits: bool = False
    shown: tuple = ()          # (activation, loss) as the message shows them: names, or reprs


@dataclasses.dataclass(frozen=True)
class TableFacts:
    """The table `CHOICES`."""

    present: bool = False
    is_dict: bool = False
    value: str = ""            # repr, when it is no dict
    keys: tuple = ()
    rows: dict = dataclasses.field(default_factory=dict)  # key -> TableRow


def describe_one_hot(namespace: dict, name: str, labels: str) -> OneHotFacts:
    """The facts of `namespace[name]` as the encoding of `namespace[labels]`."""
    if name not in namespace:
        return OneHotFacts(name, labels)
    y = np.asarray(namespace.get(labels, [])).reshape(-1)
    try:
        encoded = np.asarray(namespace[name])
    except Exception as exc:
        return OneHotFacts(name, labels, present=True, unreadable=f"{type(exc).__name__}: {exc}")
    facts = {"name": name, "labels": labels, "present": True, "shape": tuple(encoded.shape),
             "expected_shape": (len(y), NUM_CLASSES), "dtype": str(encoded.dtype),
             "numeric": bool(np.issubdtype(encoded.dtype, np.number) or encoded.dtype == bool)}
    if facts["shape"] != facts["expected_shape"] or not facts["numeric"]:
        return OneHotFacts(**facts)
    values = encoded.astype(np.float64)
    facts["values"] = tuple(float(v) for v in np.unique(values)[:10])
    facts["binary"] = bool(np.isin(values, (0.0, 1.0)).all())
    ones = values.sum(axis=1)
    if (ones != 1).any():
        row = int(np.argmax(ones != 1))
        facts["bad_row"] = (row, float(ones[row]))
    wrong = np.flatnonzero(values.argmax(axis=1) != y)
    facts["wrong_rows"] = int(wrong.size)
    if wrong.size:
        row = int(wrong[0])
        facts["first_wrong"] = (row, int(y[row]), int(values[row].argmax()))
    return OneHotFacts(**facts)


def activation_name(value) -> str | None:
    """The name of an activation given as a string or a Keras activation function."""
    if isinstance(value, str):
        return value.strip().lower()
    if callable(value):
        import keras

        try:
            name = keras.activations.serialize(value)
        except Exception:
            return None
        return name if isinstance(name, str) else None
    return None


def resolve_loss(value) -> tuple[str | None, bool]:
    """`(name, from_logits)` of a loss given as a string, a Loss class or object, a function.

    `'CategoricalCrossentropy'`, `keras.losses.CategoricalCrossentropy()` and
    `keras.losses.categorical_crossentropy` are all `'categorical_crossentropy'`; aliases
    such as `'bce'` resolve too (`compile_spec.loss_name`).
    """
    import keras

    candidates = [value] + ([value.strip(), value.strip().lower()]
                            if isinstance(value, str) else [])
    for candidate in candidates:
        try:
            loss = keras.losses.get(candidate)
            if loss is not None:
                return loss_name(keras.losses.serialize(loss))
        except Exception:
            continue
    return None, False


def describe_row(value) -> TableRow:
    try:
        activation, loss = value
    except (TypeError, ValueError):
        return TableRow(repr(value)[:200])
    act = activation_name(activation)
    name, from_logits = resolve_loss(loss)
    return TableRow(repr(value)[:200], pair=True, activation=act, loss=name,
                    from_logits=from_logits,
                    shown=(repr(act or activation)[:80], repr(name or loss)[:80]))


def describe_table(namespace: dict) -> TableFacts:
    """The facts of `namespace["CHOICES"]`."""
    if "CHOICES" not in namespace:
        return TableFacts()
    choices = namespace["CHOICES"]
    if not isinstance(choices, dict):
        return TableFacts(present=True, value=repr(choices)[:200])
    return TableFacts(present=True, is_dict=True, keys=tuple(sorted(map(str, choices))),
                      rows={key: describe_row(choices[key]) for key in TABLE if key in choices})
