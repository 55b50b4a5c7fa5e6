#!/usr/bin/python3
"""Reference values for @calvaria/preprocess, from scikit-image 0.19 / SciPy 1.10 / PyWavelets.

Run with Debian's Python (not pyenv):  /usr/bin/python3 tools/golden/preprocess.py
Writes packages/preprocess/test/fixtures/golden.json and head512-hu.i16.gz.

Every input image is a float32 array; the references receive it as float64 (the same values), so
that PyWavelets and scikit-image compute in double precision, as calvaria does.

Correspondences (calvaria -> reference):
- estimateNoiseSigma(img)             -> skimage.restoration.estimate_sigma(img.astype(float64))
- gaussianFilter(img, {sigmaMm})      -> scipy.ndimage.gaussian_filter(img, sigma=(sigmaMm/rowSp,
                                         sigmaMm/colSp), mode='reflect', truncate=4) on float32
- medianFilter(img, {radiusMm})       -> scipy.ndimage.median_filter(img, size=(2ry+1, 2rx+1),
                                         mode='reflect'), r = round(radiusMm / spacing)
- resize(img, bilinear)               -> skimage.transform.resize(img, shape, order=1, mode='edge',
                                         anti_aliasing=False, preserve_range=True)
- resize(img, area), integer factor   -> skimage.transform.downscale_local_mean(img, factors)
- resize(img, area), other factors    -> exact overlap-weighted box average (NumPy, below)
- rotateImage(img, {angleDeg, fill, expand}) -> skimage.transform.rotate(img, angleDeg,
                                         resize=expand, order=1, mode='edge'|'constant',
                                         cval=fillValue, preserve_range=True)
"""
import gzip
import hashlib
import json
import os

import numpy as np
import pydicom
import pywt
import scipy
import scipy.ndimage as ndi
import skimage
from skimage.restoration import estimate_sigma
from skimage.transform import downscale_local_mean, resize, rotate

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, 'packages', 'preprocess', 'test', 'fixtures')
HEAD = '/work/shared/dicom/derived/head512_base_ele.dcm'
HEAD_HU_SHA256 = 'ac46d18f86e6f28c1226c2816fa8d1c81d6a27e3888de483ef0ac0a565fb32d3'


def f32list(a):
    # Shortest decimal that reads back as the same float32.
    return [float(np.format_float_positional(v, unique=True)) for v in np.asarray(a, dtype=np.float32).ravel()]


def head_hu():
    ds = pydicom.dcmread(HEAD)
    raw = np.frombuffer(ds.PixelData, dtype='<u2').reshape(ds.Rows, ds.Columns).astype(np.int32)
    bits = int(ds.BitsStored)
    raw = raw & ((1 << bits) - 1)
    if int(ds.PixelRepresentation) == 1:
        raw = np.where(raw >= (1 << (bits - 1)), raw - (1 << bits), raw)
    hu = (raw * float(ds.RescaleSlope) + float(ds.RescaleIntercept)).astype(np.float32)
    assert hashlib.sha256(hu.astype('<f4').tobytes()).hexdigest() == HEAD_HU_SHA256
    spacing = [float(v) for v in ds.PixelSpacing]
    return hu, spacing


def area_resize(img, out_h, out_w):
    def matrix(n, m):
        s = n / m
        a = np.zeros((m, n))
        for j in range(m):
            lo, hi = j * s, (j + 1) * s
            for k in range(int(np.floor(lo)), min(n, int(np.ceil(hi)))):
                a[j, k] = (min(hi, k + 1) - max(lo, k)) / s
        return a
    return matrix(img.shape[0], out_h) @ img.astype(np.float64) @ matrix(img.shape[1], out_w).T


def main():
    rng = np.random.default_rng(20261203)
    hu, spacing = head_hu()
    with open(os.path.join(FIXTURES, 'head512-hu.i16.gz'), 'wb') as f:
        f.write(gzip.compress(hu.astype('<i2').tobytes(), compresslevel=9, mtime=0))

    # --- estimate_sigma: synthetic images stored whole, head-derived ones described ---
    synthetic = []
    shapes = [(32, 32), (31, 29), (17, 40), (5, 7), (3, 3), (64, 48), (20, 21), (48, 64)]
    for i, (h, w) in enumerate(shapes):
        sigma = [0.02, 0.1, 1.0, 5.0, 20.0, 0.5, 3.0, 0.05][i]
        img = rng.normal(0, sigma, (h, w))
        if i % 2 == 1:
            yy, xx = np.mgrid[0:h, 0:w]
            img = img + (xx > w // 2) * 10 * sigma + 0.1 * yy
        synthetic.append(('noise%d' % i, img.astype(np.float32)))
    flat = np.zeros((24, 24), np.float32)
    flat[6:18, 6:18] = 1
    flat[8:16, 8:16] += rng.normal(0, 0.05, (8, 8)).astype(np.float32)
    synthetic.append(('plateau_with_zeros', flat))
    steps = np.kron(rng.integers(0, 4, (6, 6)), np.ones((5, 5))).astype(np.float32)
    synthetic.append(('piecewise_constant', steps + rng.normal(0, 0.2, steps.shape).astype(np.float32)))
    synthetic.append(('uniform_noise', rng.uniform(0, 1, (40, 30)).astype(np.float32)))
    synthetic.append(('gradient_plus_noise', (np.linspace(0, 1, 35 * 33).reshape(35, 33) +
                                              rng.normal(0, 0.01, (35, 33))).astype(np.float32)))
    synthetic.append(('row', rng.normal(0, 1, (1, 12)).astype(np.float32) * 3))
    synthetic.append(('column', rng.normal(0, 1, (9, 1)).astype(np.float32)))
    sigma_cases = []
    for name, img in synthetic:
        sigma_cases.append({'name': name, 'width': img.shape[1], 'height': img.shape[0],
                            'pixels': f32list(img),
                            'sigma': float(estimate_sigma(img.astype(np.float64)))})
    # Head-derived images: the test rebuilds them from the head fixture with the same float32 formula.
    head_cases = {
        'head_full': hu,
        'head_crop_100_300_150_400': hu[100:300, 150:400],
        'head_every_second_pixel': hu[::2, ::2],
        'head_bone_window_unit': np.clip((hu.astype(np.float64) + 800.0) / 2800.0, 0, 1).astype(np.float32),
        'head_brain_window_unit': np.clip((hu.astype(np.float64) - 0.0) / 80.0, 0, 1).astype(np.float32),
        'head_crop_odd_301_277': hu[101:402, 117:394],
    }
    for name, img in head_cases.items():
        sigma_cases.append({'name': name, 'width': img.shape[1], 'height': img.shape[0],
                            'sigma': float(estimate_sigma(np.ascontiguousarray(img).astype(np.float64)))})

    # --- filters, resize and rotation on small arrays ---
    small = hu[180:228, 200:240].astype(np.float32)            # 48 x 40 of real head CT
    noisy = (small + rng.normal(0, 10, small.shape)).astype(np.float32)
    row_sp, col_sp = 0.5, 0.7
    gaussian = []
    for sigma_mm in [0.6, 1.5]:
        out = ndi.gaussian_filter(noisy, sigma=(sigma_mm / row_sp, sigma_mm / col_sp), mode='reflect', truncate=4.0)
        gaussian.append({'sigmaMm': sigma_mm, 'expected': f32list(out)})
    median = []
    for radius_mm in [0.5, 1.0, 1.4]:
        ry, rx = int(np.round(radius_mm / row_sp)), int(np.round(radius_mm / col_sp))
        out = ndi.median_filter(noisy, size=(2 * ry + 1, 2 * rx + 1), mode='reflect')
        median.append({'radiusMm': radius_mm, 'size': [2 * ry + 1, 2 * rx + 1], 'expected': f32list(out)})
    resize_cases = []
    for (oh, ow) in [(29, 23), (16, 10), (101, 77), (48, 40), (7, 33)]:
        out = resize(noisy.astype(np.float64), (oh, ow), order=1, mode='edge', anti_aliasing=False,
                     preserve_range=True)
        resize_cases.append({'method': 'bilinear', 'width': ow, 'height': oh, 'expected': f32list(out),
                             'reference': 'skimage.transform.resize(order=1, mode=edge, anti_aliasing=False)'})
    for (oh, ow) in [(24, 20), (12, 10), (16, 8)]:
        out = downscale_local_mean(noisy.astype(np.float64), (48 // oh, 40 // ow))
        resize_cases.append({'method': 'area', 'width': ow, 'height': oh, 'expected': f32list(out),
                             'reference': 'skimage.transform.downscale_local_mean'})
    for (oh, ow) in [(21, 17), (30, 7)]:
        resize_cases.append({'method': 'area', 'width': ow, 'height': oh,
                             'expected': f32list(area_resize(noisy, oh, ow)),
                             'reference': 'NumPy overlap-weighted box average'})
    rotate_cases = []
    for angle, mode, expand in [(7.5, 'constant', False), (-23.0, 'edge', False), (90.0, 'constant', True),
                                (31.0, 'constant', True), (-12.25, 'edge', True), (180.0, 'edge', False)]:
        out = rotate(noisy.astype(np.float64), angle, resize=expand, order=1, mode=mode, cval=-1000.0,
                     preserve_range=True)
        rotate_cases.append({'angleDeg': angle, 'fill': 'border' if mode == 'edge' else 'constant',
                             'expand': expand, 'width': out.shape[1], 'height': out.shape[0],
                             'expected': f32list(out)})

    golden = {
        'generator': 'tools/golden/preprocess.py',
        'versions': {'skimage': skimage.__version__, 'scipy': scipy.__version__, 'pywt': pywt.__version__,
                     'numpy': np.__version__},
        'head': {'file': 'head512-hu.i16.gz', 'width': 512, 'height': 512, 'rowSpacingMm': spacing[0],
                 'columnSpacingMm': spacing[1], 'huSha256Float32': HEAD_HU_SHA256},
        'sigma': sigma_cases,
        'small': {'width': 40, 'height': 48, 'rowSpacingMm': row_sp, 'columnSpacingMm': col_sp,
                  'pixels': f32list(noisy)},
        'gaussian': gaussian,
        'median': median,
        'resize': resize_cases,
        'rotate': rotate_cases,
    }
    with open(os.path.join(FIXTURES, 'golden.json'), 'w') as f:
        json.dump(golden, f, separators=(',', ':'))
    print('sigma cases:', len(sigma_cases))


if __name__ == '__main__':
    main()
