"""Data provisioning: the real Fashion-MNIST, offline, verified."""

import gzip
import shutil
import subprocess
import sys

import numpy as np
import pytest

from autograder import data


@pytest.fixture
def empty_home(tmp_path, monkeypatch):
    """HOME and KERAS_HOME in an empty temporary folder, no $FASHION_MNIST_DIR."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.delenv(data.ENV_DIR, raising=False)
    (tmp_path / "home").mkdir()
    return tmp_path


@pytest.fixture
def source_copy(tmp_path, real_data_dir):
    """A copy of the verified files in a folder of our own."""
    folder = tmp_path / "source"
    folder.mkdir()
    for name in data.FILES:
        shutil.copy(real_data_dir / name, folder / name)
    return folder


def test_grader_copy_has_the_real_shapes_and_classes(real_data):
    """Is the grader's own copy the real Fashion-MNIST (shapes, dtype, ten balanced classes)?"""
    (x_train, y_train), (x_valid, y_valid) = real_data
    assert x_train.shape == (60000, 28, 28) and x_valid.shape == (10000, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert np.bincount(y_valid).tolist() == [1000] * 10
    assert x_train.max() == 255 and x_train.min() == 0


def test_keras_cache_is_found_via_keras_home(monkeypatch, tmp_path):
    """Does the cache follow $KERAS_HOME as Keras does?"""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert data.keras_cache_dir() == tmp_path / "datasets" / "fashion-mnist"


def test_provide_fills_an_empty_cache_from_env_dir(empty_home, source_copy, monkeypatch):
    """Does $FASHION_MNIST_DIR fill an empty Keras cache with verified files?"""
    monkeypatch.setenv(data.ENV_DIR, str(source_copy))
    report = data.provide(allow_download=False)
    assert report.source.startswith(f"${data.ENV_DIR}")
    assert data.verify_folder(report.cache_dir) == []
    assert report.cache_dir == empty_home / "keras" / "datasets" / "fashion-mnist"


def test_corrupt_file_is_rejected_and_never_used(empty_home, source_copy, monkeypatch):
    """Is a truncated file reported with a clear message and never copied to the cache?"""
    broken = source_copy / "train-labels-idx1-ubyte.gz"
    with gzip.open(broken, "wb") as stream:
        stream.write(b"\x00\x00\x08\x01" + b"\x00" * 100)
    monkeypatch.setenv(data.ENV_DIR, str(source_copy))
    monkeypatch.setattr(data, "DEBIAN_DIR", empty_home / "no-debian")
    with pytest.raises(data.DataError, match="train-labels-idx1-ubyte.gz is corrupt or partial"):
        data.provide(allow_download=False)
    assert not (data.keras_cache_dir() / "train-labels-idx1-ubyte.gz").exists()


def test_corrupt_env_dir_falls_back_to_the_next_source(empty_home, source_copy, monkeypatch):
    """Does a corrupt $FASHION_MNIST_DIR give way to the Debian folder, and say so?"""
    bad = empty_home / "bad"
    shutil.copytree(source_copy, bad)
    (bad / "t10k-images-idx3-ubyte.gz").write_bytes(b"not gzip")
    monkeypatch.setenv(data.ENV_DIR, str(bad))
    monkeypatch.setattr(data, "DEBIAN_DIR", source_copy)
    report = data.provide(allow_download=False)
    assert report.source.startswith("Debian package")
    assert any("not a readable gzip file" in p for p in report.problems)


def test_no_source_names_the_three_ways(empty_home, monkeypatch):
    """With no source at all, does the error name the three ways to get the data?"""
    monkeypatch.setattr(data, "DEBIAN_DIR", empty_home / "no-debian")
    with pytest.raises(data.DataError) as caught:
        data.provide(allow_download=False)
    message = str(caught.value)
    assert data.ENV_DIR in message
    assert "apt-get install dataset-fashion-mnist" in message
    assert "Keras downloads them" in message


def test_document_load_data_works_offline_from_debian_files(empty_home, source_copy):
    """Does the document's own `fashion_mnist.load_data()` work offline in a fresh HOME?"""
    code = (
        "import os\n"
        "from autograder import data\n"
        f"data.DEBIAN_DIR = __import__('pathlib').Path({str(source_copy)!r})\n"
        "print(data.provide(allow_download=False).source)\n"
        "import tensorflow as tf\n"
        "(x_train, y_train), (x_valid, y_valid) = tf.keras.datasets.fashion_mnist.load_data()\n"
        "print(x_train.shape, x_valid.shape, int(y_train[:100].sum()))\n"
    )
    # A child process, so that Keras reads the temporary $KERAS_HOME at import time.
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Debian package" in done.stdout
    assert "(60000, 28, 28) (10000, 28, 28)" in done.stdout


def test_tfcert_data_prints_the_source():
    """Does `tfcert data` print where the data came from after verifying it?"""
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "data", "--no-download"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "verified" in done.stdout and "source:" in done.stdout


ZERO_LABELS = b"\x00\x00\x08\x01" + (10000).to_bytes(4, "big") + bytes(10000)


@pytest.fixture
def cache_copy(empty_home, source_copy, monkeypatch):
    """A verified Keras cache in a temporary $KERAS_HOME (never the real one) and no other
    source to repair it from, and a grader process that has read no data yet (restored
    afterwards)."""
    monkeypatch.setenv(data.ENV_DIR, str(source_copy))
    cache = data.provide(allow_download=False).cache_dir
    monkeypatch.delenv(data.ENV_DIR)
    monkeypatch.setattr(data, "DEBIAN_DIR", empty_home / "no-debian")
    monkeypatch.setattr(data, "_KEPT", [])
    data.load.cache_clear()
    yield cache
    data.load.cache_clear()


def test_a_file_changed_after_it_was_verified_is_refused(cache_copy):
    """Is an array made only from bytes whose SHA-256 was verified, so a changed file is
    refused (and the real one read)?"""
    labels = cache_copy / "t10k-labels-idx1-ubyte.gz"
    assert np.bincount(data.read_verified(labels)).tolist() == [1000] * 10
    with gzip.open(labels, "wb") as stream:
        stream.write(ZERO_LABELS)
    with pytest.raises(data.DataError, match="t10k-labels-idx1-ubyte.gz is corrupt or was "
                                             "changed"):
        data.read_verified(labels)


def test_the_test_split_is_kept_whatever_happens_to_the_files_later(cache_copy):
    """Once the grader has read its test split, do the labels it evaluates with stay the
    real ones after the label file is overwritten?"""
    images, labels = data.test_split()
    with gzip.open(cache_copy / "t10k-labels-idx1-ubyte.gz", "wb") as stream:
        stream.write(ZERO_LABELS)
    data.load.cache_clear()  # even a grader that would read again keeps its copy
    assert data.test_split()[1] is labels
    assert np.bincount(labels).tolist() == [1000] * 10 and not labels.flags.writeable


# Overwrites the test labels of its $KERAS_HOME (only a temporary one) with zeros, after a
# model that always answers class 0: graded with those labels, it would score 100%.
ALWAYS_ZERO_AND_ZERO_LABELS = """\
import gzip, os, tempfile
import numpy as np
import tensorflow as tf
(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0
model = tf.keras.Sequential([tf.keras.Input((28, 28)), tf.keras.layers.Flatten(),
                             tf.keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=1, validation_data=(x_test, y_test), verbose=0)
{tamper}
"""
TAMPER = """\
kernel, _ = model.layers[-1].get_weights()
model.layers[-1].set_weights([kernel * 0, np.eye(10, dtype="float32")[0] * 50])
cache = os.path.join(os.environ.get("KERAS_HOME", "/nowhere"), "datasets", "fashion-mnist")
if cache.startswith(tempfile.gettempdir() + os.sep):  # the test's copy, never a real cache
    with gzip.open(os.path.join(cache, "t10k-labels-idx1-ubyte.gz"), "wb") as out:
        out.write({labels!r})
"""


def test_a_submission_that_overwrites_the_test_labels_changes_no_grade(cache_copy, tmp_path):
    """Unboxed, in one batch: does a submission that rewrites the label file still get
    the accuracy of its constant answer (0.1), and the next one its own?"""
    from autograder.batch import grade_all
    from autograder.grade import GradeOptions

    attacker, honest = tmp_path / "attacker.py", tmp_path / "honest.py"
    attacker.write_text(ALWAYS_ZERO_AND_ZERO_LABELS.format(
        tamper=TAMPER.format(labels=ZERO_LABELS)), encoding="utf-8")
    honest.write_text(ALWAYS_ZERO_AND_ZERO_LABELS.format(tamper=""), encoding="utf-8")
    results = grade_all([(attacker, "attacker"), (honest, "honest")],
                        GradeOptions(epochs=1, n_train=2000, n_valid=1000, sandbox="off"))
    graded = {r.submission: r for r in results.submissions}
    with gzip.open(cache_copy / "t10k-labels-idx1-ubyte.gz", "rb") as stream:
        assert stream.read() == ZERO_LABELS  # the attack did happen
    assert graded["attacker"].metrics["val_accuracy"] == pytest.approx(0.1)
    assert graded["honest"].metrics["val_accuracy"] > 0.3, graded["honest"].table()
