"""PyTorch reference for calvaria's ONNX Runtime benchmark (bench/features/onnx.ts).

Measures, in this process, (1) torchvision ResNet50 inference in images per second at
224x224 for the batch sizes given, random weights, the classification layer replaced by an
identity (so the model ends, as calvaria's backbone does, in the 2048-wide average pool), and
(2) the machine's float32 matrix-multiply rate with the same threads, which sets the floor.
Run it with OMP_WAIT_POLICY=PASSIVE (the caller does): spinning OpenMP threads collapse when
another process holds a core. Prints one JSON object on stdout.

Usage: OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 features-onnx-torch-bench.py \
  --threads 2 --batches 1,8 --seconds 6
"""

import argparse
import json
import time

import torch
import torchvision


def images_per_second(model, batch, seconds):
    x = torch.randn(batch, 3, 224, 224)
    with torch.no_grad():
        model(x)  # warm-up
        runs, start = 0, time.perf_counter()
        while True:
            model(x)
            runs += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds and runs >= 2:
                return runs * batch / elapsed


def gemm_gflops(seconds, n=1024):
    a, b = torch.randn(n, n), torch.randn(n, n)
    torch.mm(a, b)
    runs, start = 0, time.perf_counter()
    while True:
        torch.mm(a, b)
        runs += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return 2 * n**3 * runs / elapsed / 1e9


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batches", default="1,8")
    parser.add_argument("--seconds", type=float, default=6)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = torchvision.models.resnet50()
    model.fc = torch.nn.Identity()
    model.eval()

    result = {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "threads": torch.get_num_threads(),
        "gemm_gflops": gemm_gflops(args.seconds / 2),
        "images_per_second": {},
    }
    for batch in [int(b) for b in args.batches.split(",")]:
        result["images_per_second"][str(batch)] = images_per_second(model, batch, args.seconds)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
