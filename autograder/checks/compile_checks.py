"""Checks on what the model was compiled with (its validated `CompileSpec`)."""

from __future__ import annotations

from autograder import spec as lesson
from autograder.checks import Verdict
from autograder.messages import Phrase

LABEL_WORDS = {"integer": "word.integer", "one-hot": "word.one-hot"}


def label_kind(evidence) -> str | None:
    """'integer' or 'one-hot' from the labels given to fit (None when unknown)."""
    y = (evidence.fit.y if evidence.fit else None) or (evidence.variables or {}).get("y_train")
    if y is None:
        return None
    shape = y.shape or ()
    if len(shape) == 2 and shape[1] == lesson.OUTPUT_UNITS and y.rows_sum_to_one:
        return "one-hot"
    if y.integral and (len(shape) == 1 or (len(shape) == 2 and shape[1] == 1)):
        return "integer"
    return None


def _not_compiled(evidence, key: str, raised_key: str) -> Verdict:
    """The model was not compiled: because its `compile` raised (named, with the error),
    or never called; or the grader could not read how (its own failure)."""
    if evidence.compile_problem is not None:
        return Verdict.grader_error(evidence.compile_problem)
    if evidence.compile_error is not None:
        return Verdict(False, raised_key, {"error": evidence.compile_error})
    return Verdict(False, key)


def output_activation(evidence) -> str | None:
    """The graded model's last layer's activation (None when there is no model)."""
    return evidence.model.layers[-1].activation if evidence.model else None


def check_loss(evidence, measured) -> Verdict:
    """Check the loss against the labels (sparse for integers, categorical for one-hot),
    and `from_logits` against the output layer."""
    # A `compile` that raised (its optimizer, say) still shows the loss it was given.
    compiled = evidence.compiled or evidence.compile_attempt
    if compiled is None or not compiled.has_loss:
        return _not_compiled(evidence, "loss.not_compiled", "loss.compile_raised")
    name = compiled.loss
    activation = output_activation(evidence)
    if compiled.from_logits and activation == "softmax":
        return Verdict(False, "loss.from_logits")
    kind = label_kind(evidence)
    if kind is None and evidence.kind == "saved_model":
        # A saved model does not say which labels it was trained on: either matching loss.
        allowed = {lesson.SPARSE_LOSS, lesson.ONE_HOT_LOSS}
        kind = "integer" if name != lesson.ONE_HOT_LOSS else "one-hot"
    else:
        kind = kind or "integer"  # the lesson's labels
        allowed = {lesson.SPARSE_LOSS if kind == "integer" else lesson.ONE_HOT_LOSS}
    words = {"labels": Phrase.of(LABEL_WORDS[kind]), "loss": compiled.loss_shown}
    if name in allowed:
        if compiled.from_logits:  # a linear output: logits, as TensorFlow's tutorials do
            return Verdict(True, "loss.ok_logits", words)
        # Another output activation is `output_layer`'s subject, named there once.
        return Verdict(True, "loss.ok" if activation in ("softmax", None) else "loss.ok_labels",
                       words)
    expected = lesson.SPARSE_LOSS if kind == "integer" else lesson.ONE_HOT_LOSS
    return Verdict(False, "loss.mismatch", {**words, "expected": expected,
                                            "hint": _loss_hint(name)})


def _loss_hint(name: str | None) -> Phrase:
    if name == lesson.ONE_HOT_LOSS:
        return Phrase.of("hint.loss.categorical_for_integers")
    if name == lesson.SPARSE_LOSS:
        return Phrase.of("hint.loss.sparse_for_one_hot")
    if name == "binary_crossentropy":
        return Phrase.of("hint.loss.binary")
    return Phrase.of("hint.loss.regression")


def check_compile(evidence, measured) -> Verdict:
    """Check the Adam optimizer and an accuracy metric."""
    compiled = evidence.compiled
    if compiled is None:
        return _not_compiled(evidence, "compile.not_compiled", "compile.compile_raised")
    if compiled.optimizer.lower() not in lesson.ADAM_NAMES:
        return Verdict(False, "compile.optimizer", {"found": compiled.optimizer})
    if not compiled.metrics & lesson.ACCURACY_METRICS:
        # tf.keras 2's third positional parameter was `metrics`; Keras 3's is `loss_weights`.
        if compiled.loss_weight_names & lesson.ACCURACY_METRICS:
            return Verdict(False, "compile.metric_as_loss_weights",
                           {"found": compiled.loss_weights})
        return Verdict(False, "compile.metric",
                       {"found": sorted(compiled.metrics) or Phrase.of("word.none")})
    return Verdict(True, "compile.ok")
