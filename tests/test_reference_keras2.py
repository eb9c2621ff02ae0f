"""The document's code verbatim under Keras 2 (tf-keras) beside the Keras 3 port (issue 15):
in the small (3 epochs on 5,000 real images, validation on 1,000), both give the lesson's
results: the best epoch's checkpoint reloaded, and the same accuracy within noise."""

from __future__ import annotations

import pytest

from reference import document_keras2
from reference import fashion_dnn as ref

EPOCHS, N_TRAIN, N_VALID = 3, 5000, 1000


@pytest.fixture(scope="module")
def both(real_data, tmp_path_factory):
    keras2 = document_keras2.run(EPOCHS, N_TRAIN, N_VALID,
                                 workdir=tmp_path_factory.mktemp("keras2"), timeout=900)
    keras3 = ref.run(EPOCHS, N_TRAIN, N_VALID, fast=True, seed=0, verbose=0, data=real_data,
                     workdir=tmp_path_factory.mktemp("keras3"))
    return keras2, keras3


def test_the_documents_code_runs_verbatim_under_keras2(both):
    """Does the document's code, `.ckpt` path and all, run unedited on tf-keras and write
    TensorFlow's checkpoint format (`.index` + `.data-*`)?"""
    keras2, _ = both
    assert "my_checkpoint.ckpt" in document_keras2.DOCUMENT
    assert "Flatten(input_shape=(28, 28))" in document_keras2.DOCUMENT
    assert "metrics=['acc']" in document_keras2.DOCUMENT
    assert keras2["keras"].startswith("tf_keras")
    assert keras2["checkpoint_files"] == ["my_checkpoint.ckpt.data-00000-of-00001",
                                          "my_checkpoint.ckpt.index"]
    assert len(keras2["history"]["loss"]) == EPOCHS and "val_acc" in keras2["history"]


def test_both_reload_the_best_epoch_and_agree(both):
    """After Step 5.5, does each hold its best epoch (Step 6's val_loss is the history's
    lowest), and do the Keras 2 original and the Keras 3 port reach the same accuracy?"""
    keras2, keras3 = both
    assert keras2["val_loss"] == pytest.approx(min(keras2["history"]["val_loss"]), abs=1e-4)
    assert keras3.val_loss == pytest.approx(keras3.best_val_loss, abs=1e-4)
    assert keras2["val_accuracy"] >= 0.75 and keras3.val_accuracy >= 0.75
    assert abs(keras2["val_accuracy"] - keras3.val_accuracy) <= 0.05
