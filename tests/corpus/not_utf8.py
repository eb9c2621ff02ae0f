# 패션 MNIST
import numpy as np #numpy import
import tensorflow as tf # tensorflow import
from tensorflow.keras.layers import Dense, Flatten # Dense Layer, Flatten Layer import
from tensorflow.keras.models import Sequential # Sequential Model import
from tensorflow.keras.callbacks import ModelCheckpoint # ModelCheckpoint import

# 전처리할 데이터 로드(Tensorflow datasets - FashionMnist)
fashion_mnist = tf.keras.datasets.fashion_mnist
(x_train, y_train), (x_valid, y_valid) = fashion_mnist.load_data()

# 정규화(Nomalization)
x_train = x_train / 255.0
x_valid = x_valid / 255.0

# 형식 확인
print(x_train.shape)

# 2D -> 1D With Flatten
x = Flatten(input_shape=(28, 28))

# 형식 확인
print(x(x_train).shape)

model = Sequential([
    # 2D -> 1D With Flatten
    Flatten(input_shape=(28, 28)),
    # Dense Layer
    Dense(1024, activation='relu'),
    Dense(512, activation='relu'),
    Dense(256, activation='relu'),
    Dense(128, activation='relu'),
    Dense(64, activation='relu'),
    Dense(10, activation='softmax'), # 분류(Classification) label이 10개 -> activation = 'softmax'
])

# loss = 'sparse(원핫인코딩X)_categorical(모델 마지막 활성함수 Softmax)_crossentropy'
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['acc'])

checkpoint_path = "my_checkpoint.weights.h5" # Keras 3: 이름.weights.h5
checkpoint = ModelCheckpoint(filepath=checkpoint_path,
                             save_weights_only=True, # 가중치만 저장
                             save_best_only=True, # 가장 좋은 결과만 저장
                             monitor='val_loss',  # 기준 = 'validation_loss가 가장 낮은 것'
                             verbose=1) # 출력

# 학습(train data, Validation_data, epochs, callbacks[ckpt])
history = model.fit(x_train, y_train,
                    validation_data=(x_valid, y_valid),
                    epochs=20,
                    callbacks=[checkpoint],
                   )

# 이 코드가 없다면, Ckpt 만드는 이유가 없음
model.load_weights(checkpoint_path)

model.evaluate(x_valid, y_valid)
