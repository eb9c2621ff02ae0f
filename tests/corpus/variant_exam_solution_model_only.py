# Category 2 - Fashion MNIST. The exam's grader calls solution_model().
import tensorflow as tf


def solution_model():
    (x_train, y_train), (x_valid, y_valid) = tf.keras.datasets.fashion_mnist.load_data()
    x_train, x_valid = x_train / 255.0, x_valid / 255.0
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(28, 28)),
        tf.keras.layers.Flatten(),
        *[tf.keras.layers.Dense(n, activation='relu') for n in (1024, 512, 256, 128, 64)],
        tf.keras.layers.Dense(10, activation='softmax'),
    ])
    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy',
                  metrics=['accuracy'])
    checkpoint_path = 'best.weights.h5'
    checkpoint = tf.keras.callbacks.ModelCheckpoint(checkpoint_path, save_weights_only=True,
                                                    save_best_only=True, monitor='val_loss')
    model.fit(x_train, y_train, validation_data=(x_valid, y_valid), epochs=20,
              callbacks=[checkpoint])
    model.load_weights(checkpoint_path)
    return model
