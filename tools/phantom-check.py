#!/usr/bin/python3
"""Check a cohort written by @calvaria/phantom with independent DICOM tools.

Usage: /usr/bin/python3 tools/phantom-check.py COHORT_DIR [--dcmdump-every N]

Reads every file with Debian's pydicom (2.3) and runs dcmtk's `dcmftest` and `dcmdump` on
them, and reports every warning or error:
- pydicom: any Python warning or log record at WARNING or above while reading the file,
  validating every element's raw value against its VR with pydicom's own validators (pydicom
  2.3 skips some VRs on reading), converting every value and decoding the pixels; the file meta (group length, transfer syntax, SOP class), the CT
  attributes the phantom promises (16-bit signed, intercept -1024, slope 1, 1 mm slices,
  pixel spacing, orientation), valid UIDs, instance numbers 1..n in slice order, image
  positions 1 mm apart along the slice normal, and HU within [-1024, 3071];
- dcmftest: the file is a valid DICOM Part 10 file;
- dcmdump (`--log-level warn`): anything it prints on stderr;
- labels.csv against manifest.json and the files' own UIDs.

Exit status 0 when there is nothing to report, 1 otherwise. Prints a one-line summary and
per-label HU statistics of the skull ring (for a person to eyeball).
"""

import csv
import json
import logging
import os
import subprocess
import sys
import warnings

import numpy as np
import pydicom
from pydicom import config
from pydicom.uid import UID
from pydicom.valuerep import VALIDATORS, validate_value

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
EXPLICIT_VR_LE = "1.2.840.10008.1.2.1"


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record.getMessage())


def check_file(path, problems):
    handler = Collect()
    logger = logging.getLogger("pydicom")
    logger.addHandler(handler)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = pydicom.dcmread(path)
        # pydicom 2.3 validates only some VRs while reading (not CS, DA, TM, AE, AS), so run
        # its validators on every raw value here, before conversion; then convert every element.
        for raw_elements in (ds.file_meta._dict, ds._dict):
            for raw in list(raw_elements.values()):
                if raw.VR in VALIDATORS and isinstance(raw.value, bytes):
                    # UI values are padded with NUL, which the validators do not strip.
                    value = raw.value.rstrip(b"\0") if raw.VR == "UI" else raw.value
                    for part in value.split(b"\\"):
                        validate_value(raw.VR, part, config.WARN)
        for elem in [*ds.file_meta, *ds.iterall()]:
            repr(elem.value)
        pixels = ds.pixel_array
    logger.removeHandler(handler)
    for w in caught:
        problems.append(f"{path}: pydicom warning: {w.message}")
    for r in handler.records:
        problems.append(f"{path}: pydicom log: {r}")

    def expect(cond, what):
        if not cond:
            problems.append(f"{path}: {what}")

    meta = ds.file_meta
    expect(meta.TransferSyntaxUID == EXPLICIT_VR_LE, f"transfer syntax {meta.TransferSyntaxUID}")
    expect(meta.MediaStorageSOPClassUID == CT_IMAGE_STORAGE, "media storage SOP class")
    expect(meta.MediaStorageSOPInstanceUID == ds.SOPInstanceUID, "meta/dataset SOP instance differ")
    expect(ds.SOPClassUID == CT_IMAGE_STORAGE, "SOP class is not CT Image Storage")
    # Group length: bytes after (0002,0000) up to the first non-meta element.
    with open(path, "rb") as f:
        raw = f.read()
    expect(raw[128:132] == b"DICM", "no DICM prefix")
    group_length = int.from_bytes(raw[140:144], "little")
    end_of_meta = 144 + group_length
    expect(raw[end_of_meta : end_of_meta + 2] != b"\x02\x00", "group length too short")
    expect(
        int.from_bytes(raw[end_of_meta - 0 : end_of_meta + 2], "little") > 2,
        "group length does not end at the data set",
    )
    for name in ("SOPInstanceUID", "StudyInstanceUID", "SeriesInstanceUID", "FrameOfReferenceUID"):
        uid = str(getattr(ds, name))
        expect(UID(uid).is_valid, f"{name} {uid} not a valid UID")
        expect(uid.startswith("2.25."), f"{name} not under 2.25")
    expect(ds.Modality == "CT", "modality")
    expect(ds.BitsAllocated == 16 and ds.BitsStored == 16 and ds.HighBit == 15, "bits")
    expect(ds.PixelRepresentation == 1, "pixel representation not signed")
    expect(float(ds.RescaleIntercept) == -1024 and float(ds.RescaleSlope) == 1, "rescale")
    expect(float(ds.SliceThickness) == 1, "slice thickness")
    expect([float(v) for v in ds.ImageOrientationPatient] == [1, 0, 0, 0, 1, 0], "orientation")
    expect(ds.PhotometricInterpretation == "MONOCHROME2", "photometric")
    expect(pixels.dtype == np.int16, f"pixel dtype {pixels.dtype}")
    expect(pixels.shape == (ds.Rows, ds.Columns), "pixel shape")
    hu = pixels.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    expect(hu.min() >= -1024 and hu.max() <= 3071, f"HU out of range {hu.min()}..{hu.max()}")
    spacing = [float(v) for v in ds.PixelSpacing]
    if ds.Rows == 512 and ds.Columns == 512:
        expect(0.4 <= spacing[0] <= 0.5 and 0.4 <= spacing[1] <= 0.5, f"spacing {spacing}")
    return ds, hu


def dcmtk(path, problems):
    out = subprocess.run(["dcmftest", path], capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.startswith("yes:"):
        problems.append(f"{path}: dcmftest: {out.stdout.strip()} {out.stderr.strip()}")
    out = subprocess.run(
        ["dcmdump", "--log-level", "warn", path], capture_output=True, text=True
    )
    if out.returncode != 0 or out.stderr.strip():
        problems.append(f"{path}: dcmdump: {out.stderr.strip()}")


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    root = sys.argv[1]
    every = 1
    if "--dcmdump-every" in sys.argv:
        every = int(sys.argv[sys.argv.index("--dcmdump-every") + 1])
    problems = []
    with open(os.path.join(root, "manifest.json")) as f:
        manifest = json.load(f)
    with open(os.path.join(root, "labels.csv")) as f:
        labels = list(csv.DictReader(f))
    by_file = {row["file"]: row for row in labels}
    files = 0
    ring = {}
    for patient in manifest["patients"]:
        positions = []
        for k, s in enumerate(patient["slices"]):
            path = os.path.join(root, s["file"])
            ds, hu = check_file(path, problems)
            if files % every == 0:
                dcmtk(path, problems)
            files += 1
            truth = s["truth"]
            row = by_file.get(s["file"])
            if row is None:
                problems.append(f"{path}: not in labels.csv")
            else:
                if row["label"] != truth["label"]:
                    problems.append(f"{path}: label {row['label']} != manifest {truth['label']}")
                if row["sop_instance_uid"] != ds.SOPInstanceUID:
                    problems.append(f"{path}: labels.csv SOP instance differs")
                if row["series_instance_uid"] != ds.SeriesInstanceUID:
                    problems.append(f"{path}: labels.csv series differs")
            if int(ds.InstanceNumber) != k + 1:
                problems.append(f"{path}: instance number {ds.InstanceNumber} != {k + 1}")
            if ds.PatientID != patient["patientId"]:
                problems.append(f"{path}: patient ID")
            if ds.SeriesInstanceUID != patient["seriesInstanceUid"]:
                problems.append(f"{path}: series UID differs from manifest")
            ipp = [float(v) for v in ds.ImagePositionPatient]
            if ipp != [float(v) for v in truth["imagePositionMm"]]:
                problems.append(f"{path}: image position {ipp} != manifest")
            positions.append(ipp)
            bone = hu[hu > 300]
            ring.setdefault(truth["label"], []).append(float(np.median(bone)) if bone.size else 0)
        # Slices 1 mm apart along the normal (0, 0, 1), superior first.
        z = np.array([p[2] for p in positions])
        if len(z) > 1 and not np.allclose(np.diff(z), -1.0, atol=1e-6):
            problems.append(f"{patient['patientId']}: slice positions not 1 mm apart: {np.diff(z)}")
    for p in problems[:50]:
        print("PROBLEM", p)
    stats = ", ".join(f"{k}: {len(v)} slices, median bone {np.median(v):.0f} HU" for k, v in sorted(ring.items()))
    print(f"{files} files, {len(problems)} problems; {stats}; pydicom {pydicom.__version__}")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
