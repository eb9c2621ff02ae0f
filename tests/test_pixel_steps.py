"""The recorder's test of "divided by 255": every value a whole number of 1/255 steps."""

import numpy as np
import pytest

from autograder.runner.kernel_side import array_stats, pixel_steps


@pytest.fixture(scope="module")
def pixels(real_subset):
    (x_train, _), _ = real_subset
    return x_train


@pytest.mark.parametrize("scale", [
    lambda x: x / 255.0,
    lambda x: x.astype("float32") / 255,
    lambda x: x.astype(np.float32) * np.float32(1 / 255),
    lambda x: x.astype("float16") / 255,
    lambda x: (x - x.min()) / (x.max() - x.min()),
], ids=["float64", "float32", "times_1_over_255", "float16", "min_max_of_all"])
def test_pixels_divided_by_255_are_on_the_grid(pixels, scale):
    """Do the ways students divide by 255 count as pixel steps, in every float width?"""
    assert pixel_steps(scale(pixels)) is True
    assert array_stats(scale(pixels))["pixel_steps"] is True


@pytest.mark.parametrize("scale", [
    lambda x: x / np.linalg.norm(x, axis=1, keepdims=True).clip(1e-12),  # utils.normalize
    lambda x: x / x.max(axis=0, keepdims=True).clip(1),  # min-max per pixel position
    lambda x: x / 256.0,
], ids=["unit_rows", "per_position_max", "divided_by_256"])
def test_other_scalings_are_not(pixels, scale):
    """Are other rescalings into [0, 1] told apart from dividing by 255?"""
    assert pixel_steps(scale(pixels.astype(np.float64))) is False


def test_integers_and_coarse_floats_are_not_judged(pixels):
    """Are raw integer pixels and too-coarse floats left undecided (None)?"""
    assert pixel_steps(pixels) is None
    assert "pixel_steps" not in array_stats(pixels)
