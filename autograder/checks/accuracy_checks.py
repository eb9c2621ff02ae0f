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
    return Verdict(False, "val_accuracy.low", facts)
