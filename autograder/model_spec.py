"""Turn an untrusted Keras model config (JSON) into a validated, plain list of layers.

The grader never deserializes a student's model with Keras (a config can name arbitrary
code). It reads the JSON as data, accepts only the layer types this exercise can use,
and rebuilds the model itself from plain numbers and activation names.

A separate activation layer after a linear `Dense` (`Dense(64), Activation('relu')`,
`Dense(10), Softmax()`) is folded into that `Dense`: it is the same model. A first
`Rescaling(1./255)` layer is the lesson's normalization done inside the model: it is
kept as `ModelSpec.input_scale`, not as a layer (the grader feeds its rebuilt model images
already divided by 255, which is the same computation).
"""

from __future__ import annotations

import dataclasses
import math

from autograder.messages import Phrase

# Activations that are plain names in Keras (a string cannot carry code).
ACTIVATIONS = {
    "linear", "relu", "softmax", "sigmoid", "tanh", "elu", "selu", "gelu", "softplus",
    "softsign", "swish", "silu", "relu6", "leaky_relu", "exponential", "hard_sigmoid",
    "log_softmax", "mish",
}
# TensorFlow's own functions, as Keras serializes them (`activation=tf.nn.softmax` becomes
# {"class_name": "function", "config": "softmax_v2"}): read as names, never imported.
FUNCTION_ACTIVATIONS = {"softmax_v2": "softmax", "log_softmax_v2": "log_softmax",
                        "relu": "relu", "sigmoid": "sigmoid", "tanh": "tanh",
                        "softmax": "softmax", "elu": "elu", "selu": "selu", "gelu": "gelu",
                        "softplus": "softplus", "softsign": "softsign", "swish": "swish",
                        "silu": "silu", "relu6": "relu6", "leaky_relu": "leaky_relu"}
# Layers that hold code: refused with their own explanation.
CODE_LAYERS = {"Lambda", "TFOpLambda", "SlicingOpLambda"}
# Layers the grader can rebuild; anything else (Lambda, custom classes, Conv1D, LSTM...) is
# refused. The standard image layers are here so a CNN's accuracy is measured (issue 15).
POOLING = {"MaxPooling2D", "AveragePooling2D"}
REBUILDABLE = {"InputLayer", "Flatten", "Reshape", "Dense", "Dropout", "Activation",
               "Softmax", "ReLU", "BatchNormalization", "Conv2D", "GlobalAveragePooling2D"} \
    | POOLING
WEIGHTLESS = {"Flatten", "Reshape", "Dropout", "Activation", "Softmax", "ReLU",
              "GlobalAveragePooling2D"} | POOLING
# Convolution and pooling windows larger than this are refused (Fashion-MNIST is 28x28).
MAX_WINDOW = 64


# `Rescaling(scale=1/255, offset=0)` as the first layer: the lesson's `x / 255.0`.
INPUT_SCALE = 1 / 255
INPUT_SCALE_TOLERANCE = 1e-6


class ModelSpecError(ValueError):
    """The model config cannot be graded: says what is wrong and what was expected.

    Carries a catalog `Phrase` (`model.*` key and facts); `str()` is its English text.
    """

    def __init__(self, key: str, **facts):
        self.phrase = Phrase.of(key, **facts)
        super().__init__(str(self.phrase))


@dataclasses.dataclass(frozen=True)
class LayerSpec:
    """One layer as plain data: its type and the few settings that matter here."""

    type: str
    units: int | None = None
    activation: str | None = None
    use_bias: bool = True
    rate: float | None = None
    target_shape: tuple[int, ...] | None = None
    bn: tuple | None = None  # BatchNormalization: (axis, epsilon, center, scale)
    filters: int | None = None                 # Conv2D
    kernel_size: tuple[int, int] | None = None  # Conv2D
    strides: tuple[int, int] | None = None     # Conv2D, pooling
    padding: str = "valid"                     # Conv2D, pooling
    pool_size: tuple[int, int] | None = None   # pooling

    def describe(self) -> str:
        if self.type == "Dense":
            return f"Dense({self.units}, activation='{self.activation}')"
        if self.type == "Conv2D":
            return f"Conv2D({self.filters}, {self.kernel_size}, activation='{self.activation}')"
        if self.type in POOLING:
            return f"{self.type}({self.pool_size})"
        if self.type == "Dropout":
            return f"Dropout({self.rate})"
        if self.type == "Reshape":
            return f"Reshape({self.target_shape})"
        if self.type == "Activation":
            return f"Activation('{self.activation}')"
        return f"{self.type}()"


@dataclasses.dataclass(frozen=True)
class ModelSpec:
    """A validated model: input shape and the layers in order (activations folded)."""

    input_shape: tuple[int, ...] | None
    layers: tuple[LayerSpec, ...]
    raw_layers: tuple[LayerSpec, ...]  # as written, before folding, to rebuild exactly
    input_scale: float | None = None   # a first Rescaling(1./255): pixels scaled in the model

    def describe(self) -> str:
        return " -> ".join(layer.describe() for layer in self.layers)


def _shape(value) -> tuple[int, ...] | None:
    if not isinstance(value, (list, tuple)) or not value:
        return None
    dims = list(value)[1:]  # drop the batch dimension
    if not all(isinstance(d, int) and 0 < d < 10**6 for d in dims):
        return None
    return tuple(dims)


def _activation(config: dict, layer_name: str) -> str:
    value = config.get("activation", "linear")
    if value is None:
        return "linear"
    if isinstance(value, str) and value in ACTIVATIONS:
        return value
    if isinstance(value, dict) and value.get("class_name") in ACTIVATIONS:
        return value["class_name"]
    if (isinstance(value, dict) and value.get("class_name") == "function"
            and value.get("config") in FUNCTION_ACTIVATIONS):
        return FUNCTION_ACTIVATIONS[value["config"]]
    raise ModelSpecError("model.activation", layer=layer_name, value=repr(value)[:200])


def _positive_int(value, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= 1_000_000:
        raise ModelSpecError("model.positive_int", what=what, value=repr(value)[:80])
    return value


def _declared_shape(entry: dict) -> tuple[int, ...] | None:
    """The input shape a layer entry declares (`input_shape=`, `keras.Input`), if any."""
    config = entry.get("config") or {}
    return (_shape(config.get("batch_shape")) or _shape(config.get("batch_input_shape"))
            or _shape((entry.get("build_config") or {}).get("input_shape")))


def _layer(entry: dict) -> tuple[LayerSpec | None, tuple[int, ...] | None]:
    """One config entry -> (LayerSpec or None for InputLayer, input shape it declares)."""
    if not isinstance(entry, dict):
        raise ModelSpecError("model.entry_not_object", entry=repr(entry)[:80])
    kind = entry.get("class_name")
    config = entry.get("config") or {}
    name = config.get("name", kind)
    module = str(entry.get("module") or "keras.layers")
    if kind in CODE_LAYERS:
        raise ModelSpecError("model.code_layer", layer=name, kind=kind)
    registered = entry.get("registered_name")
    if (module != "keras" and not module.startswith("keras.")) or registered not in (None, kind):
        origin = (Phrase.of("word.the_module", module=module) if entry.get("module")
                  else Phrase.of("word.a_registered_class"))
        raise ModelSpecError("model.custom_layer", layer=name, kind=str(registered or kind),
                             origin=origin)
    if kind not in REBUILDABLE:
        raise ModelSpecError("model.layer_not_allowed", layer=name, kind=kind,
                             allowed=", ".join(sorted(REBUILDABLE)))
    declared = _declared_shape(entry)
    if kind == "InputLayer":
        return None, declared
    if kind == "Dense":
        spec = LayerSpec("Dense", units=_positive_int(config.get("units"), f"`{name}`.units"),
                         activation=_activation(config, name),
                         use_bias=bool(config.get("use_bias", True)))
    elif kind == "Dropout":
        rate = config.get("rate")
        if not isinstance(rate, (int, float)) or not 0 <= rate < 1:
            raise ModelSpecError("model.dropout_rate", layer=name, value=repr(rate)[:80])
        spec = LayerSpec("Dropout", rate=float(rate))
    elif kind == "Activation":
        spec = LayerSpec("Activation", activation=_activation(config, name))
    elif kind == "Softmax":
        spec = LayerSpec("Activation", activation="softmax")
    elif kind == "ReLU":
        if any(config.get(k) not in (None, 0, 0.0) for k in ("max_value", "negative_slope",
                                                              "threshold")):
            raise ModelSpecError("model.relu_settings", layer=name)
        spec = LayerSpec("Activation", activation="relu")
    elif kind == "Reshape":
        target = config.get("target_shape")
        if not isinstance(target, (list, tuple)) or not all(
                isinstance(d, int) and (d > 0 or d == -1) for d in target):
            raise ModelSpecError("model.reshape_target", layer=name, value=repr(target)[:80])
        spec = LayerSpec("Reshape", target_shape=tuple(target))
    elif kind == "BatchNormalization":
        axis = config.get("axis", -1)
        axis = axis[0] if isinstance(axis, list) and len(axis) == 1 else axis
        epsilon = config.get("epsilon", 1e-3)
        if not isinstance(axis, int) or not isinstance(epsilon, (int, float)):
            raise ModelSpecError("model.batchnorm_settings", layer=name)
        spec = LayerSpec("BatchNormalization", bn=(axis, float(epsilon),
                                                   bool(config.get("center", True)),
                                                   bool(config.get("scale", True))))
    elif kind == "Conv2D":
        _channels_last(config, name)
        if _pair(config.get("dilation_rate", 1), name, "dilation_rate") != (1, 1) \
                or config.get("groups", 1) not in (1, None):
            raise ModelSpecError("model.image_layer_settings", layer=name,
                                 setting="dilation_rate/groups")
        spec = LayerSpec("Conv2D", filters=_positive_int(config.get("filters"),
                                                         f"`{name}`.filters"),
                         kernel_size=_pair(config.get("kernel_size"), name, "kernel_size"),
                         strides=_pair(config.get("strides", 1), name, "strides"),
                         padding=_padding(config, name), activation=_activation(config, name),
                         use_bias=bool(config.get("use_bias", True)))
    elif kind in POOLING:
        _channels_last(config, name)
        pool = _pair(config.get("pool_size", 2), name, "pool_size")
        strides = config.get("strides")
        spec = LayerSpec(kind, pool_size=pool, padding=_padding(config, name),
                         strides=pool if strides is None else _pair(strides, name, "strides"))
    elif kind == "GlobalAveragePooling2D":
        _channels_last(config, name)
        if config.get("keepdims", False) is not False:
            raise ModelSpecError("model.image_layer_settings", layer=name, setting="keepdims")
        spec = LayerSpec("GlobalAveragePooling2D")
    else:  # Flatten
        spec = LayerSpec("Flatten")
    return spec, declared


def _pair(value, layer: str, what: str) -> tuple[int, int]:
    """A window or stride, `3` or `[3, 3]`, as two sizes from 1 to MAX_WINDOW."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value, value]
    if not (isinstance(value, (list, tuple)) and len(value) == 2 and all(
            isinstance(v, int) and not isinstance(v, bool) and 0 < v <= MAX_WINDOW
            for v in value)):
        raise ModelSpecError("model.image_layer_settings", layer=layer,
                             setting=f"{what}={repr(value)[:60]}")
    return (value[0], value[1])


def _padding(config: dict, layer: str) -> str:
    padding = config.get("padding", "valid")
    if padding not in ("valid", "same"):
        raise ModelSpecError("model.image_layer_settings", layer=layer,
                             setting=f"padding={repr(padding)[:40]}")
    return padding


def _channels_last(config: dict, layer: str) -> None:
    if config.get("data_format") not in (None, "channels_last"):
        raise ModelSpecError("model.image_layer_settings", layer=layer,
                             setting=f"data_format={repr(config.get('data_format'))[:40]}")


def _check_linear_chain(layers: list[dict]) -> None:
    """A functional model is accepted only when each layer feeds the next one."""
    previous = None
    for entry in layers:
        nodes = entry.get("inbound_nodes") or []
        sources = []
        for node in nodes:
            if isinstance(node, list):  # Keras 2 (tf-keras): [[name, node, tensor, kwargs]]
                sources += [str(inbound[0]) for inbound in node
                            if isinstance(inbound, list) and inbound]
                continue
            args = node.get("args", []) if isinstance(node, dict) else []
            for arg in args:
                history = (arg.get("config") or {}).get("keras_history") if isinstance(
                    arg, dict) else None
                if history:
                    sources.append(history[0])
        if previous is not None and sources != [previous]:
            raise ModelSpecError("model.not_a_chain", layer=str(entry.get("name"))[:80],
                                 sources=sources or Phrase.of("word.none"))
        previous = entry.get("name") or (entry.get("config") or {}).get("name")


def _fold_activations(layers: list[LayerSpec]) -> list[LayerSpec]:
    folded: list[LayerSpec] = []
    for layer in layers:
        if (layer.type == "Activation" and folded and folded[-1].type == "Dense"
                and folded[-1].activation == "linear"):
            folded[-1] = dataclasses.replace(folded[-1], activation=layer.activation)
        else:
            folded.append(layer)
    return folded


def parse_model_config(config: dict) -> ModelSpec:
    """Validate a `model.to_json()` dict and return its `ModelSpec`.

    Raises:
        ModelSpecError: for anything but a single chain of the allowed layer types.
    """
    if not isinstance(config, dict) or config.get("class_name") not in (
            "Sequential", "Functional", "Model"):
        kind = config.get("class_name") if isinstance(config, dict) else type(config).__name__
        raise ModelSpecError("model.not_a_model", kind=repr(kind)[:80])
    body = config.get("config") or {}
    entries = body.get("layers")
    if not isinstance(entries, list):
        raise ModelSpecError("model.no_layer_list")
    if config["class_name"] != "Sequential":
        _check_linear_chain(entries)
    input_shape = _shape(body.get("build_input_shape"))
    layers, input_scale = [], None
    for entry in entries:
        if isinstance(entry, dict) and entry.get("class_name") == "Rescaling":
            first = not layers and input_scale is None
            input_scale, declared = _input_rescaling(entry, first)
            input_shape = input_shape or declared
            continue
        spec, declared = _layer(entry)
        if input_shape is None and declared is not None and not layers:
            input_shape = declared
        if spec is not None:
            layers.append(spec)
    if not layers:
        raise ModelSpecError("model.no_layers")
    return ModelSpec(input_shape=input_shape, layers=tuple(_fold_activations(layers)),
                     raw_layers=tuple(layers), input_scale=input_scale)


def _input_rescaling(entry: dict, first: bool) -> tuple[float, tuple[int, ...] | None]:
    """`(scale, declared input shape)` of a first `Rescaling(1./255)`; anything else raises."""
    config = entry.get("config") or {}
    name = config.get("name", "rescaling")
    scale, offset = config.get("scale"), config.get("offset", 0.0)
    module = str(entry.get("module") or "keras.layers")
    plain = (module == "keras" or module.startswith("keras.")) and entry.get(
        "registered_name") in (None, "Rescaling")
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool)
                  for v in (scale, offset))
    if (plain and first and numbers and offset == 0
            and abs(scale - INPUT_SCALE) <= INPUT_SCALE_TOLERANCE):
        return float(scale), _declared_shape(entry)
    raise ModelSpecError("model.rescaling", layer=name, scale=repr(scale)[:40],
                         offset=repr(offset)[:40])


def _window_out(size: int, window: int, stride: int, padding: str) -> int:
    if padding == "same":
        return -(-size // stride)
    return (size - window) // stride + 1


def parameter_count(spec: ModelSpec) -> int | None:
    """Trainable and non-trainable parameters of the rebuilt model (BatchNormalization's
    moving statistics included); None when the shapes cannot be followed (Keras then says
    why the layers do not fit)."""
    if spec.input_shape is None:
        return None
    shape, total = tuple(spec.input_shape), 0
    for layer in spec.raw_layers:
        if layer.type == "Dense":
            total += shape[-1] * layer.units + (layer.units if layer.use_bias else 0)
            shape = shape[:-1] + (layer.units,)
        elif layer.type == "Flatten":
            shape = (math.prod(shape),)
        elif layer.type == "Reshape":
            target = layer.target_shape
            known = math.prod(d for d in target if d != -1)
            if known <= 0 or math.prod(shape) % known:
                return None
            shape = tuple(math.prod(shape) // known if d == -1 else d for d in target)
        elif layer.type == "BatchNormalization":
            axis = layer.bn[0] if layer.bn[0] < 0 else layer.bn[0] - 1  # Keras counts the batch
            if not -len(shape) <= axis < len(shape):
                return None
            total += 4 * shape[axis]
        elif layer.type == "Conv2D" or layer.type in POOLING:
            if len(shape) != 3:
                return None
            window = layer.kernel_size or layer.pool_size
            height, width = (_window_out(n, k, s, layer.padding)
                             for n, k, s in zip(shape[:2], window, layer.strides))
            if height <= 0 or width <= 0:
                return None
            channels = shape[2]
            if layer.type == "Conv2D":
                total += window[0] * window[1] * channels * layer.filters + (
                    layer.filters if layer.use_bias else 0)
                channels = layer.filters
            shape = (height, width, channels)
        elif layer.type == "GlobalAveragePooling2D":
            if len(shape) != 3:
                return None
            shape = (shape[2],)
    return total
