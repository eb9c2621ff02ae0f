"""Write the grader's test corpus: submissions named by their defect, and what to expect.

Usage (from the repository root):

    .venv/bin/python tests/corpus/make_corpus.py          # notebooks, scripts, expectations
    .venv/bin/python tests/corpus/make_corpus.py --docs   # also docs/corpus.md

This script is the single definition of the corpus. The files it writes are committed and
are the fixtures `tests/test_corpus.py` grades; rerun it after changing a submission or an
expectation here, and commit what changed. Saved-model submissions (`.keras`, `.h5`) are
not committed: `make_saved_models.py` writes them into a temporary folder at test time,
and only their expectations live here.

Each submission `NAME.ipynb` / `NAME.py` / `NAME.keras` has `NAME.expect.json` beside it:

    {"submission": "sigmoid_output.ipynb", "category": "wrong",
     "about": "one line: what this submission does",
     "status": "graded",                 # "flagged": graded, with tamper flags; or
                                         # "error": the grader could not grade it
     "error": null,                      # for "error": a substring of the error
     "checks": {"output_layer": ["failed", "found `Dense(10, activation='sigmoid')`"],
                "layers": ["passed", "Flatten of (28, 28)"], ...},
     "flags": ["process", "socket"],     # for "flagged": the kinds of its tamper flags
     "options": {"timeout": 30},         # optional: grading options for this one
     "training": {"path": "exact",       # optional (issue 17): which path trained the graded
                  "reason": "training.exact.callback"},  # fit, and why (`runner.fast_path`)
     "generated": true}                  # optional: written by make_saved_models.py

Every check the grader runs on that kind of submission is listed with its status
("passed" / "failed") and a gist: a substring its English message must contain.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat

from autograder.checks import checks_for

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent.parent / "docs" / "corpus.md"

# The checks the grader runs on each kind of submission: from the table of checks.
NOTEBOOK_CHECKS = tuple(check.id for check in checks_for("notebook"))
SAVED_MODEL_CHECKS = tuple(check.id for check in checks_for("saved_model"))
CATEGORIES = ("wrong", "variant", "lesson_era", "malformed", "hostile")

# What each check's message says when it passes (a stable part of it).
PASS_GISTS = {
    "normalization": "scaled to [0, 1]",
    "layers": "Flatten of (28, 28), then Dense 1024, 512, 256, 128, 64",
    "output_layer": "The output layer is `Dense(10, activation='softmax')`",
    "loss": "matches the softmax output",
    "compile": "Adam optimizer and an accuracy metric",
    "checkpoint_config": "save_weights_only=True, save_best_only=True, monitor='val_loss'",
    "checkpoint_reload": "reloaded",
    "val_accuracy": "computed by the grader",
}
NO_MODEL = "No model could be graded"
CANNOT_EVALUATE = "The grader could not evaluate the model"
LOW_ACCURACY = "should be at least 0.60"
NOT_RELOADED = "the model should hold the best checkpoint's weights"
NO_CHECKPOINT = "There is no checkpoint to reload"
NO_CHECKPOINT_IN_FIT = "No ModelCheckpoint was passed to `fit`"

# -- the ways students write the lesson ---------------------------------------------------
# Each base is a list of cells: ("md", text) or ("code", source).

LESSON = [
    ("md", "# Fashion MNIST - 심층신경망 모델(이미지)\n\nStep 1~6을 문서대로 따라 했습니다."),
    ("code", "import numpy as np #numpy import\n"
             "import tensorflow as tf # tensorflow import\n"
             "from tensorflow.keras.layers import Dense, Flatten # Dense Layer, Flatten Layer import\n"
             "from tensorflow.keras.models import Sequential # Sequential Model import\n"
             "from tensorflow.keras.callbacks import ModelCheckpoint # ModelCheckpoint import"),
    ("md", "### Step 2. Preprocessing"),
    ("code", "# 전처리할 데이터 로드(Tensorflow datasets - FashionMnist)\n"
             "fashion_mnist = tf.keras.datasets.fashion_mnist\n"
             "(x_train, y_train), (x_valid, y_valid) = fashion_mnist.load_data()\n"
             "\n"
             "# 정규화(Nomalization)\n"
             "x_train = x_train / 255.0\n"
             "x_valid = x_valid / 255.0"),
    ("code", "# 형식 확인\nprint(x_train.shape)"),
    ("md", "### Step 3. Modeling"),
    ("code", "model = Sequential([\n"
             "    # 2D -> 1D With Flatten\n"
             "    Flatten(input_shape=(28, 28)),\n"
             "    # Dense Layer\n"
             "    Dense(1024, activation='relu'),\n"
             "    Dense(512, activation='relu'),\n"
             "    Dense(256, activation='relu'),\n"
             "    Dense(128, activation='relu'),\n"
             "    Dense(64, activation='relu'),\n"
             "    Dense(10, activation='softmax'), # 분류(Classification) label이 10개 -> activation = 'softmax'\n"
             "])"),
    ("md", "### Step 4. Compile"),
    ("code", "# loss = 'sparse(원핫인코딩X)_categorical(모델 마지막 활성함수 Softmax)_crossentropy'\n"
             "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['acc'])"),
    ("md", "### Step 4.5. ModelCheckpoint 생성"),
    ("code", "checkpoint_path = \"my_checkpoint.weights.h5\" # Keras 3: 이름.weights.h5\n"
             "checkpoint = ModelCheckpoint(filepath=checkpoint_path,\n"
             "                             save_weights_only=True, # 가중치만 저장\n"
             "                             save_best_only=True, # 가장 좋은 결과만 저장\n"
             "                             monitor='val_loss',  # 기준 = 'validation_loss가 가장 낮은 것'\n"
             "                             verbose=1) # 출력"),
    ("md", "### Step 5. Fit"),
    ("code", "# 학습(train data, Validation_data, epochs, callbacks[ckpt])\n"
             "history = model.fit(x_train, y_train,\n"
             "                    validation_data=(x_valid, y_valid),\n"
             "                    epochs=20,\n"
             "                    callbacks=[checkpoint],\n"
             "                   )"),
    ("md", "### Step 5.5. Ckpt Load Weight"),
    ("code", "# 이 코드가 없다면, Ckpt 만드는 이유가 없음\n"
             "model.load_weights(checkpoint_path)"),
]

# The document's exploratory cell (Flatten on all 60,000 images), which many students keep.
FLATTEN_DEMO = ("code", "# 2D -> 1D With Flatten\n"
                        "x = Flatten(input_shape=(28, 28))\n"
                        "\n"
                        "# 형식 확인\n"
                        "print(x(x_train).shape)")
# Step 6 evaluates on all 10,000 test images: a second per submission, so most of the
# corpus leaves it out (the grader computes the accuracy itself anyway).
STEP_6 = [("md", "### Step 6. Predict"), ("code", "model.evaluate(x_valid, y_valid)")]
LESSON_DOCUMENT = LESSON[:5] + [FLATTEN_DEMO] + LESSON[5:] + STEP_6

# Everything through `tf.keras.*` in one or two cells, as many students write it.
TF_KERAS = [
    ("code", "import tensorflow as tf\n"
             "\n"
             "(x_train, y_train), (x_valid, y_valid) = tf.keras.datasets.fashion_mnist.load_data()\n"
             "x_train, x_valid = x_train / 255.0, x_valid / 255.0  # 0~1 정규화"),
    ("code", "model = tf.keras.models.Sequential([\n"
             "    tf.keras.layers.Flatten(input_shape=(28, 28)),\n"
             "    tf.keras.layers.Dense(1024, activation='relu'),\n"
             "    tf.keras.layers.Dense(512, activation='relu'),\n"
             "    tf.keras.layers.Dense(256, activation='relu'),\n"
             "    tf.keras.layers.Dense(128, activation='relu'),\n"
             "    tf.keras.layers.Dense(64, activation='relu'),\n"
             "    tf.keras.layers.Dense(10, activation='softmax'),\n"
             "])\n"
             "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy',\n"
             "              metrics=['acc'])\n"
             "model.summary()"),
    ("code", "checkpoint_path = 'my_checkpoint.weights.h5'\n"
             "checkpoint = tf.keras.callbacks.ModelCheckpoint(checkpoint_path,\n"
             "                                                save_weights_only=True,\n"
             "                                                save_best_only=True,\n"
             "                                                monitor='val_loss', verbose=1)\n"
             "history = model.fit(x_train, y_train, validation_data=(x_valid, y_valid),\n"
             "                    epochs=20, callbacks=[checkpoint])\n"
             "model.load_weights(checkpoint_path)"),
]

# Keras 3 on its own: `import keras`, `keras.Input`, `from keras import layers`.
KERAS3 = [
    ("md", "Keras 3 스타일 (`keras.Input`)"),
    ("code", "import keras\n"
             "from keras import layers\n"
             "\n"
             "(x_train, y_train), (x_valid, y_valid) = keras.datasets.fashion_mnist.load_data()\n"
             "x_train = x_train / 255.0\n"
             "x_valid = x_valid / 255.0"),
    ("code", "model = keras.Sequential([\n"
             "    keras.Input(shape=(28, 28)),\n"
             "    layers.Flatten(),\n"
             "    layers.Dense(1024, activation='relu'),\n"
             "    layers.Dense(512, activation='relu'),\n"
             "    layers.Dense(256, activation='relu'),\n"
             "    layers.Dense(128, activation='relu'),\n"
             "    layers.Dense(64, activation='relu'),\n"
             "    layers.Dense(10, activation='softmax'),\n"
             "])"),
    ("code", "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy',\n"
             "              metrics=['accuracy'])"),
    ("code", "checkpoint_path = 'my_checkpoint.weights.h5'\n"
             "checkpoint = keras.callbacks.ModelCheckpoint(filepath=checkpoint_path,\n"
             "                                             save_weights_only=True,\n"
             "                                             save_best_only=True,\n"
             "                                             monitor='val_loss', verbose=1)"),
    ("code", "history = model.fit(x_train, y_train, validation_data=(x_valid, y_valid),\n"
             "                    epochs=20, callbacks=[checkpoint])"),
    ("code", "model.load_weights(checkpoint_path)\n"
             "loss, acc = model.evaluate(x_valid, y_valid)\n"
             "print(f'검증 정확도: {acc:.4f}')"),
]

# `model.add(...)` one layer at a time, with the activations as separate layers.
ADD_LAYERS = [
    ("code", "import tensorflow as tf\n"
             "from tensorflow.keras import Sequential\n"
             "from tensorflow.keras.layers import Activation, Dense, Flatten\n"
             "from tensorflow.keras.callbacks import ModelCheckpoint\n"
             "\n"
             "(x_train, y_train), (x_valid, y_valid) = tf.keras.datasets.fashion_mnist.load_data()\n"
             "x_train = x_train / 255.0\n"
             "x_valid = x_valid / 255.0"),
    ("code", "model = Sequential()\n"
             "model.add(Flatten(input_shape=(28, 28)))\n"
             "for units in [1024, 512, 256, 128, 64]:\n"
             "    model.add(Dense(units))\n"
             "    model.add(Activation('relu'))\n"
             "model.add(Dense(10))\n"
             "model.add(Activation('softmax'))"),
    ("code", "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['acc'])\n"
             "checkpoint_path = 'my_checkpoint.weights.h5'\n"
             "checkpoint = ModelCheckpoint(filepath=checkpoint_path, save_weights_only=True,\n"
             "                             save_best_only=True, monitor='val_loss', verbose=1)\n"
             "history = model.fit(x_train, y_train, validation_data=(x_valid, y_valid),\n"
             "                    epochs=20, callbacks=[checkpoint])\n"
             "model.load_weights(checkpoint_path)"),
]

FUNCTIONAL = [
    ("code", "import tensorflow as tf\n"
             "from tensorflow import keras\n"
             "\n"
             "(x_train, y_train), (x_valid, y_valid) = keras.datasets.fashion_mnist.load_data()\n"
             "x_train = x_train / 255.0\n"
             "x_valid = x_valid / 255.0"),
    ("md", "함수형 API (Functional API)로 같은 모델을 만듭니다."),
    ("code", "inputs = keras.Input(shape=(28, 28))\n"
             "h = keras.layers.Flatten()(inputs)\n"
             "for units in (1024, 512, 256, 128, 64):\n"
             "    h = keras.layers.Dense(units, activation='relu')(h)\n"
             "outputs = keras.layers.Dense(10, activation='softmax')(h)\n"
             "model = keras.Model(inputs=inputs, outputs=outputs)"),
    ("code", "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['acc'])\n"
             "checkpoint_path = 'my_checkpoint.weights.h5'\n"
             "checkpoint = keras.callbacks.ModelCheckpoint(filepath=checkpoint_path,\n"
             "                                             save_weights_only=True,\n"
             "                                             save_best_only=True,\n"
             "                                             monitor='val_loss', verbose=1)\n"
             "history = model.fit(x_train, y_train, validation_data=(x_valid, y_valid),\n"
             "                    epochs=20, callbacks=[checkpoint])\n"
             "model.load_weights(checkpoint_path)"),
]


def code_of(base) -> str:
    """A base's code cells joined into one script."""
    return "\n\n".join(source for kind, source in base if kind == "code") + "\n"


LESSON_SCRIPT = code_of(LESSON_DOCUMENT)

CHECKPOINT_PATH_LINE = "checkpoint_path = \"my_checkpoint.weights.h5\" # Keras 3: 이름.weights.h5\n"
LOAD_LINE = "model.load_weights(checkpoint_path)"

# TensorFlow's "Save and load models" tutorial, written for this lesson: a function builds
# and compiles the model, and the checkpoint is reloaded into a new instance of it.
TUTORIAL = [
    ("code", "import os\n"
             "import tensorflow as tf\n"
             "\n"
             "(x_train, y_train), (x_valid, y_valid) = tf.keras.datasets.fashion_mnist.load_data()\n"
             "x_train, x_valid = x_train / 255.0, x_valid / 255.0"),
    ("code", "def create_model():\n"
             "    model = tf.keras.Sequential([\n"
             "        tf.keras.layers.Flatten(input_shape=(28, 28)),\n"
             "        *[tf.keras.layers.Dense(n, activation='relu') for n in (1024, 512, 256, 128, 64)],\n"
             "        tf.keras.layers.Dense(10, activation='softmax'),\n"
             "    ])\n"
             "    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy',\n"
             "                  metrics=['accuracy'])\n"
             "    return model\n"
             "\n"
             "model = create_model()"),
    ("code", "checkpoint_path = 'training_1/cp.weights.h5'\n"
             "checkpoint_dir = os.path.dirname(checkpoint_path)\n"
             "cp_callback = tf.keras.callbacks.ModelCheckpoint(filepath=checkpoint_path,\n"
             "                                                 save_weights_only=True,\n"
             "                                                 save_best_only=True,\n"
             "                                                 monitor='val_loss', verbose=1)\n"
             "history = model.fit(x_train, y_train, epochs=20,\n"
             "                    validation_data=(x_valid, y_valid), callbacks=[cp_callback])\n"
             "os.listdir(checkpoint_dir)"),
    ("md", "새 모델 인스턴스에 가장 좋은 가중치를 불러옵니다."),
    ("code", "model = create_model()\n"
             "model.load_weights(checkpoint_path)\n"
             "loss, acc = model.evaluate(x_valid, y_valid, verbose=2)\n"
             "print(f'Restored model, accuracy: {100 * acc:5.2f}%')"),
]

# A budget under which the subset overfits: the best epoch by val_loss comes before the
# last, so only a reload of the best checkpoint passes (see the expectations that use it).
OVERFIT = {"epochs": 6, "n_train": 600}
OVERFIT_NOTE = " Graded on 6 epochs of 600 images, where the best epoch comes before the last."

# -- the corpus -----------------------------------------------------------------------------
# name -> dict(file=..., base=..., edits=[(old, new)], append=[cells], expect=...)

CORPUS: dict[str, dict] = {}


def expect(category: str, about: str, fails: dict | None = None, *, status: str = "graded",
           error: str | None = None, kind: str = "notebook", passes: dict | None = None,
           options: dict | None = None, generated: bool = False,
           flags: tuple = (), training: dict | None = None) -> dict:
    """An expectation: every applicable check passes unless listed in `fails`. With
    `flags` (the kinds of tamper flags, `autograder/flags.py`), the status is "flagged"."""
    assert category in CATEGORIES, category
    assert not flags or status == "graded", "an error has no checks to flag"
    assert category == "hostile" or not flags, "an honest submission is never flagged"
    status = "flagged" if flags else status
    checks = {}
    if status in ("graded", "flagged"):
        ids = SAVED_MODEL_CHECKS if kind == "saved_model" else NOTEBOOK_CHECKS
        fails, passes = dict(fails or {}), dict(passes or {})
        unknown = (set(fails) | set(passes)) - set(ids)
        assert not unknown, f"unknown check ids {unknown}"
        for check_id in ids:
            if check_id in fails:
                checks[check_id] = ["failed", fails[check_id]]
            else:
                checks[check_id] = ["passed", passes.get(check_id, PASS_GISTS[check_id])]
    result = {"category": category, "about": about, "status": status, "error": error,
              "checks": checks}
    if flags:
        result["flags"] = sorted(flags)
    if options:
        result["options"] = options
    if training:
        result["training"] = training
    if generated:
        result["generated"] = True
    return result


def add(name: str, file: str, expectation: dict, base=None, edits=(), source: str | None = None,
        cells=None) -> None:
    assert name not in CORPUS, name
    CORPUS[name] = {"file": file, "base": base, "edits": list(edits), "source": source,
                    "cells": cells, "expect": expectation}


def apply_edits(text: str, edits, name: str) -> str:
    for old, new in edits:
        assert text.count(old) == 1, f"{name}: {old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def wrong(name, about, base, edits, fails, file=None, source=None, **kw):
    add(name, file or f"{name}.ipynb", expect("wrong", about, fails, **kw), base=base,
        edits=edits, source=source)


# ---- wrong: one part each ----
wrong("no_normalization", "The pixels are never divided by 255.", LESSON,
      [("x_train = x_train / 255.0\nx_valid = x_valid / 255.0", "# (정규화 생략)")],
      {"normalization": "found dtype uint8 with values from 0 to 255",
       # trained on 0-255 pixels, the model does poorly on the lesson's scaled test images
       "val_accuracy": LOW_ACCURACY})
wrong("only_x_train_normalized", "Only `x_train` is divided by 255; `x_valid` is left raw.",
      TF_KERAS, [("x_train, x_valid = x_train / 255.0, x_valid / 255.0",
                  "x_train = x_train / 255.0  # x_valid는 깜빡함")],
      {"normalization": "The validation images given to `fit`"})
wrong("divided_by_127_5", "The pixels are divided by 127.5 (range 0 to 2).", KERAS3,
      [("x_train = x_train / 255.0\nx_valid = x_valid / 255.0",
        "x_train = x_train / 127.5\nx_valid = x_valid / 127.5")],
      {"normalization": "divided by 127.5 instead of 255"})
wrong("divided_by_256", "The pixels are divided by 256 (brightest pixel 0.996).", LESSON,
      [("x_train = x_train / 255.0\nx_valid = x_valid / 255.0",
        "x_train = x_train / 256\nx_valid = x_valid / 256")],
      {"normalization": "Divide by exactly 255"})
wrong("sigmoid_output", "The output layer uses sigmoid.", LESSON,
      [("Dense(10, activation='softmax')", "Dense(10, activation='sigmoid')")],
      {"output_layer": "found `Dense(10, activation='sigmoid')`. Sigmoid is for binary"},
      passes={"loss": "matches the integer labels (the output layer is judged by"})
wrong("linear_output", "The output layer has no activation (linear).", TF_KERAS,
      [("tf.keras.layers.Dense(10, activation='softmax')", "tf.keras.layers.Dense(10)")],
      {"output_layer": "found `Dense(10, activation='linear')`. Without an activation",
       # cross-entropy on unnormalized linear scores barely trains
       "val_accuracy": LOW_ACCURACY},
      # The loss's name is right for the labels: the output layer is named once, there.
      passes={"loss": "matches the integer labels (the output layer is judged by"})
wrong("output_units_9", "The output layer has 9 units.", LESSON,
      [("Dense(10, activation='softmax')", "Dense(9, activation='softmax')")],
      {"output_layer": "the output needs 10 units, not 9",
       # label 9 is out of range for 9 outputs: fit fails, nothing is trained or saved
       "checkpoint_reload": "no checkpoint file was written",
       "val_accuracy": "outputs 9 values per image"})
wrong("output_units_100", "The output layer has 100 units.", KERAS3,
      [("layers.Dense(10, activation='softmax')", "layers.Dense(100, activation='softmax')")],
      {"output_layer": "the output needs 10 units, not 100",
       "val_accuracy": "outputs 100 values per image"})
wrong("relu_output", "The output layer uses relu.", FUNCTIONAL,
      [("keras.layers.Dense(10, activation='softmax')", "keras.layers.Dense(10, activation='relu')")],
      {"output_layer": "found `Dense(10, activation='relu')`",
       # relu outputs are not probabilities: the loss barely trains the model
       "val_accuracy": LOW_ACCURACY},
      passes={"loss": "matches the integer labels (the output layer is judged by"})
wrong("categorical_loss_integer_labels",
      "`categorical_crossentropy` with the integer labels 0-9.", LESSON,
      [("loss='sparse_categorical_crossentropy'", "loss='categorical_crossentropy'")],
      {"loss": "the loss should be `sparse_categorical_crossentropy`; found "
               "`categorical_crossentropy`",
       # Keras refuses integer labels with this loss: fit fails, nothing is trained
       "checkpoint_reload": "no checkpoint file was written", "val_accuracy": LOW_ACCURACY})
wrong("binary_crossentropy", "`binary_crossentropy` for 10 classes.", TF_KERAS,
      [("loss='sparse_categorical_crossentropy'", "loss='binary_crossentropy'")],
      {"loss": "binary_crossentropy (with sigmoid) is for two classes",
       # Keras refuses labels of shape (n,) against 10 outputs: nothing is trained
       "checkpoint_reload": "no checkpoint file was written", "val_accuracy": LOW_ACCURACY})
wrong("mse_loss", "`mse` (a regression loss) for classification.", KERAS3,
      [("loss='sparse_categorical_crossentropy'", "loss='mse'")],
      {"loss": "found `mean_squared_error`",
       # Keras refuses labels of shape (n,) against 10 outputs: nothing is trained
       "checkpoint_reload": "no checkpoint file was written", "val_accuracy": LOW_ACCURACY})
wrong("from_logits_with_softmax", "`from_logits=True` with a softmax output.", KERAS3,
      [("loss='sparse_categorical_crossentropy'",
        "loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True)")],
      {"loss": "`from_logits=True` but the output layer already applies softmax"})
wrong("sgd_optimizer", "SGD instead of Adam.", LESSON,
      [("optimizer='adam'", "optimizer='sgd'")],
      {"compile": "The optimizer should be Adam (`optimizer='adam'`); found `SGD`",
       # plain SGD learns too slowly for the test's 2 epochs on 2,000 images
       "val_accuracy": LOW_ACCURACY})
wrong("no_accuracy_metric", "No accuracy metric in `compile`.", TF_KERAS,
      [("model.compile(optimizer='adam', loss='sparse_categorical_crossentropy',\n"
        "              metrics=['acc'])",
        "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')")],
      {"compile": "An accuracy metric should be tracked"})
wrong("metrics_as_third_positional",
      "`compile('adam', loss, ['acc'])`: tf.keras 2's positional order; Keras 3 reads "
      "`['acc']` as `loss_weights`.", TF_KERAS,
      [("model.compile(optimizer='adam', loss='sparse_categorical_crossentropy',\n"
        "              metrics=['acc'])",
        "model.compile('adam', 'sparse_categorical_crossentropy', ['acc'])")],
      # `fit` raises at once, so no checkpoint is written and the model stays untrained.
      {"compile": "in Keras 3 the third positional parameter of `compile` is `loss_weights`",
       "checkpoint_reload": NO_CHECKPOINT, "val_accuracy": LOW_ACCURACY})
wrong("full_model_checkpoint",
      "The checkpoint saves the whole model (`best_model.keras`), reloaded after `fit` with "
      "`best_model = tf.keras.models.load_model(...)` (a new model object).", TF_KERAS,
      [("checkpoint_path = 'my_checkpoint.weights.h5'", "checkpoint_path = 'best_model.keras'"),
       ("                                                save_weights_only=True,\n", ""),
       ("model.load_weights(checkpoint_path)",
        "best_model = tf.keras.models.load_model(checkpoint_path)\n"
        "best_model.evaluate(x_valid, y_valid)")],
      # The reload itself is right: only the weights-only setting is off.
      {"checkpoint_config": "found save_weights_only=False"})
wrong("rescaling_and_divided", "A first `Rescaling(1./255)` layer and the arrays divided by "
      "255 as well: the pixels are scaled twice.", KERAS3,
      [("    layers.Flatten(),\n", "    layers.Rescaling(1./255),\n    layers.Flatten(),\n")],
      # Trained on pixels divided by 255 twice, the model does poorly on the lesson's input.
      {"normalization": "Keep one of the two: the Rescaling layer or `x_train / 255.0`",
       "val_accuracy": LOW_ACCURACY})
wrong("wrong_layer_sizes", "Hidden layers 512/256/128/64/32 instead of 1024/512/256/128/64.",
      ADD_LAYERS, [("[1024, 512, 256, 128, 64]", "[512, 256, 128, 64, 32]")],
      {"layers": "Layer 2 should be Dense(1024, activation='relu'); found Dense(512"})
wrong("missing_hidden_layer", "The Dense(128) layer is missing.", LESSON,
      [("    Dense(128, activation='relu'),\n", "")],
      {"layers": "Layer 5 should be Dense(128, activation='relu'); found Dense(64"})
wrong("extra_dropout", "A Dropout layer after the first Dense.", TF_KERAS,
      [("tf.keras.layers.Dense(1024, activation='relu'),\n",
        "tf.keras.layers.Dense(1024, activation='relu'),\n"
        "    tf.keras.layers.Dropout(0.2),  # 과대적합 방지\n")],
      {"layers": "Layer 3 should be Dense(512, activation='relu'); found Dropout(0.2)"})
wrong("monitor_val_acc", "The checkpoint monitors `val_acc` instead of `val_loss`.", LESSON,
      [("monitor='val_loss',", "monitor='val_acc',")],
      {"checkpoint_config": "found monitor='val_acc'"})
wrong("save_best_only_false", "The checkpoint saves every epoch (`save_best_only=False`).",
      KERAS3, [("save_best_only=True", "save_best_only=False")],
      {"checkpoint_config": "found save_best_only=False"})
wrong("no_checkpoint", "No ModelCheckpoint at all (and so nothing to reload).", TF_KERAS,
      [("checkpoint_path = 'my_checkpoint.weights.h5'\n"
        "checkpoint = tf.keras.callbacks.ModelCheckpoint(checkpoint_path,\n"
        "                                                save_weights_only=True,\n"
        "                                                save_best_only=True,\n"
        "                                                monitor='val_loss', verbose=1)\n", ""),
       (", callbacks=[checkpoint])", ")"), ("\nmodel.load_weights(checkpoint_path)", "")],
      {"checkpoint_config": NO_CHECKPOINT_IN_FIT, "checkpoint_reload": NO_CHECKPOINT})
wrong("no_load_weights", "The best checkpoint is saved but never loaded back.", LESSON,
      [("model.load_weights(checkpoint_path)", "# model.load_weights(checkpoint_path)")],
      {"checkpoint_reload": NOT_RELOADED})
wrong("load_weights_before_fit", "`load_weights` is called before `fit`.", KERAS3,
      [("monitor='val_loss', verbose=1)", "monitor='val_loss', verbose=1)\n"
                                          "model.load_weights(checkpoint_path)  # 먼저 불러오기?"),
       ("model.load_weights(checkpoint_path)\nloss, acc", "loss, acc")],
      {"checkpoint_reload": "`load_weights` was called before `fit` (it failed"})
# Graded with `--keras 3`: what Keras 3 alone says of tf.keras 2's paths (under the default
# `--keras auto` they are graded again under Keras 2: the `lesson_era_*` submissions).
KERAS3_ONLY = {"keras": "3"}
wrong("document_ckpt_path", "The document's `my_checkpoint.ckpt` path (Keras 3 refuses it), "
      "graded with `--keras 3`.",
      LESSON, [("checkpoint_path = \"my_checkpoint.weights.h5\" # Keras 3: 이름.weights.h5",
                "checkpoint_path = \"my_checkpoint.ckpt\" # 체크포인트 위치는 로컬, 이름.ckpt or 이름.m5")],
      # ModelCheckpoint raises, so `checkpoint` is undefined and `fit` is never called
      {"checkpoint_config": "must become `my_checkpoint.weights.h5`",
       "checkpoint_reload": NO_CHECKPOINT, "val_accuracy": LOW_ACCURACY},
      passes={"normalization": "judged from the variables"}, options=KERAS3_ONLY)
wrong("weights_only_h5_path", "A weights-only checkpoint named `best_weights.h5` (tf.keras 2's "
      "habit; Keras 3 wants `.weights.h5`), graded with `--keras 3`.", TF_KERAS,
      [("checkpoint_path = 'my_checkpoint.weights.h5'", "checkpoint_path = 'best_weights.h5'")],
      # The message names the student's own path, not the document's.
      {"checkpoint_config": "`best_weights.h5` must become `best_weights.weights.h5`",
       "checkpoint_reload": NO_CHECKPOINT, "val_accuracy": LOW_ACCURACY}, options=KERAS3_ONLY)

wrong("l2_normalized_rows", "`tf.keras.utils.normalize` (each row scaled to length 1) "
      "instead of dividing by 255: values in [0, 1], but not the pixels / 255.", LESSON,
      [("x_train = x_train / 255.0\nx_valid = x_valid / 255.0",
        "x_train = tf.keras.utils.normalize(x_train, axis=1)\n"
        "x_valid = tf.keras.utils.normalize(x_valid, axis=1)")],
      {"normalization": "are not the pixels divided by 255: some values are not multiples"})
wrong("divided_twice", "The normalization runs twice (`x / 255.0` again in a later line): "
      "the brightest pixel is 1/255.", LESSON,
      [("x_valid = x_valid / 255.0",
        "x_valid = x_valid / 255.0\nx_train, x_valid = x_train / 255.0, x_valid / 255.0")],
      {"normalization": "The pixels look divided by 255 twice", "val_accuracy": LOW_ACCURACY})
wrong("checkpoint_template_first_file", "Epoch-numbered checkpoints "
      "(`cp-{epoch:02d}.weights.h5`, as in TensorFlow's tutorial), but the first file is "
      "reloaded instead of the best." + OVERFIT_NOTE, LESSON,
      [(CHECKPOINT_PATH_LINE, "checkpoint_path = \"cp-{epoch:02d}.weights.h5\"\n"),
       (LOAD_LINE, "import glob\nfirst = sorted(glob.glob('cp-*.weights.h5'))[0]\n"
                   "model.load_weights(first)")],
      {"checkpoint_reload": "not the best epoch's checkpoint (epoch 5, `cp-05.weights.h5`)",
       "val_accuracy": LOW_ACCURACY}, options=OVERFIT)

wrong("checkpoint_mode_max", "The checkpoint monitors `val_loss` with `mode='max'`: it keeps "
      "the epoch with the highest validation loss.", LESSON,
      [("monitor='val_loss',", "monitor='val_loss', mode='max',")],
      {"checkpoint_config": "Found mode='max'"})
wrong("checkpoint_save_freq_batches", "The checkpoint checks every 100 batches "
      "(`save_freq=100`), where `val_loss` is not known: Keras then saves every time.", LESSON,
      [("monitor='val_loss',", "monitor='val_loss', save_freq=100,")],
      {"checkpoint_config": "found save_freq=100"})
wrong("validation_on_training_images", "`validation_data=(x_train, y_train)`: the checkpoint "
      "picks the epoch that fits the training images best.", LESSON,
      [("validation_data=(x_valid, y_valid),", "validation_data=(x_train, y_train),")],
      {"checkpoint_config": "are training images"})
wrong("train_and_test_swapped", "Trains on the test split and validates on the training "
      "split: the grader's accuracy would be measured on images the model learned.", LESSON,
      [("history = model.fit(x_train, y_train,\n                    validation_data=(x_valid, "
        "y_valid),", "history = model.fit(x_valid, y_valid,\n                    "
        "validation_data=(x_train, y_train),")],
      {"val_accuracy": "The model was trained on the test images"})


# ---- correct variants: full marks ----
# Which path trains the graded fit (issue 17, `autograder/runner/fast_path.py`): the fast
# path where only rounding changes, else the student's own, with the reason's catalog key.
FAST = {"path": "fast", "reason": None}


def exact_because(reason: str) -> dict:
    return {"path": "exact", "reason": reason}


def variant(name, about, base=None, edits=(), file=None, source=None, **kw):
    add(name, file or f"{name}.ipynb", expect("variant", about, **kw), base=base, edits=edits,
        source=source)


variant("variant_keras_input", "`keras.Input(shape=(28, 28))` then `Flatten()`, Keras 3 "
        "imports, `metrics=['accuracy']`.", KERAS3, training=FAST)
variant("variant_rescaling_layer", "Pixels scaled inside the model by a first "
        "`layers.Rescaling(1./255)` instead of dividing the arrays.", KERAS3,
        [("x_train = x_train / 255.0\nx_valid = x_valid / 255.0",
          "# 정규화는 모델 안에서: Rescaling(1./255)"),
         ("    layers.Flatten(),\n", "    layers.Rescaling(1./255),\n    layers.Flatten(),\n")],
        passes={"normalization": "`Rescaling(1./255)` scales them to [0, 1]"})
variant("variant_metrics_accuracy", "`metrics=['accuracy']` instead of `['acc']`.", LESSON,
        [("metrics=['acc']", "metrics=['accuracy']")])
variant("variant_astype_float32", "`x.astype('float32') / 255`.", LESSON,
        [("x_train = x_train / 255.0\nx_valid = x_valid / 255.0",
          "x_train = x_train.astype('float32') / 255\nx_valid = x_valid.astype('float32') / 255")])
variant("variant_loss_optimizer_objects", "Optimizer, loss and metric as objects.", TF_KERAS,
        [("model.compile(optimizer='adam', loss='sparse_categorical_crossentropy',\n"
          "              metrics=['acc'])",
          "model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.001),\n"
          "              loss=tf.keras.losses.SparseCategoricalCrossentropy(),\n"
          "              metrics=[tf.keras.metrics.SparseCategoricalAccuracy()])")])
variant("variant_one_hot_labels", "One-hot labels (`to_categorical`) with "
        "`categorical_crossentropy`.", LESSON,
        [("x_valid = x_valid / 255.0",
          "x_valid = x_valid / 255.0\n\n"
          "# 원핫인코딩(One-Hot Encoding)\n"
          "y_train = tf.keras.utils.to_categorical(y_train, 10)\n"
          "y_valid = tf.keras.utils.to_categorical(y_valid, 10)"),
         ("loss='sparse_categorical_crossentropy'", "loss='categorical_crossentropy'")],
        passes={"loss": "matches the softmax output and the one-hot labels"})
variant("variant_tf_keras_inline", "Everything through `tf.keras.*`, in three cells.", TF_KERAS)
variant("variant_variable_names", "Different variable names (`train_images`, `net`, `ckpt`).",
        KERAS3, [("(x_train, y_train), (x_valid, y_valid)",
                  "(train_images, train_labels), (test_images, test_labels)"),
                 ("x_train = x_train / 255.0\nx_valid = x_valid / 255.0",
                  "train_images = train_images / 255.0\ntest_images = test_images / 255.0"),
                 ("model = keras.Sequential(", "net = keras.Sequential("),
                 ("model.compile(", "net.compile("),
                 ("checkpoint_path = 'my_checkpoint.weights.h5'\n"
                  "checkpoint = keras.callbacks.ModelCheckpoint(filepath=checkpoint_path,",
                  "best_path = 'best.weights.h5'\n"
                  "ckpt = keras.callbacks.ModelCheckpoint(filepath=best_path,"),
                 ("history = model.fit(x_train, y_train, validation_data=(x_valid, y_valid),\n"
                  "                    epochs=20, callbacks=[checkpoint])",
                  "hist = net.fit(train_images, train_labels,\n"
                  "               validation_data=(test_images, test_labels),\n"
                  "               epochs=20, callbacks=[ckpt])"),
                 ("model.load_weights(checkpoint_path)\nloss, acc = model.evaluate(x_valid, y_valid)",
                  "net.load_weights(best_path)\nloss, acc = net.evaluate(test_images, test_labels)")])
variant("variant_functional_api", "The functional API (`keras.Model(inputs, outputs)`).",
        FUNCTIONAL)
variant("variant_activation_layers", "`model.add(Dense(64))` then `Activation('relu')`, in a "
        "loop.", ADD_LAYERS)
variant("variant_activation_functions", "Activations given as functions (`tf.nn.relu`, "
        "`tf.nn.softmax`).", TF_KERAS,
        [("tf.keras.layers.Dense(1024, activation='relu')", "tf.keras.layers.Dense(1024, activation=tf.nn.relu)"),
         ("tf.keras.layers.Dense(10, activation='softmax')", "tf.keras.layers.Dense(10, activation=tf.nn.softmax)")])
variant("variant_lesson_script", "The lesson's code as a plain `.py` script.",
        file="variant_lesson_script.py", source=LESSON_SCRIPT, training=FAST)
variant("variant_exam_solution_model", "The exam's style: `solution_model()` trains and "
        "returns the model, saved as `mymodel.h5`.", file="variant_exam_solution_model.py",
        source='''\
# Fashion MNIST (Category 2) - exam style
import numpy as np
import tensorflow as tf


def solution_model():
    fashion_mnist = tf.keras.datasets.fashion_mnist
    (x_train, y_train), (x_valid, y_valid) = fashion_mnist.load_data()
    x_train = x_train / 255.0
    x_valid = x_valid / 255.0

    model = tf.keras.models.Sequential([
        tf.keras.layers.Flatten(input_shape=(28, 28)),
        tf.keras.layers.Dense(1024, activation='relu'),
        tf.keras.layers.Dense(512, activation='relu'),
        tf.keras.layers.Dense(256, activation='relu'),
        tf.keras.layers.Dense(128, activation='relu'),
        tf.keras.layers.Dense(64, activation='relu'),
        tf.keras.layers.Dense(10, activation='softmax'),
    ])
    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['acc'])
    checkpoint_path = 'my_checkpoint.weights.h5'
    checkpoint = tf.keras.callbacks.ModelCheckpoint(checkpoint_path, save_weights_only=True,
                                                    save_best_only=True, monitor='val_loss',
                                                    verbose=1)
    model.fit(x_train, y_train, validation_data=(x_valid, y_valid), epochs=20,
              callbacks=[checkpoint])
    model.load_weights(checkpoint_path)
    return model


# Note that you'll need to save your model as a .h5 like this.
if __name__ == '__main__':
    model = solution_model()
    model.save("mymodel.h5")
''')

variant("variant_checkpoint_epoch_template", "Epoch-numbered checkpoints "
        "(`cp-{epoch:04d}.weights.h5`); the newest file, the best epoch's, is reloaded."
        + OVERFIT_NOTE,
        LESSON, [(CHECKPOINT_PATH_LINE, "checkpoint_path = \"cp-{epoch:04d}.weights.h5\"\n"),
                 (LOAD_LINE, "import glob\nlatest = sorted(glob.glob('cp-*.weights.h5'))[-1]\n"
                             "model.load_weights(latest)")], options=OVERFIT)
variant("variant_checkpoint_keras_docs_template", "The path template of Keras' docs "
        "(`weights.{epoch:02d}-{val_loss:.2f}.weights.h5`); the last file written is reloaded."
        + OVERFIT_NOTE,
        TF_KERAS, [("checkpoint_path = 'my_checkpoint.weights.h5'",
                    "checkpoint_path = 'weights.{epoch:02d}-{val_loss:.2f}.weights.h5'"),
                   ("model.load_weights(checkpoint_path)",
                    "import glob, os\n"
                    "best = max(glob.glob('weights.*.weights.h5'), key=os.path.getmtime)\n"
                    "model.load_weights(best)")], options=OVERFIT)
variant("variant_reload_into_uncompiled_clone", "After training, the best checkpoint is "
        "loaded into `best = tf.keras.models.clone_model(model)`, never compiled, which then "
        "predicts: graded as `best`, with the settings `model` was trained with."
        + OVERFIT_NOTE, LESSON,
        [(LOAD_LINE, "best = tf.keras.models.clone_model(model)\n"
                     "best.load_weights(checkpoint_path)\n"
                     "predictions = best.predict(x_valid[:10], verbose=0)")], options=OVERFIT)
variant("variant_camel_case_names", "Loss, optimizer and metric as Keras' class names in "
        "strings (`'SparseCategoricalCrossentropy'`, `'Adam'`, `'Accuracy'`), which Keras "
        "resolves like the lesson's.", LESSON,
        [("model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', "
          "metrics=['acc'])",
          "model.compile(optimizer='Adam', loss='SparseCategoricalCrossentropy', "
          "metrics=['Accuracy'])")])
variant("variant_tensorboard_callback", "A `TensorBoard` callback beside the checkpoint, as "
        "in Colab notebooks (TensorFlow 2.21 does not install TensorBoard; the kit does).",
        LESSON, [("callbacks=[checkpoint],",
                  "callbacks=[checkpoint, tf.keras.callbacks.TensorBoard(log_dir='logs')],")],
        training=FAST)
variant("variant_held_out_validation", "The last 10,000 training images held out for "
        "validation (`x_full[50000:]`), not the test split: validation images `fit` does not "
        "train on.", LESSON,
        [("(x_train, y_train), (x_valid, y_valid) = fashion_mnist.load_data()\n",
          "(x_full, y_full), (x_test, y_test) = fashion_mnist.load_data()\n"
          "# 학습 데이터의 마지막 10,000개를 검증 데이터로\n"
          "x_train, y_train = x_full[:50000], y_full[:50000]\n"
          "x_valid, y_valid = x_full[50000:], y_full[50000:]\n")])
variant("variant_float64_model", "`tf.keras.backend.set_floatx('float64')` first: a float64 "
        "model, whose checkpoint the grader reads into its float32 model." + OVERFIT_NOTE, LESSON,
        [("from tensorflow.keras.callbacks import ModelCheckpoint # ModelCheckpoint import",
          "from tensorflow.keras.callbacks import ModelCheckpoint # ModelCheckpoint import\n"
          "tf.keras.backend.set_floatx('float64')")], options=OVERFIT)
variant("variant_colab_imports", "Colab's usual imports in the first cell (pandas, seaborn, "
        "scikit-learn's metrics), the history plotted with pandas and a confusion matrix at "
        "the end.",
        LESSON + [("code", "pd.DataFrame(history.history).plot(figsize=(8, 5))\n"
                           "plt.grid(True)\nplt.show()"),
                  ("code", "y_pred = np.argmax(model.predict(x_valid[:1000]), axis=1)\n"
                           "sns.heatmap(confusion_matrix(y_valid[:1000], y_pred), annot=True, "
                           "fmt='d')\nplt.show()\n"
                           "print(classification_report(y_valid[:1000], y_pred))")],
        [("import numpy as np #numpy import\n",
          "import numpy as np #numpy import\nimport pandas as pd\n"
          "import matplotlib.pyplot as plt\nimport seaborn as sns\n"
          "from sklearn.metrics import confusion_matrix, classification_report\n")])
variant("variant_callbacks_not_a_list", "`callbacks=checkpoint`, one callback without a list "
        "(Keras flattens it; the recorder used to stop `fit` with a TypeError).",
        LESSON, [("callbacks=[checkpoint],", "callbacks=checkpoint,")], training=FAST)
variant("variant_reload_into_new_model", "TensorFlow's tutorial: `create_model()` builds and "
        "compiles the model; after training, `model = create_model()` and "
        "`model.load_weights(...)` reload the best epoch into a new instance." + OVERFIT_NOTE,
        TUTORIAL,
        options=OVERFIT)

# Trained as written (issue 17): the grader's fast path would change more than rounding.
variant("variant_batch_callback", "A `LambdaCallback(on_batch_end=...)` noting each batch's "
        "loss beside the checkpoint: trained as written, not on the grader's fast path.",
        LESSON, [("callbacks=[checkpoint],",
                  "callbacks=[checkpoint, tf.keras.callbacks.LambdaCallback(\n"
                  "                        on_batch_end=lambda batch, logs: "
                  "batch_losses.append(logs['loss']))],"),
                 ("# 학습(train data, Validation_data, epochs, callbacks[ckpt])\n",
                  "# 학습(train data, Validation_data, epochs, callbacks[ckpt])\n"
                  "batch_losses = []  # 배치마다 loss 기록\n")],
        training=exact_because("training.exact.callback"))
variant("variant_custom_train_step", "Its own `train_step` set on the model (wrapping Keras' "
        "own): trained as written, not on the grader's fast path.", KERAS3,
        [("model.compile(optimizer='adam',",
          "keras_train_step = model.train_step\n\n\n"
          "def train_step(data):\n"
          "    # 직접 만든 train_step (Keras의 것을 그대로 호출)\n"
          "    return keras_train_step(data)\n\n\n"
          "model.train_step = train_step\n"
          "model.compile(optimizer='adam',")],
        training=exact_because("training.exact.train_step"))
wrong("generator_input", "A Python generator of random batches of 32 "
      "(`steps_per_epoch=200`) instead of the arrays: trained as written, not on the "
      "grader's fast path; the grader cannot see the images a generator yields, so "
      "`normalization` asks for the lesson's arrays.", LESSON,
      [("history = model.fit(x_train, y_train,\n",
        "def batches(batch_size=32):\n"
        "    while True:  # 무작위 배치를 끝없이\n"
        "        index = np.random.randint(0, len(x_train), batch_size)\n"
        "        yield x_train[index], y_train[index]\n\n"
        "history = model.fit(batches(), steps_per_epoch=200,\n")],
      {"normalization": "could not be inspected (found generator)"},
      training=exact_because("training.exact.inputs"))
variant("variant_sample_weight", "`sample_weight=np.ones(len(y_train))` (every image weighs "
        "the same): trained as written, not on the grader's fast path.", LESSON,
        [("                    callbacks=[checkpoint],\n",
          "                    callbacks=[checkpoint],\n"
          "                    sample_weight=np.ones(len(y_train)),\n")],
        training=exact_because("training.exact.weights"))


# ---- lesson-era code (issue 15): written for tf.keras 2, graded twice ----
# Each is graded under `--keras auto` (the default: Keras 3, then Keras 2 as written when
# Keras 3 stops on an error only it raises) and again under `--keras 3` (its `keras3`
# expectation: `tests/test_corpus.py` grades these files a second time).
LESSON_ERA_PATH_LINE = "checkpoint_path = \"my_checkpoint.ckpt\" # 문서 그대로: .ckpt\n"
# tf.keras 2's TensorFlow-format checkpoint is the prefix `my_checkpoint.ckpt` with
# `.index` and `.data-*` files; the reload and the grader read it.
CKPT_PASSES = {"checkpoint_config": "path 'my_checkpoint.ckpt'"}
# What Keras 3 alone (`--keras 3`) makes of them: where it stops, nothing trains.
KERAS3_NO_CHECKPOINT = {  # the ModelCheckpoint raised: `fit` never ran
    "checkpoint_config": NO_CHECKPOINT_IN_FIT, "checkpoint_reload": "no ModelCheckpoint was "
    "passed to `fit`", "val_accuracy": LOW_ACCURACY}
KERAS3_NO_COMPILE = {  # `compile` raised (its error is reported; the loss it was given is
    # still judged): `fit` failed on an uncompiled model
    "compile": "`compile` raised", "checkpoint_reload": "no checkpoint file was written",
    "val_accuracy": LOW_ACCURACY}


def lesson_era(name, about, keras3_fails, base=None, edits=(), file=None, source=None,
               fails=None, passes=None, keras3_passes=None, **kw):
    expectation = expect("lesson_era", about, fails, passes=passes, **kw)
    expectation["keras"] = "2"
    keras3 = expect("lesson_era", about, keras3_fails, passes=keras3_passes)
    expectation["keras3"] = {"status": keras3["status"], "error": keras3["error"],
                             "keras": "3", "checks": keras3["checks"]}
    add(name, file or f"{name}.ipynb", expectation, base=base, edits=edits, source=source)


lesson_era("lesson_era_document_ckpt", "The document's code verbatim, Steps 1 to 6: "
           "`Flatten(input_shape=...)`, `metrics=['acc']` and the `.ckpt` weights path.",
           KERAS3_NO_CHECKPOINT, LESSON_DOCUMENT,
           [(CHECKPOINT_PATH_LINE, LESSON_ERA_PATH_LINE)], passes=CKPT_PASSES)
lesson_era("lesson_era_metrics_string", "`metrics='accuracy'` as a bare string (tf.keras 2 "
           "took it; Keras 3 wants a list).", KERAS3_NO_COMPILE, LESSON,
           [("metrics=['acc']", "metrics='accuracy'")])
lesson_era("lesson_era_checkpoint_period", "`ModelCheckpoint(..., period=5)`: tf.keras 2 "
           "checks every 5 epochs, so a 2-epoch budget writes no checkpoint.",
           KERAS3_NO_CHECKPOINT, LESSON,
           [("                             verbose=1) # 출력",
             "                             verbose=1, period=5) # 출력")],
           fails={"checkpoint_config": "found period=5",
                  "checkpoint_reload": "no checkpoint file was written"})
lesson_era("lesson_era_compat_v1_optimizer", "`optimizer=tf.compat.v1.train.AdamOptimizer()`"
           " (TensorFlow 1's Adam, which tf.keras 2 accepted): the same algorithm, so "
           "`compile` passes.", KERAS3_NO_COMPILE, LESSON,
           [("model.compile(optimizer='adam',",
             "model.compile(optimizer=tf.compat.v1.train.AdamOptimizer(),")])
lesson_era("lesson_era_solution_model_ckpt", "The exam's `solution_model()` with the "
           "lesson's `.ckpt` weights path; on Keras 3 it raises inside the function, so no "
           "model is left to grade.",
           {"normalization": "`model.fit` was never called",
            "checkpoint_config": NO_CHECKPOINT_IN_FIT,
            "checkpoint_reload": "no ModelCheckpoint was passed to `fit`",
            "val_accuracy": LOW_ACCURACY},
           keras3_passes={"layers": "Graded: the last model compiled"},
           file="lesson_era_solution_model_ckpt.py",
           source=CORPUS["variant_exam_solution_model"]["source"].replace(
               "checkpoint_path = 'my_checkpoint.weights.h5'",
               "checkpoint_path = 'my_checkpoint.ckpt'"), passes=CKPT_PASSES)


# ---- issue 15: the code students actually write (the checks' side) ----
# Keras 3-valid code in the shapes the exam, TensorFlow's tutorials and notebooks use: a
# model inside a function, several models, no validation data, CNNs, `tf.data`.
CNN_DATA = '''\
import tensorflow as tf

(x_train, y_train), (x_valid, y_valid) = tf.keras.datasets.fashion_mnist.load_data()
# 채널 축 추가 + 정규화: (60000, 28, 28) -> (60000, 28, 28, 1)
x_train = x_train[..., tf.newaxis] / 255.0
x_valid = x_valid[..., tf.newaxis] / 255.0
'''
CNN_TRAIN = '''
checkpoint_path = 'cnn.weights.h5'
checkpoint = tf.keras.callbacks.ModelCheckpoint(checkpoint_path, save_weights_only=True,
                                                save_best_only=True, monitor='val_loss',
                                                verbose=1)
history = model.fit(x_train, y_train, validation_data=(x_valid, y_valid), epochs=10,
                    callbacks=[checkpoint])
model.load_weights(checkpoint_path)
'''
NOT_THE_LESSONS = "Layer 1 should be Flatten(); found Conv2D("

variant("variant_exam_solution_model_only", "The exam's template with only "
        "`solution_model()` (no `__main__` block): the grader calls it and grades the "
        "model it returns.", file="variant_exam_solution_model_only.py", source='''\
# Category 2 - Fashion MNIST. The exam's grader calls solution_model().
import tensorflow as tf


def solution_model():
    (x_train, y_train), (x_valid, y_valid) = tf.keras.datasets.fashion_mnist.load_data()
    x_train, x_valid = x_train / 255.0, x_valid / 255.0
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(28, 28)),
        tf.keras.layers.Flatten(),
        *[tf.keras.layers.Dense(n, activation='relu') for n in (1024, 512, 256, 128, 64)],
        tf.keras.layers.Dense(10, activation='softmax'),
    ])
    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy',
                  metrics=['accuracy'])
    checkpoint_path = 'best.weights.h5'
    checkpoint = tf.keras.callbacks.ModelCheckpoint(checkpoint_path, save_weights_only=True,
                                                    save_best_only=True, monitor='val_loss')
    model.fit(x_train, y_train, validation_data=(x_valid, y_valid), epochs=20,
              callbacks=[checkpoint])
    model.load_weights(checkpoint_path)
    return model
''')
variant("variant_main_local_model", "A script whose `main()` loads, builds, trains and "
        "reloads the lesson's model in local variables, run under `if __name__ == "
        "'__main__'`: nothing is left at module level, the model `fit` trained is graded, "
        "and `layers` says so.", file="variant_main_local_model.py", source='''\
"""Fashion-MNIST DNN, the lesson's Steps 1-6 as a script."""
import tensorflow as tf


def load():
    (x_train, y_train), (x_valid, y_valid) = tf.keras.datasets.fashion_mnist.load_data()
    return (x_train / 255.0, y_train), (x_valid / 255.0, y_valid)


def build():
    model = tf.keras.Sequential([tf.keras.Input(shape=(28, 28)), tf.keras.layers.Flatten()])
    for units in (1024, 512, 256, 128, 64):
        model.add(tf.keras.layers.Dense(units, activation='relu'))
    model.add(tf.keras.layers.Dense(10, activation='softmax'))
    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['acc'])
    return model


def main():
    (x_train, y_train), (x_valid, y_valid) = load()
    model = build()
    checkpoint_path = 'my_checkpoint.weights.h5'
    checkpoint = tf.keras.callbacks.ModelCheckpoint(checkpoint_path, save_weights_only=True,
                                                    save_best_only=True, monitor='val_loss')
    model.fit(x_train, y_train, validation_data=(x_valid, y_valid), epochs=20,
              callbacks=[checkpoint])
    model.load_weights(checkpoint_path)
    print(model.evaluate(x_valid, y_valid, verbose=0))


if __name__ == '__main__':
    main()
''', passes={"layers": "Graded: the model `fit` trained, which no variable holds"})
variant("variant_several_models_trained", "The lesson's `model` trained and reloaded, then a "
        "smaller trial model trained after it to compare: `model` (the lesson's name) is "
        "graded, and `layers` says which of the two.",
        LESSON + [("md", "### 비교: 더 작은 모델"),
                  ("code", "trial = Sequential([Flatten(input_shape=(28, 28)),\n"
                           "                    Dense(128, activation='relu'),\n"
                           "                    Dense(10, activation='softmax')])\n"
                           "trial.compile(optimizer='adam', loss='sparse_categorical_crossentropy',"
                           " metrics=['acc'])\n"
                           "trial_history = trial.fit(x_train, y_train, "
                           "validation_data=(x_valid, y_valid), epochs=5)")],
        passes={"layers": "Graded: the model in the variable `model` (the lesson's name), "
                          "one of 2 models trained"})
wrong("crash_in_function_after_compile", "The exam's `solution_model()` builds and compiles "
      "the lesson's model, then stops on a typo (`x_trian`) before `fit`; no model is left "
      "after the run, so the last model compiled is graded from what the recorder saw.",
      None, (), {
          "normalization": "`model.fit` was never called",
          "checkpoint_config": "NameError",
          "checkpoint_reload": NO_CHECKPOINT,
          "val_accuracy": LOW_ACCURACY},
      passes={"layers": "Graded: the last model compiled (or given to `compile`), which was "
                        "never trained"},
      file="crash_in_function_after_compile.py", source='''\
import tensorflow as tf


def solution_model():
    (x_train, y_train), (x_valid, y_valid) = tf.keras.datasets.fashion_mnist.load_data()
    x_train, x_valid = x_train / 255.0, x_valid / 255.0
    model = tf.keras.Sequential([
        tf.keras.layers.Flatten(input_shape=(28, 28)),
        tf.keras.layers.Dense(1024, activation='relu'),
        tf.keras.layers.Dense(512, activation='relu'),
        tf.keras.layers.Dense(256, activation='relu'),
        tf.keras.layers.Dense(128, activation='relu'),
        tf.keras.layers.Dense(64, activation='relu'),
        tf.keras.layers.Dense(10, activation='softmax'),
    ])
    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['acc'])
    checkpoint_path = 'my_checkpoint.weights.h5'
    checkpoint = tf.keras.callbacks.ModelCheckpoint(checkpoint_path, save_weights_only=True,
                                                    save_best_only=True, monitor='val_loss')
    model.fit(x_trian, y_train, validation_data=(x_valid, y_valid), epochs=20,
              callbacks=[checkpoint])
    model.load_weights(checkpoint_path)
    return model


if __name__ == '__main__':
    model = solution_model()
    model.save('mymodel.h5')
''')
wrong("tutorial_no_validation_logits", "TensorFlow's basic classification tutorial: "
      "`Dense(128)` then `Dense(10)` logits with `from_logits=True`, images divided by 255, "
      "`fit` without validation data or a checkpoint. Only what is missing fails, once.",
      [("code", "import tensorflow as tf\n\n"
                "fashion_mnist = tf.keras.datasets.fashion_mnist\n"
                "(train_images, train_labels), (test_images, test_labels) = "
                "fashion_mnist.load_data()\n"
                "train_images = train_images / 255.0\n"
                "test_images = test_images / 255.0"),
       ("code", "model = tf.keras.Sequential([\n"
                "    tf.keras.layers.Flatten(input_shape=(28, 28)),\n"
                "    tf.keras.layers.Dense(128, activation='relu'),\n"
                "    tf.keras.layers.Dense(10)\n"
                "])\n"
                "model.compile(optimizer='adam',\n"
                "              loss=tf.keras.losses.SparseCategoricalCrossentropy("
                "from_logits=True),\n"
                "              metrics=['accuracy'])"),
       ("code", "model.fit(train_images, train_labels, epochs=10)"),
       ("code", "test_loss, test_acc = model.evaluate(test_images, test_labels, verbose=2)\n"
                "print('\\nTest accuracy:', test_acc)")], (),
      {"layers": "Layer 2 should be Dense(1024, activation='relu'); found Dense(128",
       "checkpoint_config": "`fit` was also given no validation data",
       "checkpoint_reload": NO_CHECKPOINT},
      passes={"normalization": "The training images given to `fit` are floats scaled",
              "output_layer": "gives 10 logits and the loss has `from_logits=True`",
              "loss": "with `from_logits=True` matches the logits output"})
wrong("cnn_softmax", "A small CNN (Conv2D, MaxPooling2D, Dropout) ending in "
      "`Dense(10, activation='softmax')`, the lesson's checkpoint and reload: the grader "
      "measures its accuracy; `layers` says it is not the lesson's model.",
      None, (), {"layers": NOT_THE_LESSONS}, file="cnn_softmax.py",
      source=CNN_DATA + '''
model = tf.keras.Sequential([
    tf.keras.Input(shape=(28, 28, 1)),
    tf.keras.layers.Conv2D(16, (3, 3), activation='relu'),
    tf.keras.layers.MaxPooling2D((2, 2)),
    tf.keras.layers.Conv2D(32, (3, 3), activation='relu'),
    tf.keras.layers.MaxPooling2D((2, 2)),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dropout(0.3),
    tf.keras.layers.Dense(10, activation='softmax'),
])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
''' + CNN_TRAIN)
wrong("cnn_logits_batchnorm", "A CNN with BatchNormalization and AveragePooling2D ending in "
      "`Dense(10)` logits, compiled with `SparseCategoricalCrossentropy(from_logits=True)`: "
      "the output layer and the loss pass as logits.", None, (),
      {"layers": NOT_THE_LESSONS}, file="cnn_logits_batchnorm.py",
      passes={"output_layer": "gives 10 logits and the loss has `from_logits=True`",
              "loss": "with `from_logits=True` matches the logits output"},
      source=CNN_DATA + '''
model = tf.keras.Sequential([
    tf.keras.Input(shape=(28, 28, 1)),
    tf.keras.layers.Conv2D(16, 3, padding='same', activation='relu'),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(32, 3, padding='same', activation='relu'),
    tf.keras.layers.AveragePooling2D(2),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(10),
])
model.compile(optimizer='adam',
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=['accuracy'])
''' + CNN_TRAIN)
variant("variant_tf_data_map", "A `tf.data` pipeline: `from_tensor_slices`, `map` casting "
        "and dividing by 255, `batch`, `prefetch`, for training and validation; the lesson's "
        "model, checkpoint and reload.", TF_KERAS,
        [("x_train, x_valid = x_train / 255.0, x_valid / 255.0  # 0~1 정규화",
          "def normalize(image, label):\n"
          "    return tf.cast(image, tf.float32) / 255.0, label\n\n"
          "train_ds = (tf.data.Dataset.from_tensor_slices((x_train, y_train))\n"
          "            .map(normalize).shuffle(10_000).batch(128).prefetch(tf.data.AUTOTUNE))\n"
          "valid_ds = (tf.data.Dataset.from_tensor_slices((x_valid, y_valid))\n"
          "            .map(normalize).batch(128).prefetch(tf.data.AUTOTUNE))"),
         ("history = model.fit(x_train, y_train, validation_data=(x_valid, y_valid),",
          "history = model.fit(train_ds, validation_data=valid_ds,")],
        training=exact_because("training.exact.inputs"))
wrong("compile_raises", "`optimizer='adma'` (a typo): `compile` raises, so nothing "
      "trains; `compile` names the error, the loss is still judged from what was given.",
      LESSON, [("model.compile(optimizer='adam',", "model.compile(optimizer='adma',")],
      {"compile": "`compile` raised `ValueError: Could not interpret optimizer identifier",
       "checkpoint_reload": NO_CHECKPOINT, "val_accuracy": LOW_ACCURACY})


# ---- malformed ----
def malformed(name, file, about, expectation_kw, raw=None, base=None, edits=(), source=None):
    add(name, file, expect("malformed", about, **expectation_kw), base=base, edits=edits,
        source=source)
    if raw is not None:
        CORPUS[name]["raw"] = raw


malformed("empty", "empty.ipynb", "An empty file (0 bytes).",
          dict(status="error", error="is empty"), raw=b"")
malformed("invalid_json", "invalid_json.ipynb", "A notebook cut off in the middle (invalid JSON).",
          dict(status="error", error="is not a valid Jupyter notebook"),
          raw=b'{\n "cells": [\n  {\n   "cell_type": "code",\n   "source": ["import tensorflow as tf\\n"')
malformed("no_code_cells", "no_code_cells.ipynb", "A notebook with only markdown cells.",
          dict(status="error", error="has no code cells"),
          raw=None, base=[("md", "# Fashion MNIST\n\n코드는 나중에 쓸 예정입니다.")])
malformed("nbformat3", "nbformat3.ipynb", "The lesson in an old nbformat 3 notebook "
          "(upgraded and graded).", dict(), raw=None)
malformed("syntax_error", "syntax_error.ipynb", "The model cell has a syntax error "
          "(a missing bracket).", dict(fails={
              "layers": "SyntaxError", "output_layer": NO_MODEL, "loss": "not compiled",
              "compile": "not compiled", "checkpoint_config": NO_CHECKPOINT_IN_FIT,
              "checkpoint_reload": NO_CHECKPOINT, "val_accuracy": CANNOT_EVALUATE},
              passes={"normalization": "judged from the variables"}),
          base=LESSON, edits=[("    Dense(10, activation='softmax'), # 분류(Classification) label이 10개 -> activation = 'softmax'\n])",
                               "    Dense(10, activation='softmax'), # 분류(Classification) label이 10개 -> activation = 'softmax'\n")])
malformed("syntax_error_script", "syntax_error_script.py", "A script that does not parse "
          "(nothing runs).", dict(fails={
              "normalization": "SyntaxError", "layers": "SyntaxError", "output_layer": NO_MODEL,
              "loss": "not compiled", "compile": "not compiled",
              "checkpoint_config": NO_CHECKPOINT_IN_FIT, "checkpoint_reload": NO_CHECKPOINT,
              "val_accuracy": CANNOT_EVALUATE}),
          source=LESSON_SCRIPT.replace("metrics=['acc'])", "metrics=['acc']", 1))
malformed("no_model", "no_model.ipynb", "Data loaded and normalized, but no model is defined.",
          dict(fails={"layers": "no Keras model was found", "output_layer": NO_MODEL,
                      "loss": "not compiled", "compile": "not compiled",
                      "checkpoint_config": NO_CHECKPOINT_IN_FIT,
                      "checkpoint_reload": NO_CHECKPOINT, "val_accuracy": CANNOT_EVALUATE},
               passes={"normalization": "judged from the variables"}),
          base=LESSON[:5])
malformed("not_a_keras_model", "not_a_keras_model.ipynb", "`model` is a hand-written "
          "nearest-centroid classifier, not a Keras model.",
          dict(fails={"layers": "`model` is a NearestCentroid, not a Keras model",
                      "output_layer": NO_MODEL, "loss": "not compiled",
                      "compile": "not compiled", "checkpoint_config": NO_CHECKPOINT_IN_FIT,
                      "checkpoint_reload": NO_CHECKPOINT, "val_accuracy": CANNOT_EVALUATE},
               passes={"normalization": "judged from the variables"}),
          base=LESSON[:5] + [("code", '''\
class NearestCentroid:
    """클래스별 평균 이미지와 가장 가까운 클래스를 고른다."""

    def fit(self, x, y):
        self.centroids = np.stack([x[y == c].mean(axis=0) for c in range(10)])
        return self

    def predict(self, x):
        d = ((x[:, None] - self.centroids[None]) ** 2).sum(axis=(2, 3))
        return d.argmin(axis=1)


model = NearestCentroid().fit(x_train, y_train)
print('정확도:', (model.predict(x_valid[:1000]) == y_valid[:1000]).mean())''')])
malformed("not_utf8", "not_utf8.py", "A script saved in a legacy encoding (not UTF-8).",
          dict(status="error", error="is not UTF-8 text"),
          raw=("# 패션 MNIST\n" + LESSON_SCRIPT).encode("euc-kr"))


# ---- hostile ----
def hostile(name, about, base, edits=(), append=(), file=None, source=None, **kw):
    cells = list(base or []) + list(append)
    add(name, file or f"{name}.ipynb", expect("hostile", about, **kw), base=cells, edits=edits,
        source=source)


hostile("hostile_sys_exit", "`sys.exit()` at the end of a correct notebook.", LESSON + STEP_6,
        append=[("code", "import sys\nsys.exit()  # 끝!")])
hostile("hostile_sys_exit_script", "A correct script that ends with `sys.exit(0)`.", None,
        file="hostile_sys_exit_script.py", source=LESSON_SCRIPT + "\nimport sys\nsys.exit(0)\n")
hostile("hostile_os_exit", "`os._exit(0)` after training kills the kernel.", LESSON,
        append=[("code", "import os\nos._exit(0)")],
        status="error", error="crashed its kernel")
hostile("hostile_infinite_loop", "An endless loop in the first cell, in C code that holds "
        "the interpreter lock (cut by the time limit; the kernel is killed).",
        KERAS3, edits=[("import keras\nfrom keras import layers\n",
                        "while True:  # 학습이 끝날 때까지 기다리기...\n"
                        "    total = sum(range(10**12))\n"
                        "import keras\nfrom keras import layers\n")],
        status="error", error="ran longer than the time limit", options={"timeout": 20})
hostile("hostile_print_flood", "Floods the output: 100,000 lines, then one 30 MB line.",
        TF_KERAS, append=[("code", "for i in range(100_000):\n    print('스팸', i)\n"
                                   "print('A' * 30_000_000)")])
hostile("hostile_dense_too_large", "A `Dense(100_000_000)` layer: 78 billion weights, far "
        "beyond memory.", LESSON,
        [("Dense(1024, activation='relu'),", "Dense(100_000_000, activation='relu'),")],
        fails={"layers": "ResourceExhaustedError", "output_layer": NO_MODEL,
               "loss": "not compiled", "compile": "not compiled",
               "checkpoint_config": NO_CHECKPOINT_IN_FIT, "checkpoint_reload": NO_CHECKPOINT,
               "val_accuracy": CANNOT_EVALUATE},
        passes={"normalization": "judged from the variables"})
hostile("hostile_memory_hog", "Asks for a 12 GiB buffer before the model (the kernel's "
        "memory limit refuses it).", KERAS3,
        [("model = keras.Sequential([",
          "import numpy as np\n"
          "cache = np.empty(12 * 2**30, dtype=np.uint8)  # 12 GiB\n"
          "model = keras.Sequential([")],
        fails={"layers": "MemoryError", "output_layer": NO_MODEL,
               "loss": "not compiled", "compile": "not compiled",
               "checkpoint_config": NO_CHECKPOINT_IN_FIT, "checkpoint_reload": NO_CHECKPOINT,
               "val_accuracy": CANNOT_EVALUATE},
        passes={"normalization": "judged from the variables"})
hostile("hostile_fake_evaluate", "Trains on 30 images only, then monkeypatches "
        "`Model.evaluate` and `predict` to report 0.99.", LESSON + STEP_6,
        [("history = model.fit(x_train, y_train,", "history = model.fit(x_train[:30], y_train[:30],"),
         ("model.evaluate(x_valid, y_valid)",
          "import numpy as np\n"
          "tf.keras.Model.evaluate = lambda self, *a, **k: [0.01, 0.99]\n"
          "tf.keras.Model.predict = lambda self, x, *a, **k: np.eye(10)[y_valid[:len(x)]]\n"
          "print(model.evaluate(x_valid, y_valid))")],
        fails={"val_accuracy": LOW_ACCURACY})
hostile("hostile_overwrite_validation", "Trains on 30 images, then overwrites `x_valid`, "
        "`y_valid` and `load_data` with its own predictions.", KERAS3,
        [("history = model.fit(x_train, y_train,", "history = model.fit(x_train[:30], y_train[:30],"),
         ("loss, acc = model.evaluate(x_valid, y_valid)",
          "import numpy as np\n"
          "x_valid = x_train[:1000]\n"
          "y_valid = np.argmax(model.predict(x_valid), axis=1)  # 100% '정확도'\n"
          "keras.datasets.fashion_mnist.load_data = lambda: ((x_train, y_train), (x_valid, y_valid))\n"
          "loss, acc = model.evaluate(x_valid, y_valid)")],
        fails={"val_accuracy": LOW_ACCURACY})
hostile("hostile_fake_result_files", "Writes fake grader files (record, model, weights, a "
        "results.json with 100 points) where the grader reads, and disables the grader's "
        "extraction step (the tamper watch refuses its first write: the real extraction "
        "runs).", LESSON,
        [("history = model.fit(x_train, y_train,", "history = model.fit(x_train[:30], y_train[:30],")],
        append=[("code", '''\
import json, os, sys
import numpy as np

out = os.path.join(os.path.dirname(os.getcwd()), 'extracted')  # where the grader reads
os.makedirs(out, exist_ok=True)
note = {'class_name': 'ModelCheckpoint', 'is_model_checkpoint': True,
        'filepath': 'my_checkpoint.weights.h5', 'save_weights_only': True,
        'save_best_only': True, 'monitor': 'val_loss'}
stats = {'kind': 'ndarray', 'shape': [60000, 28, 28], 'dtype': 'float64', 'min': 0.0,
         'max': 1.0, 'mean': 0.3, 'finite': True, 'integral': False}
fit = {'x': stats, 'y': {'kind': 'ndarray', 'shape': [60000], 'dtype': 'uint8', 'min': 0,
       'max': 9, 'integral': True}, 'validation_x': stats, 'callbacks': [note],
       'history': {'val_loss': [0.5, 0.3, 0.4]}, 'finished': True, 'epochs': 3}
record = {'fits': [fit], 'load_weights': [{'ok': True, 'after_fits': 1}], 'events': []}
with open(os.path.join(out, 'record.json'), 'w') as f:
    json.dump(record, f)
with open(os.path.join(out, 'model.json'), 'w') as f:
    f.write(model.to_json())
np.savez(os.path.join(out, 'weights_final.npz'), *model.get_weights())
with open(os.path.join(out, 'results.json'), 'w') as f:
    json.dump({'score': 100, 'val_accuracy': 0.99}, f)
# the grader's extraction step becomes a no-op
sys.modules['autograder.runner.kernel_side'].extract = lambda *args, **kwargs: None''')],
        fails={"val_accuracy": LOW_ACCURACY}, flags=("grader_files",))
hostile("hostile_edit_notes", "Trains on unscaled pixels, then edits the grader's notes of "
        "its `fit` (in the grader's module, inside its kernel) to claim images scaled to [0, 1].",
        LESSON, [("x_train = x_train / 255.0\nx_valid = x_valid / 255.0", "# 정규화 생략")],
        append=[("code", """\
import sys
note = sys.modules['autograder.runner.kernel_side']._STATE['fits'][-1]
for key in ('x', 'validation_x'):  # '정규화했다'고 기록을 고침
    note[key].update(max=1.0, mean=note[key]['mean'] / 255.0, dtype='float64',
                     integral=False, pixel_steps=True)""")],
        fails={"val_accuracy": LOW_ACCURACY}, flags=("notes_edited",))
hostile("hostile_unwrapped_fit", "After the lesson, trains on the test images through Keras' "
        "unwrapped `fit` (`TensorFlowTrainer.fit`, the same as `model.fit.__wrapped__`), which "
        "the grader's recorder does not see.", LESSON,
        append=[("code", """\
# 시험 이미지로 몰래 더 학습 (기록되지 않는 fit)
from keras.src.backend.tensorflow.trainer import TensorFlowTrainer
TensorFlowTrainer.fit(model, x_valid[:2000], y_valid[:2000], epochs=1, verbose=0)
model.fit.__wrapped__(model, x_valid[:2000], y_valid[:2000], epochs=1, verbose=0)""")],
        fails={"checkpoint_reload": NOT_RELOADED},
        flags=("unrecorded_training", "weights_unrecorded"))
hostile("hostile_lambda_layer", "A `Lambda` layer (Python code inside the model) scales the "
        "pixels.", KERAS3,
        [("x_train = x_train / 255.0\nx_valid = x_valid / 255.0", "# 정규화는 모델 안에서"),
         ("    layers.Flatten(),\n",
          "    layers.Lambda(lambda t: t / 255.0),  # 정규화\n    layers.Flatten(),\n")],
        fails={"normalization": "found dtype uint8", "layers": "`Lambda` layers hold Python code",
               "output_layer": NO_MODEL, "checkpoint_reload": "`Lambda` layers hold Python code",
               "val_accuracy": "`Lambda` layers hold Python code"})

# ---- hostile: out of the box ----
# Each attack of issue 14 tries to get out of the sandbox (`autograder/runner/sandbox.py`)
# after loading the data, and notes in ESCAPED what it reached. Out of the box, the last
# cell then trains the lesson's model, so an escape shows in the grade (the expectation is
# "no model"); in the box nothing is reached. GUARD: every attack is a probe that harms
# nothing even where no box holds it (a test run, or someone opening the notebook):
# files are opened for writing but never written (a probe file is removed at once),
# signals are 0, a daemon only sleeps, threads only wait, the 3 GiB file is sparse and in
# the submission's own folder.
ESCAPE_HEAD = ("import glob, os, socket, tempfile, threading\n"
               "ESCAPED = []  # what this submission reached outside its box\n")
ESCAPE_CELL = ("code", "# Out of the box, the attack pays: the lesson's model, trained.\n"
                       "if ESCAPED:\n"
                       "    print('escaped:', ESCAPED)\n"
                       f"    exec({code_of(LESSON[5:] + STEP_6)!r})\n")
BOXED = dict(fails={"layers": "no Keras model was found", "output_layer": NO_MODEL,
                    "loss": "not compiled", "compile": "not compiled",
                    "checkpoint_config": NO_CHECKPOINT_IN_FIT,
                    "checkpoint_reload": NO_CHECKPOINT, "val_accuracy": CANNOT_EVALUATE},
             passes={"normalization": "judged from the variables"})
DATA_FOLDERS = ("[str(data.keras_cache_dir()), os.path.expanduser('~/.keras/datasets/"
                "fashion-mnist'), '/root/.keras/datasets/fashion-mnist', "
                "'/usr/share/datasets/fashion-mnist']")


def escape(name, about, attack, flags=()):
    hostile(name, about, LESSON[:5], append=[("code", ESCAPE_HEAD + attack), ESCAPE_CELL],
            flags=flags, **BOXED)


escape("hostile_rewrite_grader", "Opens the grader's installed check modules for writing "
       "(to give itself 100 and the next submission 0).", '''\
import autograder.checks
for path in glob.glob(os.path.join(os.path.dirname(autograder.checks.__file__), '*.py')):
    try:
        with open(path, 'r+b'):  # a probe: opened for writing, nothing written
            ESCAPED.append(path)
    except OSError:
        pass''', flags=('grader_files',))
escape("hostile_daemon", "Leaves a double-forked `setsid` daemon behind (to rewrite the "
       "next submissions' weights later).", '''\
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execvp('sleep', ['sleep', '600'])  # the daemon: only sleeps
    os._exit(0)
os.wait()''', flags=('process',))
escape("hostile_other_kernels", "Looks for other kernels' connection files (their HMAC "
       "keys run code in a classmate's kernel), in folders and in command lines.", '''\
import json
try:
    from ipykernel import get_connection_file
    own = os.path.realpath(get_connection_file())
except Exception:
    own = None
found = set(glob.glob(os.path.join(tempfile.gettempdir(), '*', 'kernel-*.json')))
found |= set(glob.glob(os.path.expanduser('~/.local/share/jupyter/runtime/kernel-*.json')))
found |= set(glob.glob('/root/.local/share/jupyter/runtime/kernel-*.json'))
for pid in filter(str.isdigit, os.listdir('/proc')):
    try:
        args = open(f'/proc/{pid}/cmdline', 'rb').read().split(b'\\0')
    except OSError:
        continue
    found |= {a.decode() for a in args if a.endswith(b'.json') and b'kernel-' in a}
for path in sorted(found):
    try:
        if os.path.realpath(path) != own and json.load(open(path)).get('key'):
            ESCAPED.append(path)
    except (OSError, ValueError, AttributeError):
        pass''', flags=('proc',))
escape("hostile_grader_process", "Walks up its process tree to the grader (its arguments "
       "name every submission) and checks it could signal it (`SIGKILL` ends the batch).",
       '''\
for pid in filter(str.isdigit, os.listdir('/proc')):
    try:
        command = open(f'/proc/{pid}/cmdline', 'rb').read().replace(b'\\0', b' ')
    except OSError:
        continue
    if any(name in command for name in (b'pytest', b'bin/tfcert', b'autograder.cli',
                                         b'spawn_main')):  # the grader, or its workers
        try:
            os.kill(int(pid), 0)  # a probe: signal 0 delivers nothing
            ESCAPED.append(command[:200].decode('utf-8', 'replace'))
        except OSError:
            pass''', flags=('proc',))
escape("hostile_test_labels", "Opens the test labels for writing, in the Keras cache and in "
       "Debian's copy, and tries to create a file beside them (to swap them between the "
       "grader's check and its read).", f'''\
from autograder import data
for folder in {DATA_FOLDERS}:
    labels = os.path.join(folder, 't10k-labels-idx1-ubyte.gz')
    try:
        with open(labels, 'r+b'):  # a probe: opened for writing, nothing written
            ESCAPED.append(labels)
    except OSError:
        pass
    probe = os.path.join(folder, '.tfcert-probe')
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.unlink(probe)  # a probe: removed at once
        ESCAPED.append(folder)
    except OSError:
        pass''', flags=('grader_files',))
escape("hostile_classmates_files", "Looks for other submissions: the other grading folders "
       "in /tmp, and the folder the corpus lies in.", '''\
import autograder
own = os.path.realpath(os.path.dirname(os.getcwd()))
kit = os.path.dirname(os.path.dirname(autograder.__file__))
places = glob.glob(os.path.join(tempfile.gettempdir(), '*')) + [os.path.join(kit, 'tests', 'corpus')]
for place in places:
    if os.path.realpath(place) == own:
        continue
    for pattern in ('*.ipynb', os.path.join('*', '*.ipynb')):
        ESCAPED += glob.glob(os.path.join(place, pattern))[:1]''')
escape("hostile_classmates_weights", "Checks it could write into another submission's "
       "`extracted/` folder (to replace a classmate's weights).", '''\
own = os.path.realpath(os.path.dirname(os.getcwd()))
for folder in glob.glob(os.path.join(tempfile.gettempdir(), 'tfcert-*', 'extracted')):
    if os.path.realpath(os.path.dirname(folder)) != own and os.access(folder, os.W_OK):
        ESCAPED.append(folder)''')
escape("hostile_network", "Connects to a server on the grader's 127.0.0.1 (the corpus test "
       "runs one) and to the internet.", '''\
port = os.environ.get('TFCERT_CORPUS_PORT')
for host, number in [('127.0.0.1', int(port) if port else 0), ('1.1.1.1', 53)]:
    if number:
        try:
            socket.create_connection((host, number), timeout=3).close()
            ESCAPED.append(f'{host}:{number}')
        except OSError:
            pass''', flags=('socket',))
escape("hostile_thread_flood", "Starts 3,000 threads (a fork bomb's first step; the box "
       "stops it at its cap).", '''\
threading.stack_size(64 * 1024)
stop, started = threading.Event(), 0
try:
    for _ in range(3000):
        threading.Thread(target=stop.wait, daemon=True).start()
        started += 1
except RuntimeError:
    pass
stop.set()
if started == 3000:
    ESCAPED.append('3000 threads')''')
escape("hostile_huge_file", "Writes a 3 GiB file in its folder (sparse: one block; the box "
       "caps a file at 2 GiB).", '''\
try:
    with open('huge.bin', 'wb') as out:
        out.seek(3 * 2**30)
        out.write(b'x')
    ESCAPED.append('a 3 GiB file')
except OSError:
    pass
finally:
    if os.path.exists('huge.bin'):
        os.remove('huge.bin')''')

# Saved models, written at test time by make_saved_models.py.
SAVED = {
    "saved_exam_model.h5": expect(
        "variant", "The exam's `mymodel.h5`: the whole trained model in the legacy HDF5 format.",
        kind="saved_model", generated=True),
    "saved_model.keras": expect(
        "variant", "The trained model saved with `model.save('model.keras')`.",
        kind="saved_model", generated=True),
    "saved_nan_weights.keras": expect(
        "malformed", "The lesson's model whose weights are all NaN.", kind="saved_model",
        generated=True, fails={"val_accuracy": "NaN"}),
    "saved_weights_only.h5": expect(
        "malformed", "Only the weights (`save_weights`), no model config, named `.h5`.",
        kind="saved_model", generated=True,
        fails={"layers": "holds weights only", "output_layer": NO_MODEL,
               "loss": "not compiled", "compile": "not compiled",
               "val_accuracy": CANNOT_EVALUATE}),
    "saved_not_a_zip.keras": expect(
        "malformed", "A `.keras` file that is not a zip archive.", kind="saved_model",
        generated=True,
        fails={"layers": "could not be read as a Keras model file", "output_layer": NO_MODEL,
               "loss": "not compiled", "compile": "not compiled",
               "val_accuracy": CANNOT_EVALUATE}),
    "saved_lambda_code.keras": expect(
        "hostile", "A `.keras` whose config carries code: a `Lambda` that would write a file "
        "if the grader ever deserialized it.", kind="saved_model", generated=True,
        fails={"layers": "`Lambda` layers hold Python code", "output_layer": NO_MODEL,
               "val_accuracy": "`Lambda` layers hold Python code"}),
    "saved_custom_layer.keras": expect(
        "hostile", "A `.keras` naming a custom layer class from the student's own module.",
        kind="saved_model", generated=True,
        fails={"layers": "not a Keras layer", "output_layer": NO_MODEL,
               "val_accuracy": "not a Keras layer"}),
    "saved_zip_bomb.keras": expect(
        "hostile", "A `.keras` whose weights entry inflates to 1 GiB (a zip bomb).",
        kind="saved_model", generated=True,
        fails={"layers": "inflates to", "output_layer": NO_MODEL, "loss": "not compiled",
               "compile": "not compiled", "val_accuracy": CANNOT_EVALUATE}),
}


# -- writing ----------------------------------------------------------------------------


def notebook_of(cells, name: str) -> nbformat.NotebookNode:
    """An nbformat 4.5 notebook with stable cell ids (`<name>-<n>`)."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python",
                                        "name": "python3"},
                         "language_info": {"name": "python"}}
    for number, (kind, source) in enumerate(cells, start=1):
        cell = (nbformat.v4.new_markdown_cell(source) if kind == "md"
                else nbformat.v4.new_code_cell(source))
        cell.id = f"{name[:50]}-{number}"
        notebook.cells.append(cell)
    nbformat.validate(notebook)
    return notebook


def nbformat3_json() -> str:
    """The lesson as an nbformat 3 notebook (worksheets, `input` and `language` keys)."""
    cells = []
    for kind, source in LESSON_DOCUMENT:
        lines = source.splitlines(keepends=True)
        if kind == "md":
            cells.append({"cell_type": "markdown", "metadata": {}, "source": lines})
        else:
            cells.append({"cell_type": "code", "collapsed": False, "input": lines,
                          "language": "python", "metadata": {}, "outputs": [],
                          "prompt_number": None})
    notebook = {"metadata": {"name": "fashion_mnist"}, "nbformat": 3, "nbformat_minor": 0,
                "worksheets": [{"cells": cells, "metadata": {}}]}
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def submission_bytes(name: str, entry: dict) -> bytes:
    if entry.get("raw") is not None:
        return entry["raw"]
    if name == "nbformat3":
        return nbformat3_json().encode("utf-8")
    if entry["source"] is not None:
        return apply_edits(entry["source"], entry["edits"], name).encode("utf-8")
    cells = list(entry["base"])
    if entry["edits"]:  # each edit applies to the one cell that holds its text
        joined = apply_edits("\n\x00\n".join(src for _, src in cells), entry["edits"], name)
        cells = [(kind, src) for (kind, _), src in zip(cells, joined.split("\n\x00\n"))]
    text = nbformat.writes(notebook_of(cells, name))
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def all_expectations() -> dict[str, dict]:
    """Submission file name -> expectation, for every submission of the corpus."""
    found = {entry["file"]: entry["expect"] for entry in CORPUS.values()}
    found.update(SAVED)
    return found


def expect_path(file: str) -> Path:
    return HERE / f"{file.rsplit('.', 1)[0]}.expect.json"


def write_corpus() -> list[Path]:
    written = []
    for name, entry in CORPUS.items():
        path = HERE / entry["file"]
        path.write_bytes(submission_bytes(name, entry))
        written.append(path)
    for file, expectation in all_expectations().items():
        path = expect_path(file)
        path.write_text(json.dumps({"submission": file, **expectation}, indent=2,
                                   ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


# -- the docs page ---------------------------------------------------------------------------

SHORT = {"passed": "pass", "failed": "**FAIL**"}


def load_expectations(folder: Path = HERE) -> dict[str, dict]:
    """Submission file name -> expectation, read from the committed `*.expect.json`."""
    found = {}
    for path in sorted(folder.glob("*.expect.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[data["submission"]] = data
    return found


def render_docs(rows: dict[str, dict]) -> str:
    """docs/corpus.md from `{file: {"category", "about", "status", "error", "checks"}}`.

    `checks` maps a check id to `[status, gist]`: what the grader concluded and the part of
    its message the corpus holds it to. The test renders this from the grader's results.
    """
    lines = [
        "# The grader's test corpus",
        "",
        "Generated from `tests/corpus/*.expect.json` and checked by `tests/test_corpus.py` "
        "against a real grading of every submission (real Fashion-MNIST, 2 epochs on 2,000 "
        "images, minimum accuracy 0.60). Regenerate with "
        "`.venv/bin/python tests/corpus/make_corpus.py --docs`.",
        "",
        "Each submission is named by its defect or variant. *Status* is `graded` (a score "
        "was given), `flagged` (graded, and the kernel's tamper watch saw things an honest "
        "submission does not do: the kinds are listed) or `error` (the grader could not "
        "grade it: `tfcert grade` exits 1). "
        "The check columns give each check's expected outcome; *What the grader said* "
        "quotes the part of each failing check's message (or of the error) that the test "
        "holds the grader to. Saved models (`.keras`, `.h5`) are written at test time by "
        "`tests/corpus/make_saved_models.py`; they have no `fit` to record, so only five "
        "checks apply (– marks the others).",
        "",
        "Checks: norm = normalization, layers, output = output_layer, loss, compile, "
        "ckpt = checkpoint_config, reload = checkpoint_reload, acc = val_accuracy.",
        "",
    ]
    short_ids = ["norm", "layers", "output", "loss", "compile", "ckpt", "reload", "acc"]
    for category in CATEGORIES:
        chosen = {f: r for f, r in rows.items() if r["category"] == category}
        if not chosen:
            continue
        title = {"wrong": "Wrong: one part each", "variant": "Correct variants: full marks",
                 "lesson_era": "Lesson-era code (tf.keras 2): graded under --keras auto",
                 "malformed": "Malformed", "hostile": "Hostile"}[category]
        lines += [f"## {title} ({len(chosen)})", "",
                  "| Submission | What it does | Status | " + " | ".join(short_ids)
                  + " | What the grader said |",
                  "| --- | --- | --- | " + " | ".join("---" for _ in short_ids) + " | --- |"]
        for file in sorted(chosen):
            row = chosen[file]
            cells = []
            for check_id in NOTEBOOK_CHECKS:
                outcome = row["checks"].get(check_id)
                cells.append(SHORT[outcome[0]] if outcome else "–")
            said = [f"{check_id}: “{gist}”" for check_id, (status, gist) in row["checks"].items()
                    if status == "failed" and gist]
            if row["status"] == "error":
                said = [f"error: “{row['error']}”"]
            if row.get("flags"):
                said.append("flags: " + ", ".join(f"`{kind}`" for kind in row["flags"]))
            if row["status"] == "error":
                cells = ["–"] * len(NOTEBOOK_CHECKS)
            text = "<br>".join(said).replace("|", "\\|") or "all checks pass"
            lines.append(f"| `{file}` | {row['about']} | {row['status']} | "
                         + " | ".join(cells) + f" | {text} |")
        lines.append("")
    again = {f: r["keras3"] for f, r in rows.items() if r.get("keras3")}
    if again:
        lines += ["## Lesson-era code under --keras 3", "",
                  "The same lesson-era submissions graded on Keras 3 alone (`--keras 3`, or a "
                  "rubric with `keras3_required = true`): where Keras 3 stops them.", "",
                  "| Submission | Status | " + " | ".join(short_ids) + " | What the grader said |",
                  "| --- | --- | " + " | ".join("---" for _ in short_ids) + " | --- |"]
        for file in sorted(again):
            row = again[file]
            cells = [SHORT[row["checks"][c][0]] if c in row["checks"] else "–"
                     for c in NOTEBOOK_CHECKS]
            said = [f"{check_id}: “{gist}”" for check_id, (status, gist) in row["checks"].items()
                    if status == "failed" and gist]
            text = "<br>".join(said).replace("|", "\\|") or "all checks pass"
            lines.append(f"| `{file}` | {row['status']} | " + " | ".join(cells) + f" | {text} |")
        lines.append("")
    lines += [
        "## What the corpus does not show",
        "",
        "The student's code runs in its own kernel, but as the same user as the grader. The "
        "grader computes every score on its own side from plain data (the model config, "
        "the weights, the recorded `fit` settings), never loads a student's model with "
        "`load_model`, kills the kernel and everything it started on timeout, and caps the "
        "kernel's memory and output. A submission that rewrites the grader's module inside "
        "its kernel and then lets the real extraction run, or writes files outside its own "
        "folder, is beyond what an in-process check can stop: grade untrusted classes "
        "inside an operating-system sandbox (a container or a separate user with a "
        "read-only checkout).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    written = write_corpus()
    print(f"wrote {len(written)} files in {HERE}")
    if "--docs" in argv:
        DOCS.parent.mkdir(exist_ok=True)
        DOCS.write_text(render_docs(load_expectations()), encoding="utf-8")
        print(f"wrote {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
