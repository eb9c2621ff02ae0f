"""The recorder's plain statistics of an array given to `fit` (`kernel_side.array_stats`)."""

import numpy as np
import pytest

from autograder.runner.kernel_side import array_stats


@pytest.mark.parametrize("values, expected", [
    (np.array([[0, 255], [7, 9]], dtype=np.uint8),
     {"min": 0.0, "max": 255.0, "mean": 67.75, "finite": True, "integral": True}),
    (np.array([0.0, 0.5, 1.0]), {"min": 0.0, "max": 1.0, "finite": True, "integral": False}),
    (np.array([1.0, np.nan]), {"finite": False, "integral": False}),
    (np.array([-np.inf, 2.0]), {"min": -np.inf, "finite": False, "integral": False}),
    (np.array([3.0, 4.0], dtype=np.float32), {"integral": True, "mean": 3.5}),
    (np.array([True, False, True, True]), {"min": 0.0, "max": 1.0, "mean": 0.75,
                                           "integral": True}),
    (np.array([1 + 2j, 3 + 0j]), {"min": 1.0, "max": 3.0, "integral": True}),
], ids=["uint8", "floats", "nan", "minus_inf", "float32_whole", "bool", "complex_real_part"])
def test_statistics_of_small_arrays(values, expected):
    """Are min, max, mean, finiteness and whole numbers read as a float64 copy would?"""
    stats = array_stats(values)
    assert {key: stats[key] for key in expected} == expected


@pytest.mark.parametrize("rows, sums", [(np.eye(10), True), (np.eye(10) * 2, False),
                                        (np.eye(10, dtype=np.uint8), True)],
                         ids=["one_hot", "doubled", "one_hot_integers"])
def test_rows_that_sum_to_one_are_noticed(rows, sums):
    assert array_stats(rows)["rows_sum_to_one"] is sums


def test_a_non_integral_value_late_in_a_large_array_is_found():
    """Is a fraction past the first slice of 2**20 values still seen?"""
    values = np.zeros(3_000_000)
    values[-1] = 0.5
    assert array_stats(values)["integral"] is False
    assert array_stats(np.zeros(3_000_000))["integral"] is True


def test_what_is_not_a_numeric_array_is_named_not_measured():
    assert array_stats(None) is None
    assert array_stats(np.array(["a", "b"])) == {"kind": "ndarray", "shape": [2],
                                                 "dtype": "<U1"}
    assert array_stats(np.zeros((0, 3)))["shape"] == [0, 3]
    assert "min" not in array_stats(np.array([{}, 1], dtype=object))
