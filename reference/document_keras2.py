"""The document's code verbatim, run under Keras 2 (tf-keras), beside the Keras 3 port.

`DOCUMENT` is the lesson's Steps 1 to 6 exactly as the document writes them: the
`.ckpt` checkpoint path, `Flatten(input_shape=(28, 28))`, `metrics=['acc']`. It runs in a
Python process of its own with `TF_USE_LEGACY_KERAS=1` (TensorFlow 2.21's `tf.keras` is
then tf-keras, Keras 2, as in the document's era), so its `.ckpt` path works as written.
`reference/fashion_dnn.py` is the Keras 3 port (the path `my_checkpoint.weights.h5`).

A budget (`epochs`, `n_train`, `n_valid`) is applied the way the grader applies it, by the
grader's recorder (`autograder.runner.kernel_side.install`), which caps `fit`'s epochs and
slices its arrays: the document's text is not edited. The run prints one JSON line: the
history, the best epoch and what Step 6 gave after Step 5.5's reload.

Example:

    from reference import document_keras2
    report = document_keras2.run(epochs=3, n_train=5000, n_valid=1000, workdir="/tmp/doc")
    print(report["best_epoch"], report["val_accuracy"])

Command line (the full data, the document's 20 epochs; a few minutes on 2 cores):

    .venv/bin/python -m reference.document_keras2 [--epochs N] [--train-size N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

DOCUMENT = '''\
import numpy as np #numpy import
import tensorflow as tf # tensorflow import
from tensorflow.keras.layers import Dense, Flatten # Dense Layer, Flatten Layer import
from tensorflow.keras.models import Sequential # Sequential Model import
from tensorflow.keras.callbacks import ModelCheckpoint # ModelCheckpoint import

# 전처리할 데이터 로드(Tensorflow datasets - FashionMnist)
fashion_mnist = tf.keras.datasets.fashion_mnist
(x_train, y_train), (x_valid, y_valid) = fashion_mnist.load_data()

# 정규화(Nomalization)
x_train = x_train / 255.0
x_valid = x_valid / 255.0

# 형식 확인
print(x_train.shape)

# 2D -> 1D With Flatten
x = Flatten(input_shape=(28, 28))

# 형식 확인
print(x(x_train).shape)

model = Sequential([
    # 2D -> 1D With Flatten
    Flatten(input_shape=(28, 28)),
    # Dense Layer
    Dense(1024, activation='relu'),
    Dense(512, activation='relu'),
    Dense(256, activation='relu'),
    Dense(128, activation='relu'),
    Dense(64, activation='relu'),
    Dense(10, activation='softmax'), # 분류(Classification) label이 10개 -> activation = 'softmax'
])

# loss = 'sparse(원핫인코딩X)_categorical(모델 마지막 활성함수 Softmax)_crossentropy'
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['acc'])

checkpoint_path = "my_checkpoint.ckpt"
checkpoint = ModelCheckpoint(filepath=checkpoint_path,
                             save_weights_only=True, # 가중치만 저장
                             save_best_only=True, # 가장 좋은 결과만 저장
                             monitor='val_loss',  # 기준 = 'validation_loss가 가장 낮은 것'
                             verbose=1) # 출력

# 학습(train data, Validation_data, epochs, callbacks[ckpt])
history = model.fit(x_train, y_train,
                    validation_data=(x_valid, y_valid),
                    epochs=20,
                    callbacks=[checkpoint],
                   )

# 이 코드가 없다면, Ckpt 만드는 이유가 없음
model.load_weights(checkpoint_path)

model.evaluate(x_valid, y_valid)
'''

HEADER = '''\
import os
assert os.environ.get("TF_USE_LEGACY_KERAS") == "1"
from autograder.runner import kernel_side as _budget
_budget.install(epochs={epochs!r}, n_train={n_train!r}, n_valid={n_valid!r}, seed={seed!r})
'''

# Step 6's numbers come from the reloaded model on the (budgeted) validation images.
FOOTER = '''
import json as _json
_valid = _budget._slice((x_valid, y_valid), {n_valid!r})
_loss, _acc = model.evaluate(*_valid, verbose=0)
_h = {{k: [float(v) for v in vs] for k, vs in history.history.items()}}
print("TFCERT_REPORT " + _json.dumps({{"history": _h, "val_loss": float(_loss),
                                       "val_accuracy": float(_acc),
                                       "keras": type(model).__module__}}))
'''


def script(epochs: int | None = None, n_train: int | None = None, n_valid: int | None = None,
           seed: int | None = 0) -> str:
    """The document's code between the budget header and the report footer."""
    return (HEADER.format(epochs=epochs, n_train=n_train, n_valid=n_valid, seed=seed)
            + DOCUMENT + FOOTER.format(n_valid=n_valid))


def run(epochs: int | None = None, n_train: int | None = None, n_valid: int | None = None,
        workdir: str | os.PathLike | None = None, seed: int | None = 0,
        timeout: float = 3600) -> dict:
    """Run the document verbatim under Keras 2 in its own process; its report, with
    `best_epoch` (the kit's one rule) and the checkpoint's files added."""
    from autograder.history import best_epoch

    workdir = Path(workdir or tempfile.mkdtemp(prefix="document-keras2-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, TF_USE_LEGACY_KERAS="1", TF_CPP_MIN_LOG_LEVEL="2")
    done = subprocess.run([sys.executable, "-c", script(epochs, n_train, n_valid, seed)],
                          cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout)
    lines = [line for line in done.stdout.splitlines() if line.startswith("TFCERT_REPORT ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"the document's code failed under Keras 2 (exit "
                           f"{done.returncode}): {done.stderr[-3000:]}")
    report = json.loads(lines[-1].removeprefix("TFCERT_REPORT "))
    report["best_epoch"] = best_epoch(report["history"])
    report["checkpoint_files"] = sorted(p.name for p in workdir.glob("my_checkpoint.ckpt*"))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--train-size", type=int, default=None)
    parser.add_argument("--workdir", default=None)
    args = parser.parse_args(argv)
    report = run(args.epochs, args.train_size, workdir=args.workdir)
    history = report["history"]
    print(f"Keras: {report['keras']}")
    print(f"Epochs run: {len(history['loss'])}")
    print(f"Best epoch by val_loss: {report['best_epoch']} "
          f"(val_loss {min(history['val_loss']):.4f})")
    print(f"After reloading {report['checkpoint_files']}: val_loss {report['val_loss']:.4f}, "
          f"val_accuracy {report['val_accuracy']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
