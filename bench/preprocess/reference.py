#!/usr/bin/python3
"""The default @calvaria/preprocess pipeline, step for step, in scikit-image 0.19 / SciPy 1.10.

Usage: /usr/bin/python3 bench/preprocess/reference.py HEAD_I16_GZ ROUNDS ANGLE [ANGLE ...]
Prints one JSON line: per-step and total milliseconds per slice (median over slices and rounds)
and the tilt found on each slice, so that run.ts can compare speed and results side by side.

Steps (the same settings as DEFAULT_STEPS):
 1. noise:    skimage.restoration.estimate_sigma
 2. tilt:     head mask (threshold -500 HU, opening with a 9x9 box = 2 mm at 0.431 mm, largest
              component, reconstruction, fill holes: scipy.ndimage), the symmetry search of
              estimateTilt vectorised in NumPy (ndimage.map_coordinates, order 1), then
              skimage.transform.rotate(order=1, mode='constant', cval=-1000)
 3. crop:     head mask again, bounding box + 3 mm, pixels beyond 3 mm of the head set to -1000
 4. pad:      numpy.pad to a square with -1000
 5. resize:   224 x 224 area average (overlap matrices, NumPy matmul)
 6. channels: brain, subdural, bone windows (DICOM LINEAR), stacked HWC float32
"""
import gzip
import json
import sys
import time

import numpy as np
import scipy.ndimage as ndi
from skimage.restoration import estimate_sigma
from skimage.transform import rotate

SPACING = 0.431


def head_mask(hu):
    body = hu > -500
    r = int(np.floor(2.0 / SPACING))
    box = np.ones((2 * r + 1, 2 * r + 1), bool)
    opened = ndi.binary_opening(body, structure=box)
    lab, n = ndi.label(opened)
    if n == 0:
        raise ValueError('no head')
    core = lab == (np.argmax(np.bincount(lab.ravel())[1:]) + 1)
    grown = ndi.binary_dilation(core, structure=box) & body
    lab, n = ndi.label(grown)
    head = lab == (np.argmax(np.bincount(lab.ravel())[1:]) + 1)
    return ndi.binary_fill_holes(head)


def bbox(mask, margin_px, shape):
    rows = np.nonzero(mask.any(1))[0]
    cols = np.nonzero(mask.any(0))[0]
    return (max(0, rows[0] - margin_px), min(shape[0], rows[-1] + 1 + margin_px),
            max(0, cols[0] - margin_px), min(shape[1], cols[-1] + 1 + margin_px))


def area_matrix(n, m):
    s = n / m
    a = np.zeros((m, n))
    for j in range(m):
        lo, hi = j * s, (j + 1) * s
        for k in range(int(np.floor(lo)), min(n, int(np.ceil(hi)))):
            a[j, k] = (min(hi, k + 1) - max(lo, k)) / s
    return a


def area_resize(img, out_h, out_w):
    return area_matrix(img.shape[0], out_h) @ img.astype(np.float64) @ area_matrix(img.shape[1], out_w).T


def estimate_tilt(hu, head):
    y0, y1, x0, x1 = bbox(head, int(np.ceil(10 / SPACING)), hu.shape)
    region = np.where(head, hu, -1000.0)[y0:y1, x0:x1]
    w = max(8, int(round(region.shape[1] * SPACING / 2)))
    h = max(8, int(round(region.shape[0] * SPACING / 2)))
    small = area_resize(region, h, w)
    sx = region.shape[1] * SPACING / w
    sy = region.shape[0] * SPACING / h
    f = np.clip((small + 100) / 1100, 0, 1)
    yy, xx = np.mgrid[0:h, 0:w]
    cx = (f * xx).sum() / f.sum()
    cy = (f * yy).sum() / f.sum()
    keep = f > 0
    px_, py_, v = xx[keep] * sx, yy[keep] * sy, f[keep]
    self_ = (v * v).sum()

    def score(t_deg, s_mm):
        t = np.deg2rad(t_deg)
        ux, uy = np.sin(t), np.cos(t)
        px, py = cx * sx + s_mm * uy, cy * sy - s_mm * ux
        dx, dy = px_ - px, py_ - py
        along = dx * ux + dy * uy
        mx, my = px + 2 * along * ux - dx, py + 2 * along * uy - dy
        m = ndi.map_coordinates(f, [my / sy, mx / sx], order=1, mode='constant', cval=0.0)
        other = (m * m).sum()
        return (v * m).sum() / np.sqrt(self_ * other) if other > 0 else 0.0

    def search(t0, t1, dt, s0, s1, ds):
        best = (-np.inf, t0, s0)
        for t in np.arange(t0, t1 + 1e-9, dt):
            for s in np.arange(s0, s1 + 1e-9, ds):
                sc = score(t, s)
                if sc > best[0]:
                    best = (sc, t, s)
        return best

    _, t, s = search(-30, 30, 3, -9, 9, 3)
    _, t, s = search(t - 3, t + 3, 0.5, s - 3, s + 3, 1)
    best, t, s = search(t - 0.5, t + 0.5, 0.125, s - 1, s + 1, 0.5)
    left, right = score(t - 0.125, s), score(t + 0.125, s)
    curv = left - 2 * best + right
    if curv < 0:
        t += 0.125 * 0.5 * (left - right) / curv
    return float(np.clip(t, -30, 30))


def window(hu, center, width):
    lo = center - 0.5 - (width - 1) / 2
    return np.where(hu <= lo, 0.0, np.where(hu > center - 0.5 + (width - 1) / 2, 1.0,
                                            (hu - (center - 0.5)) / (width - 1) + 0.5))


def pipeline(hu):
    times = {}
    t = time.perf_counter()
    estimate_sigma(hu.astype(np.float64))
    times['estimateNoise'] = time.perf_counter() - t

    t = time.perf_counter()
    tilt = estimate_tilt(hu, head_mask(hu))
    upright = rotate(hu, -tilt, order=1, mode='constant', cval=-1000.0, preserve_range=True)
    times['correctTilt'] = time.perf_counter() - t

    t = time.perf_counter()
    head = head_mask(upright)
    margin = int(np.ceil(3 / SPACING))
    y0, y1, x0, x1 = bbox(head, margin, upright.shape)
    box = np.ones((2 * int(3 / SPACING) + 1,) * 2, bool)
    keep = ndi.binary_dilation(head, structure=box)
    cropped = np.where(keep, upright, -1000.0)[y0:y1, x0:x1]
    times['cropToHead'] = time.perf_counter() - t

    t = time.perf_counter()
    side = max(cropped.shape)
    top, left = (side - cropped.shape[0]) // 2, (side - cropped.shape[1]) // 2
    square = np.pad(cropped, ((top, side - cropped.shape[0] - top), (left, side - cropped.shape[1] - left)),
                    constant_values=-1000.0)
    times['padToSquare'] = time.perf_counter() - t

    t = time.perf_counter()
    small = area_resize(square, 224, 224).astype(np.float32)
    times['resize'] = time.perf_counter() - t

    t = time.perf_counter()
    np.stack([window(small, 40, 80), window(small, 80, 200), window(small, 600, 2800)], axis=-1).astype(np.float32)
    times['toChannels'] = time.perf_counter() - t
    return tilt, times


def main():
    path, rounds, angles = sys.argv[1], int(sys.argv[2]), [float(a) for a in sys.argv[3:]]
    with open(path, 'rb') as f:
        hu = np.frombuffer(gzip.decompress(f.read()), dtype='<i2').reshape(512, 512).astype(np.float32)
    slices = [rotate(hu, a, order=1, mode='constant', cval=-1000.0, preserve_range=True).astype(np.float32)
              for a in angles]
    per_step = {}
    totals = []
    tilts = []
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for r in range(rounds):
        for s in slices:
            t = time.perf_counter()
            tilt, times = pipeline(s)
            totals.append((time.perf_counter() - t) * 1000)
            for k, v in times.items():
                per_step.setdefault(k, []).append(v * 1000)
            if r == 0:
                tilts.append(tilt)
    n = rounds * len(slices)
    wall_ms = (time.perf_counter() - wall0) * 1000 / n
    cpu_ms = (time.process_time() - cpu0) * 1000 / n
    print(json.dumps({'totalMs': float(np.median(totals)),
                      'wallMs': wall_ms,
                      'cpuMs': cpu_ms,
                      'stepsMs': {k: float(np.median(v)) for k, v in per_step.items()},
                      'tiltDeg': tilts}))


if __name__ == '__main__':
    main()
