"""Keras Applications backbones as small layer graphs, for calvaria's golden references.

Written from the structure of keras/applications/{resnet,xception,inception_v3,
inception_resnet_v2}.py (no Keras needed): every layer gets the name a fresh Keras session
gives it, every weight its Keras name (`layer/role`). The graph is evaluated with PyTorch in
float64 (features-torch.py) and its weights written in Keras's HDF5 layout (features-h5.py).

The seeded weight generator reproduces calvaria's `seededWeightValues` exactly (counter-based
MurmurHash3 fmix32 over an FNV-1a stream name), so both sides hold bit-identical weights.
"""

import math

import numpy as np

M32 = np.uint64(0xFFFFFFFF)


def fmix32(h):
    h = np.asarray(h, dtype=np.uint64) & M32
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & M32
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & M32
    h ^= h >> np.uint64(16)
    return h


def fnv1a(text):
    h = 0x811C9DC5
    for ch in text.encode("ascii"):
        h ^= ch
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def seeded_uniform(seed, name, count):
    base = int(fmix32(np.uint64((seed & 0xFFFFFFFF) ^ fnv1a(name))))
    i = np.arange(count, dtype=np.uint64)
    x = fmix32(((i * np.uint64(0x9E3779B1)) & M32) + np.uint64(base))
    return (x >> np.uint64(8)).astype(np.float64) / 16777216.0


def seeded_weight(seed, weight_name, shape):
    role = weight_name.rsplit("/", 1)[1]
    size = int(np.prod(shape))
    u = seeded_uniform(seed, weight_name, size)
    centre, half = 0.0, 0.1
    if role.endswith("kernel"):
        fan_in = shape[0] * shape[1] if role == "depthwise_kernel" else int(np.prod(shape[:-1]))
        half = math.sqrt(6.0 / fan_in)
    elif role == "gamma":
        centre = 1.0
    elif role == "moving_variance":
        centre, half = 1.0, 0.25
    return (centre + (2.0 * u - 1.0) * half).astype(np.float32).reshape(shape)


class Graph:
    """Layers in creation order; each node: name, op, inputs (node names), attrs, weights."""

    def __init__(self, input_shape):
        self.counters = {}
        self.nodes = {}
        self.order = []
        self.input = self._add("input_1", "input", [], shape=input_shape)
        self.channels = {self.input: input_shape[2]}

    def auto(self, base):
        n = self.counters.get(base, 0)
        self.counters[base] = n + 1
        return base if n == 0 else f"{base}_{n}"

    def _add(self, name, op, inputs, weights=None, **attrs):
        self.nodes[name] = {"name": name, "op": op, "inputs": inputs, "attrs": attrs,
                            "weights": weights or []}
        self.order.append(name)
        return name

    def conv(self, x, filters, kernel, strides=1, padding="valid", use_bias=True, name=None):
        kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
        name = name or self.auto("conv2d")
        cin = self.channels[x]
        weights = [("kernel", (kh, kw, cin, filters))] + ([("bias", (filters,))] if use_bias else [])
        self._add(name, "conv", [x], weights, strides=strides, padding=padding, kernel=(kh, kw))
        self.channels[name] = filters
        return name

    def sepconv(self, x, filters, name):
        cin = self.channels[x]
        weights = [("depthwise_kernel", (3, 3, cin, 1)), ("pointwise_kernel", (1, 1, cin, filters))]
        self._add(name, "sepconv", [x], weights)
        self.channels[name] = filters
        return name

    def bn(self, x, epsilon=1e-3, scale=True, name=None):
        name = name or self.auto("batch_normalization")
        c = self.channels[x]
        weights = ([("gamma", (c,))] if scale else []) + [
            ("beta", (c,)), ("moving_mean", (c,)), ("moving_variance", (c,))]
        self._add(name, "bn", [x], weights, epsilon=epsilon, scale=scale)
        self.channels[name] = c
        return name

    def _same_channels(self, name, op, inputs, **attrs):
        self._add(name, op, inputs, **attrs)
        self.channels[name] = self.channels[inputs[0]]
        return name

    def relu(self, x, name=None):
        return self._same_channels(name or self.auto("activation"), "relu", [x])

    def add(self, xs, name=None):
        return self._same_channels(name or self.auto("add"), "add", xs)

    def concat(self, xs, name=None):
        name = self._add(name or self.auto("concatenate"), "concat", xs)
        self.channels[name] = sum(self.channels[x] for x in xs)
        return name

    def zero_pad(self, x, pad, name):
        return self._same_channels(name, "pad", [x], pad=pad)

    def max_pool(self, x, strides, padding, name=None):
        return self._same_channels(name or self.auto("max_pooling2d"), "maxpool", [x],
                                   strides=strides, padding=padding)

    def avg_pool_same(self, x):
        return self._same_channels(self.auto("average_pooling2d"), "avgpool", [x])

    def residual_scale(self, x, branch, scale, name):
        return self._same_channels(name, "scale", [x, branch], scale=scale)

    def global_pool(self, x, pooling, resnet_names):
        if resnet_names:
            name = "avg_pool" if pooling == "avg" else "max_pool"
        else:
            name = self.auto("global_average_pooling2d" if pooling == "avg" else "global_max_pooling2d")
        self.output = self._same_channels(name, "gap" if pooling == "avg" else "gmp", [x])
        return self.output

    def keras_layer_order(self):
        """model.layers as Keras orders them (keras/engine/functional.py, _map_graph_network):
        by decreasing depth from the output, ties broken by first visit in a depth-first walk
        from the output."""
        layer_indices, finished, decreasing = {}, set(), []

        def visit(name):
            if name in finished:
                return
            if name not in layer_indices:
                layer_indices[name] = len(layer_indices)
            for inp in self.nodes[name]["inputs"]:
                visit(inp)
            finished.add(name)
            decreasing.append(name)

        import sys
        sys.setrecursionlimit(100000)
        visit(self.output)
        depths = {}
        for name in reversed(decreasing):
            depth = depths.setdefault(name, 0)
            for inp in self.nodes[name]["inputs"]:
                depths[inp] = max(depth + 1, depths.get(inp, 0))
        by_depth = {}
        for name, d in depths.items():
            by_depth.setdefault(d, []).append(name)
        order = []
        for d in sorted(by_depth, reverse=True):
            order.extend(sorted(by_depth[d], key=lambda n: layer_indices[n]))
        return order


def resnet50(shape, pooling):
    g = Graph(shape)
    eps = 1.001e-5

    def block(x, filters, stride, conv_shortcut, name):
        if conv_shortcut:
            sc = g.conv(x, 4 * filters, 1, strides=stride, name=name + "_0_conv")
            sc = g.bn(sc, eps, name=name + "_0_bn")
        else:
            sc = x
        y = g.conv(x, filters, 1, strides=stride, name=name + "_1_conv")
        y = g.relu(g.bn(y, eps, name=name + "_1_bn"), name + "_1_relu")
        y = g.conv(y, filters, 3, padding="same", name=name + "_2_conv")
        y = g.relu(g.bn(y, eps, name=name + "_2_bn"), name + "_2_relu")
        y = g.conv(y, 4 * filters, 1, name=name + "_3_conv")
        y = g.bn(y, eps, name=name + "_3_bn")
        return g.relu(g.add([sc, y], name + "_add"), name + "_out")

    def stack(x, filters, blocks, stride, name):
        x = block(x, filters, stride, True, name + "_block1")
        for i in range(2, blocks + 1):
            x = block(x, filters, 1, False, f"{name}_block{i}")
        return x

    x = g.zero_pad(g.input, 3, "conv1_pad")
    x = g.conv(x, 64, 7, strides=2, name="conv1_conv")
    x = g.relu(g.bn(x, eps, name="conv1_bn"), "conv1_relu")
    x = g.zero_pad(x, 1, "pool1_pad")
    x = g.max_pool(x, 2, "valid", "pool1_pool")
    x = stack(x, 64, 3, 1, "conv2")
    x = stack(x, 128, 4, 2, "conv3")
    x = stack(x, 256, 6, 2, "conv4")
    x = stack(x, 512, 3, 2, "conv5")
    g.global_pool(x, pooling, True)
    return g


def xception(shape, pooling):
    g = Graph(shape)

    def sep_bn(x, filters, name):
        return g.bn(g.sepconv(x, filters, name), name=name + "_bn")

    def residual(x, filters):
        return g.bn(g.conv(x, filters, 1, strides=2, padding="same", use_bias=False))

    x = g.conv(g.input, 32, 3, strides=2, use_bias=False, name="block1_conv1")
    x = g.relu(g.bn(x, name="block1_conv1_bn"), "block1_conv1_act")
    x = g.conv(x, 64, 3, use_bias=False, name="block1_conv2")
    x = g.relu(g.bn(x, name="block1_conv2_bn"), "block1_conv2_act")
    for idx, filters in ((2, 128), (3, 256), (4, 728)):
        res = residual(x, filters)
        p = f"block{idx}"
        if idx > 2:
            x = g.relu(x, p + "_sepconv1_act")
        x = sep_bn(x, filters, p + "_sepconv1")
        x = g.relu(x, p + "_sepconv2_act")
        x = sep_bn(x, filters, p + "_sepconv2")
        x = g.max_pool(x, 2, "same", p + "_pool")
        x = g.add([x, res])
    for i in range(8):
        res = x
        p = f"block{i + 5}"
        for j in (1, 2, 3):
            x = g.relu(x, f"{p}_sepconv{j}_act")
            x = sep_bn(x, 728, f"{p}_sepconv{j}")
        x = g.add([x, res])
    res = residual(x, 1024)
    x = g.relu(x, "block13_sepconv1_act")
    x = sep_bn(x, 728, "block13_sepconv1")
    x = g.relu(x, "block13_sepconv2_act")
    x = sep_bn(x, 1024, "block13_sepconv2")
    x = g.max_pool(x, 2, "same", "block13_pool")
    x = g.add([x, res])
    x = g.relu(sep_bn(x, 1536, "block14_sepconv1"), "block14_sepconv1_act")
    x = g.relu(sep_bn(x, 2048, "block14_sepconv2"), "block14_sepconv2_act")
    g.global_pool(x, pooling, False)
    return g


def inception_v3(shape, pooling):
    g = Graph(shape)

    def cb(x, filters, rows, cols, strides=1, padding="same"):
        y = g.conv(x, filters, (rows, cols), strides=strides, padding=padding, use_bias=False)
        return g.relu(g.bn(y, scale=False))

    x = cb(g.input, 32, 3, 3, 2, "valid")
    x = cb(x, 32, 3, 3, padding="valid")
    x = cb(x, 64, 3, 3)
    x = g.max_pool(x, 2, "valid")
    x = cb(x, 80, 1, 1, padding="valid")
    x = cb(x, 192, 3, 3, padding="valid")
    x = g.max_pool(x, 2, "valid")
    for pool_filters, name in ((32, "mixed0"), (64, "mixed1"), (64, "mixed2")):
        b1 = cb(x, 64, 1, 1)
        b5 = cb(cb(x, 48, 1, 1), 64, 5, 5)
        b3 = cb(cb(cb(x, 64, 1, 1), 96, 3, 3), 96, 3, 3)
        bp = cb(g.avg_pool_same(x), pool_filters, 1, 1)
        x = g.concat([b1, b5, b3, bp], name)
    b3 = cb(x, 384, 3, 3, 2, "valid")
    bd = cb(cb(cb(x, 64, 1, 1), 96, 3, 3), 96, 3, 3, 2, "valid")
    x = g.concat([b3, bd, g.max_pool(x, 2, "valid")], "mixed3")
    for width, name in ((128, "mixed4"), (160, "mixed5"), (160, "mixed6"), (192, "mixed7")):
        b1 = cb(x, 192, 1, 1)
        b7 = cb(cb(cb(x, width, 1, 1), width, 1, 7), 192, 7, 1)
        bd = cb(x, width, 1, 1)
        bd = cb(bd, width, 7, 1)
        bd = cb(bd, width, 1, 7)
        bd = cb(bd, width, 7, 1)
        bd = cb(bd, 192, 1, 7)
        bp = cb(g.avg_pool_same(x), 192, 1, 1)
        x = g.concat([b1, b7, bd, bp], name)
    b3 = cb(cb(x, 192, 1, 1), 320, 3, 3, 2, "valid")
    b7 = cb(cb(cb(cb(x, 192, 1, 1), 192, 1, 7), 192, 7, 1), 192, 3, 3, 2, "valid")
    x = g.concat([b3, b7, g.max_pool(x, 2, "valid")], "mixed8")
    for i in range(2):
        b1 = cb(x, 320, 1, 1)
        b3 = cb(x, 384, 1, 1)
        b3 = g.concat([cb(b3, 384, 1, 3), cb(b3, 384, 3, 1)], f"mixed9_{i}")
        bd = cb(cb(x, 448, 1, 1), 384, 3, 3)
        bd = g.concat([cb(bd, 384, 1, 3), cb(bd, 384, 3, 1)])
        bp = cb(g.avg_pool_same(x), 192, 1, 1)
        x = g.concat([b1, b3, bd, bp], f"mixed{9 + i}")
    g.global_pool(x, pooling, False)
    return g


def inception_resnet_v2(shape, pooling):
    g = Graph(shape)

    def cb(x, filters, kernel, strides=1, padding="same", relu=True, use_bias=False, name=None):
        y = g.conv(x, filters, kernel, strides=strides, padding=padding, use_bias=use_bias, name=name)
        if not use_bias:
            y = g.bn(y, scale=False, name=None if name is None else name + "_bn")
        if relu:
            y = g.relu(y, None if name is None else name + "_ac")
        return y

    def block(x, scale, kind, idx, relu=True):
        if kind == "block35":
            b0 = cb(x, 32, 1)
            b1 = cb(cb(x, 32, 1), 32, 3)
            b2 = cb(cb(cb(x, 32, 1), 48, 3), 64, 3)
            branches = [b0, b1, b2]
        elif kind == "block17":
            b0 = cb(x, 192, 1)
            b1 = cb(cb(cb(x, 128, 1), 160, (1, 7)), 192, (7, 1))
            branches = [b0, b1]
        else:
            b0 = cb(x, 192, 1)
            b1 = cb(cb(cb(x, 192, 1), 224, (1, 3)), 256, (3, 1))
            branches = [b0, b1]
        name = f"{kind}_{idx}"
        mixed = g.concat(branches, name + "_mixed")
        up = cb(mixed, g.channels[x], 1, relu=False, use_bias=True, name=name + "_conv")
        y = g.residual_scale(x, up, scale, name)
        return g.relu(y, name + "_ac") if relu else y

    x = cb(g.input, 32, 3, 2, "valid")
    x = cb(x, 32, 3, padding="valid")
    x = cb(x, 64, 3)
    x = g.max_pool(x, 2, "valid")
    x = cb(x, 80, 1, padding="valid")
    x = cb(x, 192, 3, padding="valid")
    x = g.max_pool(x, 2, "valid")
    b0 = cb(x, 96, 1)
    b1 = cb(cb(x, 48, 1), 64, 5)
    b2 = cb(cb(cb(x, 64, 1), 96, 3), 96, 3)
    bp = cb(g.avg_pool_same(x), 64, 1)
    x = g.concat([b0, b1, b2, bp], "mixed_5b")
    for i in range(1, 11):
        x = block(x, 0.17, "block35", i)
    r0 = cb(x, 384, 3, 2, "valid")
    r1 = cb(cb(cb(x, 256, 1), 256, 3), 384, 3, 2, "valid")
    x = g.concat([r0, r1, g.max_pool(x, 2, "valid")], "mixed_6a")
    for i in range(1, 21):
        x = block(x, 0.1, "block17", i)
    s0 = cb(cb(x, 256, 1), 384, 3, 2, "valid")
    s1 = cb(cb(x, 256, 1), 288, 3, 2, "valid")
    s2 = cb(cb(cb(x, 256, 1), 288, 3), 320, 3, 2, "valid")
    x = g.concat([s0, s1, s2, g.max_pool(x, 2, "valid")], "mixed_7a")
    for i in range(1, 10):
        x = block(x, 0.2, "block8", i)
    x = block(x, 1.0, "block8", 10, relu=False)
    x = cb(x, 1536, 1, name="conv_7b")
    g.global_pool(x, pooling, False)
    return g


BUILDERS = {
    "resnet50": resnet50,
    "xception": xception,
    "inceptionV3": inception_v3,
    "inceptionResNetV2": inception_resnet_v2,
}
