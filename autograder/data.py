"""Find, verify and provide the real Fashion-MNIST, offline.

The lesson loads the data with `tf.keras.datasets.fashion_mnist.load_data()`, which
downloads four files into the Keras cache (`$KERAS_HOME` or `~/.keras`, folder
`datasets/fashion-mnist/`) and reuses them when present. `provide()` fills that cache
from the first source that holds verified files, in this order:

1. the folder named by `$FASHION_MNIST_DIR`;
2. Debian's package `dataset-fashion-mnist` (`/usr/share/datasets/fashion-mnist/`);
3. Keras' own download (only works online).

Every file is verified by the SHA-256 of its *decompressed* IDX content (the `.gz`
wrappers differ between sources). A corrupt or partial file is reported and never used.

Example:

    from autograder import data
    report = data.provide()          # the document's load_data() now works offline
    (x_train, y_train), (x_valid, y_valid) = data.load()
    images, labels = data.test_split()   # what the grader evaluates with, read once
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

ENV_DIR = "FASHION_MNIST_DIR"
DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")
KERAS_SUBDIR = Path("datasets") / "fashion-mnist"
KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"

# SHA-256 of the decompressed IDX files (see shared/NOTES.md).
FILES = {
    "train-images-idx3-ubyte.gz": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte.gz": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte.gz": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte.gz": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}

CLASS_NAMES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)

HOW_TO_GET_DATA = (
    "Fashion-MNIST was not found. Get it in one of three ways:\n"
    f"  1. set ${ENV_DIR} to a folder holding the four files {', '.join(FILES)};\n"
    "  2. install Debian's package: sudo apt-get install dataset-fashion-mnist "
    f"(files land in {DEBIAN_DIR});\n"
    "  3. go online once: Keras downloads them from "
    f"{KERAS_ORIGIN} into its cache."
)


class DataError(RuntimeError):
    """The real Fashion-MNIST could not be found or failed verification."""


@dataclasses.dataclass(frozen=True)
class DataReport:
    """Where the data came from and where the Keras cache is."""

    source: str
    cache_dir: Path
    problems: tuple[str, ...] = ()

    def describe(self) -> str:
        lines = [f"Fashion-MNIST verified (SHA-256 of all 4 files) in {self.cache_dir}",
                 f"source: {self.source}"]
        lines += [f"skipped: {p}" for p in self.problems]
        return "\n".join(lines)


def keras_cache_dir() -> Path:
    """The folder where `fashion_mnist.load_data()` looks for the four files."""
    base = os.environ.get("KERAS_HOME")
    if base is None:
        home = Path(os.path.expanduser("~"))
        base = home / ".keras" if os.access(home, os.W_OK) else Path("/tmp/.keras")
    return Path(base) / KERAS_SUBDIR


def idx_sha256(path: Path) -> str:
    """SHA-256 of the decompressed content of a `.gz` IDX file."""
    digest = hashlib.sha256()
    with gzip.open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_file(path: Path) -> str | None:
    """Return None when `path` is the expected file, else what is wrong with it."""
    expected = FILES[path.name]
    if not path.is_file():
        return f"{path} is missing"
    try:
        found = idx_sha256(path)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        return f"{path} is not a readable gzip file ({exc})"
    if found != expected:
        return (f"{path} is corrupt or partial: SHA-256 of its content is {found}, "
                f"expected {expected}")
    return None


def verify_folder(folder: Path) -> list[str]:
    """Problems with the four files in `folder` (empty when all four verify)."""
    return [p for name in FILES if (p := verify_file(folder / name))]


def _candidate_folders() -> list[tuple[str, Path]]:
    folders = []
    if os.environ.get(ENV_DIR):
        folders.append((f"${ENV_DIR} ({os.environ[ENV_DIR]})", Path(os.environ[ENV_DIR])))
    folders.append((f"Debian package dataset-fashion-mnist ({DEBIAN_DIR})", DEBIAN_DIR))
    return folders


def _copy_verified(source: Path, cache: Path) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        # Copy through a temporary name so a reader never sees a partial file.
        with tempfile.NamedTemporaryFile(dir=cache, delete=False, suffix=".part") as tmp:
            with open(source / name, "rb") as src:
                shutil.copyfileobj(src, tmp)
        os.replace(tmp.name, cache / name)


def _download_with_keras(cache: Path) -> None:
    from keras.utils import get_file

    for name in FILES:
        if verify_file(cache / name):
            (cache / name).unlink(missing_ok=True)
            get_file(name, origin=KERAS_ORIGIN + name,
                     cache_dir=str(cache.parent.parent), cache_subdir=str(KERAS_SUBDIR))


def provide(allow_download: bool = True) -> DataReport:
    """Make the Keras cache hold the four verified files; say where they came from.

    Raises:
        DataError: when no source gives four verified files; the message names the
            three ways to get the data and what was wrong with each source tried.
    """
    cache = keras_cache_dir()
    problems: list[str] = []
    if not verify_folder(cache):
        return DataReport(source=f"Keras cache ({cache}), already verified", cache_dir=cache)
    for label, folder in _candidate_folders():
        if not folder.exists():
            continue
        found = verify_folder(folder)
        if found:
            problems += [f"{label}: {p}" for p in found]
            continue
        _copy_verified(folder, cache)
        return DataReport(source=label, cache_dir=cache, problems=tuple(problems))
    if allow_download:
        try:
            _download_with_keras(cache)
        except Exception as exc:  # any network or HTTP failure means "not online"
            problems.append(f"Keras download from {KERAS_ORIGIN}: {type(exc).__name__}: {exc}")
        else:
            still = verify_folder(cache)
            if not still:
                return DataReport(source=f"Keras download ({KERAS_ORIGIN})", cache_dir=cache,
                                  problems=tuple(problems))
            problems += [f"Keras download: {p}" for p in still]
    details = "\n".join(f"  - {p}" for p in problems)
    raise DataError(HOW_TO_GET_DATA + ("\nWhat was tried:\n" + details if details else ""))


def read_verified(path: Path) -> np.ndarray:
    """The IDX file `path` as a read-only uint8 array, made from the very bytes whose
    SHA-256 was just verified: read once, so a file changed after its check (or between
    two reads) can never slip in.

    Raises:
        DataError: when the file is unreadable or its content is not the expected one.
    """
    try:
        with gzip.open(path, "rb") as stream:
            raw = stream.read()
    except (OSError, EOFError) as exc:
        raise DataError(f"{path} is not a readable gzip file ({exc})") from None
    found = hashlib.sha256(raw).hexdigest()
    if found != FILES[path.name]:
        raise DataError(f"{path} is corrupt or was changed: SHA-256 of its content is "
                        f"{found}, expected {FILES[path.name]}")
    ndim = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


@functools.lru_cache(maxsize=1)
def load() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The grader's own copy: `((x_train, y_train), (x_test, y_test))` as uint8 arrays.

    Same arrays as `tf.keras.datasets.fashion_mnist.load_data()`, without importing
    TensorFlow. The arrays are read-only, verified (`read_verified`) and cached for the
    process.
    """
    cache = provide().cache_dir
    arrays = [read_verified(cache / name) for name in FILES]
    return (arrays[0], arrays[1]), (arrays[2], arrays[3])


# The test split a grader evaluates with, kept from before any submission ran.
_KEPT: list = []


def test_split() -> tuple[np.ndarray, np.ndarray]:
    """The grader's own test images and labels: read and verified once, at the grader's
    first call (a batch makes it before any submission runs), or handed over by the
    process that started this one (`keep`). Nothing a submission does to a file later
    changes them."""
    if not _KEPT:
        _KEPT.append(load()[1])
    return _KEPT[0]


def keep(split: tuple[np.ndarray, np.ndarray]) -> None:
    """Make `split` (a parent grader's `test_split()`) this process's test split."""
    _KEPT[:] = [split]


def subset(n_train: int | None, n_valid: int | None):
    """A fixed subset: the first `n_train` training and `n_valid` test images."""
    (x_train, y_train), (x_valid, y_valid) = load()
    return (x_train[:n_train], y_train[:n_train]), (x_valid[:n_valid], y_valid[:n_valid])
