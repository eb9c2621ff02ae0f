"""The measure step: what several checks need, computed once from the evidence.

`measure(evidence, test_set, min_accuracy)` works on the grader's side of the trust line:
it rebuilds the model from its validated `ModelSpec`, loads the checkpoint file into that
rebuilt model (Keras' own `keras.saving.load_weights`, never the student's objects, and
never `Model.load_weights`, which a live kernel's recorder watches), and evaluates the
final weights on the grader's own copy of the test images. The checks are then pure
functions of `(evidence, measured)`, and the grade's metrics come from here.

Pipeline: run -> extract -> validate (`evidence`) -> measure (here) -> check -> report.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from autograder import fingerprints
from autograder.evidence import Evidence
from autograder.history import best_epoch
from autograder.messages import Phrase
from autograder.model_spec import ModelSpecError

# What a check may ask to be measured (`checks.Check.needs`).
CHECKPOINT, ACCURACY = "checkpoint", "accuracy"


@dataclasses.dataclass(frozen=True)
class Measured:
    """Facts the grader measured about one submission; None where not measured."""

    min_accuracy: float                       # the bar the accuracy is measured against
    best_epoch: int | None = None             # the epoch the lesson's checkpoint keeps
    epochs_run: int | None = None
    share_of_test: float = 0.0                # of a sample of the training images
    checkpoint_weights: list | None = None    # the checkpoint file, loaded by the grader
    checkpoint_problem: Phrase | None = None  # why it could not be loaded
    holds_checkpoint: bool | None = None      # the graded weights are the checkpoint's
    accuracy: float | None = None             # on the 10,000 test images
    accuracy_problem: Phrase | None = None    # why it could not be measured

    def metrics(self) -> dict:
        """The grade's metrics (stable JSON names)."""
        return {"val_accuracy": None if self.accuracy is None else round(self.accuracy, 4),
                "best_epoch": self.best_epoch, "epochs_run": self.epochs_run}


def same_weights(a, b) -> bool:
    """Whether two lists of weight arrays are equal, at the lower precision of the two (a
    float64 model's checkpoint, loaded into the grader's float32 model, is rounded)."""
    def equal(x, y):
        if x.dtype != y.dtype:
            lower = x.dtype if x.dtype.itemsize <= y.dtype.itemsize else y.dtype
            x, y = x.astype(lower), y.astype(lower)
        return np.array_equal(x, y)

    return a is not None and b is not None and len(a) == len(b) and all(
        x.shape == y.shape and equal(x, y) for x, y in zip(a, b))


def checkpoint_weights(evidence: Evidence) -> list[np.ndarray]:
    """The checkpoint file's arrays, loaded into the grader's own rebuilt model (a
    TensorFlow-format checkpoint of tf-keras, `.index` + `.data-*`, is read as data and
    set into it, shapes checked)."""
    from autograder.checkpoint_file import read_tf_checkpoint, tf_checkpoint_files
    from autograder.evaluate import rebuild, set_weights_checked
    from autograder.runner.optional_imports import import_keras

    keras = import_keras()

    model = rebuild(evidence.model)
    path = evidence.checkpoint_file
    if not path.is_file() and tf_checkpoint_files(path):
        set_weights_checked(model, read_tf_checkpoint(path))
    else:
        keras.saving.load_weights(model, str(path))
    return [np.array(w) for w in model.get_weights()]


def _checkpoint(evidence: Evidence) -> dict:
    if evidence.checkpoint_file is None or evidence.model is None \
            or evidence.weights_final is None:
        return {}
    try:
        saved = checkpoint_weights(evidence)
    except Exception as exc:  # a file of another model, or not a weights file at all
        return {"checkpoint_problem": Phrase.of("checkpoint.unloadable", ename=type(exc).__name__,
                                                evalue=str(exc)[:200])}
    return {"checkpoint_weights": saved,
            "holds_checkpoint": same_weights(evidence.weights_final, saved)}


def _accuracy(evidence: Evidence, test_set) -> dict:
    from autograder.evaluate import accuracy

    if evidence.model is None or evidence.weights_final is None:
        return {"accuracy_problem": evidence.model_problem or Phrase.of("model.no_weights")}
    images, labels = test_set
    try:
        return {"accuracy": accuracy(evidence.model, evidence.weights_final, images, labels)}
    except ModelSpecError as exc:
        return {"accuracy_problem": exc.phrase}


def share_of_test(evidence: Evidence) -> float:
    """The largest share of test images in a training sample of the graded model's fits."""
    return max([fingerprints.share_of_test(f.x_sample) for f in evidence.model_fits],
               default=0.0)


def measure(evidence: Evidence, test_set=None, min_accuracy: float = 0.0,
            needs: frozenset = frozenset({CHECKPOINT, ACCURACY})) -> Measured:
    """Measure what the checks in `needs` use; the accuracy only with a `test_set`
    (`(images, labels)`, uint8) and only for a model not trained on those images."""
    history = evidence.history
    facts = {"min_accuracy": float(min_accuracy), "best_epoch": best_epoch(history),
             "epochs_run": len(history["loss"]) if history.get("loss") else None}
    if evidence.kind != "saved_model":
        facts["share_of_test"] = share_of_test(evidence)
    if CHECKPOINT in needs:
        facts.update(_checkpoint(evidence))
    if ACCURACY in needs and test_set is not None \
            and facts.get("share_of_test", 0.0) < fingerprints.MAJORITY:
        facts.update(_accuracy(evidence, test_set))
    return Measured(**facts)
