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
    """`model.fit(x, y)` with arrays: the document's compile settings (`fast=False`), or
    float32 + steps_per_execution with or without XLA (`jit`), through Keras' own steps."""
    (x_train, y_train), (x_valid, y_valid) = subset
    keras.utils.set_random_seed(seed)
    model = ref.build_model()
    if jit is None:
        ref.compile_model(model, fast)
    else:
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"],
                      steps_per_execution=ref.FAST_STEPS_PER_EXECUTION, jit_compile=jit)
    history = model.fit(ref.normalize(x_train, fast), y_train, epochs=epochs,
                        validation_data=(ref.normalize(x_valid, fast), y_valid),
                        batch_size=ref.BATCH_SIZE, verbose=0)
    return model, history.history


@pytest.fixture(scope="module")
def document_history(real_subset):
    """2 epochs on the document's path (float64 arrays, Keras defaults), seed 1."""
    return _train(real_subset, fast=False)[1]


@pytest.fixture(scope="module")
def keras_xla_history(real_subset):
    """2 epochs of Keras' own XLA steps (float32, steps_per_execution, `jit_compile=True`,
    not fused) on Keras' own batches, seed 1."""
    return _train(real_subset, fast=True, jit=True)[1]


@pytest.fixture(scope="module")
def fast_fit(real_subset, tmp_path_factory):
    """The fast path as the demo runs it (`compile_model(fast=True)`, `ref.fit(fast=True)`):
    2 epochs, seed 1; returns `(model, history)`."""
    (x_train, y_train), (x_valid, y_valid) = real_subset
    keras.utils.set_random_seed(1)
    model = ref.compile_model(ref.build_model(), fast=True)
    checkpoint = ref.make_checkpoint(tmp_path_factory.mktemp("fast") / ref.CHECKPOINT_PATH,
                                     verbose=0)
    history = ref.fit(model, (ref.normalize(x_train, True), y_train),
                      (ref.normalize(x_valid, True), y_valid), checkpoint, epochs=2,
                      verbose=0, fast=True).history
    return model, history


def _architecture(model):
    """Each layer's class and config, without the unique names Keras gives each instance."""
    return [(type(layer).__name__, {k: v for k, v in layer.get_config().items() if k != "name"})
            for layer in model.layers]


def test_fast_path_builds_the_same_model(fast_fit):
    """Does the fast path train the same architecture with the same hyperparameters?"""
    fast_model, _ = fast_fit
    doc_model = ref.compile_model(ref.build_model(), fast=False)
    assert _architecture(fast_model) == _architecture(doc_model)
    fast_config, doc_config = fast_model.get_compile_config(), doc_model.get_compile_config()
    for config in (fast_config, doc_config):
        config["optimizer"]["config"].pop("name")  # adam vs adam_1: Keras' unique names
    for key in ("optimizer", "loss", "metrics"):
        assert fast_config[key] == doc_config[key]
    assert fast_config["steps_per_execution"] == ref.FAST_STEPS_PER_EXECUTION
    assert fast_config["jit_compile"] is True and doc_config["jit_compile"] is False


def test_float32_and_steps_per_execution_change_nothing(real_subset, document_history):
    """Without XLA, are float32 inputs and steps_per_execution bit-identical to the document?"""
    _, fast_no_xla = _train(real_subset, fast=True, jit=False)
    assert fast_no_xla == document_history


def test_execution_feed_holds_kerass_batches_in_kerass_order(real_subset):
    """Does each element of the fast feed hold the next execution's batches of Keras' own
    shuffled pipeline, in order, the epoch's last smaller batch included?"""
    from keras.src.trainers.data_adapters.array_data_adapter import ArrayDataAdapter

    (x_train, y_train), _ = real_subset  # 5,000 images: 156 batches of 32, then one of 8
    model = ref.compile_model(ref.build_model(), fast=True)
    keras.utils.set_random_seed(2)
    kerass = list(ArrayDataAdapter(x_train, y_train, batch_size=ref.BATCH_SIZE,
                                   shuffle=True).get_tf_dataset())
    keras.utils.set_random_seed(2)
    feed = ref._execution_feed(model, x_train, y_train)
    elements = list(feed.get_tf_dataset())
    steps = ref.FAST_STEPS_PER_EXECUTION
    assert feed.num_batches == len(kerass) == 157  # Keras counts the epoch's batches of 32
    assert len(elements) == 2
    for number, element in enumerate(elements):
        assert isinstance(element, ref.ExecutionBatches)
        batches = kerass[number * steps:(number + 1) * steps]
        for part, got in enumerate(element):  # x, then y
            np.testing.assert_array_equal(got, np.concatenate([b[part] for b in batches]))


def test_fast_fit_trains_like_kerass_own_xla_steps(fast_fit, keras_xla_history):
    """Does the fast path (one element per execution, one XLA loop per execution) train
    exactly like Keras' own XLA steps on Keras' own batches?"""
    _, fast = fast_fit
    assert fast["loss"] == keras_xla_history["loss"]
    assert fast["acc"] == keras_xla_history["acc"]


def test_fast_validation_batches_measure_the_same_val_loss(fast_fit, keras_xla_history):
    """Validating in batches of 1,000, does the fast path measure batch 32's val_loss and acc?"""
    _, fast = fast_fit
    np.testing.assert_allclose(fast["val_loss"], keras_xla_history["val_loss"], rtol=1e-5)
    np.testing.assert_allclose(fast["val_acc"], keras_xla_history["val_acc"], atol=1e-6)


def test_fast_path_losses_agree_within_float_noise(fast_fit, document_history):
    """With XLA, do the fast path's losses match the document's path on the same seed?"""
    _, fast = fast_fit
    # XLA fuses and reorders float32 sums; the rounding differences compound over
    # 300 Adam steps, so agreement is to a fraction of a percent, not bit for bit.
    np.testing.assert_allclose(fast["loss"], document_history["loss"], rtol=0.02)
    np.testing.assert_allclose(fast["acc"], document_history["acc"], atol=0.02)


def test_fast_model_trains_arrays_on_kerass_own_steps(real_subset, keras_xla_history):
    """Given plain arrays (not the fast feed), does a fast-compiled model still train on
    Keras' own batches and XLA steps?"""
    _, plain = _train(real_subset, fast=True)
    assert plain["loss"] == keras_xla_history["loss"]


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
