"""Every sentence a student or instructor reads, in English and Korean: one catalog.

Each key names what is said (`loss.mismatch`, `hint.loss.binary`, `page.score`,
`curves.loss`) and has an `en` and a `ko` template with the same `{placeholders}`. Code
passes keys and plain facts (numbers, names, cell numbers, code), never finished
sentences: a fact that is itself a sentence is a `Phrase` (a key and its facts), which is
rendered in the language of the sentence around it. So a Korean message never carries an
English sentence.

Keys by prefix: `<check id>.<case>` are the checks' verdicts (`checks/`); `hint.*`,
`word.*`, `cause.*` are pieces filled into them; `model.*` and `checkpoint.*` say why a
model or a checkpoint cannot be graded (`model_spec`, `evaluate`, `evidence`);
`grader.*` are the grader's own failures; `diagnosis.*`, `curves.*`, `page.*` are the
learning-curve diagnosis, the figure's labels and the feedback page; `one_hot.*`,
`table.*`, `one_hot_loss.*` are the loss-table exercise's checks; `discovery.*`,
`merge.*`, `report.*` and `gradescope.*` are what instructors read about a batch.

Example:

    say("loss.mismatch", "ko", labels=Phrase("word.integer"), ...)
"""

from __future__ import annotations

import dataclasses
import re
import string

LANGUAGES = ("en", "ko")
BOTH = "both"  # Korean, then English (the nbgrader test cells and the live checks)


def check_lang(lang: str, both: bool = False) -> str:
    """`lang` when it is a language of the catalog (or `"both"`, where allowed): the one
    place languages are validated."""
    allowed = LANGUAGES + ((BOTH,) if both else ())
    if lang not in allowed:
        raise ValueError(f"Unknown language. Expected one of {allowed}. Received: lang={lang!r}")
    return lang


@dataclasses.dataclass(frozen=True)
class Phrase:
    """A catalog key and its facts: a sentence (or a word) not yet put into a language."""

    key: str
    facts: tuple = ()  # (name, value) pairs, so a Phrase is hashable and comparable

    @classmethod
    def of(cls, key: str, /, **facts) -> "Phrase":
        if key not in MESSAGES:
            raise KeyError(f"No message {key!r} in the catalog.")
        return cls(key, tuple(sorted(facts.items())))

    def render(self, lang: str = "en") -> str:
        return say(self.key, lang, **dict(self.facts))

    def __str__(self) -> str:  # English, for logs and exceptions
        return self.render("en")


def _filled(value, lang: str, clause: bool):
    """A fact as it goes into a sentence: a Phrase rendered in `lang` (without its final
    period when the sentence puts one right after it: `clause`)."""
    if isinstance(value, Phrase):
        text = value.render(lang)
        return text.rstrip(" .") if clause else text
    return value


def _clause_fields(template: str) -> set[str]:
    """Fields the template follows with a period: `"... graded: {problem}. Expected"`."""
    return set(re.findall(r"\{(\w+)(?:![rsa])?(?::[^{}]*)?\}\.", template))


def say(key: str, lang: str = "en", /, **facts) -> str:
    """The message `key` in `lang`, filled with `facts` (Phrases rendered in `lang`)."""
    template = MESSAGES[key][check_lang(lang)]
    clauses = _clause_fields(template)
    return template.format(**{name: _filled(value, lang, name in clauses)
                              for name, value in facts.items()})


def render(key: str, lang: str = "en", /, **facts) -> str:
    """`say`, or with `lang="both"` the Korean text, a line break, then the English."""
    if check_lang(lang, both=True) == BOTH:
        return "\n".join(say(key, one, **facts) for one in ("ko", "en"))
    return say(key, lang, **facts)


def placeholders(template: str) -> set[str]:
    """The names of a template's `{placeholders}`."""
    return {name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(template) if name}


MESSAGES: dict[str, dict[str, str]] = {
    # == checks ==========================================================================
    # -- normalization -------------------------------------------------------------
    "normalization.ok": {
        "en": "The training and validation images given to `fit` are floats scaled to [0, 1] "
              "(divided by 255), both splits alike.",
        "ko": "`fit`에 전달된 학습/검증 이미지가 모두 255로 나누어 [0, 1] 범위의 실수로 정규화되어 있습니다.",
    },
    "normalization.ok_in_model": {
        "en": "The images reach `fit` as 0-255 pixels and the model's first layer "
              "`Rescaling(1./255)` scales them to [0, 1]: the lesson's `x_train / 255.0`, done "
              "inside the model, for both splits.",
        "ko": "이미지가 0-255 픽셀 값으로 `fit`에 전달되고 모델의 첫 층 `Rescaling(1./255)`가 [0, 1]로 "
              "정규화합니다: 수업의 `x_train / 255.0`을 모델 안에서 한 것이며 두 데이터 모두 같습니다.",
    },
    "normalization.in_model_mismatch": {
        "en": "The model's first layer `Rescaling(1./255)` already divides the pixels by 255, "
              "so the {split} images should reach `fit` as 0-255 values; found values from "
              "{min:.4g} to {max:.4g}. Keep one of the two: the Rescaling layer or `{var} / "
              "255.0`, not both.",
        "ko": "모델의 첫 층 `Rescaling(1./255)`가 이미 픽셀을 255로 나누므로 {split} 이미지는 0-255 값으로 "
              "`fit`에 전달되어야 하는데 {min:.4g}~{max:.4g} 값이 전달되었습니다. Rescaling 층과 "
              "`{var} / 255.0` 중 하나만 쓰세요.",
    },
    "normalization.no_fit": {
        "en": "`model.fit` was never called, so the images given to it cannot be checked. "
              "Expected: `x_train / 255.0` and `x_valid / 255.0` passed to `fit`.{cause}",
        "ko": "`model.fit`이 호출되지 않아 학습에 사용된 이미지를 확인할 수 없습니다. "
              "`x_train / 255.0`, `x_valid / 255.0`을 `fit`에 전달해야 합니다.{cause}",
    },
    "normalization.ok_variables": {
        "en": "`fit` never ran{why}, so the images were judged from the variables `x_train` "
              "and `x_valid`: floats scaled to [0, 1] (divided by 255), both splits alike.",
        "ko": "`fit`이 실행되지 않아{why} 변수 `x_train`, `x_valid`로 판단했습니다: 둘 다 "
              "255로 나누어 [0, 1] 범위의 실수로 정규화되어 있습니다.",
    },
    "normalization.not_float": {
        "en": "The {split} images given to `fit` should be floats in [0, 1]; found dtype "
              "{dtype} with values from {min:g} to {max:g}. Hint: divide by 255: "
              "`{var} = {var} / 255.0`.",
        "ko": "`fit`에 전달된 {split} 이미지는 [0, 1] 범위의 실수여야 하는데, dtype {dtype}, "
              "값의 범위 {min:g}~{max:g}입니다. 힌트: 255로 나누세요: `{var} = {var} / 255.0`.",
    },
    "normalization.wrong_scale": {
        "en": "The {split} images given to `fit` should be scaled to [0, 1] by dividing by 255 "
              "(largest pixel 1.0); found values from {min:.4g} to {max:.4g}. {hint}",
        "ko": "`fit`에 전달된 {split} 이미지는 255로 나누어 [0, 1] 범위(가장 밝은 픽셀 1.0)여야 "
              "하는데, 값의 범위가 {min:.4g}~{max:.4g}입니다. {hint}",
    },
    "normalization.not_pixel_scale": {
        "en": "The {split} images given to `fit` are in [0, 1] ({min:.4g} to {max:.4g}) but "
              "are not the pixels divided by 255: some values are not multiples of 1/255. "
              "`tf.keras.utils.normalize` scales each row to length 1 and per-pixel min-max "
              "scaling divides by other numbers; the lesson divides every pixel by 255, as the "
              "grader's test images are: `{var} = {var} / 255.0`.",
        "ko": "`fit`에 전달된 {split} 이미지는 [0, 1] 범위({min:.4g}~{max:.4g})이지만 픽셀을 255로 "
              "나눈 값이 아닙니다: 1/255의 배수가 아닌 값이 있습니다. `tf.keras.utils.normalize`는 각 행의 "
              "길이를 1로 맞추고, 픽셀 위치별 min-max 정규화는 다른 수로 나눕니다. 수업(과 채점기의 테스트 "
              "이미지)은 모든 픽셀을 255로 나눕니다: `{var} = {var} / 255.0`.",
    },
    "normalization.unknown": {
        "en": "The images given to `fit` could not be inspected (found {kind}); pass NumPy "
              "arrays as in the lesson: `model.fit(x_train, y_train, validation_data=(x_valid, "
              "y_valid), ...)`.",
        "ko": "`fit`에 전달된 이미지({kind})를 확인할 수 없습니다. 수업처럼 NumPy 배열을 전달하세요: "
              "`model.fit(x_train, y_train, validation_data=(x_valid, y_valid), ...)`.",
    },
    "hint.normalization.twice": {
        "en": "The pixels look divided by 255 twice (brightest 1/255 = 0.0039): divide once, "
              "`{var} = {var} / 255.0`, and run that cell only once.",
        "ko": "픽셀을 255로 두 번 나눈 것 같습니다(가장 밝은 값 1/255 = 0.0039). 한 번만 나누고 "
              "(`{var} = {var} / 255.0`) 그 셀은 한 번만 실행하세요.",
    },
    "hint.normalization.other_divisor": {
        "en": "The pixels look divided by {divisor:.4g} instead of 255: `{var} / 255.0`.",
        "ko": "255가 아닌 {divisor:.4g}(으)로 나눈 것 같습니다: `{var} / 255.0`.",
    },
    "hint.normalization.shifted": {
        "en": "Negative values mean the pixels were shifted (standardized); the lesson only "
              "divides: `{var} / 255.0`.",
        "ko": "음수 값은 평균을 뺀 것입니다. 수업에서는 255로 나누기만 합니다: `{var} / 255.0`.",
    },
    "hint.normalization.exactly_255": {
        "en": "Divide by exactly 255 (the largest pixel value): `{var} / 255.0`.",
        "ko": "가장 큰 픽셀 값인 255로 정확히 나누세요: `{var} / 255.0`.",
    },
    # -- layers ---------------------------------------------------------------------
    "layers.ok": {
        "en": "Flatten of (28, 28), then Dense 1024, 512, 256, 128, 64 with relu, in that "
              "order.{graded}",
        "ko": "Flatten(28, 28) 다음 Dense 1024, 512, 256, 128, 64(relu)가 순서대로 있습니다.{graded}",
    },
    "layers.no_model": {
        "en": "No model could be graded: {problem}. Expected a Keras model such as the lesson's "
              "`model = Sequential([...])`.",
        "ko": "채점할 모델이 없습니다: {problem}. 수업의 `model = Sequential([...])` 같은 Keras "
              "모델이 필요합니다.",
    },
    "layers.input_shape": {
        "en": "The first layer should be `Flatten(input_shape=(28, 28))` (or `keras.Input(shape="
              "(28, 28))` then `Flatten()`); found input shape {found}.{graded}",
        "ko": "첫 층은 `Flatten(input_shape=(28, 28))`(또는 `keras.Input(shape=(28, 28))` 다음 "
              "`Flatten()`)이어야 하는데, 입력 형태가 {found}입니다.{graded}",
    },
    "layers.difference": {
        "en": "Layer {position} should be {expected}; found {found}. The lesson's model is "
              "Flatten -> Dense 1024/512/256/128/64 (relu) -> Dense 10 (softmax).{graded}",
        "ko": "{position}번째 층은 {expected}이어야 하는데 {found}입니다. 수업의 모델은 Flatten -> "
              "Dense 1024/512/256/128/64 (relu) -> Dense 10 (softmax)입니다.{graded}",
    },
    "word.no_layer": {"en": "no layer (the model ends earlier)",
                      "ko": "층이 없음(모델이 더 일찍 끝남)"},
    "word.the_output_layer": {"en": "{layer} (the output layer)", "ko": "{layer}(출력층)"},
    "word.unknown": {"en": "unknown", "ko": "알 수 없음"},
    # -- output_layer ---------------------------------------------------------------
    "output_layer.ok": {
        "en": "The output layer is `Dense(10, activation='softmax')`.",
        "ko": "출력층이 `Dense(10, activation='softmax')`입니다.",
    },
    "output_layer.wrong": {
        "en": "The output layer should be `Dense(10, activation='softmax')`; found `{found}`. "
              "{hint}",
        "ko": "출력층은 `Dense(10, activation='softmax')`이어야 하는데 `{found}`입니다. {hint}",
    },
    "hint.output_layer.units": {
        "en": "Fashion-MNIST has 10 classes, so the output needs 10 units, not {units}.",
        "ko": "Fashion-MNIST는 클래스가 10개이므로 출력 유닛은 {units}개가 아니라 10개여야 합니다.",
    },
    "hint.output_layer.sigmoid": {
        "en": "Sigmoid is for binary (yes/no) outputs; softmax turns 10 scores into class "
              "probabilities that sum to 1.",
        "ko": "sigmoid는 이진 분류용입니다. softmax는 10개의 점수를 합이 1인 클래스 확률로 바꿉니다.",
    },
    "hint.output_layer.softmax": {
        "en": "Softmax turns 10 scores into class probabilities that sum to 1, which is what "
              "the cross-entropy loss expects.",
        "ko": "softmax는 10개의 점수를 합이 1인 클래스 확률로 바꾸며, 교차 엔트로피 손실이 이를 기대합니다.",
    },
    "hint.output_layer.not_dense": {
        "en": "The model should end with the classification layer.",
        "ko": "모델의 마지막은 분류를 위한 출력층이어야 합니다.",
    },
    # -- loss -----------------------------------------------------------------------
    "loss.ok": {
        "en": "The loss `{loss}` matches the softmax output and the {labels} labels.",
        "ko": "손실 함수 `{loss}`가 softmax 출력과 {labels} 레이블에 맞습니다.",
    },
    "loss.not_compiled": {
        "en": "The model was not compiled, so it has no loss. Expected `model.compile(optimizer="
              "'adam', loss='sparse_categorical_crossentropy', metrics=['acc'])`.",
        "ko": "모델이 compile되지 않아 손실 함수가 없습니다. `model.compile(optimizer='adam', "
              "loss='sparse_categorical_crossentropy', metrics=['acc'])`가 필요합니다.",
    },
    "loss.mismatch": {
        "en": "With {labels} labels the loss should be `{expected}`; found `{loss}`. {hint}",
        "ko": "{labels} 레이블에는 손실 함수 `{expected}`를 써야 하는데 `{loss}`입니다. {hint}",
    },
    "loss.from_logits": {
        "en": "The loss has `from_logits=True` but the output layer already applies softmax; "
              "expected `from_logits=False` (the default). With softmax outputs the loss must "
              "not apply softmax a second time.",
        "ko": "출력층이 이미 softmax를 적용하는데 손실 함수에 `from_logits=True`가 있습니다. "
              "`from_logits=False`(기본값)여야 합니다. softmax를 두 번 적용하면 안 됩니다.",
    },
    "word.integer": {"en": "integer", "ko": "정수"},
    "word.one-hot": {"en": "one-hot", "ko": "원핫"},
    "word.training": {"en": "training", "ko": "학습"},
    "word.validation": {"en": "validation", "ko": "검증"},
    "hint.loss.categorical_for_integers": {
        "en": "categorical_crossentropy expects one-hot labels; the labels here are class "
              "numbers 0-9, so use the sparse version (or one-hot encode y).",
        "ko": "categorical_crossentropy는 원핫 레이블용입니다. 여기 레이블은 0-9 정수이므로 "
              "sparse 버전을 쓰세요(또는 y를 원핫 인코딩하세요).",
    },
    "hint.loss.sparse_for_one_hot": {
        "en": "The labels were one-hot encoded, so use categorical_crossentropy.",
        "ko": "레이블을 원핫 인코딩했으므로 categorical_crossentropy를 쓰세요.",
    },
    "hint.loss.binary": {
        "en": "binary_crossentropy (with sigmoid) is for two classes; Fashion-MNIST has 10 "
              "(softmax with a categorical cross-entropy).",
        "ko": "binary_crossentropy(sigmoid와 함께)는 이진 분류용입니다. Fashion-MNIST는 "
              "10개 클래스이므로 softmax와 categorical 교차 엔트로피를 씁니다.",
    },
    "hint.loss.regression": {
        "en": "Classification with a softmax output needs a cross-entropy loss; regression "
              "losses such as mse fit a linear output (the lesson's table).",
        "ko": "softmax 출력의 분류에는 교차 엔트로피 손실이 필요합니다. mse 같은 회귀 손실은 "
              "linear 출력에 씁니다(수업의 표).",
    },
    # -- compile --------------------------------------------------------------------
    "compile.ok": {
        "en": "Compiled with the Adam optimizer and an accuracy metric.",
        "ko": "Adam 옵티마이저와 정확도(accuracy) 지표로 compile되었습니다.",
    },
    "compile.not_compiled": {
        "en": "The model was not compiled. Expected `model.compile(optimizer='adam', "
              "loss=..., metrics=['acc'])`.",
        "ko": "모델이 compile되지 않았습니다. `model.compile(optimizer='adam', loss=..., "
              "metrics=['acc'])`가 필요합니다.",
    },
    "compile.optimizer": {
        "en": "The optimizer should be Adam (`optimizer='adam'`); found `{found}`.",
        "ko": "옵티마이저는 Adam(`optimizer='adam'`)이어야 하는데 `{found}`입니다.",
    },
    "compile.metric": {
        "en": "An accuracy metric should be tracked (`metrics=['acc']` or `['accuracy']`); "
              "found metrics {found}.",
        "ko": "정확도 지표가 있어야 합니다(`metrics=['acc']` 또는 `['accuracy']`). 현재 지표: {found}.",
    },
    "compile.metric_as_loss_weights": {
        "en": "`{found}` reached `compile` as `loss_weights`, not as metrics: in Keras 3 the "
              "third positional parameter of `compile` is `loss_weights` (in tf.keras 2 it "
              "was `metrics`), and `fit` then fails. Name it: `model.compile(optimizer='adam', "
              "loss='sparse_categorical_crossentropy', metrics=['acc'])`.",
        "ko": "`{found}`가 지표가 아니라 `loss_weights`로 `compile`에 전달되었습니다. Keras 3에서 "
              "`compile`의 세 번째 위치 인자는 `loss_weights`입니다(tf.keras 2에서는 `metrics`). "
              "그래서 `fit`이 실패합니다. 이름을 붙여 쓰세요: `model.compile(optimizer='adam', "
              "loss='sparse_categorical_crossentropy', metrics=['acc'])`.",
    },
    "word.none": {"en": "none", "ko": "없음"},
    # -- checkpoint_config ----------------------------------------------------------
    "checkpoint_config.ok": {
        "en": "A ModelCheckpoint is passed to `fit` with save_weights_only=True, "
              "save_best_only=True, monitor='val_loss', path {path!r}.",
        "ko": "`fit`에 ModelCheckpoint가 save_weights_only=True, save_best_only=True, "
              "monitor='val_loss', 경로 {path!r}로 전달되었습니다.",
    },
    "checkpoint_config.missing": {
        "en": "No ModelCheckpoint was passed to `fit`. Expected `callbacks=[checkpoint]` with "
              "`ModelCheckpoint(filepath=checkpoint_path, save_weights_only=True, "
              "save_best_only=True, monitor='val_loss', verbose=1)`.{cause}",
        "ko": "`fit`에 ModelCheckpoint가 전달되지 않았습니다. `ModelCheckpoint(filepath="
              "checkpoint_path, save_weights_only=True, save_best_only=True, monitor='val_loss', "
              "verbose=1)`를 `callbacks=[checkpoint]`로 전달해야 합니다.{cause}",
    },
    "checkpoint_config.settings": {
        "en": "The ModelCheckpoint should have save_weights_only=True, save_best_only=True and "
              "monitor='val_loss'; found {found}. The lesson keeps only the weights of the epoch "
              "with the lowest validation loss.",
        "ko": "ModelCheckpoint는 save_weights_only=True, save_best_only=True, monitor='val_loss'"
              "여야 하는데 {found}입니다. 수업에서는 검증 손실이 가장 낮은 epoch의 가중치만 저장합니다.",
    },
    "checkpoint_config.mode": {
        "en": "With monitor='val_loss' the ModelCheckpoint's mode should be 'auto' (the "
              "default) or 'min': the best epoch is the one with the lowest validation loss. "
              "Found mode={mode!r}, which keeps the epoch with the highest loss.",
        "ko": "monitor='val_loss'이면 ModelCheckpoint의 mode는 'auto'(기본값) 또는 'min'이어야 "
              "합니다: 검증 손실이 가장 낮은 epoch가 최고입니다. mode={mode!r}는 손실이 가장 높은 "
              "epoch를 저장합니다.",
    },
    "checkpoint_config.save_freq": {
        "en": "The ModelCheckpoint should check once per epoch (save_freq='epoch', the "
              "default); found save_freq={save_freq}. Counted in batches, it checks where "
              "val_loss is not known yet, and Keras then saves every time, whatever the loss.",
        "ko": "ModelCheckpoint는 epoch마다 한 번 확인해야 합니다(save_freq='epoch', 기본값). "
              "save_freq={save_freq} 설정은 배치 단위라 아직 val_loss가 없는 시점에 확인하고, 그러면 "
              "Keras는 손실과 상관없이 매번 저장합니다.",
    },
    "checkpoint_config.period": {
        "en": "The ModelCheckpoint should check every epoch; found period={period} (tf.keras "
              "2), which checks only every {period} epochs, so the best epoch can fall between "
              "two checks and be lost. Remove `period=` (Keras 3 no longer has it).",
        "ko": "ModelCheckpoint는 epoch마다 확인해야 하는데 period={period}(tf.keras 2)라서 "
              "{period} epoch마다 한 번만 확인합니다. 최고의 epoch가 두 확인 사이에 있으면 "
              "저장되지 않습니다. `period=`를 지우세요(Keras 3에는 없습니다).",
    },
    "checkpoint_config.validation_is_training": {
        "en": "The ModelCheckpoint monitors val_loss, but the validation data given to `fit` "
              "are training images ({share:.0%} of a sample of them): the checkpoint then keeps "
              "the epoch that fits the training set best, not the one that generalizes best. "
              "Validate on the test split: `validation_data=(x_valid, y_valid)`.",
        "ko": "ModelCheckpoint가 val_loss를 기준으로 하지만 `fit`에 전달된 검증 데이터가 학습 "
              "이미지입니다(표본의 {share:.0%}): 그러면 체크포인트는 새 이미지에 가장 잘 맞는 epoch가 "
              "아니라 학습 데이터에 가장 잘 맞는 epoch를 저장합니다. 테스트 데이터로 검증하세요: "
              "`validation_data=(x_valid, y_valid)`.",
    },
    "hint.checkpoint.keras3_path": {
        "en": " Your code raised Keras 3's error: the checkpoint path `{path}` must become "
              "`{suggested}` (Keras 3 requires weights-only checkpoints to end in "
              "`.weights.h5`; tf.keras 2 took `.ckpt` and `.h5`).",
        "ko": " 코드에서 Keras 3 오류가 났습니다: 체크포인트 경로 `{path}`를 `{suggested}`로 "
              "바꾸세요(Keras 3에서는 가중치 체크포인트 파일이 `.weights.h5`로 끝나야 합니다. "
              "tf.keras 2는 `.ckpt`와 `.h5`를 받았습니다).",
    },
    # -- issue 15: one subject per check; CNNs and logits; a compile that raised --------
    "normalization.ok_training": {
        "en": "The training images given to `fit` are floats scaled to [0, 1] (divided by "
              "255). `fit` was given no validation images: `checkpoint_config` says what that "
              "means for the checkpoint.",
        "ko": "`fit`에 전달된 학습 이미지가 255로 나누어 [0, 1] 범위의 실수로 정규화되어 있습니다. "
              "`fit`에 검증 이미지가 없었는데, 체크포인트에 주는 영향은 `checkpoint_config` 항목에서 "
              "설명합니다.",
    },
    "normalization.ok_training_in_model": {
        "en": "The training images reach `fit` as 0-255 pixels and the model's first layer "
              "`Rescaling(1./255)` scales them to [0, 1]: the lesson's `x_train / 255.0`, done "
              "inside the model. `fit` was given no validation images: `checkpoint_config` "
              "says what that means for the checkpoint.",
        "ko": "학습 이미지가 0-255 픽셀 값으로 `fit`에 전달되고 모델의 첫 층 `Rescaling(1./255)`가 "
              "[0, 1]로 정규화합니다: 수업의 `x_train / 255.0`을 모델 안에서 한 것입니다. `fit`에 검증 "
              "이미지가 없었는데, 체크포인트에 주는 영향은 `checkpoint_config` 항목에서 설명합니다.",
    },
    "normalization.ok_variables_training": {
        "en": "`fit` never ran{why}, so the images were judged from the variable `x_train`: "
              "floats scaled to [0, 1] (divided by 255).",
        "ko": "`fit`이 실행되지 않아{why} 변수 `x_train`으로 판단했습니다: 255로 나누어 [0, 1] "
              "범위의 실수로 정규화되어 있습니다.",
    },
    "checkpoint_config.no_validation": {
        "en": "The ModelCheckpoint monitors {monitor!r}, but `fit` was given no validation "
              "data, so {monitor!r} never exists and Keras never saves a checkpoint. Pass the "
              "test split, as in the lesson: `validation_data=(x_valid, y_valid)` (with "
              "`x_valid / 255.0`).",
        "ko": "ModelCheckpoint가 {monitor!r}를 기준으로 하는데 `fit`에 검증 데이터가 없어 "
              "{monitor!r} 값이 생기지 않고, Keras는 체크포인트를 한 번도 저장하지 않습니다. 수업처럼 "
              "테스트 데이터를 전달하세요: `validation_data=(x_valid, y_valid)`(`x_valid / 255.0`과 "
              "함께).",
    },
    "hint.checkpoint.no_validation_too": {
        "en": " `fit` was also given no validation data, which the checkpoint needs: it "
              "watches `val_loss`, computed on `validation_data=(x_valid, y_valid)`.",
        "ko": " `fit`에 검증 데이터도 없습니다. 체크포인트는 `validation_data=(x_valid, y_valid)`로 "
              "계산하는 `val_loss`를 기준으로 하므로 검증 데이터가 필요합니다.",
    },
    "output_layer.ok_logits": {
        "en": "The output layer `{found}` gives 10 logits and the loss has `from_logits=True`, "
              "so the loss applies the softmax: the same model as the lesson's "
              "`Dense(10, activation='softmax')`.",
        "ko": "출력층 `{found}`이 10개의 로짓을 내고 손실 함수에 `from_logits=True`가 있어 손실 "
              "함수가 softmax를 적용합니다: 수업의 `Dense(10, activation='softmax')`와 같은 "
              "모델입니다.",
    },
    "hint.output_layer.logits": {
        "en": "Without an activation the 10 outputs are logits, not probabilities: add "
              "`activation='softmax'`, or keep the logits and compile with "
              "`SparseCategoricalCrossentropy(from_logits=True)`.",
        "ko": "활성화 함수가 없으면 10개의 출력은 확률이 아니라 로짓입니다. "
              "`activation='softmax'`를 추가하거나, 로짓을 그대로 두고 "
              "`SparseCategoricalCrossentropy(from_logits=True)`로 compile하세요.",
    },
    "loss.ok_logits": {
        "en": "The loss `{loss}` with `from_logits=True` matches the logits output and the "
              "{labels} labels.",
        "ko": "`from_logits=True`인 손실 함수 `{loss}`가 로짓 출력과 {labels} 레이블에 맞습니다.",
    },
    "loss.ok_labels": {
        "en": "The loss `{loss}` matches the {labels} labels (the output layer is judged by "
              "`output_layer`).",
        "ko": "손실 함수 `{loss}`가 {labels} 레이블에 맞습니다(출력층은 `output_layer` 항목에서 "
              "판단합니다).",
    },
    "loss.compile_raised": {
        "en": "The model has no loss: its `compile` call raised {error}. Expected "
              "`model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', "
              "metrics=['acc'])`.",
        "ko": "모델에 손실 함수가 없습니다: `compile` 호출에서 {error}가 발생했습니다. "
              "`model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', "
              "metrics=['acc'])`가 필요합니다.",
    },
    "compile.compile_raised": {
        "en": "`compile` raised {error}, so the model was never compiled. Expected "
              "`model.compile(optimizer='adam', loss=..., metrics=['acc'])` (Keras 3 takes an "
              "optimizer as a name such as 'adam' or a `keras.optimizers` object).",
        "ko": "`compile`에서 {error}가 발생해 모델이 compile되지 않았습니다. "
              "`model.compile(optimizer='adam', loss=..., metrics=['acc'])`가 필요합니다(Keras 3의 "
              "옵티마이저는 'adam' 같은 이름이나 `keras.optimizers` 객체입니다).",
    },
    "val_accuracy.not_trained": {
        "en": "Accuracy on the 10,000 test images, computed by the grader, should be at least "
              "{minimum:.2f}; found {accuracy:.4f}, the accuracy of untrained weights: the "
              "model was never trained: no `fit` on it finished{why}. Fix what stops `fit`.",
        "ko": "채점기가 계산한 10,000개 테스트 이미지의 정확도는 {minimum:.2f} 이상이어야 하는데 "
              "{accuracy:.4f}입니다. 학습되지 않은 가중치의 정확도입니다: 모델이 학습되지 "
              "않았습니다: 이 모델의 `fit`이 끝나지 않았습니다{why}. `fit`을 멈추게 한 원인을 고치세요.",
    },
    # -- checkpoint_reload ----------------------------------------------------------
    "checkpoint_reload.ok": {
        "en": "After training, the model holds the checkpoint's weights (best epoch {best} of "
              "{epochs} by val_loss): the best checkpoint was reloaded.",
        "ko": "학습 후 모델이 체크포인트의 가중치(val_loss 기준 최고 epoch {best}/{epochs})를 "
              "가지고 있습니다: 최고 체크포인트를 다시 불러왔습니다.",
    },
    "checkpoint_reload.ok_last": {
        "en": "The checkpoint was reloaded with {how} after training. Note: the best "
              "epoch by val_loss was the last one ({best} of {epochs}), so here the reload "
              "changed nothing; with more epochs it would.",
        "ko": "학습 후 {how}로 체크포인트를 불러왔습니다. 참고: val_loss 기준 최고 epoch가 "
              "마지막 epoch({best}/{epochs})라서 이번에는 가중치가 바뀌지 않았지만, epoch가 많으면 "
              "달라집니다.",
    },
    "checkpoint_reload.ok_every_epoch": {
        "en": "The checkpoint was reloaded with {how} after training. With "
              "save_best_only=False it holds the last epoch's weights, not the best epoch's "
              "({best} of {epochs} by val_loss): see the checkpoint_config check.",
        "ko": "학습 후 {how}로 체크포인트를 불러왔습니다. save_best_only=False라서 "
              "체크포인트에는 최고 epoch(val_loss 기준 {best}/{epochs})가 아니라 마지막 epoch의 "
              "가중치가 있습니다: checkpoint_config 검사를 보세요.",
    },
    "checkpoint_reload.quick": {
        "en": "Quick grading (no training): after `fit`, {how} loaded the checkpoint "
              "saved beside the submission, and the model holds its weights. Which epoch it "
              "came from cannot be known without training.",
        "ko": "빠른 채점(학습 생략): `fit` 다음에 {how}가 제출물 옆에 저장된 체크포인트를 "
              "불러왔고 모델이 그 가중치를 가지고 있습니다. 어느 epoch의 가중치인지는 학습 없이 알 수 "
              "없습니다.",
    },
    "checkpoint_reload.missing": {
        "en": "After training, the model should hold the best checkpoint's weights "
              "(`model.load_weights(checkpoint_path)` after `fit`); {found}. Without this "
              "line the checkpoint is saved but never used.",
        "ko": "학습 후 모델이 최고 체크포인트의 가중치를 가져야 합니다(`fit` 다음에 "
              "`model.load_weights(checkpoint_path)`); {found}. 이 코드가 없으면 체크포인트를 "
              "저장만 하고 사용하지 않습니다.",
    },
    "checkpoint_reload.no_checkpoint": {
        "en": "There is no checkpoint to reload: {problem}. Expected a ModelCheckpoint in `fit` "
              "and `model.load_weights(checkpoint_path)` afterwards.",
        "ko": "다시 불러올 체크포인트가 없습니다: {problem}. `fit`에 ModelCheckpoint를 전달하고 "
              "그 다음 `model.load_weights(checkpoint_path)`를 호출해야 합니다.",
    },
    "reload.quick_not_loaded": {
        "en": "`load_weights` did not load the saved checkpoint after `fit`",
        "ko": "`fit` 다음에 `load_weights`로 저장된 체크포인트를 불러오지 않았습니다",
    },
    "reload.before_fit": {
        "en": "{how} was called before `fit`, and training then replaced the weights; call it "
              "after `fit`",
        "ko": "{how}를 `fit` 전에 호출했고, 학습이 가중치를 바꿨습니다. `fit` 다음에 호출하세요",
    },
    "reload.before_fit_failed": {
        "en": "{how} was called before `fit` (it failed: no checkpoint had been saved yet), and "
              "training then replaced the weights; call it after `fit`",
        "ko": "{how}를 `fit` 전에 호출했고 (아직 저장된 체크포인트가 없어 실패했습니다), 학습이 "
              "가중치를 바꿨습니다. `fit` 다음에 호출하세요",
    },
    "reload.same_by_chance": {
        "en": "the best epoch was the last ({best} of {epochs}), so the weights match the "
              "checkpoint by chance, but `load_weights` was never called after `fit`",
        "ko": "최고 epoch가 마지막 epoch({best}/{epochs})라 우연히 가중치가 같지만, `fit` 다음에 "
              "`load_weights`를 호출하지 않았습니다",
    },
    "reload.other_weights": {
        "en": "{how} after `fit` loaded weights that are not the best epoch's checkpoint "
              "(epoch {best}, `{name}`); load that file",
        "ko": "`fit` 다음에 {how}로 불러온 가중치가 최고 epoch의 체크포인트(epoch {best}, "
              "`{name}`)가 아닙니다. 그 파일을 불러오세요",
    },
    "reload.last_epoch_kept": {
        "en": "the model still holds the last epoch's weights (epoch {epochs}), not the best "
              "epoch's ({best})",
        "ko": "모델이 최고 epoch({best})가 아니라 마지막 epoch({epochs})의 가중치를 그대로 "
              "가지고 있습니다",
    },
    "reload.not_the_file": {
        "en": "the model's weights are not those saved in `{name}`",
        "ko": "모델의 가중치가 `{name}`에 저장된 가중치가 아닙니다",
    },
    # -- val_accuracy ---------------------------------------------------------------
    "val_accuracy.ok": {
        "en": "Accuracy on the 10,000 test images, computed by the grader: {accuracy:.4f} "
              "(at least {minimum:.2f} required).",
        "ko": "채점기가 10,000개 테스트 이미지로 계산한 정확도: {accuracy:.4f} "
              "(최소 {minimum:.2f} 필요).",
    },
    "val_accuracy.low": {
        "en": "Accuracy on the 10,000 test images, computed by the grader, should be at least "
              "{minimum:.2f}; found {accuracy:.4f}. Check the normalization, the output layer "
              "and the loss, train for the lesson's 20 epochs and reload the best checkpoint.",
        "ko": "채점기가 10,000개 테스트 이미지로 계산한 정확도는 최소 {minimum:.2f}여야 하는데 "
              "{accuracy:.4f}입니다. 정규화, 출력층, 손실 함수를 확인하고, 수업대로 20 epoch 학습 후 "
              "최고 체크포인트를 불러오세요.",
    },
    "val_accuracy.trained_on_test": {
        "en": "The model was trained on the test images ({share:.0%} of a sample of the images "
              "given to `fit` are test images), so its accuracy on them says nothing about new "
              "images. Train on the training split: `model.fit(x_train, y_train, "
              "validation_data=(x_valid, y_valid), ...)`.",
        "ko": "모델이 테스트 이미지로 학습되었습니다(`fit`에 전달된 이미지 표본의 {share:.0%}가 테스트 "
              "이미지): 그러면 테스트 정확도는 새 이미지에 대해 아무것도 말해 주지 않습니다. 학습 "
              "데이터로 학습하세요: `model.fit(x_train, y_train, validation_data=(x_valid, "
              "y_valid), ...)`.",
    },
    "val_accuracy.cannot": {
        "en": "The grader could not evaluate the model: {problem}.",
        "ko": "채점기가 모델을 평가할 수 없습니다: {problem}.",
    },
    # == pieces: errors in the submission =============================================
    "cause.cell_error": {
        "en": "code cell {cell}: {ename}: {evalue}",
        "ko": "코드 셀 {cell}: {ename}: {evalue}",
    },
    "cause.extraction_error": {
        "en": "(in the grader's extraction step) {ename}: {evalue}",
        "ko": "(채점기의 추출 단계에서) {ename}: {evalue}",
    },
    "cause.first_error": {  # a sentence of its own, after a message
        "en": " The first error in the submission: {error}.",
        "ko": " 제출물의 첫 오류: {error}.",
    },
    "cause.first_error_aside": {  # in parentheses, inside a sentence
        "en": " (the first error in the submission: {error})",
        "ko": "(제출물의 첫 오류: {error})",
    },
    # == why a model cannot be graded ==================================================
    "model.not_extracted": {
        "en": "the submission stopped before the grader could read the model",
        "ko": "채점기가 모델을 읽기 전에 제출물이 멈췄습니다",
    },
    "model.none_found": {
        "en": "no Keras model was found (expected a variable `model`, or `solution_model()`)",
        "ko": "Keras 모델을 찾지 못했습니다(변수 `model` 또는 `solution_model()`이 필요합니다)",
    },
    "model.with_first_error": {
        "en": "{problem}; the first error in the submission: {error}",
        "ko": "{problem}; 제출물의 첫 오류: {error}",
    },
    "model.not_keras": {
        "en": "`{name}` is {kind}, not a Keras model",
        "ko": "`{name}`은(는) Keras 모델이 아니라 {kind}입니다",
    },
    "model.not_keras_returned": {
        "en": "{name} returned {kind}, not a Keras model",
        "ko": "{name}이(가) Keras 모델이 아니라 {kind}을(를) 반환했습니다",
    },
    "word.an_object_of": {"en": "a {kind}", "ko": "{kind} 객체"},
    "word.the_class": {"en": "the class {kind}", "ko": "클래스 {kind}"},
    "model.find_failed": {
        "en": "finding the model raised {ename}: {evalue}",
        "ko": "모델을 찾는 중 {ename} 오류가 났습니다: {evalue}",
    },
    "model.config_unwritable": {
        "en": "model config could not be written: {ename}: {evalue}",
        "ko": "모델 설정을 저장할 수 없습니다: {ename}: {evalue}",
    },
    "model.weights_unreadable": {
        "en": "unreadable weights: {reason}",
        "ko": "가중치를 읽을 수 없습니다: {reason}",
    },
    "model.no_weights": {
        "en": "the trained model's weights were not found",
        "ko": "학습된 모델의 가중치를 찾지 못했습니다",
    },
    "model.weights_too_large": {
        "en": "The saved weights take {size:,} bytes; the grader reads at most {limit:,} (a "
              "model of {parameters:,} parameters).",
        "ko": "저장된 가중치가 {size:,}바이트입니다. 채점기는 최대 {limit:,}바이트(매개변수 "
              "{parameters:,}개인 모델)까지 읽습니다.",
    },
    "model.too_many_arrays": {
        "en": "The model has {count} weight arrays; expected at most {limit}.",
        "ko": "모델의 가중치 배열이 {count}개입니다. 최대 {limit}개까지 받습니다.",
    },
    "model.activation": {
        "en": "Layer `{layer}` uses an activation the grader does not rebuild. Expected one of "
              "Keras' named activations such as 'relu' or 'softmax'. Received: "
              "activation={value}",
        "ko": "`{layer}` 층의 활성함수를 채점기가 다시 만들 수 없습니다. 'relu', 'softmax' 같은 "
              "Keras의 이름 있는 활성함수를 쓰세요. 받은 값: activation={value}",
    },
    "model.positive_int": {
        "en": "{what} must be a positive whole number. Received: {value}",
        "ko": "{what}은(는) 양의 정수여야 합니다. 받은 값: {value}",
    },
    "model.entry_not_object": {
        "en": "A layer entry must be a JSON object. Received: {entry}",
        "ko": "층 항목은 JSON 객체여야 합니다. 받은 값: {entry}",
    },
    "model.code_layer": {
        "en": "Layer `{layer}` is a `{kind}`. `Lambda` layers hold Python code, which the "
              "grader never runs from a submission (a model file that carries code could do "
              "anything). The lesson's model needs none: normalize the data before `fit` "
              "(`x_train / 255.0`) and use only Flatten and Dense layers.",
        "ko": "`{layer}` 층은 `{kind}`입니다. `Lambda` 층에는 파이썬 코드가 들어 있어 채점기는 "
              "제출물의 이 코드를 절대 실행하지 않습니다(코드를 담은 모델 파일은 무엇이든 할 수 "
              "있습니다). 수업의 모델에는 필요 없습니다: `fit` 전에 데이터를 정규화하고(`x_train / "
              "255.0`) Flatten과 Dense 층만 쓰세요.",
    },
    "model.custom_layer": {
        "en": "Layer `{layer}` is `{kind}` from {origin}, not a Keras layer. The grader never "
              "loads code named by a model; the lesson's model uses only Keras' Flatten and "
              "Dense layers.",
        "ko": "`{layer}` 층은 {origin}의 `{kind}`로, Keras 층이 아닙니다. 채점기는 모델이 가리키는 "
              "코드를 절대 불러오지 않습니다. 수업의 모델은 Keras의 Flatten과 Dense 층만 씁니다.",
    },
    "word.the_module": {"en": "the module `{module}`", "ko": "모듈 `{module}`"},
    "word.a_registered_class": {"en": "a registered custom class", "ko": "등록된 사용자 정의 클래스"},
    "model.layer_not_allowed": {
        "en": "Layer `{layer}` is a `{kind}`, which this exercise does not use and the grader "
              "will not rebuild. Expected only: {allowed}.",
        "ko": "`{layer}` 층은 `{kind}`로, 이 실습에서 쓰지 않으며 채점기가 다시 만들지 않습니다. "
              "허용되는 층: {allowed}.",
    },
    "model.dropout_rate": {
        "en": "`{layer}`.rate must be in [0, 1). Received: {value}",
        "ko": "`{layer}`.rate는 [0, 1) 범위여야 합니다. 받은 값: {value}",
    },
    "model.relu_settings": {
        "en": "`{layer}` is a ReLU with custom settings; use 'relu'.",
        "ko": "`{layer}`는 설정을 바꾼 ReLU입니다. 'relu'를 쓰세요.",
    },
    "model.reshape_target": {
        "en": "`{layer}`.target_shape is not a list of sizes: {value}",
        "ko": "`{layer}`.target_shape가 크기의 목록이 아닙니다: {value}",
    },
    "model.batchnorm_settings": {
        "en": "`{layer}` has unusual BatchNormalization settings.",
        "ko": "`{layer}`의 BatchNormalization 설정이 일반적이지 않습니다.",
    },
    # -- issue 15: the image layers' settings -------------------------------------------
    "model.image_layer_settings": {
        "en": "`{layer}` has a setting the grader does not rebuild: {setting} (expected "
              "channels-last images, square-or-not windows of 1 to 64 pixels, padding 'valid' "
              "or 'same', no dilation or groups).",
        "ko": "`{layer}`에 채점기가 다시 만들지 않는 설정이 있습니다: {setting}(채널이 마지막인 "
              "이미지, 1~64 픽셀 크기의 창, padding 'valid' 또는 'same', dilation과 groups 없음이 "
              "필요합니다).",
    },
    "model.not_a_chain": {
        "en": "The model is not a single chain of layers (each layer feeding the next). Layer "
              "`{layer}` takes its input from {sources}.",
        "ko": "모델이 층 하나가 다음 층으로 이어지는 한 줄의 사슬이 아닙니다. `{layer}` 층의 입력: "
              "{sources}.",
    },
    "model.not_a_model": {
        "en": "Expected a Keras `Sequential` or functional model. Received: class_name={kind}",
        "ko": "Keras `Sequential` 또는 함수형 모델이어야 합니다. 받은 값: class_name={kind}",
    },
    "model.no_layer_list": {
        "en": "The model config holds no list of layers.",
        "ko": "모델 설정에 층 목록이 없습니다.",
    },
    "model.no_layers": {"en": "The model has no layers.", "ko": "모델에 층이 없습니다."},
    "model.rescaling": {
        "en": "Layer `{layer}` is a `Rescaling(scale={scale}, offset={offset})`. The grader "
              "accepts a Rescaling only as the model's first layer with scale 1/255 and offset 0 "
              "(the lesson's `x / 255.0`, done inside the model).",
        "ko": "`{layer}` 층은 `Rescaling(scale={scale}, offset={offset})`입니다. 채점기는 모델의 첫 "
              "층이고 scale이 1/255, offset이 0인 Rescaling만 받습니다(수업의 `x / 255.0`을 모델 "
              "안에서 한 것).",
    },
    "model.input_shape_unknown": {
        "en": "The model's input shape is unknown: give the first layer `input_shape=(28, 28)` "
              "or start with `keras.Input(shape=(28, 28))`.",
        "ko": "모델의 입력 형태를 알 수 없습니다: 첫 층에 `input_shape=(28, 28)`을 주거나 "
              "`keras.Input(shape=(28, 28))`로 시작하세요.",
    },
    "model.too_many_parameters": {
        "en": "The model has {count:,} parameters; the grader rebuilds at most {limit:,} (the "
              "lesson's model has 1,501,770).",
        "ko": "모델의 매개변수가 {count:,}개입니다. 채점기는 최대 {limit:,}개까지 다시 만듭니다"
              "(수업의 모델은 1,501,770개).",
    },
    "model.cannot_rebuild": {
        "en": "Cannot rebuild layer type {kind}.",
        "ko": "층 종류 {kind}를 다시 만들 수 없습니다.",
    },
    "model.layers_do_not_fit": {
        "en": "The layers do not fit together: {reason}",
        "ko": "층들이 서로 맞지 않습니다: {reason}",
    },
    "model.weights_shapes": {
        "en": "The saved weights do not fit the model: expected shapes {expected}, received "
              "{found}.",
        "ko": "저장된 가중치가 모델과 맞지 않습니다: 필요한 형태 {expected}, 받은 형태 {found}.",
    },
    "model.nonfinite_weights": {
        "en": "{count:,} of the model's weights are NaN or infinite, so every prediction is NaN. "
              "Training diverged or the weights were overwritten; train again and reload the "
              "best checkpoint.",
        "ko": "모델의 가중치 중 {count:,}개가 NaN 또는 무한대라 모든 예측이 NaN입니다. 학습이 "
              "발산했거나 가중치가 덮어써졌습니다. 다시 학습하고 최고 체크포인트를 불러오세요.",
    },
    "model.input_not_images": {
        "en": "The model takes inputs of shape {shape}; Fashion-MNIST images are (28, 28).",
        "ko": "모델의 입력 형태가 {shape}입니다. Fashion-MNIST 이미지는 (28, 28)입니다.",
    },
    "model.output_size": {
        "en": "The model outputs {count} values per image; expected 10 (one per class).",
        "ko": "모델이 이미지 하나에 값 {count}개를 출력합니다. 클래스마다 하나씩 10개여야 합니다.",
    },
    "model.file_too_large": {
        "en": "{name} is {size:,} bytes; the grader reads model files of at most {limit:,} bytes",
        "ko": "{name}은(는) {size:,}바이트입니다. 채점기는 최대 {limit:,}바이트의 모델 파일만 읽습니다",
    },
    "model.file_unreadable": {
        "en": "{name} could not be read as a Keras model file ({ename}: {evalue})",
        "ko": "{name}을(를) Keras 모델 파일로 읽을 수 없습니다({ename}: {evalue})",
    },
    "model.entry_too_large": {
        "en": "{name}: `{entry}` inflates to {size:,} bytes; the grader reads at most {limit:,} "
              "(a model of {parameters:,} parameters). Save the lesson's model with "
              "`model.save(...)`.",
        "ko": "{name}: `{entry}`의 압축을 풀면 {size:,}바이트입니다. 채점기는 최대 {limit:,}바이트"
              "(매개변수 {parameters:,}개인 모델)까지 읽습니다. 수업의 모델을 `model.save(...)`로 "
              "저장하세요.",
    },
    "model.entry_inflates": {
        "en": "{name}: `{entry}` inflates beyond {limit:,} bytes.",
        "ko": "{name}: `{entry}`의 압축을 풀면 {limit:,}바이트를 넘습니다.",
    },
    "model.h5_weights_only": {
        "en": "{name} holds weights only, no model config: save the whole model with "
              "model.save('mymodel.h5').",
        "ko": "{name}에는 모델 설정 없이 가중치만 있습니다: model.save('mymodel.h5')로 모델 전체를 "
              "저장하세요.",
    },
    # == why a checkpoint cannot be read ==============================================
    "checkpoint.not_passed": {
        "en": "no ModelCheckpoint was passed to `fit`",
        "ko": "`fit`에 ModelCheckpoint가 전달되지 않았습니다",
    },
    "checkpoint.model_not_found": {
        "en": "the trained model was not found",
        "ko": "학습된 모델을 찾지 못했습니다",
    },
    "checkpoint.path_too_long": {
        "en": "the checkpoint path is {length} characters long",
        "ko": "체크포인트 경로가 {length}자나 됩니다",
    },
    "checkpoint.bad_template": {
        "en": "the checkpoint path {path!r} is not a valid template: {reason}",
        "ko": "체크포인트 경로 {path!r}가 올바른 템플릿이 아닙니다: {reason}",
    },
    "checkpoint.unknown_field": {
        "en": "the checkpoint path {path!r} has a field `{{{field}}}` the grader does not fill "
              "in; Keras' templates use fields such as `{{epoch:02d}}` or `{{val_loss:.2f}}`",
        "ko": "체크포인트 경로 {path!r}의 필드 `{{{field}}}`는 채점기가 채우지 않습니다. Keras의 "
              "템플릿은 `{{epoch:02d}}`, `{{val_loss:.2f}}` 같은 필드를 씁니다",
    },
    "checkpoint.field_not_in_history": {
        "en": "the checkpoint path {path!r} names {fields}, which the training history does "
              "not have",
        "ko": "체크포인트 경로 {path!r}가 학습 기록(history)에 없는 {fields}를 씁니다",
    },
    "checkpoint.quick_many_files": {
        "en": "quick grading cannot tell which of the {count} checkpoint files matching "
              "{path!r} holds the best epoch; grade without --quick",
        "ko": "빠른 채점으로는 {path!r}에 맞는 체크포인트 파일 {count}개 중 어느 것이 최고 epoch인지 "
              "알 수 없습니다. --quick 없이 채점하세요",
    },
    "checkpoint.outside": {
        "en": "the checkpoint path {path!r} points outside the submission's folder; use a "
              "relative path such as 'my_checkpoint.weights.h5'",
        "ko": "체크포인트 경로 {path!r}가 제출물 폴더 밖을 가리킵니다. 'my_checkpoint.weights.h5' "
              "같은 상대 경로를 쓰세요",
    },
    "checkpoint.not_written": {
        "en": "no checkpoint file was written at {name!r}{why}",
        "ko": "{name!r}에 체크포인트 파일이 저장되지 않았습니다{why}",
    },
    "checkpoint.quick_missing": {
        "en": "quick grading needs the checkpoint {name!r} saved beside the submission, and it "
              "is not there",
        "ko": "빠른 채점에는 제출물 옆에 저장된 체크포인트 {name!r}가 필요한데 없습니다",
    },
    "checkpoint.unloadable": {
        "en": "the checkpoint file could not be loaded into the model ({ename}: {evalue})",
        "ko": "체크포인트 파일을 모델에 불러올 수 없습니다({ename}: {evalue})",
    },
    # == the grader's own failures ====================================================
    "grader.check_failed": {
        "en": "The grader could not run this check: {ename}: {evalue}",
        "ko": "채점기가 이 항목을 검사하지 못했습니다: {ename}: {evalue}",
    },
    "grader.compile_unreadable": {
        "en": "The grader could not read the model's compile settings ({ename}: {evalue}); this "
              "says nothing about your work: an instructor should look at this submission.",
        "ko": "채점기가 모델의 compile 설정을 읽지 못했습니다({ename}: {evalue}). 작업에 대한 평가가 "
              "아니므로 강사가 이 제출물을 확인해야 합니다.",
    },
    # -- issue 15: which model was graded; a compile that raised; no validation data ----
    "cause.compile_raised": {
        "en": "`{ename}: {evalue}`",
        "ko": "오류 `{ename}: {evalue}`",
    },
    "checkpoint.no_validation": {
        "en": "no checkpoint file was written at {name!r}: `fit` had no validation data, so "
              "{monitor!r}, which the checkpoint watches, was never computed",
        "ko": "{name!r}에 체크포인트 파일이 저장되지 않았습니다: `fit`에 검증 데이터가 없어 "
              "체크포인트의 기준인 {monitor!r} 값이 계산되지 않았습니다",
    },
    "model.graded.several_named": {
        "en": " Graded: the model in the variable `model` (the lesson's name), one of {count} "
              "models trained.",
        "ko": " 채점한 모델: 학습된 모델 {count}개 중 변수 `model`(수업의 이름)에 있는 모델.",
    },
    "model.graded.several_last": {
        "en": " Graded: the last of the {count} models trained (no variable `model` holds a "
              "trained one).",
        "ko": " 채점한 모델: 학습된 모델 {count}개 중 마지막 모델(학습된 모델을 담은 변수 `model`이 "
              "없음).",
    },
    "model.graded.trained_unnamed": {
        "en": " Graded: the model `fit` trained, which no variable holds after the run (it "
              "was local to a function such as `main()`).",
        "ko": " 채점한 모델: `fit`으로 학습된 모델. 실행 후 이 모델을 담은 변수가 없습니다"
              "(`main()` 같은 함수 안의 지역 변수였습니다).",
    },
    "model.graded.last_compiled": {
        "en": " Graded: the last model compiled (or given to `compile`), which was never "
              "trained: no model was left after the run{why}. Its layers, output layer, loss "
              "and compile settings are judged from what the grader recorded.",
        "ko": " 채점한 모델: 마지막으로 compile한(또는 `compile`에 전달된) 모델이며 학습되지 "
              "않았습니다. 실행 후 남은 모델이 없었습니다{why}. 층, 출력층, 손실 함수, compile "
              "설정은 채점기가 기록한 내용으로 판단합니다.",
    },
    # == the learning-curve diagnosis =================================================
    "diagnosis.verdict.overfitting": {"en": "Overfitting", "ko": "과대적합(Overfitting)"},
    "diagnosis.verdict.underfitting": {"en": "Underfitting", "ko": "과소적합(Underfitting)"},
    "diagnosis.verdict.good_fit": {"en": "Good fit", "ko": "적절한 학습(Good fit)"},
    "diagnosis.overfitting": {
        "en": "Overfitting from epoch {start}: training loss kept falling ({loss_best:.4f} at "
              "epoch {best}, {loss_last:.4f} at epoch {epochs}) while validation loss, lowest "
              "at epoch {best} ({best_val_loss:.4f}), rose to {final_val_loss:.4f}. The model "
              "fits the training images ever more closely and new images worse.",
        "ko": "{start}번째 epoch부터 과대적합(Overfitting)입니다: 학습 손실은 계속 줄었지만"
              "(epoch {best}: {loss_best:.4f}, epoch {epochs}: {loss_last:.4f}) 검증 손실은 "
              "{best}번째 epoch에서 가장 낮았다가({best_val_loss:.4f}) {final_val_loss:.4f}까지 "
              "올랐습니다. 모델이 학습 데이터에만 점점 더 맞춰지고 새 데이터에는 덜 맞습니다.",
    },
    "diagnosis.underfitting": {
        "en": "Underfitting: after {epoch_count} training accuracy is only {train_acc:.4f} "
              "(below {limit:.2f}); the model has not yet learned even the training images.",
        "ko": "과소적합(Underfitting)입니다: {epoch_count} 학습 후에도 학습 정확도가 낮습니다"
              "({train_acc:.4f}, {limit:.2f} 미만). 모델이 학습 데이터조차 아직 충분히 "
              "학습하지 못했습니다.",
    },
    "word.one_epoch": {"en": "1 epoch", "ko": "1 epoch"},
    "word.epochs": {"en": "{n} epochs", "ko": "{n} epoch"},
    "diagnosis.underfitting.improving": {
        "en": " Validation loss is still falling at the last epoch: train for more epochs "
              "(the lesson uses 20).",
        "ko": " 마지막 epoch에서도 검증 손실이 줄고 있으니 epoch 수를 늘리세요(수업은 20 epoch).",
    },
    "diagnosis.good_fit.improving": {
        "en": "No overfitting yet: validation loss is lowest at the last epoch ({epochs}, "
              "{best_val_loss:.4f}). The model could train longer; the checkpoint keeps the "
              "best epoch either way.",
        "ko": "아직 과대적합이 없습니다: 검증 손실이 마지막 epoch({epochs})에서 가장 낮습니다"
              "({best_val_loss:.4f}). 더 오래 학습해도 되며, 어느 경우든 체크포인트가 가장 좋은 "
              "epoch를 저장합니다.",
    },
    "diagnosis.good_fit": {
        "en": "Good fit: validation loss was lowest at epoch {best} ({best_val_loss:.4f}) and "
              "stayed within {margin:.0%} of it through epoch {epochs} ({final_val_loss:.4f}).",
        "ko": "적절한 학습(Good fit)입니다: 검증 손실이 {best}번째 epoch에서 가장 낮았고"
              "({best_val_loss:.4f}) {epochs}번째 epoch까지 그 값의 {margin:.0%} 이내"
              "({final_val_loss:.4f})를 유지했습니다.",
    },
    "diagnosis.no_validation": {
        "en": "The history has no validation loss (`val_loss`), so over- and underfitting "
              "cannot be told apart: pass `validation_data=(x_valid, y_valid)` to `fit`.",
        "ko": "history에 검증 손실(`val_loss`)이 없어 과대적합/과소적합을 구분할 수 없습니다: "
              "`fit`에 `validation_data=(x_valid, y_valid)`를 전달하세요.",
    },
    "diagnosis.accuracy": {
        "en": " At the last epoch: training accuracy {train:.4f}, validation accuracy "
              "{val:.4f} (gap {gap:+.4f}).",
        "ko": " 마지막 epoch: 학습 정확도 {train:.4f}, 검증 정확도 {val:.4f} (차이 {gap:+.4f}).",
    },
    "diagnosis.reload.better": {
        "en": " ModelCheckpoint saved epoch {best}: reloading it gives accuracy {reloaded:.4f} "
              "instead of {last:.4f} at the last epoch.",
        "ko": " ModelCheckpoint가 {best}번째 epoch의 가중치를 저장했습니다: 다시 불러오면 정확도가 "
              "마지막 epoch의 {last:.4f} 대신 {reloaded:.4f}입니다.",
    },
    "diagnosis.reload.worse": {
        "en": " ModelCheckpoint saved epoch {best} (lowest val_loss): reloading it gives "
              "accuracy {reloaded:.4f}, against {last:.4f} at the last epoch; the checkpoint "
              "chooses by loss, not by accuracy.",
        "ko": " ModelCheckpoint가 val_loss가 가장 낮은 {best}번째 epoch를 저장했습니다: 다시 "
              "불러온 정확도는 {reloaded:.4f}, 마지막 epoch는 {last:.4f}입니다. 체크포인트는 "
              "정확도가 아니라 손실로 고릅니다.",
    },
    "diagnosis.reload.last": {
        "en": " The best epoch is the last one, so reloading the checkpoint keeps accuracy "
              "{reloaded:.4f}.",
        "ko": " 가장 좋은 epoch가 마지막 epoch라서 체크포인트를 다시 불러와도 정확도는 "
              "{reloaded:.4f}입니다.",
    },
    # == the learning-curve figure ====================================================
    "curves.loss": {"en": "Loss", "ko": "손실(Loss)"},
    "curves.accuracy": {"en": "Accuracy", "ko": "정확도(Accuracy)"},
    "curves.epoch": {"en": "epoch", "ko": "에포크(epoch)"},
    "curves.train_loss": {"en": "training loss", "ko": "학습 손실"},
    "curves.val_loss": {"en": "validation loss", "ko": "검증 손실"},
    "curves.train_acc": {"en": "training accuracy", "ko": "학습 정확도"},
    "curves.val_acc": {"en": "validation accuracy", "ko": "검증 정확도"},
    "curves.best_loss": {"en": "lowest val_loss {value:.4f} at epoch {epoch} (checkpoint)",
                         "ko": "최저 검증 손실 {value:.4f}: epoch {epoch} (체크포인트)"},
    "curves.best_accuracy": {"en": "epoch {epoch}: {value:.4f} (kept by the checkpoint)",
                             "ko": "epoch {epoch}: {value:.4f} (체크포인트가 저장)"},
    "curves.overfit": {"en": "overfitting: val_loss rises, training loss falls",
                       "ko": "과대적합: 검증 손실 증가, 학습 손실 감소"},
    "curves.no_loss": {"en": "no loss in the history", "ko": "history에 손실이 없습니다"},
    "curves.no_accuracy": {"en": "no accuracy in the history\n(compile with metrics=['acc'])",
                           "ko": "history에 정확도가 없습니다\n(metrics=['acc']로 compile)"},
    # == the feedback page ============================================================
    "page.title": {"en": "Feedback: {name}", "ko": "피드백: {name}"},
    "page.score": {"en": "Score", "ko": "점수"},
    "page.accuracy": {"en": "Accuracy computed by the grader", "ko": "채점기가 계산한 정확도"},
    "page.error_title": {"en": "The grader could not grade this submission",
                         "ko": "채점기가 이 제출물을 채점하지 못했습니다"},
    "page.error_lead": {"en": "This is not a judgement of your work: the grader could not run "
                              "it. Cause:",
                        "ko": "작업에 대한 평가가 아니라, 채점기가 실행하지 못한 것입니다. 원인:"},
    "page.checks": {"en": "Checks", "ko": "채점 항목"},
    "page.check": {"en": "Check", "ko": "항목"},
    "page.status": {"en": "Status", "ko": "결과"},
    "page.points": {"en": "Points", "ko": "점수"},
    "page.message": {"en": "Message and hint", "ko": "메시지와 힌트"},
    "page.passed": {"en": "passed", "ko": "통과"},
    "page.failed": {"en": "failed", "ko": "실패"},
    "page.error": {"en": "error", "ko": "오류"},
    "page.curves": {"en": "Learning curves", "ko": "학습 곡선"},
    "page.curves_alt": {"en": "Training and validation loss and accuracy per epoch",
                        "ko": "epoch별 학습/검증 손실과 정확도"},
    "page.no_history": {"en": "No training history was recorded, so there are no learning "
                              "curves.",
                        "ko": "학습 기록(history)이 없어 학습 곡선을 그릴 수 없습니다."},
    "page.bad_history": {"en": "The training history could not be drawn: {reason}",
                         "ko": "학습 기록(history)을 그릴 수 없습니다: {reason}"},
    "page.diagnosis": {"en": "Diagnosis", "ko": "진단"},
    "page.verdict": {"en": "Verdict", "ko": "판정"},
    "page.best_epoch": {"en": "Best epoch", "ko": "가장 좋은 epoch"},
    "page.best_value": {"en": "epoch {best} of {epochs} (val_loss {loss:.4f})",
                        "ko": "{epochs} epoch 중 {best}번째 (val_loss {loss:.4f})"},
    "page.overfitting_from": {"en": "Overfitting from", "ko": "과대적합 시작"},
    "page.epoch_n": {"en": "epoch {n}", "ko": "{n}번째 epoch"},
    "page.final_acc": {"en": "Last epoch accuracy (training / validation)",
                       "ko": "마지막 epoch 정확도 (학습 / 검증)"},
    "page.reloaded": {"en": "Accuracy after reloading the checkpoint",
                      "ko": "체크포인트를 다시 불러온 후 정확도"},
    "page.other": {"en": "한국어", "ko": "English"},
    # == the loss-table exercise (exercises/*/loss_table) =============================
    "one_hot.ok": {
        "en": "`{name}` is the one-hot encoding of `{labels}`, shape {shape}.",
        "ko": "`{name}`: `{labels}`의 원핫인코딩이 맞습니다 {shape}.",
    },
    "one_hot.missing": {
        "en": "There is no `{name}`: create it in the one-hot encoding cell (Part 1).",
        "ko": "`{name}`가 없습니다. ① 원핫인코딩 셀에서 만드세요.",
    },
    "one_hot.not_array": {
        "en": "`{name}` cannot be turned into an array: {reason}",
        "ko": "`{name}`를 배열로 바꿀 수 없습니다: {reason}",
    },
    "one_hot.shape": {
        "en": "`{name}` should have shape {expected}: one row per label, one column per class. "
              "Received: {name}.shape={shape}",
        "ko": "`{name}`의 모양은 {expected}이어야 합니다 (label 하나에 한 행, 클래스 하나에 한 열). "
              "받은 값: shape={shape}",
    },
    "one_hot.dtype": {
        "en": "`{name}` should hold numbers. Received: {name}.dtype={dtype}",
        "ko": "`{name}`는 숫자 배열이어야 합니다. 받은 값: dtype={dtype}",
    },
    "one_hot.values": {
        "en": "`{name}` should hold only 0s and 1s. Received values: {values}",
        "ko": "`{name}`에는 0과 1만 있어야 합니다. 받은 값: {values}",
    },
    "one_hot.row_sum": {
        "en": "Each row of `{name}` should hold exactly one 1. Received: row {row} holds {ones:g}",
        "ko": "`{name}`의 각 행에는 1이 정확히 하나 있어야 합니다. 받은 값: {row}번 행에 {ones:g}개",
    },
    "one_hot.wrong_column": {
        "en": "The 1 of row {row} should sit in column `{labels}[{row}]` = {label}; it sits in "
              "column {column} ({wrong} rows are wrong).",
        "ko": "{row}번 행의 1은 label `{labels}[{row}] = {label}` 번째 열에 있어야 하는데 "
              "{column}번 열에 있습니다 (틀린 행 {wrong}개).",
    },
    "table.ok": {
        "en": "{problem}: `{activation}` + `{loss}`, correct.",
        "ko": "{problem}: `{activation}` + `{loss}` 맞습니다.",
    },
    "table.missing": {
        "en": "There is no `CHOICES`: create it in Part 2.",
        "ko": "`CHOICES`가 없습니다. ② 셀에서 만드세요.",
    },
    "table.not_a_dict": {
        "en": "`CHOICES` should be a dict. Received: CHOICES={value}",
        "ko": "`CHOICES`는 딕셔너리여야 합니다. 받은 값: CHOICES={value}",
    },
    "table.no_key": {
        "en": "`CHOICES` has no key {key!r}; expected the keys {expected}. Received: keys "
              "{keys}",
        "ko": "`CHOICES`에 키 {key!r}가 없습니다. 키: {expected}. 받은 키: {keys}",
    },
    "table.not_a_pair": {
        "en": "Give a pair (output activation, loss). Received: CHOICES[{key!r}]={value}",
        "ko": "(출력층 활성함수, loss) 두 값의 쌍이어야 합니다. 받은 값: CHOICES[{key!r}]={value}",
    },
    "table.from_logits": {
        "en": "{problem}: the loss has `from_logits=True`, but the {activation} output already "
              "gives probabilities: expected `from_logits=False` (the default).",
        "ko": "{problem}: loss에 `from_logits=True`가 있습니다. 출력층의 {activation}가 이미 확률을 "
              "만들므로 `from_logits=False`(기본값)여야 합니다.",
    },
    "table.wrong": {
        "en": "{problem}: the output activation and loss should be `{activation}` + `{loss}`. "
              "Received: CHOICES[{key!r}]=({found_activation}, {found_loss}). {why}",
        "ko": "{problem}: 출력층 활성함수와 loss는 `{activation}` + `{loss}`이어야 합니다. 받은 값: "
              "CHOICES[{key!r}]=({found_activation}, {found_loss}). {why}",
    },
    "table.binary": {"en": "Binary classification", "ko": "이진 분류"},
    "table.multiclass_onehot": {"en": "Multi-class classification, one-hot labels",
                                "ko": "다중 분류, 원핫인코딩된 label"},
    "table.multiclass_integer": {"en": "Multi-class classification, integer labels",
                                 "ko": "다중 분류, 정수 label"},
    "table.why.binary": {
        "en": "One output gives the probability of class 1: sigmoid squeezes it into (0, 1), "
              "and binary cross-entropy compares it with the 0/1 label.",
        "ko": "출력 하나가 클래스 1일 확률이고 sigmoid가 그 값을 0 ~ 1 사이로 만들며, "
              "binary_crossentropy가 그 확률을 0/1 label과 비교합니다.",
    },
    "table.why.multiclass_onehot": {
        "en": "Softmax turns N scores into probabilities that sum to 1, and categorical "
              "cross-entropy compares them with the one-hot label vector.",
        "ko": "softmax가 N개의 점수를 합이 1인 확률로 바꾸고, categorical_crossentropy가 "
              "그 확률을 원핫 벡터 label과 비교합니다.",
    },
    "table.why.multiclass_integer": {
        "en": "The output is the same softmax; the sparse version takes each label as a class "
              "number (0 to N-1) instead of a one-hot vector.",
        "ko": "출력은 똑같이 softmax이고, sparse 버전은 label을 원핫 벡터 대신 클래스 번호"
              "(0 ~ N-1)로 받습니다.",
    },
    "one_hot_loss.not_compiled": {
        "en": "The model was not compiled, so it has no loss. Write `model.compile("
              "optimizer='adam', loss=..., metrics=['acc'])` in Part 3, with the loss for "
              "one-hot labels.",
        "ko": "모델이 compile되지 않아 loss가 없습니다. ③ 셀에서 `model.compile(optimizer='adam', "
              "loss=..., metrics=['acc'])`를 쓰세요 (loss는 원핫인코딩된 label에 맞게).",
    },
    "one_hot_loss.no_fit": {
        "en": "`fit` did not run: look at the error in the training cell (is there a "
              "`y_train_onehot`?).",
        "ko": "`fit`이 실행되지 않았습니다. 학습 셀의 오류를 확인하세요 (`y_train_onehot`이 있나요?).",
    },
    "one_hot_loss.labels_not_one_hot": {
        "en": "The labels `fit` was given are not one-hot encoded (shape={shape}): check Part 1.",
        "ko": "`fit`이 받은 label이 원핫인코딩이 아닙니다 (shape={shape}). ① 원핫인코딩을 확인하세요.",
    },
    "one_hot_accuracy.low": {
        "en": "Accuracy on the 10,000 test images, computed by the grader, should be at least "
              "{minimum:.2f}; found {accuracy:.4f}. Check the one-hot labels and the loss for "
              "the softmax output.",
        "ko": "채점기가 10,000개 테스트 이미지로 계산한 정확도는 {minimum:.2f} 이상이어야 하는데 "
              "{accuracy:.4f}입니다. 원핫인코딩, 출력층의 softmax와 loss를 확인하세요.",
    },
    # == instructors: discovery, merge, class report, Gradescope ==========================
    "discovery.nothing": {
        "en": "No submission in {folder}: expected the assignment's notebook (.ipynb), or a "
              ".py script or a saved .h5/.keras model (files the course hands out, such as "
              "`*_checks.py`, are not graded).",
        "ko": "{folder}에 제출물이 없습니다. 과제 노트북(.ipynb)이나 .py 스크립트, 저장된 .h5/.keras "
              "모델이 있어야 합니다 (`*_checks.py`처럼 수업에서 나눠 준 파일은 채점하지 않습니다).",
    },
    "discovery.ambiguous": {
        "en": "Cannot tell which file in {folder} is the submission: found {files}, none named "
              "{expected}. Keep one, or name it {expected}.",
        "ko": "{folder}에서 어느 파일이 제출물인지 알 수 없습니다: {files}이(가) 있고 {expected}라는 "
              "이름의 파일은 없습니다. 하나만 남기거나 {expected}로 이름을 바꾸세요.",
    },
    "discovery.picked": {
        "en": "graded {file}, the assignment's submission; not graded: {others}",
        "ko": "과제 제출물 {file}을(를) 채점했습니다. 채점하지 않은 파일: {others}",
    },
    "discovery.gradescope_several": {
        "en": "`--gradescope` writes Gradescope's results.json for one submission; found "
              "{count}: {names}. Give one file or one submission folder, or leave out "
              "`--gradescope`.",
        "ko": "`--gradescope`는 제출물 하나의 Gradescope results.json을 씁니다. 찾은 제출물 {count}개: "
              "{names}. 파일이나 제출 폴더 하나만 주거나 `--gradescope`를 빼세요.",
    },
    "discovery.none": {
        "en": "No submissions found: expected .ipynb, .py, .h5 or .keras files, or folders "
              "holding them (nbgrader's submitted/<student>/<assignment>/).",
        "ko": "제출물을 찾지 못했습니다. .ipynb, .py, .h5, .keras 파일이나 그 파일이 든 폴더"
              "(nbgrader의 submitted/<student>/<assignment>/)를 주세요.",
    },
    "shard.given": {
        "en": "Grading shard {index} of {count} (as given: --shard {index}/{count}).",
        "ko": "{count}개 중 {index}번째 묶음을 채점합니다 (--shard {index}/{count}로 지정).",
    },
    "shard.slurm": {
        "en": "Grading shard {index} of {count}, from Slurm's job array: {read}.",
        "ko": "Slurm 작업 배열에서 읽은 {count}개 중 {index}번째 묶음을 채점합니다: {read}.",
    },
    "shard.kubernetes": {
        "en": "Grading shard {index} of {count}, from the Kubernetes Indexed Job: {read} "
              "(counted from 0) of the {count} given.",
        "ko": "Kubernetes Indexed Job에서 읽은 {count}개 중 {index}번째 묶음을 채점합니다: {read} "
              "(0부터 셈), 개수 {count}은(는) 지정한 값.",
    },
    "shard.syntax": {
        "en": "--shard must be K/N (e.g. 2/4), `auto` (Slurm job arrays) or `auto/N` "
              "(Kubernetes Indexed Jobs with N completions). Received: --shard {spec}",
        "ko": "--shard는 K/N(예: 2/4), `auto`(Slurm 작업 배열), `auto/N`(completions가 N인 "
              "Kubernetes Indexed Job) 중 하나여야 합니다. 받은 값: --shard {spec}",
    },
    "shard.not_a_number": {
        "en": "--shard needs whole numbers: {name} should be an integer. Received: "
              "{name}={value!r} (from --shard {spec})",
        "ko": "--shard에는 정수가 필요합니다: {name}이(가) 정수여야 합니다. 받은 값: "
              "{name}={value!r} (--shard {spec})",
    },
    "shard.out_of_range": {
        "en": "--shard K/N needs 1 <= K <= N. Received: K={index}, N={count} (from --shard "
              "{spec})",
        "ko": "--shard K/N에서 1 <= K <= N이어야 합니다. 받은 값: K={index}, N={count} "
              "(--shard {spec})",
    },
    "shard.no_scheduler": {
        "en": "--shard {spec} reads the task's index from the job scheduler, but neither "
              "SLURM_ARRAY_TASK_ID (Slurm job arrays) nor JOB_COMPLETION_INDEX (Kubernetes "
              "Indexed Jobs) is set. Run it as an array task, or give --shard K/N.",
        "ko": "--shard {spec}는 작업 스케줄러에서 번호를 읽는데 SLURM_ARRAY_TASK_ID(Slurm 작업 "
              "배열)도 JOB_COMPLETION_INDEX(Kubernetes Indexed Job)도 없습니다. 배열 작업으로 "
              "실행하거나 --shard K/N을 주세요.",
    },
    "shard.slurm_no_count": {
        "en": "--shard {spec}: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not "
              "(Slurm older than 17.11?). Give the count: --shard K/N.",
        "ko": "--shard {spec}: SLURM_ARRAY_TASK_ID는 있지만 SLURM_ARRAY_TASK_COUNT가 없습니다 "
              "(17.11보다 오래된 Slurm?). --shard K/N으로 개수를 주세요.",
    },
    "shard.kubernetes_no_count": {
        "en": "--shard {spec}: JOB_COMPLETION_INDEX={index} is set, but Kubernetes does not "
              "tell a pod how many completions its Job has. Give it: --shard auto/N, with N "
              "the Job's `completions`.",
        "ko": "--shard {spec}: JOB_COMPLETION_INDEX={index}는 있지만 Kubernetes는 Job의 "
              "completions 수를 알려 주지 않습니다. --shard auto/N으로 주세요 (N은 Job의 "
              "`completions`).",
    },
    "shard.count_differs": {
        "en": "--shard {spec} gives a count that differs from the {source} scheduler's, "
              "{count}. Leave the count out (--shard auto) or make them agree.",
        "ko": "--shard {spec}의 개수가 {source} 스케줄러의 개수 {count}와 다릅니다. "
              "개수를 빼거나(--shard auto) 같게 맞추세요.",
    },
    "merge.mixed_counts": {
        "en": "The shards disagree on how many shards there are ({counts}): {files}. Merge "
              "the reports of one batch.",
        "ko": "묶음 개수가 서로 다릅니다 ({counts}): {files}. 한 번의 채점에서 나온 결과만 합치세요.",
    },
    "merge.missing_shards": {
        "en": "Missing shards: {missing} of {count}. Grade them (or wait for their jobs), "
              "then merge again; --allow-partial merges without them.",
        "ko": "빠진 묶음: {count}개 중 {missing}. 그 묶음을 채점한 뒤(또는 작업이 끝난 뒤) 다시 "
              "합치세요. --allow-partial을 주면 빠진 채로 합칩니다.",
    },
    "merge.same_shard": {
        "en": "Shard {index} of {count} appears in more than one file: {files}. Keep one.",
        "ko": "{count}개 중 {index}번째 묶음이 여러 파일에 있습니다: {files}. 하나만 남기세요.",
    },
    "merge.unreported": {
        "en": "{file} was given {n} submission(s) it does not report (was its job stopped?): "
              "{names}.",
        "ko": "{file}에 맡겨진 제출물 {n}개의 결과가 없습니다 (작업이 중간에 멈췄나요?): {names}.",
    },
    "merge.duplicates": {
        "en": "{n} submission(s) are in more than one report: {names}. Each submission "
              "should be graded in one shard.",
        "ko": "제출물 {n}개가 여러 결과 파일에 있습니다: {names}. 제출물 하나는 한 묶음에서만 "
              "채점해야 합니다.",
    },
    "merge.mixed_rubrics": {
        "en": "The reports were graded with different rubrics: {groups}. Grade every shard "
              "with the same --rubric and --min-accuracy.",
        "ko": "결과 파일마다 채점 기준이 다릅니다: {groups}. 모든 묶음을 같은 --rubric, "
              "--min-accuracy로 채점하세요.",
    },
    "merge.refused": {
        "en": "Not merged (exit 1); --allow-partial merges anyway.",
        "ko": "합치지 않았습니다 (종료 코드 1). --allow-partial을 주면 그래도 합칩니다.",
    },
    "merge.partial": {
        "en": "Merged anyway (--allow-partial): each submission once, from the first file "
              "that has it.",
        "ko": "그래도 합쳤습니다 (--allow-partial): 제출물마다 그것이 있는 첫 파일의 결과 하나만 "
              "넣었습니다.",
    },
    "report.title": {"en": "Class report", "ko": "학급 채점 보고서"},
    "report.submissions": {"en": "Submissions", "ko": "제출물"},
    "report.graded": {"en": "Graded", "ko": "채점됨"},
    "report.errors": {"en": "Could not be graded", "ko": "채점할 수 없음"},
    "report.mean": {"en": "Mean score", "ko": "평균 점수"},
    "report.median": {"en": "Median score", "ko": "중앙값 점수"},
    "report.histogram": {"en": "Scores", "ko": "점수 분포"},
    "report.histogram_alt": {"en": "Histogram of the graded submissions' scores",
                             "ko": "채점된 제출물 점수의 히스토그램"},
    "report.score_axis": {"en": "score (of {max})", "ko": "점수 (만점 {max})"},
    "report.count_axis": {"en": "submissions", "ko": "제출물 수"},
    "report.pass_rates": {"en": "Pass rate of each check", "ko": "항목별 통과율"},
    "report.pass_rates_alt": {"en": "Share of graded submissions that pass each check",
                              "ko": "각 항목을 통과한 제출물의 비율"},
    "report.rate_axis": {"en": "passed (% of graded submissions)",
                         "ko": "통과 (채점된 제출물 중 %)"},
    "report.check": {"en": "Check", "ko": "항목"},
    "report.passed": {"en": "Passed", "ko": "통과"},
    "report.rate": {"en": "Pass rate", "ko": "통과율"},
    "report.failures": {"en": "Most common mistakes", "ko": "가장 흔한 실수"},
    "report.key": {"en": "Verdict", "ko": "판정 키"},
    "report.count": {"en": "Submissions", "ko": "제출물 수"},
    "report.example": {"en": "One example message", "ko": "메시지 예"},
    "report.no_failures": {"en": "No graded submission failed a check.",
                           "ko": "항목을 통과하지 못한 제출물이 없습니다."},
    "report.students": {"en": "Students", "ko": "학생별 결과"},
    "report.student": {"en": "Student", "ko": "학생"},
    "report.score": {"en": "Score", "ko": "점수"},
    "report.status": {"en": "Status", "ko": "상태"},
    "report.status_graded": {"en": "graded", "ko": "채점됨"},
    "report.status_error": {"en": "not graded", "ko": "채점 안 됨"},
    "report.accuracy": {"en": "Accuracy", "ko": "정확도"},
    "report.seconds": {"en": "Seconds", "ko": "초"},
    "report.feedback": {"en": "feedback", "ko": "피드백"},
    "report.no_page": {"en": "no page", "ko": "페이지 없음"},
    "report.not_graded": {"en": "Submissions that could not be graded",
                          "ko": "채점할 수 없었던 제출물"},
    "report.cause": {"en": "Cause", "ko": "원인"},
    "report.none_graded": {"en": "No submission could be graded, so there are no scores to "
                                 "show.",
                           "ko": "채점된 제출물이 없어 보여 줄 점수가 없습니다."},
    "report.written": {"en": "Class report written to {path}",
                       "ko": "학급 보고서를 {path}에 썼습니다"},
    "gradescope.score": {"en": "**Score: {score} / {max}**, computed by the tfcert grader.",
                         "ko": "**점수: {score} / {max}** (tfcert 채점기가 계산)."},
    "gradescope.hidden": {
        "en": "The accuracy test ({checks}) shows once the grades are published.",
        "ko": "정확도 테스트({checks})는 성적이 공개된 뒤에 보입니다.",
    },
    "gradescope.error": {
        "en": "**The submission could not be graded:** {cause}",
        "ko": "**제출물을 채점할 수 없었습니다:** {cause}",
    },
    "gradescope.nothing_submitted": {
        "en": "**Nothing to grade:** {problem}",
        "ko": "**채점할 제출물이 없습니다:** {problem}",
    },
    "gradescope.grader_failed": {
        "en": "**The autograder itself failed** (not your submission's fault; tell your "
              "instructor): {cause}",
        "ko": "**자동 채점기 자체가 실패했습니다** (제출물의 잘못이 아닙니다. 강사에게 알려 주세요): "
              "{cause}",
    },
    "gradescope.built": {
        "en": "Gradescope autograder written to {path}: upload it as the assignment's "
              "autograder (Ubuntu base image). It holds {files}.",
        "ko": "Gradescope 자동 채점기를 {path}에 썼습니다. 과제의 autograder로 올리세요 "
              "(Ubuntu 기본 이미지). 들어 있는 파일: {files}.",
    },
    "gradescope.no_wheel": {
        "en": "Cannot build the kit's wheel: this kit is not a source checkout ({where}). "
              "Give a wheel with --wheel tfcert_kit-*.whl.",
        "ko": "키트의 wheel을 만들 수 없습니다: 소스 체크아웃이 아닙니다 ({where}). "
              "--wheel tfcert_kit-*.whl로 wheel을 주세요.",
    },
    "gradebook.missing": {
        "en": "There is no nbgrader gradebook at {path}. Expected the course's gradebook.db "
              "(made by `nbgrader generate_assignment`, in the course folder).",
        "ko": "{path}에 nbgrader gradebook이 없습니다. 강좌 폴더의 gradebook.db(`nbgrader "
              "generate_assignment`가 만듦)를 주세요.",
    },
    "gradebook.no_assignment": {
        "en": "The gradebook {path} has no assignment {assignment}: run `nbgrader "
              "generate_assignment {assignment}` in the course folder first.",
        "ko": "gradebook {path}에 과제 {assignment}가 없습니다. 먼저 강좌 폴더에서 `nbgrader "
              "generate_assignment {assignment}`를 실행하세요.",
    },
    "gradebook.which_notebook": {
        "en": "Cannot tell which notebook of the assignment {assignment} takes the scores: it "
              "has {notebooks}. Name it with --gradebook-notebook.",
        "ko": "과제 {assignment}의 어느 노트북에 점수를 넣을지 알 수 없습니다 (노트북: {notebooks}). "
              "--gradebook-notebook으로 정하세요.",
    },
    "gradebook.no_student": {
        "en": "not written to the gradebook: {submission} has no student id and assignment "
              "(grade nbgrader's submitted/<student>/<assignment>/ folders)",
        "ko": "gradebook에 쓰지 않음: {submission}에 학생 id와 과제가 없습니다 (nbgrader의 "
              "submitted/<student>/<assignment>/ 폴더를 채점하세요)",
    },
    "gradebook.not_graded": {
        "en": "not written to the gradebook: {student}'s {submission} could not be graded; "
              "the gradebook keeps what it had",
        "ko": "gradebook에 쓰지 않음: {student}의 {submission}은(는) 채점할 수 없었습니다. "
              "gradebook의 기존 값을 그대로 둡니다",
    },
    "gradebook.no_cell": {
        "en": "not written to the gradebook: the notebook {notebook} has no grade cell {cell} "
              "for the check {check}",
        "ko": "gradebook에 쓰지 않음: 노트북 {notebook}에 항목 {check}의 채점 셀 {cell}이 없습니다",
    },
    "gradebook.written": {
        "en": "Scores written to the nbgrader gradebook {path} ({count} submissions): "
              "`nbgrader export` and `nbgrader generate_feedback` now carry them.",
        "ko": "점수를 nbgrader gradebook {path}에 썼습니다 (제출물 {count}개): `nbgrader export`와 "
              "`nbgrader generate_feedback`에 반영됩니다.",
    },
    "report.no_template": {
        "en": "--template should be a Jinja2 file (start from "
              "autograder/templates/class_report.html.j2). Received: {path} (not a file)",
        "ko": "--template에는 Jinja2 파일을 주세요 (autograder/templates/class_report.html.j2에서 "
              "시작하세요). 받은 값: {path} (파일이 아님)",
    },
    "report.bad_template": {
        "en": "The template {path} cannot be rendered: {error}",
        "ko": "템플릿 {path}을(를) 렌더링할 수 없습니다: {error}",
    },
    # The notebook's own self-check (`autograder.live`: check, check_all, start_recording).
    "live.budget": {
        "en": "Reduced training budget: epochs <= {epochs}, training images: {images} "
              "(${env_epochs}, ${env_train_size} or the grader)",
        "ko": "학습 예산이 줄었습니다: epochs <= {epochs}, 학습 이미지: {images} "
              "(${env_epochs}, ${env_train_size} 또는 채점기)",
    },
    "live.all_training_images": {"en": "all", "ko": "전체"},
    "live.table_title": {"en": "Self-check: {exercise}", "ko": "자가 점검: {exercise}"},
    "live.table_check": {"en": "check", "ko": "항목"},
    "live.table_points": {"en": "points", "ko": "점수"},
    "live.passed": {"en": "passed", "ko": "통과"},
    "live.failed": {"en": "failed", "ko": "실패"},
    "live.error": {"en": "grader error", "ko": "채점기 오류"},
    "live.total": {"en": "Total: {score:g} / {max_score:g}",
                   "ko": "합계: {score:g} / {max_score:g}"},
    # Live progress of a submission's run (`progress`): a terminal line or a log line.
    "progress.cell": {"en": "{name}: running cell {cell}/{cells}",
                      "ko": "{name}: 셀 {cell}/{cells} 실행 중"},
    "progress.epoch": {
        "en": "{name}: epoch {epoch}/{epochs}  {logs}  {seconds} s, about {left} left",
        "ko": "{name}: epoch {epoch}/{epochs}  {logs}  {seconds}초, 남은 시간 약 {left}",
    },
    "sandbox.unavailable": {
        "en": "--sandbox bwrap: bubblewrap cannot box a kernel here ({reason}). Install it "
              "(sudo apt-get install bubblewrap) and let users make namespaces (sysctl "
              "kernel.unprivileged_userns_clone=1, or a container run with user namespaces), "
              "or grade with --sandbox auto.",
        "ko": "--sandbox bwrap: 이 컴퓨터에서 bubblewrap으로 커널을 격리할 수 없습니다 ({reason}). "
              "설치하고(sudo apt-get install bubblewrap) 사용자 네임스페이스를 허용하세요(sysctl "
              "kernel.unprivileged_userns_clone=1, 또는 사용자 네임스페이스를 쓰는 컨테이너). "
              "아니면 --sandbox auto로 채점하세요.",
    },
    "sandbox.fallback": {
        "en": "Warning: bubblewrap cannot box the submissions' kernels here ({reason}); they "
              "run unboxed, as the grader's user, and every result says \"sandbox\": \"off\". "
              "Install bubblewrap (sudo apt-get install bubblewrap) before grading strangers' "
              "code.",
        "ko": "경고: 이 컴퓨터에서 bubblewrap으로 제출물의 커널을 격리할 수 없습니다 ({reason}). 커널은 "
              "격리 없이 채점기의 사용자로 실행되며, 모든 결과에 \"sandbox\": \"off\"가 기록됩니다. "
              "모르는 사람의 코드를 채점하기 전에 bubblewrap을 설치하세요(sudo apt-get install "
              "bubblewrap).",
    },
    # -- issue 15 (Keras 2 and Keras 3): `keras_versions`, `grade`, `results` -------
    "keras.rerun": {
        "en": "Written for tf.keras 2: on Keras 3 it stopped with this error: {error}. It was "
              "graded again as written under Keras 2 (tf-keras, TF_USE_LEGACY_KERAS=1).",
        "ko": "tf.keras 2용으로 작성된 코드입니다. Keras 3에서는 다음 오류로 멈췄습니다: {error}. 그래서 "
              "작성된 그대로 Keras 2(tf-keras, TF_USE_LEGACY_KERAS=1)에서 다시 채점했습니다.",
    },
    "keras.fix.weights_suffix": {
        "en": "On Keras 3, change the weights path's suffix to `.weights.h5` (e.g. "
              "`checkpoint_path = \"my_checkpoint.weights.h5\"` instead of `.ckpt` or `.h5`).",
        "ko": "Keras 3에서는 가중치 경로의 확장자를 `.weights.h5`로 바꾸세요(예: `.ckpt`나 `.h5` 대신 "
              "`checkpoint_path = \"my_checkpoint.weights.h5\"`).",
    },
    "keras.fix.model_suffix": {
        "en": "On Keras 3, give a whole-model path the suffix `.keras` (e.g. `best_model.keras`) "
              "instead of no suffix.",
        "ko": "Keras 3에서는 모델 전체를 저장하는 경로에 확장자 `.keras`를 붙이세요(예: "
              "`best_model.keras`).",
    },
    "keras.fix.metrics_list": {
        "en": "On Keras 3, give `metrics` as a list: change `metrics='accuracy'` to "
              "`metrics=['accuracy']`.",
        "ko": "Keras 3에서는 `metrics`를 리스트로 주세요: `metrics='accuracy'`를 "
              "`metrics=['accuracy']`로 바꾸세요.",
    },
    "keras.fix.period": {
        "en": "On Keras 3, `ModelCheckpoint` has no `period`: remove it (checked each epoch, "
              "`save_freq='epoch'`) or count batches with `save_freq=`.",
        "ko": "Keras 3의 `ModelCheckpoint`에는 `period`가 없습니다: 빼거나(매 epoch 점검, "
              "`save_freq='epoch'`) `save_freq=`로 배치 수를 지정하세요.",
    },
    "keras.fix.v1_optimizer": {
        "en": "On Keras 3, change the `tf.compat.v1.train` optimizer to a Keras one (e.g. "
              "`tf.compat.v1.train.AdamOptimizer()` to `tf.keras.optimizers.Adam()` or "
              "`'adam'`).",
        "ko": "Keras 3에서는 `tf.compat.v1.train` 옵티마이저를 Keras의 것으로 바꾸세요(예: "
              "`tf.compat.v1.train.AdamOptimizer()` 대신 `tf.keras.optimizers.Adam()` 또는 "
              "`'adam'`).",
    },
    "keras.fix.lr": {
        "en": "On Keras 3, change the optimizer's `lr=` to `learning_rate=`.",
        "ko": "Keras 3에서는 옵티마이저의 `lr=`를 `learning_rate=`로 바꾸세요.",
    },
    "keras.fix.legacy_optimizer": {
        "en": "On Keras 3, change `tf.keras.optimizers.legacy.Adam` to "
              "`tf.keras.optimizers.Adam`.",
        "ko": "Keras 3에서는 `tf.keras.optimizers.legacy.Adam`을 `tf.keras.optimizers.Adam`으로 "
              "바꾸세요.",
    },
    "keras.fix.generator": {
        "en": "On Keras 3, change `fit_generator` (or `evaluate_generator`, "
              "`predict_generator`) to `fit` (`evaluate`, `predict`).",
        "ko": "Keras 3에서는 `fit_generator`(또는 `evaluate_generator`, `predict_generator`)를 "
              "`fit`(`evaluate`, `predict`)으로 바꾸세요.",
    },
    "keras.fix.fit_workers": {
        "en": "On Keras 3, remove `workers`, `use_multiprocessing` and `max_queue_size` from "
              "`fit`.",
        "ko": "Keras 3에서는 `fit`에서 `workers`, `use_multiprocessing`, `max_queue_size`를 "
              "빼세요.",
    },
    "keras.no_tf_keras": {
        "en": "Written for tf.keras 2: on Keras 3 it stopped with this error: {error}. tf-keras "
              "is not installed where the grader runs, so it was graded on Keras 3 only (pip "
              "install tf-keras).",
        "ko": "tf.keras 2용으로 작성된 코드입니다. Keras 3에서는 다음 오류로 멈췄습니다: {error}. 채점기 "
              "환경에 tf-keras가 설치되어 있지 않아 Keras 3에서만 채점했습니다(pip install tf-keras).",
    },
    "batch.resume_needs_log": {
        "en": "--resume reads the log of an earlier run: give it with --log FILE (or --json "
              "FILE, whose log is FILE with the suffix .jsonl).",
        "ko": "--resume은 이전 실행의 로그를 읽습니다: --log FILE로 지정하세요(또는 --json FILE, "
              "그 로그는 확장자가 .jsonl인 FILE입니다).",
    },
    "batch.resumed": {
        "en": "Resuming from {path}: {done} of {total} submissions already graded there; "
              "grading the others ({ignored} unfinished lines ignored).",
        "ko": "{path}에서 이어서 채점합니다: 제출물 {total}개 중 {done}개는 이미 채점되어 있어 "
              "나머지를 채점합니다(끝나지 않은 줄 {ignored}개는 무시).",
    },
    # Tamper flags (issue 14, item 5): what the kernel's tamper watch saw (`flags`,
    # `runner/audit.py`), in JSON, CSV, Gradescope, the feedback page and the class report.
    "flag.summary": {
        "en": "**Flagged for review.** The submission's own code did things an honest "
              "submission of this exercise does not do (listed below). It was graded as usual; "
              "an instructor should look at it before the score counts.",
        "ko": "**검토 대상으로 표시됨.** 제출물의 코드가 이 과제의 정직한 제출물은 하지 않는 일을 "
              "했습니다(아래 목록). 평소대로 채점했으며, 점수를 반영하기 전에 강사가 확인해야 합니다.",
    },
    "flag.title": {"en": "Flagged for review", "ko": "검토 대상"},
    "flag.line": {"en": "{what} ({count}x): `{detail}`", "ko": "{what} ({count}회): `{detail}`"},
    "flag.process": {"en": "started a process", "ko": "프로세스를 실행함"},
    "flag.signal": {"en": "sent a signal to a process", "ko": "프로세스에 시그널을 보냄"},
    "flag.socket": {"en": "opened a network connection", "ko": "네트워크 연결을 시도함"},
    "flag.ctypes": {"en": "used `ctypes` (raw memory or C functions)",
                    "ko": "`ctypes`를 사용함(메모리 직접 접근 또는 C 함수 호출)"},
    "flag.introspection": {"en": "reached frames or objects it was not given (the grader's "
                                 "state)",
                           "ko": "받지 않은 프레임이나 객체(채점기의 상태)에 접근함"},
    "flag.monkeypatch": {"en": "changed a class of Keras or of the grader",
                         "ko": "Keras나 채점기의 클래스를 바꿈"},
    "flag.proc": {"en": "read other processes' `/proc` entries",
                  "ko": "다른 프로세스의 `/proc` 항목을 읽음"},
    "flag.grader_files": {"en": "opened the grader's files, the kit or the data for writing",
                          "ko": "채점기의 파일, 키트 또는 데이터를 쓰기용으로 열었음"},
    "flag.notes_edited": {"en": "the recorder's notes were edited after they were taken",
                          "ko": "기록기의 기록이 작성된 뒤에 수정됨"},
    "flag.weights_unrecorded": {"en": "the final weights come from no recorded `fit` or reload",
                                "ko": "최종 가중치가 기록된 `fit`이나 다시 불러오기에서 나온 것이 아님"},
    "flag.recorder_replaced": {"en": "the grader's recorder or Keras' recorded methods were "
                                     "replaced",
                               "ko": "채점기의 기록기나 Keras의 기록되는 메서드가 바뀜"},
    "flag.extraction_replaced": {"en": "the grader's extraction step was replaced or bypassed",
                                 "ko": "채점기의 추출 단계가 바뀌거나 우회됨"},
    "flag.unrecorded_training": {"en": "trained through Keras' unwrapped `fit` (not recorded)",
                                 "ko": "감싸지 않은 Keras `fit`으로 학습함(기록되지 않음)"},
    "flag.watch_missing": {"en": "the grader's tamper watch left no notes",
                           "ko": "채점기의 변조 감시 기록이 없음"},
    "flag.more": {"en": "more events, not listed", "ko": "목록에 없는 추가 사건"},
    "flag.unknown": {"en": "an event of kind {kind}", "ko": "{kind} 종류의 사건"},
    "flag.status": {"en": "flagged", "ko": "검토 필요"},
    "flag.count": {"en": "Flagged for review", "ko": "검토 대상"},
    # issue 17: which path trained the graded `fit` (`runner.fast_path`, `evidence.Training`)
    "training.fast": {
        "en": "Trained on the grader's fast path: your model, compile settings, callbacks and "
              "data, fed as float32 with several batches per call (and XLA on long runs), "
              "validated in large batches. Only floating-point rounding differs from your own "
              "code; `--exact` trains it as written.",
        "ko": "채점기의 빠른 경로로 학습했습니다. 모델, compile 설정, 콜백, 데이터는 그대로이고, "
              "입력을 float32로 여러 배치씩 한 번에 실행하며(긴 학습에는 XLA도 사용) 검증은 큰 "
              "배치로 합니다. 작성한 코드와 다른 점은 부동소수점 반올림뿐입니다. `--exact`를 주면 "
              "작성한 그대로 학습합니다.",
    },
    "training.exact.requested": {
        "en": "Trained exactly as written (`--exact`).",
        "ko": "작성한 그대로 학습했습니다(`--exact`).",
    },
    "training.exact.keras2": {
        "en": "Trained as written: the grader's fast path is for Keras 3, and this ran under "
              "Keras 2.",
        "ko": "작성한 그대로 학습했습니다. 채점기의 빠른 경로는 Keras 3용인데 이 실행은 Keras 2였습니다.",
    },
    "training.exact.inputs": {
        "en": "Trained as written: `fit` was given a dataset, a generator or inputs other than "
              "in-memory NumPy arrays, which the grader's fast path does not take.",
        "ko": "작성한 그대로 학습했습니다. `fit`에 데이터셋, 제너레이터 또는 메모리의 NumPy 배열이 "
              "아닌 입력이 주어져 채점기의 빠른 경로를 쓸 수 없었습니다.",
    },
    "training.exact.weights": {
        "en": "Trained as written: `fit` was given `sample_weight` or `class_weight`, which the "
              "grader's fast path does not take.",
        "ko": "작성한 그대로 학습했습니다. `fit`에 `sample_weight`나 `class_weight`가 주어져 채점기의 "
              "빠른 경로를 쓸 수 없었습니다.",
    },
    "training.exact.callback": {
        "en": "Trained as written: the callback `{detail}` may act on every batch, and the "
              "grader's fast path runs several batches per call.",
        "ko": "작성한 그대로 학습했습니다. 콜백 `{detail}`이(가) 배치마다 동작할 수 있는데, 채점기의 "
              "빠른 경로는 한 번에 여러 배치를 실행합니다.",
    },
    "training.exact.train_step": {
        "en": "Trained as written: the model defines its own `{detail}`.",
        "ko": "작성한 그대로 학습했습니다. 모델이 자체 `{detail}`을(를) 정의합니다.",
    },
    "training.exact.argument": {
        "en": "Trained as written: `{detail}` is set, which the grader's fast path does not "
              "take.",
        "ko": "작성한 그대로 학습했습니다. 채점기의 빠른 경로가 받지 않는 `{detail}` 설정이 있습니다.",
    },
    "training.exact.fast_failed": {
        "en": "The grader's fast path stopped with an error ({detail}), so the model was "
              "trained again from the start, as written.",
        "ko": "채점기의 빠른 경로가 오류({detail})로 멈춰서, 모델을 처음부터 작성한 그대로 다시 "
              "학습했습니다.",
    },
}
