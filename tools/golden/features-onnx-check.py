"""Checks calvaria's ONNX exports with the ONNX project's own tools, and runs them in Python.

For each model listed in <folder>/manifest.json (written by bench/features/onnx-export.ts):
1. `onnx.checker.check_model(model, full_check=True)`: the IR, opset and operator schemas,
   plus strict shape inference;
2. `onnx.shape_inference.infer_shapes(model, strict_mode=True)`: the output shape must come
   out as [batch, featureSize];
3. evaluation in Python: onnx 1.12 (Debian python3-onnx) has no reference runtime
   (`onnx.reference` arrived in onnx 1.13), and ONNX Runtime for Python is not installed, so
   this script evaluates the graph itself, node by node, with PyTorch's functional operators
   (an interpreter written here for the operators the exporter emits, independent of ONNX
   Runtime and of TensorFlow.js), and compares with the features TensorFlow.js and calvaria's
   ONNX engine computed from the same input.
Prints a report and exits non-zero on any failure.

Usage: /usr/bin/python3 tools/golden/features-onnx-check.py <folder>
"""

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn.functional as F


def attributes(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def conv(x, w, b, a):
    pads = a.get("pads", [0, 0, 0, 0])
    top, left, bottom, right = pads
    x = F.pad(x, (left, right, top, bottom))
    return F.conv2d(x, w, b, a.get("strides", [1, 1]), 0, a.get("dilations", [1, 1]), a.get("group", 1))


def pool(x, a, kind):
    top, left, bottom, right = a.get("pads", [0, 0, 0, 0])
    kernel, strides = a["kernel_shape"], a.get("strides", [1, 1])
    if kind == "max":
        x = F.pad(x, (left, right, top, bottom), value=float("-inf"))
        return F.max_pool2d(x, kernel, strides)
    # count_include_pad = 0: sum over real cells divided by the number of real cells.
    ones = torch.ones_like(x[:, :1])
    total = F.avg_pool2d(F.pad(x, (left, right, top, bottom)), kernel, strides)
    count = F.avg_pool2d(F.pad(ones, (left, right, top, bottom)), kernel, strides)
    assert a.get("count_include_pad", 0) == 0
    return total / count


def run_graph(model, feeds):
    values = {init.name: torch.from_numpy(onnx.numpy_helper.to_array(init).copy())
              for init in model.graph.initializer}
    values.update(feeds)
    for node in model.graph.node:
        x = [values[name] if name else None for name in node.input]
        a = attributes(node)
        op = node.op_type
        if op == "Transpose":
            y = x[0].permute(*a["perm"])
        elif op == "Conv":
            y = conv(x[0], x[1], x[2] if len(x) > 2 else None, a)
        elif op == "BatchNormalization":
            y = F.batch_norm(x[0], x[3], x[4], x[1], x[2], False, 0.0, a.get("epsilon", 1e-5))
        elif op == "Relu":
            y = F.relu(x[0])
        elif op == "Clip":
            y = torch.clamp(x[0], float(x[1]), float(x[2]))
        elif op == "Sigmoid":
            y = torch.sigmoid(x[0])
        elif op == "Tanh":
            y = torch.tanh(x[0])
        elif op in ("Add", "Sum"):
            y = x[0]
            for other in x[1:]:
                y = y + other
        elif op == "Mul":
            y = x[0] * x[1]
        elif op == "Concat":
            y = torch.cat(x, dim=a["axis"])
        elif op == "MaxPool":
            y = pool(x[0], a, "max")
        elif op == "AveragePool":
            y = pool(x[0], a, "avg")
        elif op == "Pad":
            p = [int(v) for v in x[1]]
            y = F.pad(x[0], (p[3], p[7], p[2], p[6], p[1], p[5], p[0], p[4]))
        elif op == "GlobalAveragePool":
            y = x[0].mean(dim=(2, 3), keepdim=True)
        elif op == "GlobalMaxPool":
            y = x[0].amax(dim=(2, 3), keepdim=True)
        elif op == "Flatten":
            y = torch.flatten(x[0], a.get("axis", 1))
        elif op == "Gemm":
            y = x[0] @ x[1] + (x[2] if len(x) > 2 else 0)
        elif op == "Identity":
            y = x[0]
        else:
            raise NotImplementedError(f"operator {op} (node {node.name})")
        values[node.output[0]] = y
    return {out.name: values[out.name] for out in model.graph.output}


def relative(a, b):
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def main():
    folder = Path(sys.argv[1])
    manifest = json.loads((folder / "manifest.json").read_text())
    torch.set_num_threads(2)
    failures = 0
    print(f"onnx {onnx.__version__}, torch {torch.__version__}")
    if importlib.util.find_spec("onnx.reference") is None:
        print("onnx.reference: not available in this onnx version (added in onnx 1.13)")
    else:
        print("onnx.reference: available but not used by this script")
    for entry in manifest:
        path = folder / entry["file"]
        model = onnx.load(str(path))
        onnx.checker.check_model(model, full_check=True)
        inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
        dims = [d.dim_param or d.dim_value for d in inferred.graph.output[0].type.tensor_type.shape.dim]
        shape_ok = dims == ["batch", entry["featureSize"]]

        x = np.fromfile(folder / f"{entry['name']}.input.f32", dtype="<f4").reshape(entry["inputShape"])
        tfjs = np.fromfile(folder / f"{entry['name']}.tfjs.f32", dtype="<f4")
        ort = np.fromfile(folder / f"{entry['name']}.onnxruntime.f32", dtype="<f4")
        with torch.no_grad():
            outputs = run_graph(model, {model.graph.input[0].name: torch.from_numpy(x)})
        python = next(iter(outputs.values())).numpy().reshape(-1)
        vs_tfjs, vs_ort = relative(python, tfjs), relative(ort, tfjs)
        ok = shape_ok and vs_tfjs < 1e-4 and vs_ort < 1e-4
        failures += not ok
        ops = ", ".join(f"{k} {v}" for k, v in sorted(entry["operatorCounts"].items()))
        print(
            f"{entry['name']}: checker (full_check) passed; opset {model.opset_import[0].version}; "
            f"input {entry['inputShape']}; inferred output {dims}; "
            f"{len(model.graph.node)} nodes ({ops}); {len(model.graph.initializer)} initializers; "
            f"python-torch interpreter vs tfjs {vs_tfjs:.2e}, onnxruntime vs tfjs {vs_ort:.2e} "
            f"(max abs difference / max abs feature): {'OK' if ok else 'FAIL'}"
        )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
