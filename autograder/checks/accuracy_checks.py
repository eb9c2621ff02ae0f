"""The grader's own accuracy on the 10,000 test images."""

from __future__ import annotations

from autograder import fingerprints
from autograder.checks import Verdict
from autograder.messages import Phrase


def check_val_accuracy(evidence, measured) -> Verdict:
    """Check the grader-computed test accuracy against the rubric's minimum, for a model
    that was not trained on the test images."""
    if evidence.model is None or evidence.weights_final is None:
        problem = evidence.model_problem or Phrase.of("model.no_weights")
        return Verdict(False, "val_accuracy.cannot", {"problem": problem})
    if measured.share_of_test >= fingerprints.MAJORITY:
        return Verdict(False, "val_accuracy.trained_on_test", {"share": measured.share_of_test})
    if measured.accuracy is None:
        problem = measured.accuracy_problem or Phrase.of("model.no_weights")
        return Verdict(False, "val_accuracy.cannot", {"problem": problem})
    facts = {"accuracy": measured.accuracy, "minimum": measured.min_accuracy}
    if measured.accuracy >= measured.min_accuracy:
        return Verdict(True, "val_accuracy.ok", facts)
    if _never_trained(evidence):
        # The accuracy of initial weights: the mistake is whatever stopped `fit`, not the
        # normalization or the output layer the low-accuracy hint points to.
        first = evidence.first_error()
        return Verdict(False, "val_accuracy.not_trained", {
            **facts, "why": Phrase.of("cause.first_error_aside", error=first) if first else ""})
    return Verdict(False, "val_accuracy.low", facts)


def _never_trained(evidence) -> bool:
    """Whether the graded model's weights never went through a finished `fit` (a submission
    the grader ran; a saved model's training is unknown, and quick grading trains nothing)."""
    if evidence.kind == "saved_model":
        return False
    fits = evidence.model_fits
    return not any(f.finished or f.skipped for f in fits)
