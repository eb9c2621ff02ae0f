"""Checks on the model's layers (read from its validated config)."""

from __future__ import annotations

from autograder import spec as lesson
from autograder.checks import Verdict
from autograder.messages import Phrase
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


def check_layers(evidence, measured) -> Verdict:
    """Check Flatten(28x28), then Dense 1024/512/256/128/64 relu, before the output layer."""
    model = evidence.model
    if model is None:
        return Verdict(False, "layers.no_model", {"problem": _problem(evidence)})
    # Which model was graded, when it is not the obvious one, is said here, once.
    graded = evidence.graded_note or ""
    if not _input_ok(model.input_shape):
        return Verdict(False, "layers.input_shape",
                       {"found": model.input_shape or Phrase.of("word.unknown"),
                        "graded": graded})
    body = list(model.layers[:-1])
    for position, expected in enumerate(EXPECTED_HIDDEN, start=1):
        found = body[position - 1] if position <= len(body) else None
        if found is None or not _same(found, expected):
            return Verdict(False, "layers.difference", {
                "position": position, "expected": expected.describe(),
                "found": found.describe() if found else Phrase.of("word.no_layer"),
                "graded": graded})
    if len(body) > len(EXPECTED_HIDDEN):
        extra = body[len(EXPECTED_HIDDEN)]
        return Verdict(False, "layers.difference", {
            "position": len(EXPECTED_HIDDEN) + 1,
            "expected": Phrase.of("word.the_output_layer", layer=EXPECTED_OUTPUT.describe()),
            "found": extra.describe(), "graded": graded})
    return Verdict(True, "layers.ok", {"graded": graded})


def check_output_layer(evidence, measured) -> Verdict:
    """Check that the last layer is Dense(10, activation='softmax')."""
    model = evidence.model
    if model is None:
        return Verdict(False, "layers.no_model", {"problem": _problem(evidence)})
    last = model.layers[-1]
    if _same(last, EXPECTED_OUTPUT):
        return Verdict(True, "output_layer.ok")
    compiled = evidence.compiled or evidence.compile_attempt
    logits = bool(compiled and compiled.from_logits)
    if logits and last.type == "Dense" and last.units == lesson.OUTPUT_UNITS \
            and last.activation == "linear":
        # Logits, with the loss applying softmax (TensorFlow's tutorials): the same model.
        return Verdict(True, "output_layer.ok_logits", {"found": last.describe()})
    return Verdict(False, "output_layer.wrong", {"found": last.describe(),
                                                 "hint": _output_hint(last)})


def _problem(evidence) -> Phrase:
    return evidence.model_problem or Phrase.of("model.none_found")


def _output_hint(last: LayerSpec) -> Phrase:
    if last.type == "Dense" and last.units != lesson.OUTPUT_UNITS:
        return Phrase.of("hint.output_layer.units", units=last.units)
    if last.type == "Dense" and last.activation == "sigmoid":
        return Phrase.of("hint.output_layer.sigmoid")
    if last.type == "Dense" and last.activation == "linear":
        return Phrase.of("hint.output_layer.logits")
    if last.type == "Dense":
        return Phrase.of("hint.output_layer.softmax")
    return Phrase.of("hint.output_layer.not_dense")
