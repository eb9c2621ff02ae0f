"""Which file a student's ModelCheckpoint wrote: a plain path, or a Keras path template.

Keras fills a `filepath` such as `"cp-{epoch:04d}.weights.h5"` or
`"weights.{epoch:02d}-{val_loss:.2f}.weights.h5"` (the style of Keras' own docs) with the
epoch number and that epoch's logs each time it saves, so one run writes one file per saved
epoch. The checkpoint the lesson reloads is the one of the best epoch by the monitored
value (the last saved epoch with `save_best_only=False`); the grader computes its name from
the recorded history, exactly as Keras did. The template is untrusted text: only plain
`{name}` / `{name:spec}` fields are filled in, never attribute or index lookups.

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
