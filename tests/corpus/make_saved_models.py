"""Write the corpus' saved-model submissions (`.keras`, `.h5`) into a folder.

Usage: .venv/bin/python tests/corpus/make_saved_models.py FOLDER

They are generated at test time rather than committed (the trained ones are 18 MB). Their
expectations are committed beside this script (`saved_*.expect.json`, written by
`make_corpus.py`). The trained models learn from the real Fashion-MNIST (the first 2,000
training images, 2 epochs, seed 0), enough for the corpus' 0.60 accuracy threshold.

`saved_lambda_code.keras` holds a `Lambda` whose code writes `LAMBDA_MARKER` in FOLDER
when the model is deserialized and called: the marker is removed here after saving, and
the test checks that grading never brings it back.
"""

from __future__ import annotations

import json
import os
import sys
import zipfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

LAMBDA_MARKER = "lambda_code_ran.txt"
ZIP_BOMB_BYTES = 2**30
FILES = ("saved_exam_model.h5", "saved_model.keras", "saved_nan_weights.keras",
         "saved_weights_only.h5", "saved_not_a_zip.keras", "saved_lambda_code.keras",
         "saved_custom_layer.keras", "saved_zip_bomb.keras")


def lesson_model(keras):
    """The lesson's model, compiled as in the lesson."""
    from keras import layers

    model = keras.Sequential([keras.Input(shape=(28, 28)), layers.Flatten()]
                             + [layers.Dense(units, activation="relu")
                                for units in (1024, 512, 256, 128, 64)]
                             + [layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"])
    return model


def tiny_compiled(keras, *middle):
    """Input (28, 28) -> middle layers -> Flatten -> Dense(10, softmax), compiled."""
    from keras import layers

    model = keras.Sequential([keras.Input(shape=(28, 28)), *middle, layers.Flatten(),
                              layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"])
    return model


def write_zip_bomb(path: Path, config: dict) -> None:
    """A `.keras` archive whose weights entry inflates to ZIP_BOMB_BYTES of zeros."""
    block = bytes(16 * 2**20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("metadata.json", json.dumps({"keras_version": "3.0.0"}))
        zf.writestr("config.json", json.dumps(config))
        with zf.open("model.weights.h5", "w", force_zip64=True) as entry:
            for _ in range(ZIP_BOMB_BYTES // len(block)):
                entry.write(block)


def write_all(folder: Path) -> dict[str, Path]:
    """Write every saved-model submission into `folder`; return file name -> path."""
    import keras
    import numpy as np

    from autograder import data

    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / name for name in FILES}
    keras.utils.set_random_seed(0)
    (x_train, y_train), (x_valid, y_valid) = data.subset(2000, 1000)

    model = lesson_model(keras)
    model.fit(x_train / 255.0, y_train, validation_data=(x_valid / 255.0, y_valid), epochs=2,
              verbose=0)
    # `.keras` first: Keras' legacy `.h5` save removes the optimizer from the model's own
    # compile config, and a `.keras` saved after it would not name the optimizer.
    model.save(paths["saved_model.keras"])
    model.save(paths["saved_exam_model.h5"])  # the exam's `model.save("mymodel.h5")`
    weights_file = folder / "saved_weights_only.weights.h5"
    model.save_weights(weights_file)
    weights_file.replace(paths["saved_weights_only.h5"])

    broken = lesson_model(keras)
    broken.set_weights([np.full(w.shape, np.nan, dtype=np.float32) for w in broken.get_weights()])
    broken.save(paths["saved_nan_weights.keras"])

    paths["saved_not_a_zip.keras"].write_text("이건 모델이 아니라 메모입니다 (not a model)\n",
                                              encoding="utf-8")

    marker = folder / LAMBDA_MARKER
    code = eval(f"lambda t: (open({str(marker)!r}, 'w').write('ran'), t)[1]")  # noqa: S307
    tiny_compiled(keras, keras.layers.Lambda(code)).save(paths["saved_lambda_code.keras"])
    marker.unlink(missing_ok=True)  # building the model ran the lambda here, once

    @keras.saving.register_keras_serializable(package="student")
    class Sneaky(keras.layers.Layer):
        def call(self, inputs):
            return inputs

    tiny_compiled(keras, Sneaky()).save(paths["saved_custom_layer.keras"])

    write_zip_bomb(paths["saved_zip_bomb.keras"], json.loads(model.to_json()))
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for name, path in write_all(Path(sys.argv[1])).items():
        print(f"{path.stat().st_size:>12,}  {path}")
