"""What a model was compiled with, read once from its serialized compile config.

Keras writes `model.get_compile_config()` as JSON: a loss and metrics as strings
(`'sparse_categorical_crossentropy'`, `'acc'`), class names (`'SparseCategoricalCrossentropy'`),
upper-case aliases (`'MSE'`) or serialized objects and functions, and an optimizer as a
string or a serialized object. `parse_compile_config` turns that untrusted data into a
`CompileSpec` of plain names, resolved as Keras resolves them, so checks compare names.
"""

from __future__ import annotations

import dataclasses
import re

LOSS_ALIASES = {"mse": "mean_squared_error", "mae": "mean_absolute_error",
                "bce": "binary_crossentropy", "kld": "kl_divergence"}
MAX_SHOWN = 80


@dataclasses.dataclass(frozen=True)
class CompileSpec:
    """A compile config as plain names."""

    has_loss: bool
    loss: str | None         # the loss's name (None when it has none the grader can name)
    loss_shown: str          # the loss as the student reads it (its name, or its config)
    from_logits: bool
    optimizer: str           # class name or string as given ("adam", "Adam", "SGD")
    metrics: frozenset       # every name Keras would read the metrics by
    loss_weights: object     # as given (tf.keras 2's positional metrics land here)
    loss_weight_names: frozenset


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _string_name(name: str) -> str:
    """A loss or metric string as Keras resolves it, in snake case: Keras takes class names
    (`'SparseCategoricalCrossentropy'`) and upper-case aliases (`'MSE'`) as well."""
    if name.isupper():
        name = name.lower()
    name = _snake(name)
    return LOSS_ALIASES.get(name, name)


def loss_name(loss) -> tuple[str | None, bool]:
    """`(name, from_logits)` of a serialized loss: a string, a Loss object or a function."""
    if isinstance(loss, str):
        return _string_name(loss), False
    if isinstance(loss, dict):
        config = loss.get("config")
        if loss.get("class_name") == "function" and isinstance(config, str):
            return config, False
        config = config if isinstance(config, dict) else {}
        name = _snake(str(loss.get("class_name", "")))
        return LOSS_ALIASES.get(name, name), bool(config.get("from_logits", False))
    return None, False


def metric_names(entry) -> frozenset:
    """Every name Keras reads a serialized metric (or list of them) by."""
    if isinstance(entry, str):
        # Keras reads 'acc' and 'accuracy' in any case, and class names such as
        # 'SparseCategoricalAccuracy'.
        return frozenset({entry, entry.lower(), _string_name(entry)})
    if isinstance(entry, dict):
        config = entry.get("config")
        names = {_snake(str(entry.get("class_name", "")))}
        if isinstance(config, dict) and isinstance(config.get("name"), str):
            names.add(config["name"])
        if isinstance(config, str):
            names.add(config)
        return frozenset(names)
    if isinstance(entry, (list, tuple)):
        return frozenset().union(*[metric_names(e) for e in entry]) if entry else frozenset()
    return frozenset()


def parse_compile_config(config) -> CompileSpec | None:
    """The `CompileSpec` of a compile config (None when there is none: not compiled)."""
    if not isinstance(config, dict) or not config:
        return None
    raw_loss = config.get("loss")
    name, from_logits = loss_name(raw_loss) if raw_loss is not None else (None, False)
    optimizer = config.get("optimizer", config.get("optimizer_config"))
    optimizer_name = (optimizer if isinstance(optimizer, str)
                      else (optimizer or {}).get("class_name", "none")
                      if isinstance(optimizer, (dict, type(None))) else repr(optimizer))
    weights = config.get("loss_weights")
    return CompileSpec(
        has_loss=raw_loss is not None,
        loss=name,
        loss_shown=(name or str(raw_loss))[:MAX_SHOWN],
        from_logits=from_logits,
        optimizer=str(optimizer_name)[:MAX_SHOWN],
        metrics=metric_names(config.get("metrics") or []),
        loss_weights=weights,
        loss_weight_names=metric_names(weights),
    )
