"""Independent numerics for @calvaria/features: Keras Applications backbones in PyTorch.

Builds each backbone's layer graph from features_keras_graph.py (written from the Keras
sources: ResNet50 v1 with the stride on the first 1x1 convolution and batch-norm epsilon
1.001e-5; Xception; Inception-v3; Inception-ResNet-v2 with scaled residuals), fills it with
the same seeded weights calvaria's `weights: 'random'` gives, applies Keras's input
preprocessing to fixed seeded [0, 1] images and evaluates in float64 with PyTorch, with
TensorFlow's padding rules ('same' pads the extra pixel at the bottom/right; average pooling
does not count padding). Writes packages/features/test/fixtures/torch-features.json.

Run: /usr/bin/python3 tools/golden/features-torch.py   (Debian python3-torch 1.13)
"""

import importlib.util
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("kg", os.path.join(HERE, "features_keras_graph.py"))
kg = importlib.util.module_from_spec(spec)
spec.loader.exec_module(kg)

OUT = os.path.join(HERE, "..", "..", "packages", "features", "test", "fixtures", "torch-features.json")
WEIGHT_SEED = 42
INPUT_SEED = 7
IMAGES = 2
CASES = [
    ("resnet50", 64, "avg"),
    ("resnet50", 64, "max"),
    ("xception", 71, "avg"),
    ("inceptionV3", 107, "avg"),
    ("inceptionResNetV2", 75, "avg"),
]
MEAN_BGR = [103.939, 116.779, 123.68]


def same_pad(size, k, s):
    out = math.ceil(size / s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def tf_pad(x, kh, kw, s, value=0.0):
    top, bottom = same_pad(x.shape[2], kh, s)
    left, right = same_pad(x.shape[3], kw, s)
    return F.pad(x, (left, right, top, bottom), value=value)


def run(graph, weights, x):
    values = {graph.input: x}
    for name in graph.order[1:]:
        node = graph.nodes[name]
        op, a = node["op"], node["attrs"]
        inputs = [values[i] for i in node["inputs"]]
        w = {role: torch.from_numpy(weights[f"{name}/{role}"].astype(np.float64))
             for role, _ in node["weights"]}
        y = inputs[0]
        if op == "conv":
            kh, kw = a["kernel"]
            if a["padding"] == "same":
                y = tf_pad(y, kh, kw, a["strides"])
            y = F.conv2d(y, w["kernel"].permute(3, 2, 0, 1), w.get("bias"), stride=a["strides"])
        elif op == "sepconv":
            cin = y.shape[1]
            y = F.conv2d(tf_pad(y, 3, 3, 1), w["depthwise_kernel"].permute(2, 3, 0, 1), groups=cin)
            y = F.conv2d(y, w["pointwise_kernel"].permute(3, 2, 0, 1))
        elif op == "bn":
            shape = (1, -1, 1, 1)
            gamma = w["gamma"].view(shape) if a["scale"] else 1.0
            inv = 1.0 / torch.sqrt(w["moving_variance"].view(shape) + a["epsilon"])
            y = (y - w["moving_mean"].view(shape)) * inv * gamma + w["beta"].view(shape)
        elif op == "relu":
            y = torch.relu(y)
        elif op == "add":
            y = inputs[0] + inputs[1]
        elif op == "concat":
            y = torch.cat(inputs, dim=1)
        elif op == "scale":
            y = inputs[0] + inputs[1] * a["scale"]
        elif op == "pad":
            p = a["pad"]
            y = F.pad(y, (p, p, p, p))
        elif op == "maxpool":
            if a["padding"] == "same":
                y = tf_pad(y, 3, 3, a["strides"], value=-math.inf)
            y = F.max_pool2d(y, 3, a["strides"])
        elif op == "avgpool":
            y = F.avg_pool2d(y, 3, 1, padding=1, count_include_pad=False)
        elif op == "gap":
            y = y.mean(dim=(2, 3))
        elif op == "gmp":
            y = y.amax(dim=(2, 3))
        else:
            raise ValueError(op)
        values[name] = y
    return values[graph.output]


def keras_preprocess(images_hwc01, mode):
    x = images_hwc01.astype(np.float64) * 255.0
    if mode == "caffe":
        x = x[..., ::-1] - np.array(MEAN_BGR)
    else:
        x = x / 127.5 - 1.0
    return x


def main():
    cases = []
    for name, size, pooling in CASES:
        graph = kg.BUILDERS[name]((size, size, 3), pooling)
        weights = {}
        for layer in graph.order:
            for role, shape in graph.nodes[layer]["weights"]:
                wname = f"{layer}/{role}"
                weights[wname] = kg.seeded_weight(WEIGHT_SEED, wname, shape)
        params = sum(v.size for v in weights.values())
        images = np.stack([
            kg.seeded_uniform(INPUT_SEED, f"input/{k}", size * size * 3)
            .astype(np.float32).reshape(size, size, 3) for k in range(IMAGES)])
        x = keras_preprocess(images, "caffe" if name == "resnet50" else "tf")
        x = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
        with torch.no_grad():
            features = run(graph, weights, x).numpy()
        print(f"{name} {size} {pooling}: {params} parameters, features {features.shape}, "
              f"max |f| {np.abs(features).max():.4g}", file=sys.stderr)
        cases.append({
            "backbone": name,
            "inputShape": [size, size, 3],
            "pooling": pooling,
            "parameterCount": int(params),
            "features": [[float(f"{v:.9g}") for v in row] for row in features],
        })
    fixture = {
        "source": "tools/golden/features-torch.py (PyTorch %s, float64)" % torch.__version__,
        "weightSeed": WEIGHT_SEED,
        "inputSeed": INPUT_SEED,
        "inputStream": "input/<k>: seededUniform(inputSeed, 'input/' + k, h * w * 3), HWC in [0, 1)",
        "images": IMAGES,
        "cases": cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
