"""The learning curves in words: overfitting, underfitting or a good fit.

Rules (epochs are 1-based; the best epoch is the first with the lowest `val_loss`, the
one `ModelCheckpoint(save_best_only=True, monitor='val_loss')` keeps):

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

from autograder.curves import (LANGUAGES, OVERFIT_MARGIN, accuracy_keys, best_epoch,
                               epoch_count, overfitting_stretch, series)

UNDERFIT_ACCURACY = 0.85
OVERFITTING, UNDERFITTING, GOOD_FIT = "overfitting", "underfitting", "good_fit"

VERDICTS = {
    OVERFITTING: {"en": "Overfitting", "ko": "과대적합(Overfitting)"},
    UNDERFITTING: {"en": "Underfitting", "ko": "과소적합(Underfitting)"},
    GOOD_FIT: {"en": "Good fit", "ko": "적절한 학습(Good fit)"},
}

TEXTS = {
    "overfitting": {
        "en": "Overfitting from epoch {start}: training loss kept falling ({loss_best:.4f} at "
              "epoch {best}, {loss_last:.4f} at epoch {epochs}) while validation loss, lowest "
              "at epoch {best} ({best_val_loss:.4f}), rose to {final_val_loss:.4f}. The model "
              "fits the training images ever more closely and new images worse.",
        "ko": "{start}번째 epoch부터 과대적합(Overfitting)입니다: 학습 손실은 계속 줄었지만"
              "(epoch {best}: {loss_best:.4f}, epoch {epochs}: {loss_last:.4f}) 검증 손실은 "
              "{best}번째 epoch에서 가장 낮았다가({best_val_loss:.4f}) {final_val_loss:.4f}까지 "
              "올랐습니다. 모델이 학습 데이터에만 점점 더 맞춰지고 새 데이터에는 덜 맞습니다.",
    },
    "underfitting": {
        "en": "Underfitting: after {epochs} epoch{s} training accuracy is only {train_acc:.4f} "
              "(below {limit:.2f}); the model has not yet learned even the training images.",
        "ko": "과소적합(Underfitting)입니다: {epochs} epoch 학습 후에도 학습 정확도가 낮습니다"
              "({train_acc:.4f}, {limit:.2f} 미만). 모델이 학습 데이터조차 아직 충분히 "
              "학습하지 못했습니다.",
    },
    "underfitting.improving": {
        "en": " Validation loss is still falling at the last epoch: train for more epochs "
              "(the lesson uses 20).",
        "ko": " 마지막 epoch에서도 검증 손실이 줄고 있으니 epoch 수를 늘리세요(수업은 20 epoch).",
    },
    "good_fit.improving": {
        "en": "No overfitting yet: validation loss is lowest at the last epoch ({epochs}, "
              "{best_val_loss:.4f}). The model could train longer; the checkpoint keeps the "
              "best epoch either way.",
        "ko": "아직 과대적합이 없습니다: 검증 손실이 마지막 epoch({epochs})에서 가장 낮습니다"
              "({best_val_loss:.4f}). 더 오래 학습해도 되며, 어느 경우든 체크포인트가 가장 좋은 "
              "epoch를 저장합니다.",
    },
    "good_fit": {
        "en": "Good fit: validation loss was lowest at epoch {best} ({best_val_loss:.4f}) and "
              "stayed within {margin:.0%} of it through epoch {epochs} ({final_val_loss:.4f}).",
        "ko": "적절한 학습(Good fit)입니다: 검증 손실이 {best}번째 epoch에서 가장 낮았고"
              "({best_val_loss:.4f}) {epochs}번째 epoch까지 그 값의 {margin:.0%} 이내"
              "({final_val_loss:.4f})를 유지했습니다.",
    },
    "no_validation": {
        "en": "The history has no validation loss (`val_loss`), so over- and underfitting "
              "cannot be told apart: pass `validation_data=(x_valid, y_valid)` to `fit`.",
        "ko": "history에 검증 손실(`val_loss`)이 없어 과대적합/과소적합을 구분할 수 없습니다: "
              "`fit`에 `validation_data=(x_valid, y_valid)`를 전달하세요.",
    },
    "accuracy": {
        "en": " At the last epoch: training accuracy {train:.4f}, validation accuracy "
              "{val:.4f} (gap {gap:+.4f}).",
        "ko": " 마지막 epoch: 학습 정확도 {train:.4f}, 검증 정확도 {val:.4f} (차이 {gap:+.4f}).",
    },
    "reload.better": {
        "en": " ModelCheckpoint saved epoch {best}: reloading it gives accuracy {reloaded:.4f} "
              "instead of {last:.4f} at the last epoch.",
        "ko": " ModelCheckpoint가 {best}번째 epoch의 가중치를 저장했습니다: 다시 불러오면 정확도가 "
              "마지막 epoch의 {last:.4f} 대신 {reloaded:.4f}입니다.",
    },
    "reload.worse": {
        "en": " ModelCheckpoint saved epoch {best} (lowest val_loss): reloading it gives "
              "accuracy {reloaded:.4f}, against {last:.4f} at the last epoch; the checkpoint "
              "chooses by loss, not by accuracy.",
        "ko": " ModelCheckpoint가 val_loss가 가장 낮은 {best}번째 epoch를 저장했습니다: 다시 "
              "불러온 정확도는 {reloaded:.4f}, 마지막 epoch는 {last:.4f}입니다. 체크포인트는 "
              "정확도가 아니라 손실로 고릅니다.",
    },
    "reload.last": {
        "en": " The best epoch is the last one, so reloading the checkpoint keeps accuracy "
              "{reloaded:.4f}.",
        "ko": " 가장 좋은 epoch가 마지막 epoch라서 체크포인트를 다시 불러와도 정확도는 "
              "{reloaded:.4f}입니다.",
    },
}


@dataclasses.dataclass
class Diagnosis:
    """What the learning curves of one run show, as plain data."""

    verdict: str  # "overfitting" | "underfitting" | "good_fit"
    epochs: int
    best_epoch: int | None  # 1-based argmin of val_loss; None without val_loss
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
        return VERDICTS[self.verdict][_check_lang(lang)]

    def text(self, lang: str = "en") -> str:
        """A short paragraph in English (`"en"`) or Korean (`"ko"`)."""
        lang = _check_lang(lang)

        def say(key, **params):
            return TEXTS[key][lang].format(**params)

        values = dict(epochs=self.epochs, s="" if self.epochs == 1 else "s",
                      best=self.best_epoch, start=self.overfitting_from,
                      best_val_loss=self.best_val_loss, final_val_loss=self.final_val_loss,
                      loss_best=self.loss_at_best, loss_last=self.final_train_loss,
                      train_acc=self.final_train_acc if self.final_train_acc is not None
                      else self.final_val_acc, limit=UNDERFIT_ACCURACY, margin=OVERFIT_MARGIN)
        if self.verdict == OVERFITTING:
            parts = [say("overfitting", **values)]
        elif self.verdict == UNDERFITTING:
            parts = [say("underfitting", **values)]
            if self.still_improving:
                parts.append(say("underfitting.improving"))
        elif self.best_epoch is None:
            parts = []
        elif self.still_improving:
            parts = [say("good_fit.improving", **values)]
        else:
            parts = [say("good_fit", **values)]
        if self.best_epoch is None:
            parts.insert(0, say("no_validation") + " ")
        if self.gap is not None:
            parts.append(say("accuracy", train=self.final_train_acc, val=self.final_val_acc,
                             gap=self.gap))
        if self.best_epoch is not None and self.reloaded_accuracy is not None:
            parts.append(self._reload_sentence(say))
        return "".join(parts).strip()

    def _reload_sentence(self, say) -> str:
        if self.best_epoch == self.epochs or self.final_val_acc is None:
            return say("reload.last", reloaded=self.reloaded_accuracy)
        key = "reload.better" if self.reloaded_accuracy >= self.final_val_acc else "reload.worse"
        return say(key, best=self.best_epoch, reloaded=self.reloaded_accuracy,
                   last=self.final_val_acc)


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"Unknown language. Expected one of {LANGUAGES}. Received: lang={lang!r}")
    return lang


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
