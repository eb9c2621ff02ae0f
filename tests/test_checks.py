"""Every check's every verdict, on evidence built by hand: scikit-learn's way, no kernel.

Each case is a submission's evidence with one defect (named by it) and what the measure
step found; the test runs the check through the table's `run_check`, as the grader does,
and asserts the verdict's key and its text in English and in Korean. A last test shows
that every verdict key of the catalog has a case here, and that no English sentence of
the kit reaches a Korean message.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

import evidence_builders as b
from autograder.checks import CHECKS, Verdict, run_check
from autograder.evidence import ReloadNote
from autograder.messages import MESSAGES, Phrase, render
from autograder.model_spec import LayerSpec
from autograder.results import ERROR, FAILED, PASSED
from autograder.runner.notebook import CellError

NAME_ERROR = CellError(3, "NameError", "name 'x_trian' is not defined")
KERAS3_PATH = CellError(5, "ValueError", "When using `save_weights_only=True` in "
                        "`ModelCheckpoint`, the filepath provided must end in `.weights.h5` "
                        "(Keras weights format). Received: filepath=my_checkpoint.ckpt")
SIGMOID = LayerSpec("Dense", units=10, activation="sigmoid")
LINEAR = LayerSpec("Dense", units=10, activation="linear")
FROM_LOGITS = {"class_name": "SparseCategoricalCrossentropy", "config": {"from_logits": True}}
HIDDEN = tuple(LayerSpec("Dense", units=u, activation="relu") for u in (1024, 512, 256, 128, 64))


NO_VALIDATION_FIT = b.fit(validation_x=None, validation_y=None, validation_in_training=None)
BAD_OPTIMIZER = Phrase.of("cause.compile_raised", ename="ValueError",
                          evalue="Could not interpret optimizer identifier: <AdamOptimizer>")
CONV = (LayerSpec("Conv2D", filters=32, kernel_size=(3, 3), activation="relu"),
        LayerSpec("MaxPooling2D", pool_size=(2, 2)), LayerSpec("Flatten"),
        LayerSpec("Dense", units=128, activation="relu"))


def _cnn(last: LayerSpec):
    layers = CONV + (last,)
    return b.ModelSpec(input_shape=(28, 28, 1), layers=layers, raw_layers=layers)


def _wrong_stats(**changes):
    return b.fit(x=b.pixels(**changes))


# id: (check id, evidence, measured, expected status, key, English gist, Korean gist)
CASES = {
    # -- normalization ---------------------------------------------------------------
    "lesson_normalization": ("normalization", b.lesson(), b.measured(), PASSED,
                             "normalization.ok", "floats scaled to [0, 1]", "정규화되어"),
    "rescaling_layer": ("normalization", b.lesson(
        fit=b.fit(x=b.pixels(dtype="uint8", max=255.0), validation_x=b.pixels(
            "test", dtype="uint8", max=255.0)), model=b.model(input_scale=1 / 255)),
        b.measured(), PASSED, "normalization.ok_in_model", "`Rescaling(1./255)` scales them",
        "모델 안에서"),
    "rescaling_and_divided": ("normalization", b.lesson(model=b.model(input_scale=1 / 255)),
                              b.measured(), FAILED, "normalization.in_model_mismatch",
                              "Keep one of the two: the Rescaling layer or `x_train / 255.0`",
                              "하나만 쓰세요"),
    "fit_never_ran": ("normalization", b.lesson(fit=None, fits=(), run=b.run(NAME_ERROR)),
                      b.measured(), FAILED, "normalization.no_fit",
                      "The first error in the submission: code cell 3: NameError",
                      "제출물의 첫 오류: 코드 셀 3: NameError"),
    "fit_failed_but_variables_scaled": ("normalization", b.lesson(
        fit=None, fits=(), run=b.run(NAME_ERROR),
        variables={"x_train": b.pixels(), "x_valid": b.pixels("test")}), b.measured(), PASSED,
        "normalization.ok_variables", "judged from the variables", "변수 `x_train`"),
    "no_normalization": ("normalization", b.lesson(fit=_wrong_stats(dtype="uint8", max=255.0)),
                         b.measured(), FAILED, "normalization.not_float",
                         "found dtype uint8 with values from 0 to 255", "dtype uint8"),
    "divided_twice": ("normalization", b.lesson(fit=_wrong_stats(max=1 / 255)), b.measured(),
                      FAILED, "normalization.wrong_scale",
                      "The pixels look divided by 255 twice", "두 번 나눈"),
    "divided_by_127_5": ("normalization", b.lesson(fit=_wrong_stats(max=2.0)), b.measured(),
                         FAILED, "normalization.wrong_scale",
                         "divided by 127.5 instead of 255", "127.5(으)로 나눈"),
    "standardized": ("normalization", b.lesson(fit=_wrong_stats(min=-0.8, max=2.0 / 1.4)),
                     b.measured(), FAILED, "normalization.wrong_scale",
                     "Negative values mean the pixels were shifted", "평균을 뺀"),
    "divided_by_256": ("normalization", b.lesson(fit=_wrong_stats(max=255 / 256)),
                       b.measured(), FAILED, "normalization.wrong_scale",
                       "Divide by exactly 255", "정확히 나누세요"),
    "per_pixel_min_max": ("normalization", b.lesson(fit=_wrong_stats(pixel_steps=False)),
                        b.measured(), FAILED, "normalization.not_pixel_scale",
                        "are not the pixels divided by 255", "1/255의 배수가 아닌"),
    "only_x_train_normalized": ("normalization", b.lesson(fit=b.fit(
        validation_x=b.pixels("test", dtype="uint8", max=255.0))), b.measured(), FAILED,
        "normalization.not_float", "The validation images given to `fit`", "검증 이미지"),
    # No validation data is `checkpoint_config`'s subject: the images given are judged.
    "no_validation_data": ("normalization", b.lesson(fit=NO_VALIDATION_FIT), b.measured(),
                           PASSED, "normalization.ok_training",
                           "The training images given to `fit` are floats scaled",
                           "학습 이미지가 255로 나누어"),
    "no_validation_rescaling_layer": ("normalization", b.lesson(
        fit=b.fit(x=b.pixels(dtype="uint8", max=255.0), validation_x=None),
        model=b.model(input_scale=1 / 255)), b.measured(), PASSED,
        "normalization.ok_training_in_model", "The training images reach `fit` as 0-255",
        "학습 이미지가 0-255"),
    "no_validation_unscaled": ("normalization", b.lesson(fit=b.fit(
        x=b.pixels(dtype="uint8", max=255.0), validation_x=None)), b.measured(), FAILED,
        "normalization.not_float", "The training images given to `fit`", "학습 이미지"),
    "fit_failed_only_x_train_scaled": ("normalization", b.lesson(
        fit=None, fits=(), run=b.run(NAME_ERROR), variables={"x_train": b.pixels()}),
        b.measured(), PASSED, "normalization.ok_variables_training",
        "judged from the variable `x_train`", "변수 `x_train`으로"),
    "generator_images": ("normalization", b.lesson(fit=b.fit(x=b.ArrayStats("generator"))),
                         b.measured(), FAILED, "normalization.unknown",
                         "could not be inspected (found generator)", "확인할 수 없습니다"),
    # -- layers and output layer -----------------------------------------------------
    "lesson_layers": ("layers", b.lesson(), b.measured(), PASSED, "layers.ok",
                      "Flatten of (28, 28), then Dense 1024, 512, 256, 128, 64", "순서대로"),
    "no_model": ("layers", b.lesson(model=None, model_problem=Phrase.of(
        "model.with_first_error", problem=Phrase.of("model.none_found"),
        error=Phrase.of("cause.cell_error", cell=2, ename="SyntaxError", evalue="invalid"))),
        b.measured(), FAILED, "layers.no_model",
        "No model could be graded: no Keras model was found",
        "채점할 모델이 없습니다: Keras 모델을 찾지 못했습니다"),
    "model_is_not_keras": ("layers", b.lesson(model=None, model_problem=Phrase.of(
        "model.not_keras", name="model",
        kind=Phrase.of("word.an_object_of", kind="NearestCentroid"))), b.measured(), FAILED,
        "layers.no_model", "`model` is a NearestCentroid, not a Keras model",
        "Keras 모델이 아니라 NearestCentroid 객체"),
    "input_not_28x28": ("layers", b.lesson(model=b.model(input_shape=(784,))), b.measured(),
                        FAILED, "layers.input_shape", "found input shape (784,)",
                        "입력 형태가 (784,)"),
    "input_unknown": ("layers", b.lesson(model=b.model(input_shape=None)), b.measured(),
                      FAILED, "layers.input_shape", "found input shape unknown",
                      "입력 형태가 알 수 없음"),
    "missing_1024_layer": ("layers", b.lesson(model=b.model(*HIDDEN[1:], b.model().layers[-1])),
                           b.measured(), FAILED, "layers.difference",
                           "Layer 2 should be Dense(1024, activation='relu'); found Dense(512",
                           "2번째 층은"),
    "too_few_layers": ("layers", b.lesson(model=b.model(HIDDEN[0], b.model().layers[-1])),
                       b.measured(), FAILED, "layers.difference",
                       "Layer 3 should be Dense(512, activation='relu'); found no layer (the "
                       "model ends earlier)", "층이 없음(모델이 더 일찍 끝남)"),
    "extra_dense_layer": ("layers", b.lesson(model=b.model(
        *HIDDEN, LayerSpec("Dense", units=32, activation="relu"), b.model().layers[-1])),
        b.measured(), FAILED, "layers.difference",
        "Layer 7 should be Dense(10, activation='softmax') (the output layer); found Dense(32",
        "(출력층)이어야"),
    "lesson_output": ("output_layer", b.lesson(), b.measured(), PASSED, "output_layer.ok",
                      "The output layer is `Dense(10, activation='softmax')`", "출력층이"),
    "sigmoid_output": ("output_layer", b.lesson(model=b.model(*HIDDEN, SIGMOID)), b.measured(),
                       FAILED, "output_layer.wrong",
                       "found `Dense(10, activation='sigmoid')`. Sigmoid is for binary",
                       "sigmoid는 이진 분류용"),
    "output_units_9": ("output_layer", b.lesson(model=b.model(
        *HIDDEN, LayerSpec("Dense", units=9, activation="softmax"))), b.measured(), FAILED,
        "output_layer.wrong", "the output needs 10 units, not 9", "9개가 아니라 10개"),
    "relu_output": ("output_layer", b.lesson(model=b.model(
        *HIDDEN, LayerSpec("Dense", units=10, activation="relu"))), b.measured(), FAILED,
        "output_layer.wrong", "Softmax turns 10 scores into class probabilities",
        "교차 엔트로피 손실이"),
    "dropout_last": ("output_layer", b.lesson(model=b.model(
        *HIDDEN, b.model().layers[-1], LayerSpec("Dropout", rate=0.2))), b.measured(), FAILED,
        "output_layer.wrong", "should end with the classification layer", "분류를 위한 출력층"),
    "logits_output": ("output_layer", b.lesson(model=b.model(*HIDDEN, LINEAR),
                                               compiled=b.compiled(loss=FROM_LOGITS)),
                      b.measured(), PASSED, "output_layer.ok_logits",
                      "gives 10 logits and the loss has `from_logits=True`", "로짓"),
    "logits_without_from_logits": ("output_layer", b.lesson(model=b.model(*HIDDEN, LINEAR)),
                                   b.measured(), FAILED, "output_layer.wrong",
                                   "found `Dense(10, activation='linear')`. Without an "
                                   "activation the 10 outputs are logits", "로짓입니다"),
    "cnn_softmax_output": ("output_layer", b.lesson(model=_cnn(b.model().layers[-1])),
                           b.measured(), PASSED, "output_layer.ok",
                           "The output layer is `Dense(10, activation='softmax')`", "출력층이"),
    "cnn_logits_output": ("output_layer", b.lesson(model=_cnn(LINEAR), compiled=b.compiled(
        loss=FROM_LOGITS)), b.measured(), PASSED, "output_layer.ok_logits",
        "`Dense(10, activation='linear')` gives 10 logits", "로짓"),
    "cnn_layers_are_not_the_lesson": ("layers", b.lesson(model=_cnn(b.model().layers[-1])),
                                      b.measured(), FAILED, "layers.difference",
                                      "Layer 1 should be Flatten(); found Conv2D(32, (3, 3), "
                                      "activation='relu')", "1번째 층은"),
    "graded_model_of_several": ("layers", b.lesson(graded_note=Phrase.of(
        "model.graded.several_named", count=2)), b.measured(), PASSED, "layers.ok",
        "Graded: the model in the variable `model` (the lesson's name), one of 2 models",
        "학습된 모델 2개 중 변수 `model`"),
    "graded_last_of_several": ("layers", b.lesson(graded_note=Phrase.of(
        "model.graded.several_last", count=3)), b.measured(), PASSED, "layers.ok",
        "Graded: the last of the 3 models trained", "마지막 모델"),
    "graded_model_local_to_main": ("layers", b.lesson(graded_note=Phrase.of(
        "model.graded.trained_unnamed")), b.measured(), PASSED, "layers.ok",
        "which no variable holds after the run", "지역 변수"),
    "graded_last_compiled_after_crash": ("layers", b.lesson(
        fit=None, fits=(), run=b.run(NAME_ERROR), graded_note=Phrase.of(
            "model.graded.last_compiled", count=2, why=Phrase.of(
                "cause.first_error_aside", error=Phrase.of(
                    "cause.cell_error", cell=3, ename="NameError", evalue="x")))),
        b.measured(), PASSED, "layers.ok",
        "Graded: the last model compiled (or given to `compile`), which was never trained",
        "마지막으로 compile한"),
    "output_without_model": ("output_layer", b.lesson(model=None), b.measured(), FAILED,
                             "layers.no_model", "no Keras model was found", "찾지 못했습니다"),
    # -- loss and compile ------------------------------------------------------------
    "lesson_loss": ("loss", b.lesson(), b.measured(), PASSED, "loss.ok",
                    "matches the softmax output and the integer labels", "정수 레이블"),
    "one_hot_labels": ("loss", b.lesson(compiled=b.compiled(loss="categorical_crossentropy"),
                                        fit=b.fit(y=b.labels(one_hot=True))), b.measured(),
                       PASSED, "loss.ok", "and the one-hot labels", "원핫 레이블"),
    "not_compiled": ("loss", b.lesson(compiled=None), b.measured(), FAILED,
                     "loss.not_compiled", "The model was not compiled, so it has no loss",
                     "compile되지 않아"),
    "categorical_loss_integer_labels": ("loss", b.lesson(compiled=b.compiled(
        loss="categorical_crossentropy")), b.measured(), FAILED, "loss.mismatch",
        "the loss should be `sparse_categorical_crossentropy`; found `categorical_crossentropy`"
        ". categorical_crossentropy expects one-hot labels", "원핫 레이블용"),
    "sparse_loss_one_hot_labels": ("loss", b.lesson(fit=b.fit(y=b.labels(one_hot=True))),
                                   b.measured(), FAILED, "loss.mismatch",
                                   "The labels were one-hot encoded, so use "
                                   "categorical_crossentropy", "원핫 인코딩했으므로"),
    "binary_crossentropy": ("loss", b.lesson(compiled=b.compiled(loss="binary_crossentropy")),
                            b.measured(), FAILED, "loss.mismatch",
                            "binary_crossentropy (with sigmoid) is for two classes",
                            "이진 분류용"),
    "mse_loss": ("loss", b.lesson(compiled=b.compiled(loss="mse")), b.measured(), FAILED,
                 "loss.mismatch", "found `mean_squared_error`. Classification with a softmax",
                 "회귀 손실"),
    "from_logits_with_softmax": ("loss", b.lesson(compiled=b.compiled(loss={
        "class_name": "SparseCategoricalCrossentropy", "config": {"from_logits": True}})),
        b.measured(), FAILED, "loss.from_logits",
        "`from_logits=True` but the output layer already applies softmax", "두 번 적용하면"),
    "compile_settings_unreadable": ("loss", b.lesson(compiled=None, compile_problem=Phrase.of(
        "grader.compile_unreadable", ename="TypeError", evalue="odd loss")), b.measured(),
        ERROR, "grader.compile_unreadable",
        "The grader could not read the model's compile settings (TypeError: odd loss)",
        "강사가 이 제출물을 확인해야"),
    "compile_raised_compile": ("compile", b.lesson(compiled=None, compile_error=BAD_OPTIMIZER),
                               b.measured(), FAILED, "compile.compile_raised",
                               "`compile` raised `ValueError: Could not interpret optimizer",
                               "발생해 모델이 compile되지 않았습니다"),
    "compile_raised_loss_still_judged": ("loss", b.lesson(
        compiled=None, compile_error=BAD_OPTIMIZER,
        compile_attempt=b.compiled(optimizer={"class_name": "AdamOptimizer"})), b.measured(),
        PASSED, "loss.ok", "matches the softmax output", "정수 레이블"),
    "compile_raised_no_loss_given": ("loss", b.lesson(compiled=None, compile_error=BAD_OPTIMIZER),
                                     b.measured(), FAILED, "loss.compile_raised",
                                     "its `compile` call raised `ValueError",
                                     "`compile` 호출에서"),
    "logits_with_from_logits_loss": ("loss", b.lesson(
        model=b.model(*HIDDEN, LINEAR), compiled=b.compiled(loss=FROM_LOGITS)), b.measured(),
        PASSED, "loss.ok_logits", "with `from_logits=True` matches the logits output",
        "로짓 출력"),
    "linear_output_loss_named_once": ("loss", b.lesson(model=b.model(*HIDDEN, LINEAR)),
                                      b.measured(), PASSED, "loss.ok_labels",
                                      "(the output layer is judged by `output_layer`)",
                                      "출력층은 `output_layer` 항목에서"),
    "lesson_compile": ("compile", b.lesson(), b.measured(), PASSED, "compile.ok",
                       "Adam optimizer and an accuracy metric", "Adam 옵티마이저"),
    "compile_never_called": ("compile", b.lesson(compiled=None), b.measured(), FAILED,
                             "compile.not_compiled", "The model was not compiled.",
                             "compile되지 않았습니다"),
    "sgd_optimizer": ("compile", b.lesson(compiled=b.compiled(optimizer={"class_name": "SGD"})),
                      b.measured(), FAILED, "compile.optimizer",
                      "The optimizer should be Adam (`optimizer='adam'`); found `SGD`",
                      "`SGD`입니다"),
    "tf1_adam_optimizer": ("compile", b.lesson(compiled=b.compiled(
        optimizer={"class_name": "AdamOptimizer"})), b.measured(), PASSED, "compile.ok",
        "Adam optimizer and an accuracy metric", "Adam 옵티마이저"),
    "no_metrics": ("compile", b.lesson(compiled=b.compiled(metrics=[])), b.measured(), FAILED,
                   "compile.metric", "An accuracy metric should be tracked", "현재 지표: 없음"),
    "metrics_as_third_positional": ("compile", b.lesson(compiled=b.compiled(
        metrics=None, loss_weights=["acc"])), b.measured(), FAILED,
        "compile.metric_as_loss_weights",
        "in Keras 3 the third positional parameter of `compile` is `loss_weights`",
        "세 번째 위치 인자는"),
    # -- checkpoint_config -----------------------------------------------------------
    "lesson_checkpoint": ("checkpoint_config", b.lesson(), b.measured(), PASSED,
                          "checkpoint_config.ok",
                          "save_weights_only=True, save_best_only=True, monitor='val_loss', "
                          "path 'my_checkpoint.weights.h5'", "경로 'my_checkpoint.weights.h5'"),
    "no_checkpoint": ("checkpoint_config", b.lesson(fit=b.fit(checkpoint=None)), b.measured(),
                      FAILED, "checkpoint_config.missing",
                      "No ModelCheckpoint was passed to `fit`", "전달되지 않았습니다"),
    "lesson_ckpt_path_on_keras3": ("checkpoint_config", b.lesson(
        fit=None, fits=(), run=b.run(KERAS3_PATH),
        checkpoint_errors=(KERAS3_PATH.ename + ": " + KERAS3_PATH.evalue,)), b.measured(),
        FAILED, "checkpoint_config.missing", "must become `my_checkpoint.weights.h5`",
        "`my_checkpoint.weights.h5`로 바꾸세요"),
    "no_checkpoint_after_error": ("checkpoint_config", b.lesson(
        fit=None, fits=(), run=b.run(NAME_ERROR)), b.measured(), FAILED,
        "checkpoint_config.missing", "The first error in the submission: code cell 3",
        "제출물의 첫 오류: 코드 셀 3"),
    "save_best_only_false": ("checkpoint_config", b.lesson(fit=b.fit(checkpoint=dataclasses.replace(
        b.CHECKPOINT, save_best_only=False))), b.measured(), FAILED,
        "checkpoint_config.settings", "found save_best_only=False", "save_best_only=False입니다"),
    "checkpoint_mode_max": ("checkpoint_config", b.lesson(fit=b.fit(checkpoint=dataclasses.replace(
        b.CHECKPOINT, mode="max"))), b.measured(), FAILED, "checkpoint_config.mode",
        "Found mode='max'", "mode='max'는"),
    "checkpoint_save_freq_batches": ("checkpoint_config", b.lesson(fit=b.fit(
        checkpoint=dataclasses.replace(b.CHECKPOINT, save_freq="100"))), b.measured(), FAILED,
        "checkpoint_config.save_freq", "found save_freq=100", "save_freq=100 설정은"),
    "checkpoint_period_5": ("checkpoint_config", b.lesson(fit=b.fit(
        checkpoint=dataclasses.replace(b.CHECKPOINT, period=5))), b.measured(), FAILED,
        "checkpoint_config.period", "found period=5", "period=5(tf.keras 2)라서"),
    "validation_on_training_images": ("checkpoint_config", b.lesson(fit=b.fit(
        validation_in_training=1.0)), b.measured(), FAILED,
        "checkpoint_config.validation_is_training", "are training images (100% of a sample",
        "학습 이미지입니다(표본의 100%)"),
    "checkpoint_without_validation": ("checkpoint_config", b.lesson(fit=NO_VALIDATION_FIT),
                                      b.measured(), FAILED, "checkpoint_config.no_validation",
                                      "but `fit` was given no validation data, so 'val_loss' "
                                      "never exists", "검증 데이터가 없어"),
    "no_checkpoint_no_validation": ("checkpoint_config", b.lesson(fit=dataclasses.replace(
        NO_VALIDATION_FIT, checkpoint=None, callbacks=())), b.measured(), FAILED,
        "checkpoint_config.missing", "`fit` was also given no validation data",
        "검증 데이터도 없습니다"),
    "checkpoint_never_written_without_validation": ("checkpoint_reload", b.lesson(
        fit=NO_VALIDATION_FIT, checkpoint_file=None, checkpoint_problem=Phrase.of(
            "checkpoint.no_validation", name="my_checkpoint.weights.h5", monitor="val_loss")),
        b.measured(), FAILED, "checkpoint_reload.no_checkpoint",
        "`fit` had no validation data, so 'val_loss', which the checkpoint watches",
        "검증 데이터가 없어"),
    "never_trained_after_compile_raised": ("val_accuracy", b.lesson(
        fits=(b.fit(finished=False, history={}),), fit=b.fit(finished=False, history={}),
        run=b.run(CellError(5, "ValueError", "Could not interpret optimizer identifier"))),
        b.measured(accuracy=0.1046), FAILED, "val_accuracy.not_trained",
        "found 0.1046, the accuracy of untrained weights: the model was never trained: no "
        "`fit` on it finished (the first error in the submission: code cell 5: ValueError",
        "학습되지 않은 가중치의 정확도"),
    "never_trained_after_crash_in_function": ("val_accuracy", b.lesson(
        fits=(), fit=None, run=b.run(NAME_ERROR)), b.measured(accuracy=0.09), FAILED,
        "val_accuracy.not_trained", "the model was never trained", "모델이 학습되지 않았습니다"),
    # -- checkpoint_reload -----------------------------------------------------------
    "reload_before_a_trial_model_trained": ("checkpoint_reload", b.lesson(fits=(
        b.fit(), dataclasses.replace(b.fit(), model_id=b.MODEL_ID + 1, checkpoint=None))),
        b.measured(), PASSED, "checkpoint_reload.ok", "the best checkpoint was reloaded",
        "최고 epoch 8/20"),
    "lesson_reload": ("checkpoint_reload", b.lesson(), b.measured(), PASSED,
                      "checkpoint_reload.ok", "best epoch 8 of 20 by val_loss): the best "
                      "checkpoint was reloaded", "최고 epoch 8/20"),
    "reload_with_best_last": ("checkpoint_reload", b.lesson(), b.measured(best_epoch=20),
                              PASSED, "checkpoint_reload.ok_last",
                              "reloaded with `load_weights` after training. Note: the best "
                              "epoch by val_loss was the last one (20 of 20)", "마지막 epoch"),
    "reload_every_epoch_checkpoint": ("checkpoint_reload", b.lesson(fit=b.fit(
        checkpoint=dataclasses.replace(b.CHECKPOINT, save_best_only=False))), b.measured(),
        PASSED, "checkpoint_reload.ok_every_epoch", "With save_best_only=False it holds",
        "마지막 epoch의 가중치가 있습니다"),
    "quick_grading_reload": ("checkpoint_reload", b.lesson(fit=b.fit(skipped=True, history={}),
                                                           fits=(b.fit(skipped=True),)),
                             b.measured(best_epoch=None), PASSED, "checkpoint_reload.quick",
                             "Quick grading (no training)", "빠른 채점"),
    "quick_grading_not_reloaded": ("checkpoint_reload", b.lesson(
        fit=b.fit(skipped=True, history={}), reloads=()), b.measured(holds_checkpoint=False),
        FAILED, "checkpoint_reload.missing",
        "`load_weights` did not load the saved checkpoint after `fit`", "불러오지 않았습니다"),
    "no_checkpoint_reload": ("checkpoint_reload", b.lesson(reloads=(), weights_final=b.LAST),
                             b.measured(holds_checkpoint=False), FAILED,
                             "checkpoint_reload.missing",
                             "the model still holds the last epoch's weights (epoch 20), not "
                             "the best epoch's (8)", "마지막 epoch(20)의 가중치를 그대로"),
    "reload_before_fit": ("checkpoint_reload", b.lesson(
        reloads=(ReloadNote("my_checkpoint.weights.h5", after_fits=0, ok=True),),
        weights_final=b.LAST), b.measured(holds_checkpoint=False), FAILED,
        "checkpoint_reload.missing", "`load_weights` was called before `fit`, and training",
        "`fit` 전에 호출했고, 학습이"),
    "reload_before_fit_failed": ("checkpoint_reload", b.lesson(
        reloads=(ReloadNote("my_checkpoint.weights.h5", after_fits=0),),
        weights_final=b.LAST), b.measured(holds_checkpoint=False), FAILED,
        "checkpoint_reload.missing", "`load_weights` was called before `fit` (it failed",
        "아직 저장된 체크포인트가 없어 실패했습니다"),
    "best_last_never_reloaded": ("checkpoint_reload", b.lesson(reloads=()),
                                 b.measured(best_epoch=20), FAILED, "checkpoint_reload.missing",
                                 "match the checkpoint by chance, but `load_weights` was never "
                                 "called after `fit`", "우연히 가중치가 같지만"),
    "reloaded_another_file": ("checkpoint_reload", b.lesson(
        weights_final=[b.LAST[0] * 3], checkpoint_file=Path("cp-05.weights.h5")),
        b.measured(holds_checkpoint=False, best_epoch=5), FAILED, "checkpoint_reload.missing",
        "not the best epoch's checkpoint (epoch 5, `cp-05.weights.h5`)", "그 파일을 불러오세요"),
    "weights_not_the_files": ("checkpoint_reload", b.lesson(reloads=(), weights_final=b.LAST),
                              b.measured(holds_checkpoint=False, best_epoch=20), FAILED,
                              "checkpoint_reload.missing",
                              "the model's weights are not those saved in "
                              "`my_checkpoint.weights.h5`", "저장된 가중치가 아닙니다"),
    "checkpoint_never_written": ("checkpoint_reload", b.lesson(
        checkpoint_file=None, run=b.run(NAME_ERROR), checkpoint_problem=Phrase.of(
            "checkpoint.not_written", name="my_checkpoint.weights.h5",
            why=Phrase.of("cause.first_error_aside", error=Phrase.of(
                "cause.cell_error", cell=3, ename="NameError", evalue="x")))),
        b.measured(), FAILED, "checkpoint_reload.no_checkpoint",
        "There is no checkpoint to reload: no checkpoint file was written at "
        "'my_checkpoint.weights.h5' (the first error in the submission: code cell 3",
        "저장되지 않았습니다(제출물의 첫 오류: 코드 셀 3"),
    "reload_without_checkpoint": ("checkpoint_reload", b.lesson(
        fit=b.fit(checkpoint=None), checkpoint_file=None), b.measured(), FAILED,
        "checkpoint_reload.no_checkpoint", "no ModelCheckpoint was passed to `fit`",
        "전달되지 않았습니다"),
    "reload_of_unbuildable_model": ("checkpoint_reload", b.lesson(
        model=None, model_problem=Phrase.of("model.code_layer", layer="lambda", kind="Lambda")),
        b.measured(), FAILED, "checkpoint_reload.no_checkpoint",
        "`Lambda` layers hold Python code", "파이썬 코드가 들어 있어"),
    "checkpoint_of_another_model": ("checkpoint_reload", b.lesson(), b.measured(
        holds_checkpoint=None, checkpoint_problem=Phrase.of(
            "checkpoint.unloadable", ename="ValueError", evalue="layer count mismatch")),
        FAILED, "checkpoint_reload.no_checkpoint",
        "the checkpoint file could not be loaded into the model (ValueError",
        "체크포인트 파일을 모델에 불러올 수 없습니다"),
    # -- val_accuracy ----------------------------------------------------------------
    "lesson_accuracy": ("val_accuracy", b.lesson(), b.measured(), PASSED, "val_accuracy.ok",
                        "computed by the grader: 0.8874 (at least 0.85 required)",
                        "0.8874 (최소 0.85 필요)"),
    "low_accuracy": ("val_accuracy", b.lesson(), b.measured(accuracy=0.61), FAILED,
                     "val_accuracy.low", "should be at least 0.85; found 0.6100",
                     "최소 0.85여야 하는데 0.6100"),
    "train_and_test_swapped": ("val_accuracy", b.lesson(), b.measured(share_of_test=1.0),
                               FAILED, "val_accuracy.trained_on_test",
                               "The model was trained on the test images (100%",
                               "테스트 이미지로 학습되었습니다"),
    "nan_weights": ("val_accuracy", b.lesson(), b.measured(
        accuracy=None, accuracy_problem=Phrase.of("model.nonfinite_weights", count=12)),
        FAILED, "val_accuracy.cannot", "12 of the model's weights are NaN or infinite",
        "12개가 NaN 또는 무한대"),
    "accuracy_without_model": ("val_accuracy", b.lesson(model=None, model_problem=Phrase.of(
        "model.custom_layer", layer="mine", kind="MyDense",
        origin=Phrase.of("word.the_module", module="student"))), b.measured(), FAILED,
        "val_accuracy.cannot", "not a Keras layer", "Keras 층이 아닙니다"),
    "accuracy_without_weights": ("val_accuracy", b.lesson(weights_final=None), b.measured(),
                                 FAILED, "val_accuracy.cannot",
                                 "the trained model's weights were not found",
                                 "가중치를 찾지 못했습니다"),
}

LOSS_TABLE_CASES = {
    "right_one_hot_train": ("one_hot_train", b.loss_table(), PASSED, "one_hot.ok",
                            "`y_train_onehot` is the one-hot encoding of `y_train`, shape (7, 10)",
                            "원핫인코딩이 맞습니다"),
    "right_one_hot_valid": ("one_hot_valid", b.loss_table(), PASSED, "one_hot.ok",
                            "`y_valid_onehot` is the one-hot encoding of `y_valid`", "맞습니다"),
    "one_hot_missing": ("one_hot_train", b.loss_table(one_hot={"train": b.OneHotFacts(
        "y_train_onehot", "y_train")}), FAILED, "one_hot.missing",
        "There is no `y_train_onehot`", "① 원핫인코딩 셀에서"),
    "one_hot_not_an_array": ("one_hot_valid", b.loss_table(one_hot={"valid": b.one_hot(
        "valid", unreadable="ValueError: ragged")}), FAILED, "one_hot.not_array",
        "cannot be turned into an array: ValueError: ragged", "배열로 바꿀 수 없습니다"),
    "one_hot_integer_labels": ("one_hot_train", b.loss_table(one_hot={"train": b.one_hot(
        shape=(7,))}), FAILED, "one_hot.shape", "should have shape (7, 10)", "모양은 (7, 10)"),
    "one_hot_strings": ("one_hot_train", b.loss_table(one_hot={"train": b.one_hot(
        numeric=False, dtype="<U1")}), FAILED, "one_hot.dtype", "should hold numbers",
        "숫자 배열이어야"),
    "one_hot_smoothed": ("one_hot_train", b.loss_table(one_hot={"train": b.one_hot(
        binary=False, values=(0.01, 0.91))}), FAILED, "one_hot.values",
        "should hold only 0s and 1s", "0과 1만"),
    "one_hot_all_ones": ("one_hot_train", b.loss_table(one_hot={"train": b.one_hot(
        bad_row=(0, 10.0))}), FAILED, "one_hot.row_sum", "row 0 holds 10", "0번 행에 10개"),
    "one_hot_shifted_columns": ("one_hot_train", b.loss_table(one_hot={"train": b.one_hot(
        wrong_rows=7, first_wrong=(0, 9, 0))}), FAILED, "one_hot.wrong_column",
        "The 1 of row 0 should sit in column `y_train[0]` = 9", "틀린 행 7개"),
    "right_table_row": ("table_binary", b.loss_table(), PASSED, "table.ok",
                        "Binary classification: `sigmoid` + `binary_crossentropy`, correct.",
                        "이진 분류"),
    "table_missing": ("table_binary", b.loss_table(table=b.TableFacts()), FAILED,
                      "table.missing", "There is no `CHOICES`", "② 셀에서"),
    "table_not_a_dict": ("table_binary", b.loss_table(table=b.TableFacts(
        present=True, value="[('sigmoid', 'bce')]")), FAILED, "table.not_a_dict",
        "`CHOICES` should be a dict", "딕셔너리여야"),
    "table_row_missing": ("table_multiclass_integer", b.loss_table(table=b.TableFacts(
        present=True, is_dict=True, keys=("binary",))), FAILED, "table.no_key",
        "`CHOICES` has no key 'multiclass_integer'", "키 'multiclass_integer'가 없습니다"),
    "table_row_not_a_pair": ("table_binary", b.loss_table(table=b.table(
        binary=b.TableRow("'sigmoid'"))), FAILED, "table.not_a_pair",
        "Give a pair (output activation, loss)", "두 값의 쌍"),
    "table_from_logits": ("table_multiclass_integer", b.loss_table(table=b.table(
        multiclass_integer=dataclasses.replace(b.RIGHT_ROWS["multiclass_integer"],
                                               from_logits=True))), FAILED, "table.from_logits",
        "expected `from_logits=False`", "`from_logits=False`(기본값)"),
    "table_softmax_for_binary": ("table_binary", b.loss_table(table=b.table(
        binary=b.TableRow("('softmax', 'binary_crossentropy')", pair=True, activation="softmax",
                          loss="binary_crossentropy",
                          shown=("'softmax'", "'binary_crossentropy'")))), FAILED, "table.wrong",
        "should be `sigmoid` + `binary_crossentropy`. Received: CHOICES['binary']=('softmax'",
        "sigmoid가 그 값을"),
    "one_hot_loss_right": ("loss", b.loss_table(), PASSED, "loss.ok", "and the one-hot labels",
                           "원핫 레이블"),
    "one_hot_loss_not_compiled": ("loss", b.loss_table(compiled=None), FAILED,
                                  "one_hot_loss.not_compiled", "in Part 3", "③ 셀에서"),
    "one_hot_loss_fit_failed": ("loss", b.loss_table(fits=(), fit=None), FAILED,
                                "one_hot_loss.no_fit", "`fit` did not run", "실행되지 않았습니다"),
    "one_hot_loss_integer_labels": ("loss", b.loss_table(fit=b.fit(), fits=(b.fit(),)), FAILED,
                                    "one_hot_loss.labels_not_one_hot",
                                    "are not one-hot encoded (shape=(60000,))", "① 원핫인코딩을"),
    "one_hot_low_accuracy": ("val_accuracy", b.loss_table(), FAILED, "one_hot_accuracy.low",
                             "should be at least 0.85; found 0.5000. Check the one-hot labels",
                             "원핫인코딩, 출력층의 softmax"),
}


def _table_check(check_id: str, exercise: str):
    return next(c for c in CHECKS if c.id == check_id and c.exercise == exercise)


def _result(check_id, evidence, measured, exercise="fashion_mnist", lang="en"):
    return run_check(_table_check(check_id, exercise), evidence, measured, 10, lang)


def _strings(value):
    """Every plain string among a verdict's facts (inside phrases too): the facts' text."""
    if isinstance(value, Phrase):
        for _, fact in value.facts:
            yield from _strings(fact)
    elif isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


# Four or more English words in a row: a sentence, not a name or a code word.
ENGLISH = re.compile(r"\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){3,}\b")


def english_in_korean(text: str, facts: dict) -> list[str]:
    """The English sentences in a Korean message, leaving out code and the facts' text."""
    text = re.sub(r"`[^`]*`", " ", text)
    for fact in sorted(set(_strings(list(facts.values()))), key=len, reverse=True):
        if len(fact) > 1:
            text = text.replace(fact, " ")
    return ENGLISH.findall(text)


def _verdict(check_id, evidence, measured, exercise="fashion_mnist") -> Verdict:
    return _table_check(check_id, exercise).function(evidence, measured)


def _assert_case(check_id, evidence, measured, status, key, english, korean, exercise):
    result = _result(check_id, evidence, measured, exercise)
    assert (result.status, result.key) == (status, key), result.message
    assert english in result.message
    assert result.points == (10 if status == PASSED else 0)
    korean_text = _result(check_id, evidence, measured, exercise, "ko").message
    assert korean in korean_text
    verdict = _verdict(check_id, evidence, measured, exercise)
    assert english_in_korean(korean_text, verdict.facts) == [], korean_text


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_gives_its_verdict_in_both_languages(case):
    """Does the check reach the expected verdict, and say it in English and in Korean?"""
    _assert_case(*CASES[case], exercise="fashion_mnist")


@pytest.mark.parametrize("case", sorted(LOSS_TABLE_CASES))
def test_loss_table_check_gives_its_verdict_in_both_languages(case):
    """Does each check of the loss-table exercise reach its verdict, in both languages?"""
    check_id, evidence, status, key, english, korean = LOSS_TABLE_CASES[case]
    measured = b.measured(min_accuracy=0.85, accuracy=0.5 if "accuracy" in case else 0.8874)
    _assert_case(check_id, evidence, measured, status, key, english, korean, "loss_table")


def _verdict_keys() -> set[str]:
    prefixes = {c.id for c in CHECKS} | {"one_hot", "table", "one_hot_loss", "one_hot_accuracy"}
    return {key for key in MESSAGES if key.split(".")[0] in prefixes
            and key.count(".") == 1 and not key.startswith(("table.why", "table.binary",
                                                             "table.multiclass"))}


def _phrases(value):
    if isinstance(value, Phrase):
        yield value.key
        for _, fact in value.facts:
            yield from _phrases(fact)
    elif isinstance(value, dict):
        for fact in value.values():
            yield from _phrases(fact)


def test_every_verdict_and_hint_has_a_case():
    """Is every verdict key, hint and reload finding of the catalog shown by a case here?"""
    cases = [(c[0], c[1], c[2], "fashion_mnist") for c in CASES.values()] + [
        (c[0], c[1], b.measured(accuracy=0.5), "loss_table") for c in LOSS_TABLE_CASES.values()]
    verdicts = [_verdict(check_id, evidence, measured, exercise)
                for check_id, evidence, measured, exercise in cases]
    shown = {v.key for v in verdicts} | {k for v in verdicts for k in _phrases(v.facts)}
    pieces = {k for k in MESSAGES if k.startswith(("hint.", "reload."))}
    assert _verdict_keys() - shown == set()
    assert pieces - shown == set()


def test_a_check_that_breaks_is_an_error_result_not_a_traceback():
    """Does a grader bug inside a check become an `error` result naming it, in any language?"""
    broken = dataclasses.replace(b.lesson(), fit=object())
    for lang in ("en", "ko", "both"):
        result = run_check(_table_check("normalization", "fashion_mnist"), broken, b.measured(),
                           10, lang)
        assert (result.status, result.points, result.key) == (ERROR, 0, "grader.check_failed")
        assert "AttributeError" in result.message
    assert "채점기가 이 항목을 검사하지 못했습니다" in result.message.splitlines()[0]


def test_korean_feedback_after_a_name_error_is_korean():
    """Is a NameError's feedback in Korean free of English sentences (the issue's example)?"""
    evidence = b.lesson(fit=None, fits=(), model=None, compiled=None, checkpoint_file=None,
                        run=b.run(NAME_ERROR), model_problem=Phrase.of(
                            "model.with_first_error", problem=Phrase.of("model.none_found"),
                            error=Phrase.of("cause.cell_error", cell=3, ename="NameError",
                                            evalue=NAME_ERROR.evalue)))
    for check in [c for c in CHECKS if c.exercise == "fashion_mnist"]:
        verdict = check.function(evidence, b.measured(accuracy=None))
        text = render(verdict.key, "ko", **verdict.facts)
        assert english_in_korean(text, verdict.facts) == [], (check.id, text)


def test_sample_english_sentence_is_caught_in_korean():
    """Would the English-in-Korean test notice an English sentence (it must be able to fail)?"""
    text = render("layers.no_model", "ko", problem="the submission stopped before the grader")
    assert english_in_korean(text, {}) == ["the submission stopped before the grader"]


def test_the_table_is_the_only_list_of_checks():
    """Do the rubric, the pytest plugin and the corpus take their check ids from the table?"""
    from autograder.rubric import DEFAULT_POINTS, Rubric, default_points

    fashion = [c.id for c in CHECKS if c.exercise == "fashion_mnist"]
    assert list(DEFAULT_POINTS) == fashion and sum(DEFAULT_POINTS.values()) == 100
    assert sum(default_points("loss_table").values()) == 100
    assert Rubric.load(exercise="loss_table").min_accuracy == 0.80
    corpus = (Path(__file__).parent / "corpus" / "make_corpus.py").read_text(encoding="utf-8")
    assert '"normalization", "layers"' not in corpus  # no list of its own
