"""Keras 3 imported without the optional libraries it loads only in case they are used.

`import keras` imports scikit-learn, pandas and matplotlib's pyplot whenever they are
installed, and the grader's kernel has them installed for Colab-style submissions (README,
"Gradescope"): scikit-learn for Keras' `SKLearnClassifier` family (subclasses of its
`BaseEstimator`), pandas so that `fit` takes a DataFrame, pyplot for
`keras.visualization`. Together they are about a third of `import keras`'s CPU time
(`benchmarks/kernel_start.py`), paid by every kernel the grader starts, though only a
submission that uses them needs them.

`import_keras` imports Keras with them hidden. The first time anything imports one of them
afterwards (a submission's `import pandas as pd`, `from sklearn.model_selection import
train_test_split`, `import matplotlib.pyplot as plt`), Keras is given what its own import
would have found (`OPTIONAL`): its scikit-learn wrappers are imported again and every name
Keras exports for them points at the new classes; its array slicing learns pandas' types;
its plotting finds pyplot. A submission sees the same Keras either way
(tests/test_optional_imports.py).

The grader imports Keras the same way for its own measurements (`measure`, `evaluate`),
and starts that import in a thread while the first submission's kernel runs
(`import_keras_in_background`): a single `tfcert grade` no longer waits seconds for it
after the kernel has finished.

The grader's own processes (the grader, and the driver of each kernel) import nbformat
with `import_nbformat`: jsonschema, which nbformat imports, builds three Earley parsers for
IRIs when `rfc3987_syntax` is installed (jupyter-events installs it), about 1.7 CPU-s per
process, for format checks that no notebook schema uses (nbformat's schemas have no
`format` keyword).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import threading

# Keras' modules that read scikit-learn when imported, in the order they import each other,
# and where Keras exports the wrappers (its own package and its public API modules).
SKLEARN_MODULES = ("keras.src.wrappers.fixes", "keras.src.wrappers.utils",
                   "keras.src.wrappers.sklearn_wrapper")
SKLEARN_EXPORTED_IN = ("keras.src.wrappers", "keras.wrappers",
                       "keras._tf_keras.keras.wrappers")
SKLEARN_EXPORTS = ("SKLearnClassifier", "SKLearnRegressor", "SKLearnTransformer")
ARRAY_SLICING = "keras.src.trainers.data_adapters.array_slicing"
IMAGE_GALLERY = "keras.src.visualization.plot_image_gallery"
BOX_GALLERY = "keras.src.visualization.plot_bounding_box_gallery"


def _give_keras_sklearn() -> None:
    """Import Keras' wrapper modules again, now with scikit-learn, and point the names
    Keras exports at their new classes."""
    if not all(name in sys.modules for name in SKLEARN_MODULES):
        return
    for name in SKLEARN_MODULES:
        importlib.reload(sys.modules[name])
    wrappers = sys.modules[SKLEARN_MODULES[-1]]
    for name in SKLEARN_EXPORTED_IN:
        module = sys.modules.get(name)
        if module is not None:
            for export in SKLEARN_EXPORTS:
                setattr(module, export, getattr(wrappers, export))


def _give_keras_pandas() -> None:
    """What `array_slicing` sets when it imports pandas itself (read at each call)."""
    slicing = sys.modules.get(ARRAY_SLICING)
    pandas = sys.modules.get("pandas")
    if slicing is None or pandas is None or getattr(slicing, "pandas", None) is not None:
        return
    slicing.pandas = pandas
    slicing.ARRAY_TYPES = tuple(slicing.ARRAY_TYPES) + (pandas.Series, pandas.DataFrame)


def _give_keras_pyplot() -> None:
    """What Keras' plotting modules set when they import matplotlib themselves."""
    images, boxes = sys.modules.get(IMAGE_GALLERY), sys.modules.get(BOX_GALLERY)
    if images is None and boxes is None:
        return
    import matplotlib.patches
    import matplotlib.pyplot

    if images is not None:
        images.plt = matplotlib.pyplot
    if boxes is not None:
        boxes.patches = matplotlib.patches


# Hidden package -> what Keras is given once the package has been imported.
OPTIONAL = {"sklearn": _give_keras_sklearn, "pandas": _give_keras_pandas,
            "matplotlib": _give_keras_pyplot}


class _Hide(importlib.abc.MetaPathFinder):
    """Says the `hidden` packages are not installed, to the thread importing Keras and only
    while it does: another thread's imports are untouched."""

    def __init__(self, hidden):
        self.hidden, self.thread = hidden, threading.get_ident()

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in self.hidden and threading.get_ident() == self.thread:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


class _GiveKerasAfterLoad(importlib.abc.MetaPathFinder):
    """Finds a `hidden` package as the other finders do, and once it has loaded, gives
    Keras what its own import would have found. Asked only until the package is in
    `sys.modules`."""

    def __init__(self, hidden):
        self.hidden = hidden

    def find_spec(self, name, path=None, target=None):
        if name not in self.hidden:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _ThenGiveKeras(spec.loader, OPTIONAL[name])
        return spec


class _ThenGiveKeras(importlib.abc.Loader):
    """The package's own loader, then what Keras is given."""

    def __init__(self, loader, give):
        self.loader, self.give = loader, give

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        module.__loader__ = module.__spec__.loader = self.loader
        self.loader.exec_module(module)
        self.give()


def _import_hiding(package: str, hidden: frozenset):
    """`import package` with the `hidden` packages hidden while it is imported."""
    hide = _Hide(hidden)
    sys.meta_path.insert(0, hide)
    try:
        return importlib.import_module(package)
    finally:
        sys.meta_path.remove(hide)


def import_nbformat():
    """`import nbformat` without jsonschema's IRI parsers (module doc)."""
    if "jsonschema" in sys.modules:
        import nbformat

        return nbformat
    return _import_hiding("nbformat", frozenset({"rfc3987_syntax"}))


# The thread `import_keras_in_background` started, if any (one per process).
_BACKGROUND: list[threading.Thread] = []


def import_keras_in_background() -> None:
    """Start `import_keras` in a thread of its own, once per process: the grader imports
    Keras for its measurements while a submission's kernel runs, on the core the kernel's
    own (single-threaded) start leaves idle. `import_keras` waits for it; a failure there
    is left for that call to raise."""
    if "keras" in sys.modules or _BACKGROUND:
        return
    thread = threading.Thread(target=_import_quietly, name="import-keras", daemon=True)
    _BACKGROUND.append(thread)
    thread.start()


def _import_quietly() -> None:
    try:
        import_keras()
    except Exception:  # noqa: BLE001 - the caller's own `import_keras` raises it
        pass


def import_keras():
    """`import keras` without importing the optional packages not yet imported; see the
    module doc. Waits for an import started by `import_keras_in_background`."""
    if _BACKGROUND and _BACKGROUND[0] is not threading.current_thread():
        _BACKGROUND[0].join()
    hidden = frozenset(name for name in OPTIONAL if name not in sys.modules)
    if "keras" in sys.modules or not hidden:
        import keras

        return keras
    keras = _import_hiding("keras", hidden)
    sys.meta_path.insert(0, _GiveKerasAfterLoad(hidden))
    return keras
