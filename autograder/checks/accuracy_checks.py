"""The grader's own accuracy on the 10,000 test images."""

from __future__ import annotations

from autograder import fingerprints
from autograder.checks import Verdict, clause
from autograder.model_spec import ModelSpecError


def grader_accuracy(evidence, context) -> float:
    """Rebuild the model, load the student's final weights, evaluate on the test set."""
    from autograder.evaluate import accuracy

    if "val_accuracy" not in context.cache:
        context.cache["val_accuracy"] = accuracy(evidence.model, evidence.weights_final,
                                                 context.test_images, context.test_labels)
    return context.cache["val_accuracy"]


def check_val_accuracy(evidence, context) -> Verdict:
    """Check the grader-computed test accuracy against the rubric's minimum, for a model
    that was not trained on the test images."""
    minimum = context.rubric.min_accuracy
    if evidence.model is None or evidence.weights_final is None:
        problem = evidence.model_problem or "the trained model's weights were not found"
        return Verdict(False, "val_accuracy.cannot", {"problem": clause(problem)})
    trained = evidence.model_fits or [evidence.fit or {}]
    shares = [fingerprints.share_of_test(f.get("x_sample")) for f in trained]
    if max(shares) >= fingerprints.MAJORITY:
        return Verdict(False, "val_accuracy.trained_on_test", {"share": max(shares)})
    try:
        value = grader_accuracy(evidence, context)
    except ModelSpecError as exc:
        return Verdict(False, "val_accuracy.cannot", {"problem": clause(str(exc))})
    params = {"accuracy": value, "minimum": minimum}
    return Verdict(value >= minimum, "val_accuracy.ok" if value >= minimum else "val_accuracy.low",
                   params)
