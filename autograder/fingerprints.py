"""Where the images given to `fit` come from, by hashing them.

The kernel's recorder hashes a sample of the images `fit` trained and validated on
(`sample`) and looks the validation sample up among all the training images `fit` was
given (`share_within`): a checkpoint that monitors `val_loss` on images it trains on keeps
the epoch that fits them best. The grader looks the training sample up among its own copy
of the test split (`share_of_test`): a model trained on the test images would be graded on
images it learned. Both defeat what the lesson teaches; a validation set split off the
training split (`x_train[50000:]`, `validation_split`) is neither.

An image is hashed as the uint8 pixels it was scaled from: `rint(x * 255 / max)`, with
the array's own maximum, so `x / 255.0`, `x / 127.5`, float16 or raw uint8 all hash the
same as the dataset's bytes. Scalings that do not keep zero at zero (`x / 127.5 - 1`)
hash as something else: such images are simply not recognised.
"""

from __future__ import annotations

import functools
import hashlib

import numpy as np

SAMPLE_SIZE = 64
# A sample at least this much among some images is those images (Fashion-MNIST's train
# and test splits share no identical image).
MAJORITY = 0.5
# Images converted at a time (a 60,000-image float64 array needs no full-size copy).
_CHUNK = 4096


def _digest(pixels: np.ndarray) -> str:
    return hashlib.blake2b(pixels.tobytes(), digest_size=8).hexdigest()


def _images(images) -> tuple[np.ndarray, float] | None:
    """`images` as an array of N images of 784 pixels (any shape) and its maximum, or None
    when it is no such array of finite, non-negative numbers."""
    try:
        array = np.asarray(images)
    except Exception:
        return None
    if array.dtype == object or array.ndim < 2 or array.shape[0] == 0 \
            or array[0].size != 28 * 28 or not np.issubdtype(array.dtype, np.number):
        return None
    peak = float(np.max(array))
    if not np.isfinite(peak) or peak <= 0 or float(np.min(array)) < 0:
        return None
    return array, peak


def _hashes(array: np.ndarray, peak: float) -> list[str]:
    found = []
    for start in range(0, array.shape[0], _CHUNK):
        chunk = array[start:start + _CHUNK].reshape(-1, 28 * 28).astype(np.float64)
        pixels = np.clip(np.rint(chunk * (255.0 / peak)), 0, 255).astype(np.uint8)
        found.extend(_digest(row) for row in pixels)
    return found


def sample(images, size: int = SAMPLE_SIZE) -> list[str] | None:
    """Hashes of up to `size` evenly spaced images of `images`, or None (see `_images`)."""
    found = _images(images)
    if found is None:
        return None
    array, peak = found
    rows = np.unique(np.linspace(0, array.shape[0] - 1, num=min(size, array.shape[0]))
                     .astype(int))
    return _hashes(array[rows], peak)


def share_within(hashes: list[str] | None, images) -> float | None:
    """The share of `hashes` found among all of `images`; None when either is missing."""
    found = _images(images)
    if not hashes or found is None:
        return None
    known = set(_hashes(*found))
    return sum(h in known for h in hashes) / len(hashes)


@functools.lru_cache(maxsize=1)
def _test_hashes() -> frozenset:
    from autograder import data

    x_test, _ = data.test_split()
    return frozenset(_hashes(x_test, 255.0))


def share_of_test(hashes: list[str] | None) -> float:
    """The share of `hashes` found among the grader's 10,000 test images; 0.0 when there
    is no sample."""
    if not hashes:
        return 0.0
    known = _test_hashes()
    return sum(h in known for h in hashes) / len(hashes)
