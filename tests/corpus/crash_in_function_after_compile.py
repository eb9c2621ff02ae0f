import tensorflow as tf


def solution_model():
    (x_train, y_train), (x_valid, y_valid) = tf.keras.datasets.fashion_mnist.load_data()
    x_train, x_valid = x_train / 255.0, x_valid / 255.0
    model = tf.keras.Sequential([
        tf.keras.layers.Flatten(input_shape=(28, 28)),
        tf.keras.layers.Dense(1024, activation='relu'),
        tf.keras.layers.Dense(512, activation='relu'),
        tf.keras.layers.Dense(256, activation='relu'),
        tf.keras.layers.Dense(128, activation='relu'),
        tf.keras.layers.Dense(64, activation='relu'),
        tf.keras.layers.Dense(10, activation='softmax'),
    ])
    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['acc'])
    checkpoint_path = 'my_checkpoint.weights.h5'
    checkpoint = tf.keras.callbacks.ModelCheckpoint(checkpoint_path, save_weights_only=True,
                                                    save_best_only=True, monitor='val_loss')
    model.fit(x_trian, y_train, validation_data=(x_valid, y_valid), epochs=20,
              callbacks=[checkpoint])
    model.load_weights(checkpoint_path)
    return model


if __name__ == '__main__':
    model = solution_model()
    model.save('mymodel.h5')
