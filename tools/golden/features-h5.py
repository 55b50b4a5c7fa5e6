"""Keras-layout weight files for @calvaria/features, written with Debian's python3-h5py.

Writes, for the .h5 loader's tests, weight files exactly as Keras's `model.save_weights(
'x.h5')` lays them out (keras/saving/hdf5_format.py, save_weights_to_hdf5_group): root
attributes `backend`, `keras_version` and `layer_names` (every layer, in model.layers order,
as fixed-length byte strings); one group per layer with a `weight_names` attribute
(`layer/role:0`), and each weight as a dataset at `<layer>/<layer>/<role>:0`.

Layer order is Keras's model.layers order (features_keras_graph.Graph.keras_layer_order).
Values follow a short repeating pattern, distinct per weight, so that the files compress to
a few kilobytes while every weight stays identifiable; each file is committed compressed
with Brotli (`.h5.br`, which Node's zlib reads) and the test expands it to a temporary file. The SHA-256 of all values (float32, little
endian, model.layers order) goes to h5-weights.json for the bit-identity test.

Files (packages/features/test/fixtures/):
- resnet50-keras.h5: ResNet50 with Keras's current layer names (paired by name).
- inception-v3-legacy-names.h5: Inception-v3 named as Keras 2.0 named it (`conv2d_1`,
  `batch_normalization_1`, ...: 1-based), as in Keras's published ImageNet file; these
  names differ from a fresh session's, so loading pairs layers in order, as Keras does.
- resnet50-wrong-shape.h5: as resnet50-keras.h5 but conv3_block2_2_conv's kernel has 64
  output channels instead of 128.
- resnet50-numeric.h5: as resnet50-keras.h5 but with values a network can run on (the plain
  pattern has negative batch-norm variances and growing activations): kernels divided by the
  square root of their fan-in, moving variances |pattern| + 0.5, gammas 0.5 + |pattern| / 4,
  other values (biases, betas, moving means) divided by 8. For the ONNX engine's
  test on weights loaded from a Keras file.

Run: /usr/bin/python3 tools/golden/features-h5.py
"""

import hashlib
import importlib.util
import json
import os
import re

import brotli
import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("kg", os.path.join(HERE, "features_keras_graph.py"))
kg = importlib.util.module_from_spec(spec)
spec.loader.exec_module(kg)

FIXTURES = os.path.join(HERE, "..", "..", "packages", "features", "test", "fixtures")


def pattern(name, shape):
    h = kg.fnv1a(name)
    size = int(np.prod(shape))
    i = np.arange(size, dtype=np.int64)
    scale = 1.0 + (h % 7) / 8.0
    return (((i * 5 + h % 13) % 13 - 6) / 8.0 * scale).astype("<f4").reshape(shape)


def numeric_pattern(name, shape):
    values = pattern(name, shape)
    if name.endswith("/moving_variance"):
        return (np.abs(values) + 0.5).astype("<f4")
    if name.endswith("/kernel"):
        return (values / np.sqrt(np.prod(shape[:-1]))).astype("<f4")
    if name.endswith("/gamma"):
        return (0.5 + np.abs(values) / 4).astype("<f4")
    return (values / 8).astype("<f4")


def legacy_name(name):
    """Keras 2.0 numbered auto-named layers from 1: conv2d -> conv2d_1, conv2d_5 -> conv2d_6."""
    m = re.fullmatch(r"(conv2d|batch_normalization|activation|max_pooling2d|"
                     r"average_pooling2d|concatenate|global_average_pooling2d)(?:_(\d+))?", name)
    if m is None:
        return name
    return f"{m.group(1)}_{int(m.group(2) or 0) + 1}"


def write(path, graph, rename=lambda n: n, shape_override=None, values_of=pattern):
    order = graph.keras_layer_order()
    digest = hashlib.sha256()
    with h5py.File(path, "w") as f:
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.11.0"
        f.attrs["layer_names"] = np.array([rename(n).encode("utf8") for n in order])
        for layer in order:
            node = graph.nodes[layer]
            g = f.create_group(rename(layer))
            names = [f"{rename(layer)}/{role}:0" for role, _ in node["weights"]]
            g.attrs["weight_names"] = np.array([n.encode("utf8") for n in names])
            for (role, shape), wname in zip(node["weights"], names):
                if shape_override and shape_override[0] == f"{layer}/{role}":
                    shape = shape_override[1]
                values = values_of(f"{layer}/{role}", shape)
                digest.update(values.tobytes())
                g.create_dataset(wname, data=values)
    with open(path, "rb") as f:
        raw = f.read()
    with open(path + ".br", "wb") as f:
        f.write(brotli.compress(raw, quality=11, lgwin=24))
    os.remove(path)
    return digest.hexdigest(), os.path.getsize(path + ".br")


def main():
    os.makedirs(FIXTURES, exist_ok=True)
    out = {"source": "tools/golden/features-h5.py (h5py %s)" % h5py.__version__, "files": {}}
    resnet = kg.resnet50((32, 32, 3), "avg")
    sha, size = write(os.path.join(FIXTURES, "resnet50-keras.h5"), resnet)
    out["files"]["resnet50-keras.h5"] = {"backbone": "resnet50", "sha256": sha, "bytes": size}
    inception = kg.inception_v3((75, 75, 3), "avg")
    sha, size = write(os.path.join(FIXTURES, "inception-v3-legacy-names.h5"), inception, legacy_name)
    out["files"]["inception-v3-legacy-names.h5"] = {"backbone": "inceptionV3", "sha256": sha,
                                                    "bytes": size}
    sha, size = write(os.path.join(FIXTURES, "resnet50-wrong-shape.h5"), resnet,
                      shape_override=("conv3_block2_2_conv/kernel", (3, 3, 128, 64)))
    out["files"]["resnet50-wrong-shape.h5"] = {"backbone": "resnet50", "firstMismatch":
                                               "conv3_block2_2_conv", "bytes": size}
    sha, size = write(os.path.join(FIXTURES, "resnet50-numeric.h5"), resnet,
                      values_of=numeric_pattern)
    out["files"]["resnet50-numeric.h5"] = {"backbone": "resnet50", "sha256": sha, "bytes": size}
    # Spot values for a readable check: the first four values of a few weights.
    out["spotValues"] = {
        name: pattern(name, shape).reshape(-1)[:4].tolist()
        for name, shape in [("conv1_conv/kernel", (7, 7, 3, 64)),
                            ("conv5_block3_3_bn/moving_variance", (2048,))]
    }
    with open(os.path.join(FIXTURES, "h5-weights.json"), "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    print(json.dumps(out["files"], indent=2))


if __name__ == "__main__":
    main()
