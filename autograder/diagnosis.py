"""The learning curves in words: overfitting, underfitting or a good fit.

Rules (epochs are 1-based; the best epoch is the one `ModelCheckpoint(save_best_only=True,
monitor='val_loss')` keeps, `history.best_epoch`: the first with the lowest `val_loss`;
the texts are the catalog's `diagnosis.*` keys):

- **overfitting** when the best epoch is before the last, the last `val_loss` is more than
  3% (`curves.OVERFIT_MARGIN`) above the lowest, and training loss at the last epoch is
  below its value at the best epoch. `overfitting_from` is the epoch after the best one:
  from there validation loss never returns to its minimum (the rise is for good).
- **underfitting** when not overfitting and training accuracy at the last epoch is below
  0.85 (`UNDERFIT_ACCURACY`, the rubric's pass mark): the model has not even learned the
  training images, e.g. one epoch, typically with `val_loss` still falling at the end.
  Without training accuracy, validation accuracy is used.
- **good_fit** otherwise. When `val_loss` is lowest at the last epoch (`still_improving`)
  the text says the model could train longer.

Accuracy after reloading the checkpoint is `reloaded_accuracy` when measured (e.g. by the
grader's `evaluate`), else the `val_acc` recorded at the best epoch.

Example:

    d = diagnose(history, reloaded_accuracy=0.8874)
    d.verdict, d.best_epoch, d.overfitting_from   # ('overfitting', 8, 9)
    print(d.text("ko"))
"""

from __future__ import annotations

import dataclasses

from autograder.curves import OVERFIT_MARGIN, overfitting_stretch
from autograder.history import accuracy_keys, best_epoch, epoch_count, series
from autograder.messages import Phrase, check_lang, say

UNDERFIT_ACCURACY = 0.85
OVERFITTING, UNDERFITTING, GOOD_FIT = "overfitting", "underfitting", "good_fit"
VERDICT_KEYS = {OVERFITTING: "diagnosis.verdict.overfitting",
                UNDERFITTING: "diagnosis.verdict.underfitting",
                GOOD_FIT: "diagnosis.verdict.good_fit"}


@dataclasses.dataclass
class Diagnosis:
    """What the learning curves of one run show, as plain data."""

    verdict: str  # "overfitting" | "underfitting" | "good_fit"
    epochs: int
    best_epoch: int | None  # `history.best_epoch`; None without val_loss
    best_val_loss: float | None
    final_val_loss: float | None
    final_train_acc: float | None
    final_val_acc: float | None  # accuracy at the last epoch, before reloading
    gap: float | None  # training minus validation accuracy at the last epoch
    overfitting_from: int | None  # first epoch of the lasting val_loss rise
    reloaded_accuracy: float | None  # after reloading the best checkpoint
    reloaded_measured: bool  # True: measured after reloading; False: val_acc at best epoch
    still_improving: bool  # val_loss is lowest at the last epoch
    loss_at_best: float | None = None
    final_train_loss: float | None = None

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def label(self, lang: str = "en") -> str:
        """The verdict as a short name in `lang`."""
        return say(VERDICT_KEYS[self.verdict], lang)

    def text(self, lang: str = "en") -> str:
        """A short paragraph in English (`"en"`) or Korean (`"ko"`)."""
        check_lang(lang)

        def sentence(key, **params):
            return say(key, lang, **params)

        count = (Phrase.of("word.one_epoch") if self.epochs == 1
                 else Phrase.of("word.epochs", n=self.epochs))
        values = dict(epochs=self.epochs, epoch_count=count,
                      best=self.best_epoch, start=self.overfitting_from,
                      best_val_loss=self.best_val_loss, final_val_loss=self.final_val_loss,
                      loss_best=self.loss_at_best, loss_last=self.final_train_loss,
                      train_acc=self.final_train_acc if self.final_train_acc is not None
                      else self.final_val_acc, limit=UNDERFIT_ACCURACY, margin=OVERFIT_MARGIN)
        if self.verdict == OVERFITTING:
            parts = [sentence("diagnosis.overfitting", **values)]
        elif self.verdict == UNDERFITTING:
            parts = [sentence("diagnosis.underfitting", **values)]
            if self.still_improving:
                parts.append(sentence("diagnosis.underfitting.improving"))
        elif self.best_epoch is None:
            parts = []
        elif self.still_improving:
            parts = [sentence("diagnosis.good_fit.improving", **values)]
        else:
            parts = [sentence("diagnosis.good_fit", **values)]
        if self.best_epoch is None:
            parts.insert(0, sentence("diagnosis.no_validation") + " ")
        if self.gap is not None:
            parts.append(sentence("diagnosis.accuracy", train=self.final_train_acc,
                                  val=self.final_val_acc, gap=self.gap))
        if self.best_epoch is not None and self.reloaded_accuracy is not None:
            parts.append(self._reload_sentence(sentence))
        return "".join(parts).strip()

    def _reload_sentence(self, sentence) -> str:
        if self.best_epoch == self.epochs or self.final_val_acc is None:
            return sentence("diagnosis.reload.last", reloaded=self.reloaded_accuracy)
        key = ("diagnosis.reload.better" if self.reloaded_accuracy >= self.final_val_acc
               else "diagnosis.reload.worse")
        return sentence(key, best=self.best_epoch, reloaded=self.reloaded_accuracy,
                   last=self.final_val_acc)


def _at(values: list[float] | None, epoch: int | None) -> float | None:
    """The value at 1-based `epoch` (the last one when None), or None."""
    if not values or (epoch is not None and epoch > len(values)):
        return None
    return values[-1] if epoch is None else values[epoch - 1]


def diagnose(history: dict, reloaded_accuracy: float | None = None) -> Diagnosis:
    """Diagnose one run from Keras' `History.history` (see the module docstring for rules).

    Args:
        history: lists per key: `loss`, `val_loss`, `acc`/`val_acc` or
            `accuracy`/`val_accuracy`; missing validation keys are allowed.
        reloaded_accuracy: accuracy measured after reloading the best checkpoint, if known.

    Returns:
        A `Diagnosis`.
    """
    epochs = epoch_count(history)
    if epochs == 0:
        raise ValueError("The history has no values to diagnose; expected Keras' "
                         f"`History.history` (lists per key). Received keys: {sorted(history)}")
    acc_key, val_acc_key = accuracy_keys(history)
    loss, val_loss = series(history, "loss"), series(history, "val_loss")
    train_acc, val_acc = series(history, acc_key), series(history, val_acc_key)
    best = best_epoch(history)
    stretch = overfitting_stretch(history)
    final_train_acc, final_val_acc = _at(train_acc, None), _at(val_acc, None)
    judged_acc = final_train_acc if final_train_acc is not None else final_val_acc
    if stretch:
        verdict = OVERFITTING
    elif judged_acc is not None and judged_acc < UNDERFIT_ACCURACY:
        verdict = UNDERFITTING
    else:
        verdict = GOOD_FIT
    measured = reloaded_accuracy is not None
    return Diagnosis(
        verdict=verdict, epochs=epochs, best_epoch=best,
        best_val_loss=_at(val_loss, best) if best else None,
        final_val_loss=_at(val_loss, None),
        final_train_acc=final_train_acc, final_val_acc=final_val_acc,
        gap=(final_train_acc - final_val_acc
             if final_train_acc is not None and final_val_acc is not None else None),
        overfitting_from=stretch[0] + 1 if stretch else None,
        reloaded_accuracy=float(reloaded_accuracy) if measured else (
            _at(val_acc, best) if best else None),
        reloaded_measured=measured,
        still_improving=best is not None and best == len(val_loss),
        loss_at_best=_at(loss, best) if best else None,
        final_train_loss=_at(loss, None),
    )
