"""Checks on the model's layers (read from its validated config)."""

from __future__ import annotations

from autograder import spec as lesson
from autograder.checks import Verdict, clause
from autograder.model_spec import LayerSpec

EXPECTED_HIDDEN = [LayerSpec("Flatten")] + [
    LayerSpec("Dense", units=u, activation=lesson.HIDDEN_ACTIVATION) for u in lesson.HIDDEN_UNITS]
EXPECTED_OUTPUT = LayerSpec("Dense", units=lesson.OUTPUT_UNITS,
                            activation=lesson.OUTPUT_ACTIVATION)
FLATTENED = 28 * 28


def _is_flatten(layer: LayerSpec) -> bool:
    """Flatten, or a Reshape to 784 values, turns each image into one row."""
    return layer.type == "Flatten" or (layer.type == "Reshape"
                                       and layer.target_shape in ((FLATTENED,), (-1,)))


def _same(found: LayerSpec, expected: LayerSpec) -> bool:
    if expected.type == "Flatten":
        return _is_flatten(found)
    return (found.type, found.units, found.activation) == (
        expected.type, expected.units, expected.activation)


def _input_ok(shape) -> bool:
    # (28, 28) as in the lesson; (28, 28, 1) is the same images with a channel axis.
    return shape in (lesson.INPUT_SHAPE, lesson.INPUT_SHAPE + (1,))


def check_layers(evidence, context) -> Verdict:
    """Check Flatten(28x28), then Dense 1024/512/256/128/64 relu, before the output layer."""
    model = evidence.model
    if model is None:
        return Verdict(False, "layers.no_model", {"problem": clause(evidence.model_problem)})
    if not _input_ok(model.input_shape):
        return Verdict(False, "layers.input_shape", {"found": model.input_shape or "unknown"})
    body = list(model.layers[:-1])
    for position, expected in enumerate(EXPECTED_HIDDEN, start=1):
        found = body[position - 1] if position <= len(body) else None
        if found is None or not _same(found, expected):
            return Verdict(False, "layers.difference", {
                "position": position, "expected": expected.describe(),
                "found": found.describe() if found else "no layer (the model ends earlier)"})
    if len(body) > len(EXPECTED_HIDDEN):
        extra = body[len(EXPECTED_HIDDEN)]
        return Verdict(False, "layers.difference", {
            "position": len(EXPECTED_HIDDEN) + 1, "expected": EXPECTED_OUTPUT.describe()
            + " (the output layer)", "found": extra.describe()})
    return Verdict(True, "layers.ok")


def check_output_layer(evidence, context) -> Verdict:
    """Check that the last layer is Dense(10, activation='softmax')."""
    model = evidence.model
    if model is None:
        return Verdict(False, "layers.no_model", {"problem": clause(evidence.model_problem)})
    last = model.layers[-1]
    if _same(last, EXPECTED_OUTPUT):
        return Verdict(True, "output_layer.ok")
    hint, hint_ko = _output_hint(last)
    return Verdict(False, "output_layer.wrong", {"found": f"`{last.describe()}`", "hint": hint,
                                                 "hint_ko": hint_ko})


def _output_hint(last: LayerSpec) -> tuple[str, str]:
    if last.type == "Dense" and last.units != lesson.OUTPUT_UNITS:
        return (f"Fashion-MNIST has 10 classes, so the output needs 10 units, not {last.units}.",
                f"Fashion-MNIST는 클래스가 10개이므로 출력 유닛은 {last.units}개가 아니라 10개여야 합니다.")
    if last.type == "Dense" and last.activation == "sigmoid":
        return ("Sigmoid is for binary (yes/no) outputs; softmax turns 10 scores into class "
                "probabilities that sum to 1.",
                "sigmoid는 이진 분류용입니다. softmax는 10개의 점수를 합이 1인 클래스 확률로 바꿉니다.")
    if last.type == "Dense":
        return ("Softmax turns 10 scores into class probabilities that sum to 1, which is what "
                "the cross-entropy loss expects.",
                "softmax는 10개의 점수를 합이 1인 클래스 확률로 바꾸며, 교차 엔트로피 손실이 이를 기대합니다.")
    return ("The model should end with the classification layer.",
            "모델의 마지막은 분류를 위한 출력층이어야 합니다.")
