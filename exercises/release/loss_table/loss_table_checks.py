"""The checks of the loss-table exercise, called by the notebook's nbgrader test cells.

Each `assert_*` function looks at the kernel's variables (`globals()`), prints a pass
message, or raises `AssertionError` with feedback in Korean and English, which nbgrader
shows to the student. They work quietly: nbgrader gives 0 points to a test cell with any
stderr output, and Keras writes its warnings there.

This file travels with the notebook. At grading time nbgrader restores it from the
course's `source/` folder, so edits to a student's copy are not what is graded.

Example (a test cell):

    from loss_table_checks import assert_choice
    assert_choice(globals(), "binary")
"""

from __future__ import annotations

import numpy as np

from autograder.checks import Context
from autograder.checks.accuracy_checks import check_val_accuracy
from autograder.checks.compile_checks import check_loss, label_kind, loss_name
from autograder.live import env_min_accuracy, evidence_from, quiet_stderr
from autograder.messages import say
from autograder.rubric import Rubric

NUM_CLASSES = 10
# The hidden test's default threshold: this exercise trains for 5 epochs, not 20, without
# a checkpoint; `$TFCERT_MIN_ACCURACY` overrides it.
MIN_ACCURACY = 0.80

# The lesson's table: output activation and loss for each kind of labels.
TABLE = {
    "binary": {
        "activation": "sigmoid", "loss": "binary_crossentropy",
        "ko": "이진 분류", "en": "Binary classification",
        "why_ko": "출력 하나가 클래스 1일 확률이고 sigmoid가 그 값을 0 ~ 1 사이로 만들며, "
                  "binary_crossentropy가 그 확률을 0/1 label과 비교합니다.",
        "why_en": "One output gives the probability of class 1: sigmoid squeezes it into "
                  "(0, 1), and binary cross-entropy compares it with the 0/1 label.",
    },
    "multiclass_onehot": {
        "activation": "softmax", "loss": "categorical_crossentropy",
        "ko": "다중 분류, 원핫인코딩된 label", "en": "Multi-class classification, one-hot labels",
        "why_ko": "softmax가 N개의 점수를 합이 1인 확률로 바꾸고, categorical_crossentropy가 "
                  "그 확률을 원핫 벡터 label과 비교합니다.",
        "why_en": "Softmax turns N scores into probabilities that sum to 1, and categorical "
                  "cross-entropy compares them with the one-hot label vector.",
    },
    "multiclass_integer": {
        "activation": "softmax", "loss": "sparse_categorical_crossentropy",
        "ko": "다중 분류, 정수 label", "en": "Multi-class classification, integer labels",
        "why_ko": "출력은 똑같이 softmax이고, sparse 버전은 label을 원핫 벡터 대신 클래스 번호"
                  "(0 ~ N-1)로 받습니다.",
        "why_en": "The output is the same softmax; the sparse version takes each label as a "
                  "class number (0 to N-1) instead of a one-hot vector.",
    },
}


def _fail(ko: str, en: str):
    raise AssertionError(f"{ko}\n{en}")


def _passed(ko: str, en: str) -> None:
    print(f"{ko}\n{en}")


def min_accuracy() -> float:
    """The hidden test's threshold: `$TFCERT_MIN_ACCURACY`, else `MIN_ACCURACY`."""
    from_env = env_min_accuracy()
    return MIN_ACCURACY if from_env is None else from_env


# -- Part 1: one-hot encoding ----------------------------------------------------------

def assert_one_hot(namespace: dict, name: str, labels: str) -> None:
    """Check that `namespace[name]` is the one-hot encoding of `namespace[labels]`."""
    if name not in namespace:
        _fail(f"`{name}`가 없습니다. ① 원핫인코딩 셀에서 만드세요.",
              f"There is no `{name}`: create it in the one-hot encoding cell (Part 1).")
    y = np.asarray(namespace[labels]).reshape(-1)
    try:
        encoded = np.asarray(namespace[name])
    except Exception as exc:
        _fail(f"`{name}`를 배열로 바꿀 수 없습니다: {exc}",
              f"`{name}` cannot be turned into an array: {exc}")
    expected = (len(y), NUM_CLASSES)
    if encoded.shape != expected:
        _fail(f"`{name}`의 모양은 {expected}이어야 합니다 (label 하나에 한 행, 클래스 하나에 한 열). "
              f"받은 값: shape={encoded.shape}",
              f"`{name}` should have shape {expected}: one row per label, one column per "
              f"class. Received: {name}.shape={encoded.shape}")
    if not (np.issubdtype(encoded.dtype, np.number) or encoded.dtype == bool):
        _fail(f"`{name}`는 숫자 배열이어야 합니다. 받은 값: dtype={encoded.dtype}",
              f"`{name}` should hold numbers. Received: {name}.dtype={encoded.dtype}")
    values = encoded.astype(np.float64)
    if not np.isin(values, (0.0, 1.0)).all():
        _fail(f"`{name}`에는 0과 1만 있어야 합니다. 받은 값: {np.unique(values)[:10]}",
              f"`{name}` should hold only 0s and 1s. Received values: {np.unique(values)[:10]}")
    ones = values.sum(axis=1)
    if not (ones == 1).all():
        row = int(np.argmax(ones != 1))
        _fail(f"`{name}`의 각 행에는 1이 정확히 하나 있어야 합니다. 받은 값: {row}번 행에 {ones[row]:g}개",
              f"Each row of `{name}` should hold exactly one 1. Received: row {row} holds "
              f"{ones[row]:g}")
    wrong = np.flatnonzero(values.argmax(axis=1) != y)
    if wrong.size:
        row = int(wrong[0])
        _fail(f"{row}번 행의 1은 label `{labels}[{row}] = {y[row]}` 번째 열에 있어야 하는데 "
              f"{values[row].argmax()}번 열에 있습니다 (틀린 행 {wrong.size}개).",
              f"The 1 of row {row} should sit in column `{labels}[{row}]` = {y[row]}; it sits "
              f"in column {values[row].argmax()} ({wrong.size} rows are wrong).")
    _passed(f"`{name}`: `{labels}`의 원핫인코딩이 맞습니다 {expected}.",
            f"`{name}` is the one-hot encoding of `{labels}`, shape {expected}.")


# -- Part 2: the table -----------------------------------------------------------------

def activation_name(value) -> str | None:
    """The name of an activation given as a string or a Keras activation function."""
    if isinstance(value, str):
        return value.strip().lower()
    if callable(value):
        import keras

        try:
            name = keras.activations.serialize(value)
        except Exception:
            return None
        return name if isinstance(name, str) else None
    return None


def loss_of(value) -> tuple[str | None, bool]:
    """`(name, from_logits)` of a loss given as a string, a Loss class or object, a function.

    Names follow `autograder.checks.compile_checks.loss_name`: `'CategoricalCrossentropy'`,
    `keras.losses.CategoricalCrossentropy()` and `keras.losses.categorical_crossentropy`
    are all `'categorical_crossentropy'`; aliases such as `'bce'` resolve too.
    """
    import keras

    candidates = [value] + ([value.strip(), value.strip().lower()]
                            if isinstance(value, str) else [])
    for candidate in candidates:
        try:
            loss = keras.losses.get(candidate)
            if loss is not None:
                return loss_name(keras.losses.serialize(loss))
        except Exception:
            continue
    return None, False


def _row_problem(problem: str, pair) -> tuple[str, str] | None:
    """What is wrong with `pair` for this row of the table, in Korean and English."""
    row = TABLE[problem]
    try:
        activation, loss = pair
    except (TypeError, ValueError):
        return (f"(출력층 활성함수, loss) 두 값의 쌍이어야 합니다. 받은 값: {pair!r}",
                f"Give a pair (output activation, loss). Received: CHOICES[{problem!r}]={pair!r}")
    with quiet_stderr():
        act = activation_name(activation)
        name, from_logits = loss_of(loss)
    right = f"`{row['activation']}` + `{row['loss']}`"
    if act == row["activation"] and name == row["loss"] and from_logits:
        return (f"{row['ko']}: loss에 `from_logits=True`가 있습니다. 출력층의 {row['activation']}가 "
                "이미 확률을 만들므로 `from_logits=False`(기본값)여야 합니다.",
                f"{row['en']}: the loss has `from_logits=True`, but the {row['activation']} "
                "output already gives probabilities: expected `from_logits=False` (the default).")
    if act == row["activation"] and name == row["loss"]:
        return None
    return (f"{row['ko']}: 출력층 활성함수와 loss는 {right}이어야 합니다. 받은 값: "
            f"({act or activation!r}, {name or loss!r}). {row['why_ko']}",
            f"{row['en']}: the output activation and loss should be {right}. Received: "
            f"CHOICES[{problem!r}]=({act or activation!r}, {name or loss!r}). {row['why_en']}")


def assert_choice(namespace: dict, problem: str) -> None:
    """Check one row of `CHOICES`: the output activation and loss for `problem`."""
    if problem not in TABLE:
        raise ValueError(f"Unknown problem. Expected one of {sorted(TABLE)}. "
                         f"Received: problem={problem!r}")
    if "CHOICES" not in namespace:
        _fail("`CHOICES`가 없습니다. ② 셀에서 만드세요.",
              "There is no `CHOICES`: create it in Part 2.")
    choices = namespace["CHOICES"]
    if not isinstance(choices, dict):
        _fail(f"`CHOICES`는 딕셔너리여야 합니다. 받은 값: {type(choices).__name__}",
              f"`CHOICES` should be a dict. Received: CHOICES={repr(choices)[:200]}")
    if problem not in choices:
        _fail(f"`CHOICES`에 키 {problem!r}가 없습니다. 키: {sorted(TABLE)}",
              f"`CHOICES` has no key {problem!r}; expected the keys {sorted(TABLE)}. "
              f"Received: keys {sorted(map(str, choices))}")
    problem_text = _row_problem(problem, choices[problem])
    if problem_text:
        _fail(*problem_text)
    row = TABLE[problem]
    _passed(f"{row['ko']}: `{row['activation']}` + `{row['loss']}` 맞습니다.",
            f"{row['en']}: `{row['activation']}` + `{row['loss']}`, correct.")


# -- Part 3: training with one-hot labels ----------------------------------------------

def assert_one_hot_loss(namespace: dict) -> None:
    """Check that `fit` trained on one-hot labels with `categorical_crossentropy`."""
    with quiet_stderr():
        evidence = evidence_from(namespace)
        kind = label_kind(evidence)
        verdict = check_loss(evidence, Context(rubric=Rubric.load()))
    if not evidence.compile or evidence.compile.get("loss") is None:
        _fail("모델이 compile되지 않아 loss가 없습니다. ③ 셀에서 `model.compile(optimizer='adam', "
              "loss=..., metrics=['acc'])`를 쓰세요 (loss는 원핫인코딩된 label에 맞게).",
              "The model was not compiled, so it has no loss. Write `model.compile("
              "optimizer='adam', loss=..., metrics=['acc'])` in Part 3, with the loss for "
              "one-hot labels.")
    if not evidence.fits:
        _fail("`fit`이 실행되지 않았습니다. 학습 셀의 오류를 확인하세요 (`y_train_onehot`이 있나요?).",
              "`fit` did not run: look at the error in the training cell (is there a "
              "`y_train_onehot`?).")
    if kind != "one-hot":
        shape = ((evidence.fit or {}).get("y") or {}).get("shape")
        _fail(f"`fit`이 받은 label이 원핫인코딩이 아닙니다 (shape={shape}). ① 원핫인코딩을 확인하세요.",
              f"The labels `fit` was given are not one-hot encoded (shape={shape}): check "
              "Part 1.")
    message = "\n".join(say(verdict.key, lang, **verdict.params) for lang in ("ko", "en"))
    if not verdict.passed:
        raise AssertionError(message)
    print(message)


def assert_accuracy(namespace: dict) -> None:
    """Check the grader's own accuracy of the trained model on the 10,000 test images."""
    from autograder import data

    minimum = min_accuracy()
    with quiet_stderr():
        evidence = evidence_from(namespace)
        context = Context(rubric=Rubric.load(min_accuracy=minimum))
        _, (context.test_images, context.test_labels) = data.load()
        verdict = check_val_accuracy(evidence, context)
    if verdict.key == "val_accuracy.low":
        accuracy = verdict.params["accuracy"]
        _fail(f"채점기가 10,000개 테스트 이미지로 계산한 정확도는 {minimum:.2f} 이상이어야 하는데 "
              f"{accuracy:.4f}입니다. 원핫인코딩, 출력층의 softmax와 loss를 확인하세요.",
              f"Accuracy on the 10,000 test images, computed by the grader, should be at "
              f"least {minimum:.2f}; found {accuracy:.4f}. Check the one-hot labels and "
              "the loss for the softmax output.")
    message = "\n".join(say(verdict.key, lang, **verdict.params) for lang in ("ko", "en"))
    if not verdict.passed:
        raise AssertionError(message)
    print(message)
