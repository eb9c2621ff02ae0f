"""What the kernel's tamper watch (`autograder/runner/audit.py`) costs.

Usage: python -m benchmarks.audit_cost

Two measurements, each in fresh child processes (an audit hook cannot be removed):

1. Per event: nanoseconds per call of an unwatched audited event, a watched `open` of an
   ordinary file, `sys._getframe` (watched: the frame walk) and setting an attribute on a
   class, with and without the watch armed.
2. A normal run: the lesson's model, as the grader runs it (TensorFlow imported before the
   watch is armed, the recorder installed), compiled, fitted 1 epoch on 2,000 images with a
   ModelCheckpoint, reloaded: how many events reach the hook, how many are watched, and
   the seconds spent inside the hook in all.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile

MICRO = r'''
import json, os, sys, tempfile, time
from autograder.runner import audit, kernel_side
if sys.argv[1] == "armed":
    audit.arm(tempfile.mkdtemp(), kernel_side)
class Plain: pass
def timed(n, fn):
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1e9
def set_attr():
    Plain.x = 1
print(json.dumps({
    "unwatched sys.audit": timed(1_000_000, lambda: sys.audit("bench.unwatched")),
    "open('/dev/null')": timed(20_000, lambda: open(os.devnull).close()),
    "sys._getframe()": timed(200_000, sys._getframe),
    "setattr on a class": timed(200_000, set_attr),
}))
'''

RUN = r'''
import json, os, sys, tempfile, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy, tensorflow, keras
from autograder.runner import audit, kernel_side
kernel_side.install(epochs=1, n_train=2000, n_valid=1000, seed=0)
out = tempfile.mkdtemp()
seen = {"events": 0, "watched": 0, "seconds": 0.0}
audit.arm(out, kernel_side)
watch = sys.modules["autograder.runner.audit"]
# A second hook, added after the watch, times nothing but counts; the watch's own time is
# measured by calling it again here on watched events would double its effects, so the
# time is estimated from the micro benchmark instead.
def count(event, args):
    seen["events"] += 1
    if event in audit.WATCHED:
        seen["watched"] += 1
sys.addaudithook(count)
(x, y), (xv, yv) = keras.datasets.fashion_mnist.load_data()
x, xv = x / 255.0, xv / 255.0
model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten()]
                         + [keras.layers.Dense(n, activation="relu") for n in (1024, 512, 256, 128, 64)]
                         + [keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"])
path = os.path.join(tempfile.mkdtemp(), "best.weights.h5")
start = time.perf_counter()
model.fit(x, y, validation_data=(xv, yv), epochs=20, verbose=0, callbacks=[
    keras.callbacks.ModelCheckpoint(path, save_weights_only=True, save_best_only=True)])
model.load_weights(path)
seen["run_seconds"] = time.perf_counter() - start
print(json.dumps(seen))
'''


def child(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    plain, armed = child(MICRO, "plain"), child(MICRO, "armed")
    print("| event | ns per call, no hook | ns per call, watch armed | added ns |")
    print("| --- | --- | --- | --- |")
    for name in plain:
        print(f"| {name} | {plain[name]:.0f} | {armed[name]:.0f} | "
              f"{armed[name] - plain[name]:+.0f} |")
    run = child(RUN)
    print(f"\nA normal run (1 epoch on 2,000 images, checkpoint, reload): {run['events']:,} "
          f"audited events after arming, {run['watched']:,} of them watched; the run took "
          f"{run['run_seconds']:.1f} s.")
    return 0


if __name__ == "__main__":
    with tempfile.TemporaryDirectory():
        sys.exit(main())
