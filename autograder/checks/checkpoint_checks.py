"""Checks on the ModelCheckpoint and on reloading the best checkpoint after training."""

from __future__ import annotations

import re

from autograder import fingerprints
from autograder import spec as lesson
from autograder.checks import Verdict
from autograder.measure import same_weights
from autograder.messages import Phrase

KERAS3_PATH_ERRORS = ("must end in `.weights.h5`", "must end in .weights.h5")


def weights_path_for(path: str) -> str:
    """`path` renamed the way Keras 3 wants a weights-only checkpoint: `NAME.weights.h5`."""
    stem = path
    for suffix in (".ckpt", ".hdf5", ".h5", ".keras", ".weights"):
        stem = stem.removesuffix(suffix)
    return stem + ".weights.h5"


def _missing_cause(evidence):
    """Why there is no checkpoint: Keras 3's path error named with the fix, or the first error."""
    text = evidence.error_text()
    if any(error in text for error in KERAS3_PATH_ERRORS):
        # Keras' message ends with "Received: filepath=PATH".
        found = re.search(r"Received: filepath=(\S+)", text)
        path = found.group(1).rstrip(".") if found else "my_checkpoint.ckpt"
        return Phrase.of("hint.checkpoint.keras3_path", path=path,
                         suggested=weights_path_for(path))
    first = evidence.first_error()
    return Phrase.of("cause.first_error", error=first) if first else ""


def no_validation(evidence) -> bool:
    """Whether the graded `fit` was given no validation data at all (this check's subject:
    `normalization` judges only the images that were given)."""
    fit = evidence.fit
    return fit is not None and fit.validation_x is None and fit.validation_split <= 0


def check_checkpoint_config(evidence, measured) -> Verdict:
    """Check a ModelCheckpoint in fit: weights only, best only, monitoring val_loss at
    each epoch's end for its lowest value, on validation images that are not training ones."""
    checkpoint = evidence.checkpoint
    if checkpoint is None:
        cause = _missing_cause(evidence)
        if not cause and no_validation(evidence):
            cause = Phrase.of("hint.checkpoint.no_validation_too")
        return Verdict(False, "checkpoint_config.missing", {"cause": cause})
    wrong = [f"{key}={checkpoint.value(key)!r}" for key, value in lesson.CHECKPOINT.items()
             if checkpoint.value(key) != value]
    if wrong:
        return Verdict(False, "checkpoint_config.settings", {"found": ", ".join(wrong)})
    if checkpoint.mode not in ("auto", "min"):  # Keras' "auto" is "min" for a loss
        return Verdict(False, "checkpoint_config.mode", {"mode": checkpoint.mode})
    if checkpoint.save_freq != "epoch":
        return Verdict(False, "checkpoint_config.save_freq", {"save_freq": checkpoint.save_freq})
    if checkpoint.period != 1:
        return Verdict(False, "checkpoint_config.period", {"period": checkpoint.period})
    if no_validation(evidence) and checkpoint.monitor.startswith("val_"):
        return Verdict(False, "checkpoint_config.no_validation", {"monitor": checkpoint.monitor})
    share = evidence.fit.validation_in_training
    if share is not None and share >= fingerprints.MAJORITY:
        return Verdict(False, "checkpoint_config.validation_is_training", {"share": share})
    return Verdict(True, "checkpoint_config.ok", {"path": checkpoint.filepath})


def _no_checkpoint(evidence, measured) -> Verdict | None:
    """The verdict when there is no checkpoint to compare with (None when there is one)."""
    if evidence.checkpoint is None or evidence.checkpoint_file is None:
        problem = evidence.checkpoint_problem or Phrase.of("checkpoint.not_passed")
        return Verdict(False, "checkpoint_reload.no_checkpoint", {"problem": problem})
    if evidence.model is None or evidence.weights_final is None:
        return Verdict(False, "checkpoint_reload.no_checkpoint", {
            "problem": evidence.model_problem or Phrase.of("checkpoint.model_not_found")})
    if measured.checkpoint_problem is not None:
        return Verdict(False, "checkpoint_reload.no_checkpoint",
                       {"problem": measured.checkpoint_problem})
    return None


def check_checkpoint_reload(evidence, measured) -> Verdict:
    """Check that after training the model holds the best checkpoint's weights."""
    missing = _no_checkpoint(evidence, measured)
    if missing:
        return missing
    epochs = len(evidence.history.get("val_loss") or [])
    best = measured.best_epoch
    # The `fit` calls up to the graded model's last one: a trial model trained after it
    # (a notebook that tries a few) does not make its reload "before training".
    own = [i for i, f in enumerate(evidence.fits, start=1) if f.model_id == evidence.model_id]
    fits_done = own[-1] if own else len(evidence.fits)
    reloads = [n for n in evidence.reloads if n.ok and n.after_fits >= fits_done > 0]
    holds = bool(measured.holds_checkpoint)
    # `load_model` of a full-model checkpoint after `fit` reloads it too (kernel_side).
    how = reloads[-1].how if reloads else "`load_weights`"
    facts = {"best": best, "epochs": epochs, "how": how}
    early = [n for n in evidence.reloads if n.after_fits < fits_done]
    if evidence.fit.skipped:  # quick grading: nothing was trained here
        if holds and reloads:
            return Verdict(True, "checkpoint_reload.quick", facts)
        return Verdict(False, "checkpoint_reload.missing",
                       {"found": Phrase.of("reload.quick_not_loaded")})
    if holds and reloads and not evidence.checkpoint.save_best_only:
        # Every epoch overwrote the file: it holds the last epoch, whichever was best.
        return Verdict(True, "checkpoint_reload.ok_every_epoch", facts)
    if holds and best is not None and best < epochs:
        return Verdict(True, "checkpoint_reload.ok", facts)
    if holds and reloads:
        return Verdict(True, "checkpoint_reload.ok_last", facts)
    return Verdict(False, "checkpoint_reload.missing",
                   {"found": _why_not_reloaded(evidence, measured, reloads, early, holds)})


def _why_not_reloaded(evidence, measured, reloads, early, holds) -> Phrase:
    best, name = measured.best_epoch, evidence.checkpoint_file.name
    epochs = len(evidence.history.get("val_loss") or [])
    if early:
        # Before fit the checkpoint does not exist yet (a fresh folder), or holds an older
        # run; either way training then replaces what was loaded.
        key = "reload.before_fit" if early[-1].ok else "reload.before_fit_failed"
        return Phrase.of(key, how=early[-1].how)
    if holds:
        return Phrase.of("reload.same_by_chance", best=best, epochs=epochs)
    if reloads and not same_weights(evidence.weights_final, evidence.weights_after_fit):
        # Something was loaded after training, but not the best epoch's file.
        return Phrase.of("reload.other_weights", how=reloads[-1].how, best=best, name=name)
    if best is not None and best < epochs:
        return Phrase.of("reload.last_epoch_kept", best=best, epochs=epochs)
    return Phrase.of("reload.not_the_file", name=name)  # no epoch to name
