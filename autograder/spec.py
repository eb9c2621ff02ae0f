"""What the lesson asks for, as data."""

INPUT_SHAPE = (28, 28)
HIDDEN_UNITS = (1024, 512, 256, 128, 64)
HIDDEN_ACTIVATION = "relu"
OUTPUT_UNITS = 10
OUTPUT_ACTIVATION = "softmax"
OPTIMIZER = "adam"
# Adam's names as `compile` records them: Keras' own, and TensorFlow 1's
# `tf.compat.v1.train.AdamOptimizer`, the same algorithm, which tf.keras 2 accepted.
ADAM_NAMES = {OPTIMIZER, "adamoptimizer"}
SPARSE_LOSS = "sparse_categorical_crossentropy"
ONE_HOT_LOSS = "categorical_crossentropy"
ACCURACY_METRICS = {"acc", "accuracy", "sparse_categorical_accuracy", "categorical_accuracy"}
CHECKPOINT = {"save_weights_only": True, "save_best_only": True, "monitor": "val_loss"}
EPOCHS = 20
PIXEL_MAX = 255.0
