"""Which file a student's ModelCheckpoint wrote: a plain path, or a Keras path template.

Keras fills a `filepath` such as `"cp-{epoch:04d}.weights.h5"` or
`"weights.{epoch:02d}-{val_loss:.2f}.weights.h5"` (the style of Keras' own docs) with the
epoch number and that epoch's logs each time it saves, so one run writes one file per saved
epoch. The checkpoint the lesson reloads is the one of the best epoch by the monitored
value (the last saved epoch with `save_best_only=False`); the grader computes its name from
the recorded history, exactly as Keras did. The template is untrusted text: only plain
`{name}` / `{name:spec}` fields are filled in, never attribute or index lookups.

tf-keras (Keras 2) saves `save_weights_only=True` to a path that does not end in `.h5`
(the lesson's `my_checkpoint.ckpt`) in TensorFlow's format: `PATH.index` and
`PATH.data-00000-of-00001`, no file at PATH itself. `tf_checkpoint_files` finds them and
`read_tf_checkpoint` reads their model variables, as data (TensorFlow's checkpoint reader:
tensors only, no code), in the model's order.

Example:

    best_checkpoint_name("cp-{epoch:02d}.weights.h5", history, "val_loss", "auto", True)
    # -> "cp-07.weights.h5" when epoch 7 had the lowest val_loss
"""

from __future__ import annotations

import glob
import re
import string
from pathlib import Path

from autograder.history import checkpoint_epoch
from autograder.messages import Phrase

MAX_TEMPLATE_CHARS = 500
_FIELD = re.compile(r"^[A-Za-z_]\w*$")
# Fill, sign, width up to 99, precision up to 99, type: `02d`, `.2f`, `>4`.
_SPEC = re.compile(r"^[<>^=+\- #0]{0,3}\d{0,2}(\.\d{1,2})?[bcdeEfFgGnosxX%]?$")


class TemplateError(ValueError):
    """A checkpoint path template the grader will not fill in (says why, as a catalog
    `Phrase`: a `checkpoint.*` key and its facts)."""

    def __init__(self, key: str, **facts):
        self.phrase = Phrase.of(key, **facts)
        super().__init__(str(self.phrase))


def fields(filepath: str) -> list[tuple[str, str]]:
    """The `(name, format spec)` fields of a path template; `[]` for a plain path.

    Raises:
        TemplateError: for anything but plain named fields with a short format spec.
    """
    if len(filepath) > MAX_TEMPLATE_CHARS:
        raise TemplateError("checkpoint.path_too_long", length=len(filepath))
    try:
        parsed = list(string.Formatter().parse(filepath))
    except ValueError as exc:
        raise TemplateError("checkpoint.bad_template", path=filepath, reason=str(exc)) from None
    found = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not _FIELD.match(name) or conversion or not _SPEC.match(spec or ""):
            raise TemplateError("checkpoint.unknown_field", path=filepath, field=name)
        found.append((name, spec or ""))
    return found


def best_checkpoint_name(filepath: str, history: dict, monitor: str = "val_loss",
                         mode: str = "auto", best_only: bool = True) -> str | None:
    """`filepath` with Keras' fields filled in for the epoch whose checkpoint counts.

    Returns `filepath` itself when it has no fields, and None when the history does not
    say which epoch was saved (no training was recorded, or the monitored value is missing).

    Raises:
        TemplateError: for a template the grader will not fill in, or one that names a
            value the history does not have.
    """
    names = fields(filepath)
    if not names:
        return filepath
    epoch = checkpoint_epoch(history, monitor, mode, best_only)
    if epoch is None:
        return None
    values = {key: series[epoch - 1] for key, series in history.items()
              if isinstance(series, list) and len(series) >= epoch}
    values["epoch"] = epoch
    missing = sorted({name for name, _ in names} - set(values))
    if missing:
        raise TemplateError("checkpoint.field_not_in_history", path=filepath,
                            fields=", ".join(missing))
    return filepath.format(**values)


def matching_files(folder: Path, filepath: str) -> list[Path]:
    """Files in `folder` that the template `filepath` could have written (for quick grading)."""
    pattern = "".join(glob.escape(literal) + ("*" if name is not None else "")
                      for literal, name, _, _ in string.Formatter().parse(filepath))
    return sorted(Path(p) for p in glob.glob(str(folder / pattern)) if Path(p).is_file())


# A TensorFlow-format checkpoint of a Keras 2 model names each model variable
# `layer_with_weights-<k>/<attribute>/.ATTRIBUTES/VARIABLE_VALUE` (a Sequential's or a
# functional model's k-th layer that has weights); the optimizer's slots are elsewhere.
_TF_VARIABLE = re.compile(r"^layer_with_weights-(\d+)/(\w+)/\.ATTRIBUTES/VARIABLE_VALUE$")
# Each layer's variables in the order `get_weights()` lists them.
_ATTRIBUTE_ORDER = ("kernel", "bias", "gamma", "beta", "moving_mean", "moving_variance")
MAX_TF_CHECKPOINT_BYTES = 1 << 30


def tf_checkpoint_files(prefix: Path) -> list[Path]:
    """The files of a TensorFlow-format checkpoint at `prefix` (`.index` first); [] when
    there is none."""
    index = Path(f"{prefix}.index")
    if not index.is_file():
        return []
    data = sorted(Path(p) for p in glob.glob(glob.escape(str(prefix)) + ".data-*-of-*"))
    return [index] + data if data else []


def read_tf_checkpoint(prefix: Path) -> list:
    """The model variables of the TensorFlow-format checkpoint at `prefix`, in the order
    of the model's weights (layers in order; kernel, bias, then normalization's).

    Raises:
        ValueError: no such checkpoint, too large, or no model variables in it.
    """
    import numpy as np
    import tensorflow as tf

    files = tf_checkpoint_files(prefix)
    if not files:
        raise ValueError(f"no TensorFlow checkpoint at {Path(prefix).name}")
    size = sum(f.stat().st_size for f in files)
    if size > MAX_TF_CHECKPOINT_BYTES:
        raise ValueError(f"the checkpoint holds {size} bytes, more than "
                         f"{MAX_TF_CHECKPOINT_BYTES}")
    reader = tf.train.load_checkpoint(str(prefix))
    found = []
    for name in reader.get_variable_to_shape_map():
        match = _TF_VARIABLE.match(name)
        if match and match.group(2) in _ATTRIBUTE_ORDER:
            found.append((int(match.group(1)), _ATTRIBUTE_ORDER.index(match.group(2)), name))
    if not found:
        raise ValueError(f"{Path(prefix).name} holds no model variables "
                         "(`layer_with_weights-*`)")
    return [np.asarray(reader.get_tensor(name)) for _, _, name in sorted(found)]
