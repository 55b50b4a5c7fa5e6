#!/usr/bin/python3
"""pydicom (+ gdcm) reference timing for bench/dicom/run.ts: bytes in memory to float32 HU.

Usage: /usr/bin/python3 bench/dicom/reference.py ITERATIONS FILE...
Prints one JSON object: {file: median milliseconds}. Per file and iteration it times
dcmread(BytesIO(bytes)), pixel_array, the Bits Stored masking/sign extension that the
standard requires (calvaria always does it), apply_modality_lut and the cast to float32.
"""
import io
import json
import statistics
import sys
import time

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut


def to_hu(data):
    ds = pydicom.dcmread(io.BytesIO(data))
    arr = ds.pixel_array
    bits = ds.BitsStored
    if ds.PixelRepresentation == 1 and bits < ds.BitsAllocated:
        shift = 32 - bits
        arr = (arr.astype(np.int32) << shift) >> shift
    return apply_modality_lut(arr, ds).astype(np.float32)


def main():
    iterations = int(sys.argv[1])
    out = {}
    for path in sys.argv[2:]:
        data = open(path, 'rb').read()
        for _ in range(3):
            to_hu(data)
        times = []
        for _ in range(iterations):
            t0 = time.perf_counter()
            to_hu(data)
            times.append((time.perf_counter() - t0) * 1000)
        out[path] = statistics.median(times)
    handlers = [h.__name__.split('.')[-1] for h in pydicom.config.pixel_data_handlers
                if h.is_available()]
    out['_versions'] = {'pydicom': pydicom.__version__, 'numpy': np.__version__,
                        'handlers': handlers}
    print(json.dumps(out))


if __name__ == '__main__':
    main()
