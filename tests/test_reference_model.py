"""The reference is exactly the document's model, and its checkpoint keeps the best epoch."""

import keras
import numpy as np
import pytest

from reference import fashion_dnn as ref


@pytest.fixture(scope="module")
def compiled_reference():
    return ref.compile_model(ref.build_model())


def test_layers_are_the_documents(compiled_reference):
    """Is the model Flatten(28x28) -> Dense 1024/512/256/128/64 relu -> Dense 10 softmax?"""
    layers = compiled_reference.layers
    assert [type(layer).__name__ for layer in layers] == ["Flatten"] + ["Dense"] * 6
    assert [layer.units for layer in layers[1:]] == [1024, 512, 256, 128, 64, 10]
    assert [layer.activation.__name__ for layer in layers[1:]] == ["relu"] * 5 + ["softmax"]
    assert tuple(compiled_reference.input_shape) == (None, 28, 28)
    assert compiled_reference.count_params() == ref.PARAMETER_COUNT == 1_501_770


def test_compile_settings_are_the_documents(compiled_reference):
    """Is it compiled with Adam, sparse categorical cross-entropy and the metric `acc`?"""
    config = compiled_reference.get_compile_config()
    assert isinstance(compiled_reference.optimizer, keras.optimizers.Adam)
    assert config["loss"] == "sparse_categorical_crossentropy"
    assert config["metrics"] == ["acc"]


def test_checkpoint_settings_are_the_documents(tmp_path):
    """Does the callback save weights only, best only, by `val_loss`, to a Keras 3 path?"""
    checkpoint = ref.make_checkpoint(tmp_path / ref.CHECKPOINT_PATH)
    assert isinstance(checkpoint, keras.callbacks.ModelCheckpoint)
    assert checkpoint.save_weights_only is True
    assert checkpoint.save_best_only is True
    assert checkpoint.monitor == "val_loss"
    assert checkpoint.filepath.endswith(".weights.h5")


def test_documents_ckpt_path_fails_on_keras_3(tmp_path):
    """Does the document's `.ckpt` path really fail on Keras 3 (why the reference differs)?"""
    with pytest.raises(ValueError, match=r"must end in `?\.weights\.h5"):
        ref.make_checkpoint(tmp_path / ref.DOCUMENT_CHECKPOINT_PATH)


class _WeightsPerEpoch(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.weights = []

    def on_epoch_end(self, epoch, logs=None):
        self.weights.append([w.copy() for w in self.model.get_weights()])


def test_reload_gives_the_best_epoch_not_the_last(real_data, tmp_path):
    """After a short real run, does reloading give the weights of the lowest `val_loss` epoch?"""
    (x_train, y_train), (x_valid, y_valid) = real_data
    keras.utils.set_random_seed(0)
    model = ref.compile_model(ref.build_model())
    path = tmp_path / ref.CHECKPOINT_PATH
    per_epoch = _WeightsPerEpoch()
    history = model.fit(ref.normalize(x_train[:1000]), y_train[:1000],
                        validation_data=(ref.normalize(x_valid[:1000]), y_valid[:1000]),
                        epochs=6, batch_size=ref.BATCH_SIZE, verbose=0,
                        callbacks=[ref.make_checkpoint(path, verbose=0), per_epoch]).history
    best = ref.best_epoch(history)
    assert best < len(history["val_loss"]), "this seed and subset must overfit to test anything"
    ref.reload_best(model, path)
    reloaded = model.get_weights()
    for got, kept in zip(reloaded, per_epoch.weights[best - 1]):
        np.testing.assert_array_equal(got, kept)
    assert not all(np.array_equal(a, b) for a, b in zip(reloaded, per_epoch.weights[-1]))


def _train(subset, fast, epochs=2, seed=1, jit=None):
    (x_train, y_train), (x_valid, y_valid) = subset
    keras.utils.set_random_seed(seed)
    model = ref.build_model()
    if jit is None:
        ref.compile_model(model, fast)
    else:  # float32 + steps_per_execution, with or without XLA
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"],
                      steps_per_execution=ref.FAST_STEPS_PER_EXECUTION, jit_compile=jit)
    history = model.fit(ref.normalize(x_train, fast), y_train, epochs=epochs,
                        validation_data=(ref.normalize(x_valid, fast), y_valid),
                        batch_size=ref.BATCH_SIZE, verbose=0)
    return model, history.history


def _architecture(model):
    """Each layer's class and config, without the unique names Keras gives each instance."""
    return [(type(layer).__name__, {k: v for k, v in layer.get_config().items() if k != "name"})
            for layer in model.layers]


def test_fast_path_builds_the_same_model(real_subset):
    """Does the fast path train the same architecture with the same hyperparameters?"""
    fast_model, _ = _train(real_subset, fast=True, epochs=1)
    doc_model, _ = _train(real_subset, fast=False, epochs=1)
    assert _architecture(fast_model) == _architecture(doc_model)
    fast_config, doc_config = fast_model.get_compile_config(), doc_model.get_compile_config()
    for config in (fast_config, doc_config):
        config["optimizer"]["config"].pop("name")  # adam vs adam_1: Keras' unique names
    for key in ("optimizer", "loss", "metrics"):
        assert fast_config[key] == doc_config[key]
    assert fast_config["steps_per_execution"] == ref.FAST_STEPS_PER_EXECUTION
    assert fast_config["jit_compile"] is True and doc_config["jit_compile"] is False


def test_float32_and_steps_per_execution_change_nothing(real_subset):
    """Without XLA, are float32 inputs and steps_per_execution bit-identical to the document?"""
    _, doc = _train(real_subset, fast=False)
    _, fast_no_xla = _train(real_subset, fast=True, jit=False)
    assert fast_no_xla == doc


def test_fused_steps_are_kerass_own_xla_steps(real_subset):
    """Does fusing each execution's steps into one XLA loop train exactly like Keras' XLA?"""
    _, keras_xla = _train(real_subset, fast=True, jit=True)  # spe + XLA, not fused
    _, fused = _train(real_subset, fast=True)  # the fast path: fused
    np.testing.assert_allclose(fused["loss"], keras_xla["loss"], rtol=1e-6)
    np.testing.assert_allclose(fused["val_loss"], keras_xla["val_loss"], rtol=1e-6)
    assert fused["acc"] == keras_xla["acc"]


def test_fast_validation_batches_measure_the_same_val_loss(real_subset, tmp_path):
    """Does fast `ref.fit` train on the same batches (Keras' pipeline without autotuning)
    and, validating in batches of 1,000, measure batch 32's val_loss and acc?"""
    _, batch_32 = _train(real_subset, fast=True)
    (x_train, y_train), (x_valid, y_valid) = real_subset
    keras.utils.set_random_seed(1)
    model = ref.compile_model(ref.build_model(), fast=True)
    checkpoint = ref.make_checkpoint(tmp_path / ref.CHECKPOINT_PATH, verbose=0)
    batch_1000 = ref.fit(model, (ref.normalize(x_train, True), y_train),
                         (ref.normalize(x_valid, True), y_valid), checkpoint, epochs=2,
                         verbose=0, fast=True).history
    assert batch_1000["loss"] == batch_32["loss"]  # training is untouched
    np.testing.assert_allclose(batch_1000["val_loss"], batch_32["val_loss"], rtol=1e-5)
    np.testing.assert_allclose(batch_1000["val_acc"], batch_32["val_acc"], atol=1e-6)


def test_fast_path_losses_agree_within_float_noise(real_subset):
    """With XLA, do the fast path's losses match the document's path on the same seed?"""
    _, doc = _train(real_subset, fast=False)
    _, fast = _train(real_subset, fast=True)
    # XLA fuses and reorders float32 sums; the rounding differences compound over
    # 300 Adam steps, so agreement is to a fraction of a percent, not bit for bit.
    np.testing.assert_allclose(fast["loss"], doc["loss"], rtol=0.02)
    np.testing.assert_allclose(fast["acc"], doc["acc"], atol=0.02)


def test_fast_path_one_step_matches_to_float_precision(real_subset):
    """After one identical Adam step, do both paths hold the same weights up to float32 noise?"""
    (x_train, y_train), _ = real_subset
    results = []
    for fast in (False, True):
        keras.utils.set_random_seed(3)
        model = ref.compile_model(ref.build_model(), fast)
        model.train_on_batch(ref.normalize(x_train[:32], fast), y_train[:32])
        results.append(model.get_weights())
    for doc_w, fast_w in zip(*results):
        np.testing.assert_allclose(fast_w, doc_w, rtol=0, atol=1e-5)
