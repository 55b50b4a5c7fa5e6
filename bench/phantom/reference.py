#!/usr/bin/python3
"""Reference side of `pnpm bench:phantom`: how fast Debian's Python stack writes comparable
synthetic head-CT slices, to put calvaria's figure in context.

Per slice (512x512): numpy renders a tilted elliptical head (scalp, outer table, diploe, inner
table, brain, a fracture gap) with the same ramp partial volume, adds noise smoothed by the
same [1 4 6 4 1]/16 kernel (scipy.ndimage), rounds to int16 and writes a CT Image Storage file
in explicit VR little endian with pydicom 2.3. Less anatomy than the phantom (no sulci,
ventricles, sutures, texture), so it is a lower bound on what a Python generator would cost.

Usage: /usr/bin/python3 reference.py OUT_DIR SLICES  -> prints JSON {"slices", "seconds", "cpuSeconds"}
"""

import json
import os
import sys
import time

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
from scipy import ndimage

CT = "1.2.840.10008.5.1.4.1.1.2"


def ramp(t):
    return np.clip(t + 0.5, 0, 1)


def render(k, rng, n=512, fov=230.0):
    sp = fov / n
    c = (np.arange(n) - n / 2 + 0.5) * sp
    xs, ys = np.meshgrid(c, c)
    tilt = np.deg2rad(rng.uniform(-20, 20))
    X = np.cos(tilt) * xs + np.sin(tilt) * ys
    Y = -np.sin(tilt) * xs + np.cos(tilt) * ys
    a, b = 70.0, 90.0
    rho = np.sqrt((X / a) ** 2 + (Y / b) ** 2)
    r = np.sqrt(X ** 2 + Y ** 2)
    d = (1 - rho) * np.where(rho > 0, r / np.maximum(rho, 1e-9), a)
    w = np.sqrt(sp * sp + 0.16)
    bone_w = ramp(d / w) * ramp((6 - d) / w)
    bone = 1600 + (500 - 1600) * ramp((d - 2) / w) + (1550 - 500) * ramp((d - 5) / w)
    gap = ramp((0.8 - np.abs(X - 10)) / w) * (Y < 0)
    bone = bone * (1 - gap) + 50 * gap
    soft = np.where(d < 3, 40 + (-1000 - 40) * ramp((-d - 5) / w), 30 + 8 * ramp((d - 8) / w))
    hu = soft + (bone - soft) * bone_w
    noise = rng.uniform(0, 1, (n, n)) + rng.uniform(0, 1, (n, n)) - 1
    kernel = np.array([1, 4, 6, 4, 1]) / 16
    noise = ndimage.convolve1d(ndimage.convolve1d(noise, kernel, axis=0, mode="nearest"),
                               kernel, axis=1, mode="nearest")
    hu = hu + noise * (12 / np.sqrt(1 / 6 * (70 / 256) ** 2))
    return np.clip(np.floor(hu + 0.5), -1024, 3071).astype(np.int16), sp


def write(path, pixels, sp, k, study, series):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CT
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = CT
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "CT"
    ds.PatientID = "REF"
    ds.StudyInstanceUID = study
    ds.SeriesInstanceUID = series
    ds.InstanceNumber = k + 1
    ds.ImagePositionPatient = [-115, -115, -k]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.PixelSpacing = [sp, sp]
    ds.SliceThickness = 1
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1
    ds.RescaleIntercept = -1024
    ds.RescaleSlope = 1
    ds.PixelData = (pixels.astype(np.int32) + 1024).astype("<i2").tobytes()
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    pydicom.dcmwrite(path, ds, write_like_original=False)


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(1)
    study, series = generate_uid(), generate_uid()
    t0, c0 = time.perf_counter(), time.process_time()
    for k in range(count):
        pixels, sp = render(k, rng)
        write(os.path.join(out, f"IM{k + 1:04d}.dcm"), pixels, sp, k, study, series)
    print(json.dumps({"slices": count, "seconds": time.perf_counter() - t0,
                      "cpuSeconds": time.process_time() - c0}))


if __name__ == "__main__":
    main()
