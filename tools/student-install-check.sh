#!/usr/bin/env bash
# Prove the student's install on a host that already has TensorFlow (Colab's case):
# a fresh virtual environment gets the regular `tensorflow` (not -cpu), then the kit's base
# install; pip must add no tensorflow-cpu and no instructor tool, and `check_all()` must run
# on a notebook's variables (the real Fashion-MNIST, from the Keras cache `make data` fills).
# Usage: tools/student-install-check.sh [VENV]   (minutes; downloads about 570 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${1:-$(mktemp -d)/venv}
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet tensorflow
before=$("$venv/bin/python" -m pip list --format=freeze | sort)
"$venv/bin/python" -m pip install --quiet .
after=$("$venv/bin/python" -m pip list --format=freeze | sort)
added=$(comm -13 <(echo "$before") <(echo "$after") | cut -d= -f1 | tr '\n' ' ')
echo "The kit's base install added: $added"
for name in tensorflow-cpu tensorflow_cpu nbgrader jinja2 pytest-xdist pandas; do
  if grep -qix "$name" <(echo "$added" | tr ' ' '\n'); then
    echo "FAIL: the student's install added $name" >&2; exit 1
  fi
done
"$venv/bin/python" -m pip show tensorflow | grep -E '^(Name|Version):'
cd "$(mktemp -d)"  # run from elsewhere: the installed kit, not this checkout
"$venv/bin/python" - <<'PY'
from autograder.live import check_all, start_recording

start_recording()  # the exercise notebooks' first locked cell: records what `fit` is given
import keras
from autograder import data

(x_train, y_train), (x_valid, y_valid) = data.load()
x_train, x_valid = x_train[:2000] / 255.0, x_valid[:1000] / 255.0
y_train, y_valid = y_train[:2000], y_valid[:1000]
model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten()]
                         + [keras.layers.Dense(n, activation="relu") for n in (1024, 512, 256, 128, 64)]
                         + [keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"])
checkpoint = keras.callbacks.ModelCheckpoint("my_checkpoint.weights.h5", save_weights_only=True,
                                             save_best_only=True, monitor="val_loss", verbose=1)
model.fit(x_train, y_train, validation_data=(x_valid, y_valid), epochs=1, callbacks=[checkpoint])
model.load_weights("my_checkpoint.weights.h5")
results = check_all()
assert len(results) == 8 and all(r.status in ("passed", "failed") for r in results), results
passed = {r.id for r in results if r.status == "passed"}
assert passed >= {"normalization", "layers", "output_layer", "loss", "compile",
                  "checkpoint_config", "checkpoint_reload"}, results  # 1 epoch: accuracy low
print("check_all() ran:", ", ".join(f"{r.id}={r.status}" for r in results))
PY
