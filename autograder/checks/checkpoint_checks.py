"""Checks on the ModelCheckpoint and on reloading the best checkpoint after training."""

from __future__ import annotations

import re

import numpy as np

from autograder import fingerprints
from autograder import spec as lesson
from autograder.checks import Verdict, clause
from autograder.messages import say

KERAS3_PATH_ERROR = "must end in `.weights.h5`"


def weights_path_for(path: str) -> str:
    """`path` renamed the way Keras 3 wants a weights-only checkpoint: `NAME.weights.h5`."""
    stem = path
    for suffix in (".ckpt", ".hdf5", ".h5", ".keras", ".weights"):
        stem = stem.removesuffix(suffix)
    return stem + ".weights.h5"


def _ckpt_hint(evidence) -> dict:
    text = evidence.error_text()
    if KERAS3_PATH_ERROR in text or "must end in .weights.h5" in text:
        # Keras' message ends with "Received: filepath=PATH".
        found = re.search(r"Received: filepath=(\S+)", text)
        path = found.group(1).rstrip(".") if found else "my_checkpoint.ckpt"
        words = {"path": path, "suggested": weights_path_for(path)}
        return {"cause": say("keras3_ckpt_hint", "en", **words),
                "cause_ko": say("keras3_ckpt_hint", "ko", **words)}
    first = evidence.cell_errors[0].describe() if evidence.cell_errors else ""
    cause = f" The first error in the submission: {first}." if first else ""
    return {"cause": cause, "cause_ko": cause.replace("The first error in the submission",
                                                      "제출물의 첫 오류")}


def check_checkpoint_config(evidence, context) -> Verdict:
    """Check a ModelCheckpoint in fit: weights only, best only, monitoring val_loss at
    each epoch's end for its lowest value, on validation images that are not training ones."""
    checkpoint = evidence.checkpoint
    if checkpoint is None:
        return Verdict(False, "checkpoint_config.missing", _ckpt_hint(evidence))
    wrong = [f"{key}={checkpoint.get(key)!r}" for key, value in lesson.CHECKPOINT.items()
             if checkpoint.get(key) != value]
    if wrong:
        return Verdict(False, "checkpoint_config.settings", {"found": ", ".join(wrong)})
    mode = str(checkpoint.get("mode", "auto"))
    if mode not in ("auto", "min"):  # Keras' "auto" is "min" for a loss
        return Verdict(False, "checkpoint_config.mode", {"mode": mode})
    save_freq = str(checkpoint.get("save_freq", "epoch"))
    if save_freq != "epoch":
        return Verdict(False, "checkpoint_config.save_freq", {"save_freq": save_freq})
    share = (evidence.fit or {}).get("validation_in_training")
    if isinstance(share, (int, float)) and share >= fingerprints.MAJORITY:
        return Verdict(False, "checkpoint_config.validation_is_training", {"share": share})
    return Verdict(True, "checkpoint_config.ok", {"path": checkpoint.get("filepath")})


def _same_weights(a, b) -> bool:
    """Whether two lists of weight arrays are equal, at the lower precision of the two (a
    float64 model's checkpoint, loaded into the grader's float32 model, is rounded)."""
    def equal(x, y):
        if x.dtype != y.dtype:
            lower = x.dtype if x.dtype.itemsize <= y.dtype.itemsize else y.dtype
            x, y = x.astype(lower), y.astype(lower)
        return np.array_equal(x, y)

    return a is not None and b is not None and len(a) == len(b) and all(
        x.shape == y.shape and equal(x, y) for x, y in zip(a, b))


def checkpoint_weights(evidence, context):
    """The checkpoint's arrays, loaded by the grader into its own rebuilt model."""
    from autograder.evaluate import rebuild

    if "checkpoint_weights" not in context.cache:
        import keras

        model = rebuild(evidence.model)
        # Keras' own method: in a student's kernel (the live checks of `assert_check`) the
        # recorder must not take the grader's load for the student's reload.
        load = getattr(keras.Model.load_weights, "__wrapped__", keras.Model.load_weights)
        load(model, str(evidence.checkpoint_file))
        context.cache["checkpoint_weights"] = [np.array(w) for w in model.get_weights()]
    return context.cache["checkpoint_weights"]


def check_checkpoint_reload(evidence, context) -> Verdict:
    """Check that after training the model holds the best checkpoint's weights."""
    if evidence.checkpoint is None or evidence.checkpoint_file is None:
        problem = evidence.checkpoint_problem or "no ModelCheckpoint was passed to `fit`"
        return Verdict(False, "checkpoint_reload.no_checkpoint", {"problem": clause(problem)})
    if evidence.model is None or evidence.weights_final is None:
        return Verdict(False, "checkpoint_reload.no_checkpoint",
                       {"problem": clause(evidence.model_problem)
                        or "the trained model was not found"})
    val_loss = evidence.history.get("val_loss") or []
    epochs = len(val_loss)
    best = int(np.argmin(val_loss)) + 1 if val_loss else None
    fits_done = len(evidence.fits)
    reloads = [n for n in evidence.load_weights
               if n.get("ok") and n.get("after_fits", 0) >= fits_done > 0]
    try:
        saved = checkpoint_weights(evidence, context)
    except Exception as exc:  # a file of another model, or not a weights file at all
        return Verdict(False, "checkpoint_reload.no_checkpoint", {
            "problem": f"the checkpoint file could not be loaded into the model "
                       f"({type(exc).__name__}: {str(exc)[:200]})"})
    holds_checkpoint = _same_weights(evidence.weights_final, saved)
    # `load_model` of a full-model checkpoint after `fit` reloads it too (kernel_side).
    by_load_model = bool(reloads) and reloads[-1].get("via") == "load_model"
    how = "`load_model`" if by_load_model else "`load_weights`"
    params = {"best": best, "epochs": epochs, "how": how}
    early = [n for n in evidence.load_weights if n.get("after_fits", 0) < fits_done]
    if (evidence.fit or {}).get("skipped"):  # quick grading: nothing was trained here
        if holds_checkpoint and reloads:
            return Verdict(True, "checkpoint_reload.quick", params)
        return Verdict(False, "checkpoint_reload.missing", {
            "found": "`load_weights` did not load the saved checkpoint after `fit`",
            "found_ko": "`fit` 다음에 `load_weights`로 저장된 체크포인트를 불러오지 않았습니다"})
    if holds_checkpoint and reloads and not evidence.checkpoint.get("save_best_only", True):
        # Every epoch overwrote the file: it holds the last epoch, whichever was best.
        return Verdict(True, "checkpoint_reload.ok_every_epoch", params)
    if holds_checkpoint and best is not None and best < epochs:
        return Verdict(True, "checkpoint_reload.ok", params)
    if holds_checkpoint and reloads:
        return Verdict(True, "checkpoint_reload.ok_last", params)
    if early:
        # Before fit the checkpoint does not exist yet (a fresh folder), or holds an older
        # run; either way training then replaces what was loaded.
        failed = "" if early[-1].get("ok") else " (it failed: no checkpoint had been saved yet)"
        failed_ko = "" if early[-1].get("ok") else " (아직 저장된 체크포인트가 없어 실패했습니다)"
        early_how = "`load_model`" if early[-1].get("via") == "load_model" else "`load_weights`"
        found = (f"{early_how} was called before `fit`{failed}, and training then replaced "
                 "the weights; call it after `fit`")
        found_ko = (f"{early_how}를 `fit` 전에 호출했고{failed_ko}, 학습이 가중치를 바꿨습니다. "
                    "`fit` 다음에 호출하세요")
    elif holds_checkpoint:
        found = (f"the best epoch was the last ({best} of {epochs}), so the weights match the "
                 "checkpoint by chance, but `load_weights` was never called after `fit`")
        found_ko = (f"최고 epoch가 마지막 epoch({best}/{epochs})라 우연히 가중치가 같지만, `fit` 다음에 "
                    "`load_weights`를 호출하지 않았습니다")
    elif reloads and not _same_weights(evidence.weights_final, evidence.weights_after_fit):
        # Something was loaded after training, but not the best epoch's file.
        name = evidence.checkpoint_file.name
        found = (f"{how} after `fit` loaded weights that are not the best epoch's checkpoint "
                 f"(epoch {best}, `{name}`); load that file")
        found_ko = (f"`fit` 다음에 {how}로 불러온 가중치가 최고 epoch의 체크포인트(epoch {best}, "
                    f"`{name}`)가 아닙니다. 그 파일을 불러오세요")
    elif best is not None and best < epochs:
        found = (f"the model still holds the last epoch's weights (epoch {epochs}), not the "
                 f"best epoch's ({best})")
        found_ko = (f"모델이 최고 epoch({best})가 아니라 마지막 epoch({epochs})의 가중치를 그대로 "
                    "가지고 있습니다")
    else:  # no epoch to name: the weights are simply not the file's
        name = evidence.checkpoint_file.name
        found = f"the model's weights are not those saved in `{name}`"
        found_ko = f"모델의 가중치가 `{name}`에 저장된 가중치가 아닙니다"
    return Verdict(False, "checkpoint_reload.missing", {"found": found, "found_ko": found_ko})
