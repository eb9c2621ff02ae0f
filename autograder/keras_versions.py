"""Keras 3 or Keras 2: which errors mean "written for tf.keras 2", and the fix for each.

TensorFlow 2.16+ ships Keras 3 as `tf.keras`; lesson-era code (TensorFlow up to 2.15,
the certificate's era) was written for tf.keras 2 and stops on Keras 3 at a few known
places. `tf-keras` (Keras 2) still runs it as written when the kernel's environment has
`TF_USE_LEGACY_KERAS=1`. `--keras auto` (the default) grades on Keras 3 and, when the run
stopped on one of these errors, grades again under Keras 2 (`grade.py`), saying so with
the Keras 3 fix for each error found.

Each `Keras3Only` is a pattern of an error message that only Keras 3 raises for code that
is valid in tf.keras 2 (found by running each construct on TensorFlow 2.21 with Keras 3),
and the catalog key of its fix (`keras.fix.*`). `Flatten(input_shape=...)` is only a
warning on Keras 3: it needs no rerun.

Decisions:
- The rerun happens when the run's FIRST error (a student's cell, or a ModelCheckpoint
  that Keras refused) is one of these: a later error is usually a consequence of the
  first (the `NameError` of a variable its cell never set), and a first error of another
  kind would stop tf.keras 2 too.
- Each run has its own time limit (`--timeout`): the Keras 2 rerun is a new run of the
  submission, in a new kernel of its own (never the warm spare, which was started for
  Keras 3), inside the same sandbox.
- `keras3_required = true` in the rubric turns the rerun off: the Keras 3 run is graded,
  so Keras 3 compatibility costs what its failing checks cost.
- In the Keras 2 kernel `tf.keras` is tf-keras; a plain `import keras` is still Keras 3
  (TensorFlow's own rule for `TF_USE_LEGACY_KERAS`), so code mixing the two is graded as
  TensorFlow 2.21 runs it.
"""

from __future__ import annotations

import dataclasses
import re

from autograder.messages import Phrase

AUTO, KERAS2, KERAS3 = "auto", "2", "3"
CHOICES = (AUTO, KERAS2, KERAS3)
LEGACY_ENV = "TF_USE_LEGACY_KERAS"


@dataclasses.dataclass(frozen=True)
class Keras3Only:
    """An error only Keras 3 raises for valid tf.keras 2 code, and its fix's catalog key."""

    fix: str
    pattern: re.Pattern


KERAS3_ONLY = (
    Keras3Only("keras.fix.weights_suffix", re.compile(
        r"must end in `\.weights\.h5`|File format not supported: filepath=.*Keras 3 only "
        r"supports", re.S)),
    Keras3Only("keras.fix.model_suffix", re.compile(
        r"must end in `\.keras`|Invalid filepath extension for saving")),
    Keras3Only("keras.fix.metrics_list", re.compile(
        r"Expected `metrics` argument to be a list, tuple, or dict")),
    Keras3Only("keras.fix.period", re.compile(r"unexpected keyword argument 'period'")),
    Keras3Only("keras.fix.v1_optimizer", re.compile(
        r"Could not interpret optimizer identifier: <tensorflow\.python\.training\.")),
    Keras3Only("keras.fix.lr", re.compile(r"Argument\(s\) not recognized: \{'lr'")),
    Keras3Only("keras.fix.legacy_optimizer", re.compile(
        r"`keras\.optimizers\.legacy` is not supported in Keras 3")),
    Keras3Only("keras.fix.generator", re.compile(
        r"has no attribute '(fit|evaluate|predict)_generator'")),
    Keras3Only("keras.fix.fit_workers", re.compile(
        r"fit\(\) got an unexpected keyword argument '(workers|use_multiprocessing|"
        r"max_queue_size)'")),
)


def fixes_for(text: str) -> list[str]:
    """The `keras.fix.*` keys of every Keras-3-only error in `text`, in table order."""
    return [known.fix for known in KERAS3_ONLY if known.pattern.search(text or "")]


def first_error_text(cell_errors, checkpoint_errors=()) -> str:
    """The run's first error as `"Name: message"` (a refused ModelCheckpoint counts: the
    student may have caught it); "" when none."""
    if checkpoint_errors:
        return str(checkpoint_errors[0])
    if cell_errors:
        return f"{cell_errors[0].ename}: {cell_errors[0].evalue}"
    return ""


def needs_keras2(cell_errors, checkpoint_errors=()) -> bool:
    """Whether the run stopped first on an error only Keras 3 raises (see module doc)."""
    return bool(fixes_for(first_error_text(cell_errors, checkpoint_errors)))


def rerun_note(cell_errors, checkpoint_errors=()) -> list[Phrase]:
    """What the result and the feedback say about a Keras 2 rerun: where Keras 3 stopped
    (`keras.rerun`), then each fix that would make the code run on Keras 3."""
    text = "\n".join([f"{e.ename}: {e.evalue}" for e in cell_errors]
                     + [str(e) for e in checkpoint_errors])
    error = first_error_text(cell_errors, checkpoint_errors)
    return [Phrase.of("keras.rerun", error=error[:300])] + [Phrase.of(key)
                                                            for key in fixes_for(text)]


def render_note(phrases, lang: str) -> str:
    """A note's phrases as one paragraph in `lang`."""
    return " ".join(phrase.render(lang) for phrase in phrases)


def available() -> bool:
    """Whether tf-keras (Keras 2) is installed where the kernels run (the grader's own
    environment: the kernels share it)."""
    import importlib.util

    return importlib.util.find_spec("tf_keras") is not None
