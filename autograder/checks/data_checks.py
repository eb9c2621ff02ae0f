"""Checks on the data the student gives to `fit`."""

from __future__ import annotations

from autograder.checks import Verdict
from autograder.messages import Phrase

# x / 255 reaches exactly 1.0 on the brightest pixel; x / 256 stops at 0.996.
SCALE_TOLERANCE = 1e-3
SPLIT_WORDS = {"training": "word.training", "validation": "word.validation"}


def _first_error_sentence(evidence):
    first = evidence.first_error()
    return Phrase.of("cause.first_error", error=first) if first else ""


def _scale_hint(stats, var: str) -> Phrase:
    """Why images in a wrong range look the way they do."""
    if stats.min >= 0 and abs(stats.max - 1 / 255) <= SCALE_TOLERANCE / 255:
        return Phrase.of("hint.normalization.twice", var=var)
    if stats.max > 1.5:
        return Phrase.of("hint.normalization.other_divisor", divisor=255 / stats.max, var=var)
    if stats.min < 0:
        return Phrase.of("hint.normalization.shifted", var=var)
    return Phrase.of("hint.normalization.exactly_255", var=var)


def _split_problem(stats, words: dict) -> Verdict | None:
    """None when `stats` describe images divided by 255, else the failing verdict."""
    dtype = stats.dtype or "?"
    values = {"min": stats.min, "max": stats.max, "dtype": dtype, **words}
    if not dtype.startswith(("float", "bfloat")):
        return Verdict(False, "normalization.not_float", values)
    if stats.min < -SCALE_TOLERANCE or abs(stats.max - 1.0) > SCALE_TOLERANCE:
        return Verdict(False, "normalization.wrong_scale",
                       {"min": stats.min, "max": stats.max, "split": words["split"],
                        "hint": _scale_hint(stats, words["var"])})
    if stats.pixel_steps is False:
        # In [0, 1], but not k/255: rescaled some other way (`tf.keras.utils.normalize`,
        # min-max per pixel position); the grader's test images are divided by 255.
        return Verdict(False, "normalization.not_pixel_scale",
                       {"min": stats.min, "max": stats.max, **words})
    return None


def _scaled_in_model(evidence) -> bool:
    """Whether the model's first layer is `Rescaling(1./255)` (the pixels are scaled there)."""
    return evidence.model is not None and evidence.model.input_scale is not None


def _raw_problem(stats, words: dict) -> Verdict | None:
    """With `Rescaling(1./255)` in the model: None when `stats` describe 0-255 pixels."""
    if stats.min >= 0 and abs(stats.max - 255.0) <= 255.0 * SCALE_TOLERANCE:
        return None
    return Verdict(False, "normalization.in_model_mismatch",
                   {"min": stats.min, "max": stats.max, **words})


def _problem(evidence, stats, split: str, var: str) -> Verdict | None:
    """None when the `split` images (`stats`) are normalized as the model expects."""
    if stats is None or not stats.numeric:
        return Verdict(False, "normalization.unknown",
                       {"kind": stats.kind if stats is not None else "nothing"})
    words = {"split": Phrase.of(SPLIT_WORDS[split]), "var": var}
    check = _raw_problem if _scaled_in_model(evidence) else _split_problem
    return check(stats, words)


def _ok(evidence, validation: bool = True) -> Verdict:
    """Passed; `validation=False` when `fit` was given training images only (whether it
    should have had validation images is `checkpoint_config`'s subject, not this one's)."""
    if validation:
        return Verdict(True, "normalization.ok_in_model" if _scaled_in_model(evidence)
                       else "normalization.ok")
    return Verdict(True, "normalization.ok_training_in_model" if _scaled_in_model(evidence)
                   else "normalization.ok_training")


def _from_variables(evidence) -> Verdict | None:
    """When `fit` never ran, judge the lesson's `x_train` (and `x_valid`, if any) instead."""
    variables = evidence.variables or {}
    if "x_train" not in variables:
        return None
    problem = _problem(evidence, variables["x_train"], "training", "x_train")
    if problem is None and "x_valid" in variables:
        problem = _problem(evidence, variables["x_valid"], "validation", "x_valid")
    if problem:
        return problem
    first = evidence.first_error()
    key = "normalization.ok_variables" if "x_valid" in variables \
        else "normalization.ok_variables_training"
    return Verdict(True, key, {
        "why": Phrase.of("cause.first_error_aside", error=first) if first else ""})


def check_normalization(evidence, measured) -> Verdict:
    """Check that the images given to `fit` (training, and validation where there are any)
    are divided by 255 (or 0-255 pixels, when the model's first layer is `Rescaling(1./255)`).

    Missing validation images are not this check's subject: `checkpoint_config` names them
    (the lesson's checkpoint watches `val_loss`), once.
    """
    fit = evidence.fit
    if fit is None:
        return _from_variables(evidence) or Verdict(False, "normalization.no_fit",
                                                    {"cause": _first_error_sentence(evidence)})
    problem = _problem(evidence, fit.x, "training", "x_train")
    if problem:
        return problem
    if fit.validation_x is None:
        if fit.validation_split > 0:
            return _ok(evidence)  # validation comes from the same x
        return _ok(evidence, validation=False)
    return _problem(evidence, fit.validation_x, "validation", "x_valid") or _ok(evidence)
