"""Checks on the data the student gives to `fit`."""

from __future__ import annotations

from autograder.checks import Verdict
from autograder.messages import WORDS

# x / 255 reaches exactly 1.0 on the brightest pixel; x / 256 stops at 0.996.
SCALE_TOLERANCE = 1e-3


def _cause(evidence) -> str:
    errors = evidence.cell_errors
    return f" The first error in the submission: {errors[0].describe()}." if errors else ""


def _split_problem(stats: dict, words: dict) -> Verdict | None:
    """None when `stats` describe images divided by 255, else the failing verdict."""
    var = words["var"]
    dtype = stats.get("dtype", "?")
    values = {"min": stats["min"], "max": stats["max"], "dtype": dtype, **words}
    if not dtype.startswith(("float", "bfloat")):
        return Verdict(False, "normalization.not_float", values)
    if stats["min"] < -SCALE_TOLERANCE or abs(stats["max"] - 1.0) > SCALE_TOLERANCE:
        if stats["min"] >= 0 and abs(stats["max"] - 1 / 255) <= SCALE_TOLERANCE / 255:
            hint = (f"The pixels look divided by 255 twice (brightest 1/255 = 0.0039): divide "
                    f"once, `{var} = {var} / 255.0`, and run that cell only once.")
            hint_ko = (f"픽셀을 255로 두 번 나눈 것 같습니다(가장 밝은 값 1/255 = 0.0039). 한 번만 나누고 "
                       f"(`{var} = {var} / 255.0`) 그 셀은 한 번만 실행하세요.")
        elif stats["max"] > 1.5:
            hint = (f"The pixels look divided by {255 / stats['max']:.4g} instead of 255: "
                    f"`{var} / 255.0`.")
            hint_ko = f"255가 아닌 {255 / stats['max']:.4g}(으)로 나눈 것 같습니다: `{var} / 255.0`."
        elif stats["min"] < 0:
            hint = ("Negative values mean the pixels were shifted (standardized); the lesson "
                    f"only divides: `{var} / 255.0`.")
            hint_ko = f"음수 값은 평균을 뺀 것입니다. 수업에서는 255로 나누기만 합니다: `{var} / 255.0`."
        else:
            hint = f"Divide by exactly 255 (the largest pixel value): `{var} / 255.0`."
            hint_ko = f"가장 큰 픽셀 값인 255로 정확히 나누세요: `{var} / 255.0`."
        return Verdict(False, "normalization.wrong_scale", {**values, "hint": hint,
                                                            "hint_ko": hint_ko})
    if stats.get("pixel_steps") is False:
        # In [0, 1], but not k/255: rescaled some other way (`tf.keras.utils.normalize`,
        # min-max per pixel position); the grader's test images are divided by 255.
        return Verdict(False, "normalization.not_pixel_scale", values)
    return None


def _scaled_in_model(evidence) -> bool:
    """Whether the model's first layer is `Rescaling(1./255)` (the pixels are scaled there)."""
    return evidence.model is not None and evidence.model.input_scale is not None


def _raw_problem(stats: dict, words: dict) -> Verdict | None:
    """With `Rescaling(1./255)` in the model: None when `stats` describe 0-255 pixels."""
    if stats["min"] >= 0 and abs(stats["max"] - 255.0) <= 255.0 * SCALE_TOLERANCE:
        return None
    return Verdict(False, "normalization.in_model_mismatch",
                   {"min": stats["min"], "max": stats["max"], **words})


def _problem(evidence, stats: dict | None, split: str, var: str) -> Verdict | None:
    """None when the `split` images (`stats`) are normalized as the model expects."""
    if not stats or "max" not in stats:
        return Verdict(False, "normalization.unknown", {"kind": (stats or {}).get("kind", "nothing")})
    words = {"split": WORDS[split]["en"], "split_ko": WORDS[split]["ko"], "var": var}
    check = _raw_problem if _scaled_in_model(evidence) else _split_problem
    return check(stats, words)


def _ok(evidence) -> Verdict:
    return Verdict(True, "normalization.ok_in_model" if _scaled_in_model(evidence)
                   else "normalization.ok")


def _from_variables(evidence) -> Verdict | None:
    """When `fit` never ran, judge the lesson's `x_train` and `x_valid` instead."""
    variables = evidence.variables or {}
    if "x_train" not in variables or "x_valid" not in variables:
        return None
    problem = (_problem(evidence, variables["x_train"], "training", "x_train")
               or _problem(evidence, variables["x_valid"], "validation", "x_valid"))
    if problem:
        return problem
    first = evidence.first_error()
    return Verdict(True, "normalization.ok_variables", {
        "why": f" (the first error in the submission: {first})" if first else "",
        "why_ko": f"(제출물의 첫 오류: {first})" if first else ""})


def check_normalization(evidence, context) -> Verdict:
    """Check that training and validation images reach `fit` divided by 255 (or as 0-255
    pixels, when the model's first layer is `Rescaling(1./255)`)."""
    fit = evidence.fit
    if fit is None:
        return _from_variables(evidence) or Verdict(False, "normalization.no_fit",
                                                    {"cause": _cause(evidence)})
    problem = _problem(evidence, fit.get("x"), "training", "x_train")
    if problem:
        return problem
    if fit.get("validation_x") is None:
        if fit.get("validation_split", 0) > 0:
            return _ok(evidence)  # validation comes from the same x
        return Verdict(False, "normalization.no_validation")
    return _problem(evidence, fit.get("validation_x"), "validation", "x_valid") or _ok(evidence)
