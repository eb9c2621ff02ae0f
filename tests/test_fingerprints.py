"""Hashing the images given to `fit`, to tell which images they are (real Fashion-MNIST)."""

import numpy as np
import pytest

from autograder import data, fingerprints


@pytest.fixture(scope="module")
def splits(real_data_dir):
    (x_train, _), (x_test, _) = data.load()
    return x_train, x_test


@pytest.mark.parametrize("scale", [
    lambda x: x, lambda x: x / 255.0, lambda x: (x / 255).astype(np.float32),
    lambda x: x.astype(np.float16) / 255, lambda x: x / 127.5, lambda x: x / 256,
    lambda x: x.reshape(-1, 784) / 255.0, lambda x: x.reshape(-1, 28, 28, 1) / 255.0,
], ids=["uint8", "div_255", "float32", "float16", "div_127_5", "div_256", "flat", "channel"])
def test_test_images_are_recognised_however_scaled(splits, scale):
    _, x_test = splits
    assert fingerprints.share_of_test(fingerprints.sample(scale(x_test[:2000]))) == 1.0


def test_training_images_are_not_test_images(splits):
    x_train, _ = splits
    assert fingerprints.share_of_test(fingerprints.sample(x_train / 255.0)) == 0.0


def test_validation_on_the_training_images_is_found_within_them(splits):
    x_train, _ = splits
    train = x_train[:5000] / 255.0
    assert fingerprints.share_within(fingerprints.sample(train[:1000]), train) == 1.0


def test_a_held_out_part_of_the_training_split_is_not_within_the_rest(splits):
    x_train, x_test = splits
    held_out, rest = x_train[50000:] / 255.0, x_train[:50000] / 255.0
    assert fingerprints.share_within(fingerprints.sample(held_out), rest) == 0.0
    assert fingerprints.share_within(fingerprints.sample(x_test / 255.0), rest) == 0.0


@pytest.mark.parametrize("value", [None, "images", np.zeros(784), np.zeros((3, 10)),
                                   np.zeros((3, 28, 28)), -np.ones((3, 28, 28)),
                                   np.full((3, 28, 28), np.nan), np.empty((0, 28, 28))],
                         ids=["none", "text", "one_image", "not_28x28", "all_zero", "negative",
                              "nan", "empty"])
def test_what_is_not_images_gives_no_sample(value):
    assert fingerprints.sample(value) is None
    assert fingerprints.share_within(["0" * 16], value) is None
