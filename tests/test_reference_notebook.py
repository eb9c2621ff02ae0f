"""The reference notebook: the lesson's Steps 1 to 6, run under a real Jupyter kernel.

The notebook is copied to a temporary folder and executed there with nbclient and the
`python3` kernel, with a small training budget injected by a prepended cell (2 epochs on
the first 5,000 training and 1,000 validation images of the real Fashion-MNIST). The
final `model.evaluate` still runs on all 10,000 validation images.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "reference" / "fashion_mnist_dnn.ipynb"
CHECKPOINT = "my_checkpoint.weights.h5"
BUDGET_CELL = ("from autograder.runner import kernel_side; "
               "kernel_side.install(epochs=2, n_train=5000, n_valid=1000)")
EVALUATE = "model.evaluate(x_valid, y_valid)"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
ENGLISH_WORD = re.compile(r"\b[A-Za-z]{3,}\b")

# The document's code, as it must appear in the notebook's code cells.
DOCUMENT_CODE = [
    "import tensorflow as tf",
    "from tensorflow.keras.layers import Dense, Flatten",
    "from tensorflow.keras.models import Sequential",
    "from tensorflow.keras.callbacks import ModelCheckpoint",
    "fashion_mnist = tf.keras.datasets.fashion_mnist",
    "(x_train, y_train), (x_valid, y_valid) = fashion_mnist.load_data()",
    "x_train = x_train / 255.0",
    "x_valid = x_valid / 255.0",
    "print(x_train.shape)",
    "x = Flatten(input_shape=(28, 28))",
    "print(x(x_train).shape)",
    "Flatten(input_shape=(28, 28)),",
    "Dense(1024, activation='relu'),",
    "Dense(512, activation='relu'),",
    "Dense(256, activation='relu'),",
    "Dense(128, activation='relu'),",
    "Dense(64, activation='relu'),",
    "Dense(10, activation='softmax'),",
    "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['acc'])",
    "checkpoint = ModelCheckpoint(filepath=checkpoint_path,",
    "save_weights_only=True,",
    "save_best_only=True,",
    "monitor='val_loss',",
    "verbose=1)",
    "validation_data=(x_valid, y_valid),",
    "epochs=20,",
    "callbacks=[checkpoint],",
    "model.load_weights(checkpoint_path)",
    EVALUATE,
]


def _read_notebook() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


def _code(nb) -> str:
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")


def _text(output) -> str:
    if output.output_type == "stream":
        return output.text
    if output.output_type in ("execute_result", "display_data"):
        return output.get("data", {}).get("text/plain", "")
    if output.output_type == "error":
        return "\n".join(output.traceback)
    return ""


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The notebook run top to bottom in a temporary folder: (notebook, folder)."""
    workdir = tmp_path_factory.mktemp("reference_notebook")
    path = Path(shutil.copy(NOTEBOOK, workdir / NOTEBOOK.name))
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(BUDGET_CELL))
    # The budget cell imports Keras before the notebook's own first cell sets
    # TF_CPP_MIN_LOG_LEVEL, so give the kernel the setting from the start.
    mp = pytest.MonkeyPatch()
    mp.setenv("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        client = NotebookClient(nb, kernel_name="python3", timeout=600,
                                allow_errors=True, resources={"metadata": {"path": str(workdir)}})
        client.execute()
    finally:
        mp.undo()
    return nb, workdir


def test_reference_notebook_runs_without_errors_under_a_real_kernel(executed):
    """Does the reference notebook run top to bottom under a real kernel?"""
    nb, _ = executed
    errors = [(i, _text(o)) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
              for o in cell.outputs if o.output_type == "error"]
    assert not errors, "Cells raised errors:\n" + "\n\n".join(f"cell {i}:\n{t}" for i, t in errors)


def test_reference_notebook_saves_the_weights_h5_checkpoint(executed):
    """Does ModelCheckpoint write `my_checkpoint.weights.h5` in the working folder?"""
    _, workdir = executed
    assert (workdir / CHECKPOINT).is_file(), (
        f"{CHECKPOINT} was not written in {workdir}; found {sorted(p.name for p in workdir.iterdir())}")


def test_reference_notebook_prints_the_shapes_of_the_document(executed):
    """Do the shape cells print the document's `(60000, 28, 28)` and `(60000, 784)`?"""
    nb, _ = executed
    printed = "".join(_text(o) for cell in nb.cells if cell.cell_type == "code"
                      for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")
    assert "(60000, 28, 28)" in printed
    assert "(60000, 784)" in printed


def test_reference_notebook_evaluates_above_chance_after_reload(executed):
    """Does the final `model.evaluate` show `[loss, acc]` with accuracy above 0.5?"""
    nb, _ = executed
    cell = next(c for c in nb.cells if c.cell_type == "code" and c.source.strip() == EVALUATE)
    results = [o for o in cell.outputs if o.output_type == "execute_result"]
    assert results, f"`{EVALUATE}` produced no result; outputs: {[_text(o) for o in cell.outputs]}"
    loss, accuracy = ast.literal_eval(results[-1]["data"]["text/plain"])
    assert 0.0 < loss < 2.0, f"validation loss {loss} is not a plausible cross-entropy"
    assert accuracy > 0.5, (f"validation accuracy {accuracy:.4f} after 2 epochs on 5,000 real "
                            "images should be about 0.75 (chance is 0.1)")


def test_reference_notebook_code_is_the_documents_code():
    """Do the code cells hold the document's code, with only the checkpoint path adapted?"""
    code = _code(_read_notebook())
    missing = [line for line in DOCUMENT_CODE if line not in code]
    assert not missing, f"The document's code is missing from the notebook: {missing}"
    paths = re.findall(r"""^checkpoint_path\s*=\s*["']([^"']+)["']""", code, re.MULTILINE)
    assert paths == [CHECKPOINT], (
        f"`checkpoint_path` should be set once to {CHECKPOINT!r} (Keras 3 requires "
        f"`.weights.h5` with save_weights_only=True). Received: {paths}")


def test_reference_notebook_provides_the_data_before_importing_tensorflow():
    """Does the first code cell set TF_CPP_MIN_LOG_LEVEL and provide the data before TensorFlow?"""
    cells = [c.source for c in _read_notebook().cells if c.cell_type == "code"]
    first = cells[0]
    assert "os.environ['TF_CPP_MIN_LOG_LEVEL'] = '2'" in first
    assert "from autograder import data" in first and "data.provide()" in first
    assert "tensorflow" not in first.replace("TensorFlow", "")
    assert "import tensorflow as tf" in cells[1]


def test_reference_notebook_text_is_korean_with_english():
    """Does every markdown cell carry Korean text with English alongside?"""
    nb = _read_notebook()
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    assert markdown
    no_korean = [s.splitlines()[0] for s in markdown if not HANGUL.search(s)]
    no_english = [s.splitlines()[0] for s in markdown
                  if len(ENGLISH_WORD.findall(HANGUL.sub(" ", s))) < 5]
    assert not no_korean, f"Markdown cells without Korean: {no_korean}"
    assert not no_english, f"Markdown cells without English: {no_english}"
    text = "\n".join(markdown)
    for pair in ("`sigmoid` | `binary_crossentropy`", "`softmax` | `categorical_crossentropy`",
                 "`softmax` | `sparse_categorical_crossentropy`", "`linear` | `mse`"):
        assert pair in text, f"The output-activation/loss table lacks the row {pair!r}"
    assert "must end in `.weights.h5`" in text and "Received: filepath=my_checkpoint.ckpt" in text


def test_reference_notebook_is_saved_clean():
    """Is the notebook saved without outputs, as nbformat 4.5 with cell ids and a python3 kernel?"""
    nb = _read_notebook()
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5)
    assert nb.metadata.kernelspec.name == "python3"
    assert all(c.get("id") for c in nb.cells)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
