"""Shared fixtures: the real Fashion-MNIST (never a synthetic stand-in) and small subsets."""

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from autograder import data as fashion_data  # noqa: E402

# A fixed subset of the real data keeps training tests fast: the first images of each split.
SUBSET_TRAIN = 5000
SUBSET_VALID = 1000


@pytest.fixture(scope="session")
def real_data_dir():
    """The verified Keras cache folder; a missing dataset is an error, never a skip."""
    try:
        return fashion_data.provide().cache_dir
    except fashion_data.DataError as exc:
        pytest.fail(f"Real Fashion-MNIST is required for this test.\n{exc}", pytrace=False)


@pytest.fixture(scope="session")
def real_data(real_data_dir):
    """The full real Fashion-MNIST as uint8 arrays (the grader's own copy)."""
    return fashion_data.load()


@pytest.fixture(scope="session")
def real_subset(real_data):
    """First 5,000 training and 1,000 test images of the real data."""
    (x_train, y_train), (x_valid, y_valid) = real_data
    return ((x_train[:SUBSET_TRAIN], y_train[:SUBSET_TRAIN]),
            (x_valid[:SUBSET_VALID], y_valid[:SUBSET_VALID]))
