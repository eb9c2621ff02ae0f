"""Checks on what the model was compiled with (from its serialized compile config)."""

from __future__ import annotations

import re

from autograder import spec as lesson
from autograder.checks import Verdict
from autograder.messages import WORDS

LOSS_ALIASES = {"mse": "mean_squared_error", "mae": "mean_absolute_error",
                "bce": "binary_crossentropy", "kld": "kl_divergence"}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _string_name(name: str) -> str:
    """A loss or metric string as Keras resolves it, in snake case: Keras takes class names
    (`'SparseCategoricalCrossentropy'`) and upper-case aliases (`'MSE'`) as well."""
    if name.isupper():
        name = name.lower()
    name = _snake(name)
    return LOSS_ALIASES.get(name, name)


def loss_name(loss) -> tuple[str | None, bool]:
    """`(name, from_logits)` of a serialized loss: a string, a Loss object or a function."""
    if isinstance(loss, str):
        return _string_name(loss), False
    if isinstance(loss, dict):
        config = loss.get("config")
        if loss.get("class_name") == "function" and isinstance(config, str):
            return config, False
        config = config if isinstance(config, dict) else {}
        name = _snake(str(loss.get("class_name", "")))
        return LOSS_ALIASES.get(name, name), bool(config.get("from_logits", False))
    return None, False


def label_kind(evidence) -> str | None:
    """'integer' or 'one-hot' from the labels given to fit (None when unknown)."""
    y = ((evidence.fit or {}).get("y") or (evidence.variables or {}).get("y_train") or {})
    shape = y.get("shape") or []
    if len(shape) == 2 and shape[1] == lesson.OUTPUT_UNITS and y.get("rows_sum_to_one"):
        return "one-hot"
    if y.get("integral") and (len(shape) == 1 or (len(shape) == 2 and shape[1] == 1)):
        return "integer"
    return None


def check_loss(evidence, context) -> Verdict:
    """Check the loss against the labels (sparse for integers, categorical for one-hot)."""
    if not evidence.compile or evidence.compile.get("loss") is None:
        return Verdict(False, "loss.not_compiled")
    name, from_logits = loss_name(evidence.compile["loss"])
    shown = name or str(evidence.compile["loss"])[:80]
    softmax_out = bool(evidence.model and evidence.model.layers[-1].activation == "softmax")
    if from_logits and softmax_out:
        return Verdict(False, "loss.from_logits")
    kind = label_kind(evidence)
    if kind is None and evidence.kind == "saved_model":
        # A saved model does not say which labels it was trained on: either matching loss.
        allowed = {lesson.SPARSE_LOSS, lesson.ONE_HOT_LOSS}
        kind = "integer" if name != lesson.ONE_HOT_LOSS else "one-hot"
    else:
        kind = kind or "integer"  # the lesson's labels
        allowed = {lesson.SPARSE_LOSS if kind == "integer" else lesson.ONE_HOT_LOSS}
    words = {"labels": WORDS[kind]["en"], "labels_ko": WORDS[kind]["ko"], "loss": shown}
    if name in allowed:
        return Verdict(True, "loss.ok", words)
    expected = lesson.SPARSE_LOSS if kind == "integer" else lesson.ONE_HOT_LOSS
    return Verdict(False, "loss.mismatch", {**words, "expected": expected,
                                            **_loss_hint(name, kind)})


def _loss_hint(name: str | None, kind: str) -> dict:
    if name == lesson.ONE_HOT_LOSS:
        return {"hint": "categorical_crossentropy expects one-hot labels; the labels here are "
                        "class numbers 0-9, so use the sparse version (or one-hot encode y).",
                "hint_ko": "categorical_crossentropy는 원핫 레이블용입니다. 여기 레이블은 0-9 정수이므로 "
                           "sparse 버전을 쓰세요(또는 y를 원핫 인코딩하세요)."}
    if name == lesson.SPARSE_LOSS:
        return {"hint": "The labels were one-hot encoded, so use categorical_crossentropy.",
                "hint_ko": "레이블을 원핫 인코딩했으므로 categorical_crossentropy를 쓰세요."}
    if name == "binary_crossentropy":
        return {"hint": "binary_crossentropy (with sigmoid) is for two classes; Fashion-MNIST "
                        "has 10 (softmax with a categorical cross-entropy).",
                "hint_ko": "binary_crossentropy(sigmoid와 함께)는 이진 분류용입니다. Fashion-MNIST는 "
                           "10개 클래스이므로 softmax와 categorical 교차 엔트로피를 씁니다."}
    return {"hint": "Classification with a softmax output needs a cross-entropy loss; "
                    "regression losses such as mse fit a linear output (the lesson's table).",
            "hint_ko": "softmax 출력의 분류에는 교차 엔트로피 손실이 필요합니다. mse 같은 회귀 손실은 "
                       "linear 출력에 씁니다(수업의 표)."}


def _names(entry) -> set[str]:
    if isinstance(entry, str):
        # Keras reads 'acc' and 'accuracy' in any case, and class names such as
        # 'SparseCategoricalAccuracy'.
        return {entry, entry.lower(), _string_name(entry)}
    if isinstance(entry, dict):
        config = entry.get("config")
        names = {_snake(str(entry.get("class_name", "")))}
        if isinstance(config, dict) and isinstance(config.get("name"), str):
            names.add(config["name"])
        if isinstance(config, str):
            names.add(config)
        return names
    if isinstance(entry, (list, tuple)):
        return set().union(*[_names(e) for e in entry]) if entry else set()
    return set()


def check_compile(evidence, context) -> Verdict:
    """Check the Adam optimizer and an accuracy metric."""
    config = evidence.compile
    if not config:
        return Verdict(False, "compile.not_compiled")
    optimizer = config.get("optimizer", config.get("optimizer_config"))
    optimizer_name = (optimizer if isinstance(optimizer, str)
                      else (optimizer or {}).get("class_name", "none"))
    if str(optimizer_name).lower() != lesson.OPTIMIZER:
        return Verdict(False, "compile.optimizer", {"found": f"`{optimizer_name}`"})
    metrics = config.get("metrics") or []
    names = _names(metrics)
    if not names & lesson.ACCURACY_METRICS:
        # tf.keras 2's third positional parameter was `metrics`; Keras 3's is `loss_weights`.
        as_weights = config.get("loss_weights")
        if _names(as_weights) & lesson.ACCURACY_METRICS:
            return Verdict(False, "compile.metric_as_loss_weights", {"found": as_weights})
        return Verdict(False, "compile.metric", {"found": sorted(names) or "none"})
    return Verdict(True, "compile.ok")
