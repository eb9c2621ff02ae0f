"""Every feedback text, in English and Korean.

Each message says what was expected, what was found, and a hint. Keys are
`<check id>.<case>`; parameters are filled with `str.format`.
"""

from __future__ import annotations

LANGUAGES = ("en", "ko")

MESSAGES: dict[str, dict[str, str]] = {
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
        "ko": "모델의 첫 층 `Rescaling(1./255)`가 이미 픽셀을 255로 나누므로 {split_ko} 이미지는 0-255 값으로 "
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
        "ko": "`fit`이 실행되지 않아{why_ko} 변수 `x_train`, `x_valid`로 판단했습니다: 둘 다 "
              "255로 나누어 [0, 1] 범위의 실수로 정규화되어 있습니다.",
    },
    "normalization.not_float": {
        "en": "The {split} images given to `fit` should be floats in [0, 1]; found dtype "
              "{dtype} with values from {min:g} to {max:g}. Hint: divide by 255: "
              "`{var} = {var} / 255.0`.",
        "ko": "`fit`에 전달된 {split_ko} 이미지는 [0, 1] 범위의 실수여야 하는데, dtype {dtype}, "
              "값의 범위 {min:g}~{max:g}입니다. 힌트: 255로 나누세요: `{var} = {var} / 255.0`.",
    },
    "normalization.wrong_scale": {
        "en": "The {split} images given to `fit` should be scaled to [0, 1] by dividing by 255 "
              "(largest pixel 1.0); found values from {min:.4g} to {max:.4g}. {hint}",
        "ko": "`fit`에 전달된 {split_ko} 이미지는 255로 나누어 [0, 1] 범위(가장 밝은 픽셀 1.0)여야 "
              "하는데, 값의 범위가 {min:.4g}~{max:.4g}입니다. {hint_ko}",
    },
    "normalization.not_pixel_scale": {
        "en": "The {split} images given to `fit` are in [0, 1] ({min:.4g} to {max:.4g}) but "
              "are not the pixels divided by 255: some values are not multiples of 1/255. "
              "`tf.keras.utils.normalize` scales each row to length 1 and per-pixel min-max "
              "scaling divides by other numbers; the lesson divides every pixel by 255, as the "
              "grader's test images are: `{var} = {var} / 255.0`.",
        "ko": "`fit`에 전달된 {split_ko} 이미지는 [0, 1] 범위({min:.4g}~{max:.4g})이지만 픽셀을 255로 "
              "나눈 값이 아닙니다: 1/255의 배수가 아닌 값이 있습니다. `tf.keras.utils.normalize`는 각 행의 "
              "길이를 1로 맞추고, 픽셀 위치별 min-max 정규화는 다른 수로 나눕니다. 수업(과 채점기의 테스트 "
              "이미지)은 모든 픽셀을 255로 나눕니다: `{var} = {var} / 255.0`.",
    },
    "normalization.no_validation": {
        "en": "`fit` was given no validation images; expected `validation_data=(x_valid, y_valid)` "
              "with `x_valid / 255.0`, as in the lesson (the checkpoint watches `val_loss`).",
        "ko": "`fit`에 검증 이미지가 없습니다. 수업처럼 `validation_data=(x_valid, y_valid)`에 "
              "`x_valid / 255.0`을 전달해야 합니다(체크포인트가 `val_loss`를 기준으로 합니다).",
    },
    "normalization.unknown": {
        "en": "The images given to `fit` could not be inspected (found {kind}); pass NumPy "
              "arrays as in the lesson: `model.fit(x_train, y_train, validation_data=(x_valid, "
              "y_valid), ...)`.",
        "ko": "`fit`에 전달된 이미지({kind})를 확인할 수 없습니다. 수업처럼 NumPy 배열을 전달하세요: "
              "`model.fit(x_train, y_train, validation_data=(x_valid, y_valid), ...)`.",
    },
    # -- layers ---------------------------------------------------------------------
    "layers.ok": {
        "en": "Flatten of (28, 28), then Dense 1024, 512, 256, 128, 64 with relu, in that order.",
        "ko": "Flatten(28, 28) 다음 Dense 1024, 512, 256, 128, 64(relu)가 순서대로 있습니다.",
    },
    "layers.no_model": {
        "en": "No model could be graded: {problem}. Expected a Keras model such as the lesson's "
              "`model = Sequential([...])`.",
        "ko": "채점할 모델이 없습니다: {problem}. 수업의 `model = Sequential([...])` 같은 Keras "
              "모델이 필요합니다.",
    },
    "layers.input_shape": {
        "en": "The first layer should be `Flatten(input_shape=(28, 28))` (or `keras.Input(shape="
              "(28, 28))` then `Flatten()`); found input shape {found}.",
        "ko": "첫 층은 `Flatten(input_shape=(28, 28))`(또는 `keras.Input(shape=(28, 28))` 다음 "
              "`Flatten()`)이어야 하는데, 입력 형태가 {found}입니다.",
    },
    "layers.difference": {
        "en": "Layer {position} should be {expected}; found {found}. The lesson's model is "
              "Flatten -> Dense 1024/512/256/128/64 (relu) -> Dense 10 (softmax).",
        "ko": "{position}번째 층은 {expected}이어야 하는데 {found}입니다. 수업의 모델은 Flatten -> "
              "Dense 1024/512/256/128/64 (relu) -> Dense 10 (softmax)입니다.",
    },
    # -- output_layer ---------------------------------------------------------------
    "output_layer.ok": {
        "en": "The output layer is `Dense(10, activation='softmax')`.",
        "ko": "출력층이 `Dense(10, activation='softmax')`입니다.",
    },
    "output_layer.wrong": {
        "en": "The output layer should be `Dense(10, activation='softmax')`; found {found}. "
              "{hint}",
        "ko": "출력층은 `Dense(10, activation='softmax')`이어야 하는데 {found}입니다. {hint_ko}",
    },
    # -- loss -----------------------------------------------------------------------
    "loss.ok": {
        "en": "The loss `{loss}` matches the softmax output and the {labels} labels.",
        "ko": "손실 함수 `{loss}`가 softmax 출력과 {labels_ko} 레이블에 맞습니다.",
    },
    "loss.not_compiled": {
        "en": "The model was not compiled, so it has no loss. Expected `model.compile(optimizer="
              "'adam', loss='sparse_categorical_crossentropy', metrics=['acc'])`.",
        "ko": "모델이 compile되지 않아 손실 함수가 없습니다. `model.compile(optimizer='adam', "
              "loss='sparse_categorical_crossentropy', metrics=['acc'])`가 필요합니다.",
    },
    "loss.mismatch": {
        "en": "With {labels} labels the loss should be `{expected}`; found `{loss}`. {hint}",
        "ko": "{labels_ko} 레이블에는 손실 함수 `{expected}`를 써야 하는데 `{loss}`입니다. {hint_ko}",
    },
    "loss.from_logits": {
        "en": "The loss has `from_logits=True` but the output layer already applies softmax; "
              "expected `from_logits=False` (the default). With softmax outputs the loss must "
              "not apply softmax a second time.",
        "ko": "출력층이 이미 softmax를 적용하는데 손실 함수에 `from_logits=True`가 있습니다. "
              "`from_logits=False`(기본값)여야 합니다. softmax를 두 번 적용하면 안 됩니다.",
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
        "en": "The optimizer should be Adam (`optimizer='adam'`); found {found}.",
        "ko": "옵티마이저는 Adam(`optimizer='adam'`)이어야 하는데 {found}입니다.",
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
              "verbose=1)`를 `callbacks=[checkpoint]`로 전달해야 합니다.{cause_ko}",
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
    "keras3_ckpt_hint": {
        "en": " Your code raised Keras 3's error: the checkpoint path `{path}` must become "
              "`{suggested}` (Keras 3 requires weights-only checkpoints to end in "
              "`.weights.h5`; tf.keras 2 took `.ckpt` and `.h5`).",
        "ko": " 코드에서 Keras 3 오류가 났습니다: 체크포인트 경로 `{path}`를 `{suggested}`로 "
              "바꾸세요(Keras 3에서는 가중치 체크포인트 파일이 `.weights.h5`로 끝나야 합니다. "
              "tf.keras 2는 `.ckpt`와 `.h5`를 받았습니다).",
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
              "`model.load_weights(checkpoint_path)`); {found_ko}. 이 코드가 없으면 체크포인트를 "
              "저장만 하고 사용하지 않습니다.",
    },
    "checkpoint_reload.no_checkpoint": {
        "en": "There is no checkpoint to reload: {problem}. Expected a ModelCheckpoint in `fit` "
              "and `model.load_weights(checkpoint_path)` afterwards.",
        "ko": "다시 불러올 체크포인트가 없습니다: {problem}. `fit`에 ModelCheckpoint를 전달하고 "
              "그 다음 `model.load_weights(checkpoint_path)`를 호출해야 합니다.",
    },
    "checkpoint_reload.unknown": {
        "en": "Training alone cannot show whether the checkpoint is reloaded: {reason}.",
        "ko": "학습 결과만으로는 체크포인트를 다시 불러왔는지 알 수 없습니다: {reason}.",
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
}

# Words that are filled into messages, per language.
WORDS = {
    "training": {"en": "training", "ko": "학습"},
    "validation": {"en": "validation", "ko": "검증"},
    "integer": {"en": "integer", "ko": "정수"},
    "one-hot": {"en": "one-hot", "ko": "원핫"},
}


def say(key: str, lang: str = "en", **params) -> str:
    """The message `key` in `lang`, filled with `params`."""
    if lang not in LANGUAGES:
        raise ValueError(f"Unknown language. Expected one of {LANGUAGES}. Received: lang={lang!r}")
    template = MESSAGES[key][lang]
    return template.format(**params)
