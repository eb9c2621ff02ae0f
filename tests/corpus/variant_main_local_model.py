"""Fashion-MNIST DNN, the lesson's Steps 1-6 as a script."""
import tensorflow as tf


def load():
    (x_train, y_train), (x_valid, y_valid) = tf.keras.datasets.fashion_mnist.load_data()
    return (x_train / 255.0, y_train), (x_valid / 255.0, y_valid)


def build():
    model = tf.keras.Sequential([tf.keras.Input(shape=(28, 28)), tf.keras.layers.Flatten()])
    for units in (1024, 512, 256, 128, 64):
        model.add(tf.keras.layers.Dense(units, activation='relu'))
    model.add(tf.keras.layers.Dense(10, activation='softmax'))
    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['acc'])
    return model


def main():
    (x_train, y_train), (x_valid, y_valid) = load()
    model = build()
    checkpoint_path = 'my_checkpoint.weights.h5'
    checkpoint = tf.keras.callbacks.ModelCheckpoint(checkpoint_path, save_weights_only=True,
                                                    save_best_only=True, monitor='val_loss')
    model.fit(x_train, y_train, validation_data=(x_valid, y_valid), epochs=20,
              callbacks=[checkpoint])
    model.load_weights(checkpoint_path)
    print(model.evaluate(x_valid, y_valid, verbose=0))


if __name__ == '__main__':
    main()
