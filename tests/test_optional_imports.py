"""The kernel imports Keras without scikit-learn, pandas and pyplot, and a submission that
imports them gets the same Keras as a plain `import keras` would have given it; the
grader's processes read notebooks without jsonschema's IRI parsers, and the grader imports
its own Keras in a thread while the kernel runs (`autograder.runner.optional_imports`).

Each test but one runs fresh interpreters: what is shown is the order of imports in a new
process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading

import pytest

from autograder.runner import optional_imports
from autograder.runner.execute import WARM_UP

# What a submission can see of Keras' optional parts, after it imported all three packages.
FACTS = """
import json, sys
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, is_classifier
from sklearn.model_selection import train_test_split
import matplotlib.pyplot as plt
import keras
from keras.src.trainers.data_adapters import array_slicing
from keras.src.visualization import plot_image_gallery, plot_bounding_box_gallery

def model_fn(X, y, loss="categorical_crossentropy"):  # the wrapper one-hot encodes y
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(loss=loss)
    return model

x, y = np.random.default_rng(0).random((20, 4)).astype("float32"), np.arange(20) % 2
classifier = keras.wrappers.SKLearnClassifier(model=model_fn,
                                              fit_kwargs={"epochs": 1, "verbose": 0})
classifier.fit(*train_test_split(x, y, random_state=0)[::2])
frame = pd.DataFrame(x)
history = model_fn(x, y, "sparse_categorical_crossentropy").fit(frame, pd.Series(y),
                                                                epochs=1, verbose=0)
keras.visualization.plot_image_gallery(np.random.default_rng(1).random((4, 8, 8, 3)))
print("FACTS " + json.dumps({
    "wrappers_are_estimators": [issubclass(getattr(keras.wrappers, name), BaseEstimator)
                                for name in ("SKLearnClassifier", "SKLearnRegressor",
                                             "SKLearnTransformer")],
    "is_classifier": is_classifier(classifier),
    "predicted": list(classifier.predict(x[:3]).shape),
    "array_types": sorted(t.__name__ for t in array_slicing.ARRAY_TYPES),
    "fit_on_a_dataframe": len(history.history["loss"]),
    "pyplot": plot_image_gallery.plt is plt,
    "patches": plot_bounding_box_gallery.patches is not None,
}))
"""
# How a kernel imports Keras before the submission's first line: the grader's kernels in
# their warm-up (`WARM_UP`); an exercise notebook (in nbgrader or the student's Jupyter) in its
# `start_recording` cell.
LIVE_IMPORT = "from autograder.live import start_recording\nstart_recording(epochs=1)\n"
IMPORTED = """
import sys
print("IMPORTED", sorted(n for n in ("sklearn", "pandas", "matplotlib") if n in sys.modules))
"""


def run_python(script: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True,
                          text=True, timeout=300,
                          env={"TF_CPP_MIN_LOG_LEVEL": "3", "MPLBACKEND": "Agg",
                               "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def facts(stdout: str) -> dict:
    return json.loads(next(line for line in stdout.splitlines()
                           if line.startswith("FACTS "))[len("FACTS "):])


@pytest.mark.parametrize("start", [WARM_UP, LIVE_IMPORT],
                         ids=["grader's kernel warm-up", "exercise's start_recording"])
def test_a_kernels_keras_import_imports_none_of_the_optional_packages(start):
    done = run_python(start + IMPORTED)
    assert "IMPORTED []" in done.stdout


def test_a_plain_keras_import_imports_them_all():
    """The control: without the grader, Keras imports all three (what the kernel saves)."""
    done = run_python("import sys, keras\nprint(sorted(n for n in ('sklearn', 'pandas', "
                      "'matplotlib') if n in sys.modules))")
    assert "['matplotlib', 'pandas', 'sklearn']" in done.stdout


def test_a_submission_that_imports_them_gets_the_keras_a_plain_import_gives():
    plain = facts(run_python(FACTS).stdout)
    graded = facts(run_python(WARM_UP + FACTS).stdout)
    assert plain == graded
    assert graded == {"wrappers_are_estimators": [True, True, True], "is_classifier": True,
                      "predicted": [3], "array_types": ["DataFrame", "Series", "ndarray"],
                      "fit_on_a_dataframe": 1, "pyplot": True, "patches": True}


NBFORMAT_FACTS = """
import sys
import nbformat
notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)")])
nbformat.validate(notebook)
print("IRI parsers built:", "rfc3987_syntax" in sys.modules, "- notebook valid")
"""


def test_the_graders_processes_read_notebooks_without_building_iri_parsers():
    done = run_python("import autograder.runner.execute, autograder.grade\n" + NBFORMAT_FACTS)
    assert "IRI parsers built: False - notebook valid" in done.stdout


def test_a_plain_nbformat_import_builds_them():
    """The control: jsonschema, imported by nbformat, builds them (what each saves)."""
    done = run_python(NBFORMAT_FACTS)
    assert "IRI parsers built: True - notebook valid" in done.stdout


def test_the_packages_are_hidden_from_the_importing_thread_only():
    """The grader imports Keras in a thread while its main thread goes on: the main
    thread's own imports must find what is installed."""
    hide = optional_imports._Hide(frozenset({"pandas"}))
    with pytest.raises(ModuleNotFoundError):
        hide.find_spec("pandas.core.frame")
    assert hide.find_spec("numpy") is None
    seen = []
    other = threading.Thread(target=lambda: seen.append(hide.find_spec("pandas")))
    other.start()
    other.join()
    assert seen == [None]


# The grader's measurements after a grading (of a submission that trains nothing): which
# thread imported Keras, and what came with it.
GRADED_IMPORT = """
import json, sys
from pathlib import Path
from autograder.grade import GradeOptions, grade_submission
from autograder.runner import optional_imports
Path("nothing.py").write_text("print('no model')\\n")
keras_before = "keras" in sys.modules
result = grade_submission("nothing.py", GradeOptions(quick=True, sandbox="off"))
thread = optional_imports._BACKGROUND[0]
# Waits for the thread: a grading without a model measures nothing with Keras, so it may
# have finished before the import did.
keras = optional_imports.import_keras()
print("FACTS " + json.dumps({
    "status": result.status, "keras_before": keras_before,
    "imported_by": thread.name, "finished": not thread.is_alive(),
    "keras": keras is sys.modules["keras"],
    "optional": sorted(n for n in ("sklearn", "pandas", "matplotlib") if n in sys.modules)}))
"""


def test_a_grading_imports_the_graders_keras_in_a_thread_while_the_kernel_runs(tmp_path):
    done = subprocess.run([sys.executable, "-c", GRADED_IMPORT], capture_output=True,
                          text=True, timeout=300, cwd=tmp_path,
                          env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert done.returncode == 0, done.stderr[-3000:]
    assert facts(done.stdout) == {"status": "graded", "keras_before": False,
                                  "imported_by": "import-keras", "finished": True,
                                  "keras": True, "optional": []}
