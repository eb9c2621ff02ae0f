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


def _not_compiled(evidence, key: str) -> Verdict:
    """The model was not compiled, or the grader could not read how (its own failure)."""
    if evidence.compile_problem is not None:
        return Verdict.grader_error(evidence.compile_problem)
    return Verdict(False, key)


def check_loss(evidence, measured) -> Verdict:
    """Check the loss against the labels (sparse for integers, categorical for one-hot)."""
    compiled = evidence.compiled
    if compiled is None or not compiled.has_loss:
        return _not_compiled(evidence, "loss.not_compiled")
    name = compiled.loss
    softmax_out = bool(evidence.model and evidence.model.layers[-1].activation == "softmax")
    if compiled.from_logits and softmax_out:
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
        return Verdict(True, "loss.ok", words)
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
        return _not_compiled(evidence, "compile.not_compiled")
    if compiled.optimizer.lower() != lesson.OPTIMIZER:
        return Verdict(False, "compile.optimizer", {"found": compiled.optimizer})
    if not compiled.metrics & lesson.ACCURACY_METRICS:
        # tf.keras 2's third positional parameter was `metrics`; Keras 3's is `loss_weights`.
        if compiled.loss_weight_names & lesson.ACCURACY_METRICS:
            return Verdict(False, "compile.metric_as_loss_weights",
                           {"found": compiled.loss_weights})
        return Verdict(False, "compile.metric",
                       {"found": sorted(compiled.metrics) or Phrase.of("word.none")})
    return Verdict(True, "compile.ok")
