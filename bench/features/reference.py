"""PyTorch reference for bench/features/run.ts: torchvision ResNet50 images per second.

torchvision's ResNet50 (random weights, classification layer replaced by an identity, so it
ends, like calvaria's backbone, in the 2048-wide average pool), eval mode, no autograd,
224x224 inputs, the thread count given. The caller sets OMP_WAIT_POLICY=PASSIVE before this
process starts (spinning OpenMP threads collapse when another process holds a core).
Prints one JSON object on stdout.

Usage: OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 reference.py --threads 2 --batches 1,8 --seconds 8
"""

import argparse
import json
import time

import torch
import torchvision


def images_per_second(model, batch, seconds):
    x = torch.rand(batch, 3, 224, 224)
    with torch.no_grad():
        model(x)
        runs, start = 0, time.perf_counter()
        while True:
            model(x)
            runs += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds and runs >= 2:
                return runs * batch / elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batches", default="1,8")
    parser.add_argument("--seconds", type=float, default=8)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = torchvision.models.resnet50()
    model.fc = torch.nn.Identity()
    model.eval()
    result = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "images_per_second": {
            b: images_per_second(model, int(b), args.seconds) for b in args.batches.split(",")
        },
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
