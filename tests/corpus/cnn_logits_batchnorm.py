import tensorflow as tf

(x_train, y_train), (x_valid, y_valid) = tf.keras.datasets.fashion_mnist.load_data()
# 채널 축 추가 + 정규화: (60000, 28, 28) -> (60000, 28, 28, 1)
x_train = x_train[..., tf.newaxis] / 255.0
x_valid = x_valid[..., tf.newaxis] / 255.0

model = tf.keras.Sequential([
    tf.keras.Input(shape=(28, 28, 1)),
    tf.keras.layers.Conv2D(16, 3, padding='same', activation='relu'),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(32, 3, padding='same', activation='relu'),
    tf.keras.layers.AveragePooling2D(2),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(10),
])
model.compile(optimizer='adam',
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=['accuracy'])

checkpoint_path = 'cnn.weights.h5'
checkpoint = tf.keras.callbacks.ModelCheckpoint(checkpoint_path, save_weights_only=True,
                                                save_best_only=True, monitor='val_loss',
                                                verbose=1)
history = model.fit(x_train, y_train, validation_data=(x_valid, y_valid), epochs=10,
                    callbacks=[checkpoint])
model.load_weights(checkpoint_path)
