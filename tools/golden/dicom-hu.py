#!/usr/bin/python3
"""Writes the generated fixtures of @calvaria/dicom-hu and their expected values.

Run with Debian's Python (pydicom 2.3.1, numpy, dcmtk on PATH):

    /usr/bin/python3 tools/golden/dicom-hu.py

Output: packages/dicom-hu/test/fixtures/generated/ (small .dcm files, expected.json) and
packages/dicom-hu/test/fixtures/series/ (a shuffled multi-slice study). Deterministic: a fixed
seed, fixed UIDs, no dates. Every expected value is computed here from the source arrays (for
lossless files) or by pydicom (for the modality LUT and the JPEG baseline file, decoded by
pydicom's handlers and, for JPEG, checked against dcmtk's dcmdjpeg).
"""
import hashlib
import json
import os
import shutil
import struct
import subprocess
import tempfile

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.pixel_data_handlers.util import apply_modality_lut
from pydicom.sequence import Sequence
from pydicom.uid import (
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    RLELossless,
)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
PKG = os.path.join(ROOT, 'packages', 'dicom-hu', 'test', 'fixtures')
GEN = os.path.join(PKG, 'generated')
SERIES = os.path.join(PKG, 'series')
UID_ROOT = '1.2.826.0.1.3680043.10.1234.'  # a private test root; no real patient data
CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2'
RNG = np.random.default_rng(20261203)


def sha(arr, dtype):
    return hashlib.sha256(np.ascontiguousarray(arr, dtype=dtype).tobytes()).hexdigest()


def base_dataset(rows, cols, bits_stored=16, signed=True, ts=ExplicitVRLittleEndian, sop='1'):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CT_IMAGE
    meta.MediaStorageSOPInstanceUID = UID_ROOT + sop
    meta.TransferSyntaxUID = ts
    meta.ImplementationClassUID = UID_ROOT + '0'
    ds = FileDataset(None, {}, file_meta=meta, preamble=b'\0' * 128)
    ds.is_little_endian = True
    ds.is_implicit_VR = ts == ImplicitVRLittleEndian
    ds.SOPClassUID = CT_IMAGE
    ds.SOPInstanceUID = UID_ROOT + sop
    ds.Modality = 'CT'
    ds.PatientID = 'PHANTOM-0'
    ds.StudyInstanceUID = UID_ROOT + '100'
    ds.SeriesInstanceUID = UID_ROOT + '200'
    ds.Rows = rows
    ds.Columns = cols
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'MONOCHROME2'
    ds.BitsAllocated = 16 if bits_stored > 8 else 8
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    ds.PixelSpacing = [0.5, 0.5]
    return ds


def write(ds, path):
    ds.save_as(path, write_like_original=False)


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def entry(path, stored, hu, **extra):
    e = {
        'bytes': os.path.getsize(path),
        'raw_sha256_int32': sha(stored, '<i4'),
        'hu_sha256_float32': sha(hu, '<f4'),
        'raw_min': int(np.min(stored)),
        'raw_max': int(np.max(stored)),
    }
    e.update(extra)
    return e


def generated():
    os.makedirs(GEN, exist_ok=True)
    out = {}
    tmp = tempfile.mkdtemp()

    # 1. Multi-frame 13-bit signed CT, 3 frames of 32 x 24, native explicit little endian.
    frames = RNG.integers(-2000, 2000, size=(3, 24, 32), dtype=np.int16)
    ds = base_dataset(24, 32, bits_stored=13, sop='11')
    ds.NumberOfFrames = 3
    ds.RescaleSlope = 1
    ds.RescaleIntercept = -1024
    ds.PixelData = frames.astype('<i2').tobytes()
    native = os.path.join(tmp, 'mf_native.dcm')
    write(ds, native)
    shutil.copy(native, os.path.join(GEN, 'multiframe_native.dcm'))
    out['multiframe_native.dcm'] = entry(
        native, frames, frames.astype(np.float64) - 1024, frames=3,
        transfer_syntax=ExplicitVRLittleEndian)

    # 2. The same frames as JPEG-LS, several fragments per frame (1 KiB), offset table made
    #    wrong by one byte; and 3. with no offset table at all.
    jls = os.path.join(tmp, 'mf_jls.dcm')
    run('dcmcjpls', '+fs', '1', native, jls)
    patched = bytearray(open(jls, 'rb').read())
    pos = patched.rfind(b'\xe0\x7f\x10\x00')
    item = pos + 12  # tag(4) + VR OB(2) + reserved(2) + length(4)
    assert patched[item:item + 4] == b'\xfe\xff\x00\xe0'
    bot_len = struct.unpack('<I', patched[item + 4:item + 8])[0]
    assert bot_len == 12, bot_len
    for k in range(1, 3):
        at = item + 8 + 4 * k
        value = struct.unpack('<I', patched[at:at + 4])[0]
        patched[at:at + 4] = struct.pack('<I', value + 1)
    open(os.path.join(GEN, 'multiframe_jls_fragments_wrong_bot.dcm'), 'wb').write(patched)
    out['multiframe_jls_fragments_wrong_bot.dcm'] = entry(
        jls, frames, frames.astype(np.float64) - 1024, frames=3,
        transfer_syntax='1.2.840.10008.1.2.4.80')
    run('dcmcjpls', '+fs', '1', '-ot', native, os.path.join(GEN, 'multiframe_jls_no_bot.dcm'))
    out['multiframe_jls_no_bot.dcm'] = dict(out['multiframe_jls_fragments_wrong_bot.dcm'])
    out['multiframe_jls_no_bot.dcm']['bytes'] = os.path.getsize(
        os.path.join(GEN, 'multiframe_jls_no_bot.dcm'))

    # 4. RLE, one fragment per frame, offset table wrong by one byte.
    rle = os.path.join(tmp, 'mf_rle.dcm')
    run('dcmcrle', native, rle)
    patched = bytearray(open(rle, 'rb').read())
    pos = patched.rfind(b'\xe0\x7f\x10\x00')
    item = pos + 12
    for k in range(1, 3):
        at = item + 8 + 4 * k
        value = struct.unpack('<I', patched[at:at + 4])[0]
        patched[at:at + 4] = struct.pack('<I', value - 1)
    open(os.path.join(GEN, 'multiframe_rle_wrong_bot.dcm'), 'wb').write(patched)
    out['multiframe_rle_wrong_bot.dcm'] = entry(
        rle, frames, frames.astype(np.float64) - 1024, frames=3, transfer_syntax=RLELossless)

    # 5. 8-bit unsigned, odd length (5 x 5 = 25 bytes, padded to 26 by pydicom), 2 frames.
    small = RNG.integers(0, 256, size=(2, 5, 5), dtype=np.uint8)
    ds = base_dataset(5, 5, bits_stored=8, signed=False, sop='12')
    ds.NumberOfFrames = 2
    ds.PixelData = small.tobytes()  # 50 bytes: even; make a 1-frame odd one below
    path = os.path.join(GEN, 'odd_8bit_2frames.dcm')
    write(ds, path)
    out['odd_8bit_2frames.dcm'] = entry(path, small, small.astype(np.float64), frames=2,
                                        transfer_syntax=ExplicitVRLittleEndian)
    one = small[0]
    ds = base_dataset(5, 5, bits_stored=8, signed=False, sop='13')
    ds.PixelData = one.tobytes() + b'\0'  # 25 bytes + 1 padding byte
    path = os.path.join(GEN, 'odd_8bit_padded.dcm')
    write(ds, path)
    out['odd_8bit_padded.dcm'] = entry(path, one, one.astype(np.float64), frames=1,
                                       transfer_syntax=ExplicitVRLittleEndian)

    # 6. Trailing padding bytes after 16-bit native pixels (4 extra bytes), implicit VR.
    img = RNG.integers(-1024, 3000, size=(6, 7), dtype=np.int16)
    ds = base_dataset(6, 7, sop='14', ts=ImplicitVRLittleEndian)
    ds.RescaleSlope = 1
    ds.RescaleIntercept = -1024
    ds.PixelData = img.astype('<i2').tobytes() + b'\0\0\0\0'
    path = os.path.join(GEN, 'trailing_padding_implicit.dcm')
    write(ds, path)
    out['trailing_padding_implicit.dcm'] = entry(
        path, img, img.astype(np.float64) - 1024, frames=1, transfer_syntax=ImplicitVRLittleEndian)

    # 7. Modality LUT Sequence (PS3.3 C.11.1): 12-bit unsigned, LUT of
    #    2048 entries from stored value 1024 (values outside the table clamp); HU by pydicom.
    img = RNG.integers(0, 4096, size=(8, 8), dtype=np.uint16)
    img[0, 0] = 4095
    ds = base_dataset(8, 8, bits_stored=12, signed=False, sop='15')
    lut = Dataset()
    lut.LUTDescriptor = [2048, 1024, 16]
    lut.ModalityLUTType = 'HU'
    lut.add_new(0x00283006, 'US', [int(v) for v in (np.arange(2048) * 3 + 7) % 65536])
    ds.ModalityLUTSequence = Sequence([lut])
    ds.PixelData = img.astype('<u2').tobytes()
    path = os.path.join(GEN, 'modality_lut.dcm')
    write(ds, path)
    back = pydicom.dcmread(path)
    hu = apply_modality_lut(back.pixel_array, back).astype(np.float32)
    out['modality_lut.dcm'] = entry(path, img, hu, frames=1,
                                    transfer_syntax=ExplicitVRLittleEndian)

    # 8. JPEG baseline (.4.50), 8-bit, made by dcmtk; expected from dcmtk's own decoder
    #    (dcmdjpeg), which pydicom's own decoding agrees with (asserted here).
    y, x = np.mgrid[0:48, 0:64]
    img8 = ((x * 3 + y * 2 + RNG.integers(0, 20, size=(48, 64))) % 256).astype(np.uint8)
    ds = base_dataset(48, 64, bits_stored=8, signed=False, sop='16')
    ds.PixelData = img8.tobytes()
    src8 = os.path.join(tmp, 'src8.dcm')
    write(ds, src8)
    jpg = os.path.join(GEN, 'jpeg_baseline_8bit.dcm')
    run('dcmcjpeg', '+eb', '+un', src8, jpg)
    dec = os.path.join(tmp, 'dec8.dcm')
    run('dcmdjpeg', jpg, dec)
    ref = pydicom.dcmread(dec).pixel_array
    via_gdcm = pydicom.dcmread(jpg).pixel_array
    assert np.array_equal(ref, via_gdcm), 'dcmtk and pydicom disagree on the baseline file'
    out['jpeg_baseline_8bit.dcm'] = entry(jpg, ref, ref.astype(np.float64), frames=1,
                                          transfer_syntax='1.2.840.10008.1.2.4.50')

    # 9. JPEG extended (.4.51), 12-bit: calvaria must refuse it with a typed error.
    img12 = RNG.integers(0, 4096, size=(16, 16), dtype=np.uint16)
    ds = base_dataset(16, 16, bits_stored=12, signed=False, sop='17')
    ds.PixelData = img12.astype('<u2').tobytes()
    src12 = os.path.join(tmp, 'src12.dcm')
    write(ds, src12)
    run('dcmcjpeg', '+ee', '+un', src12, os.path.join(GEN, 'jpeg_extended_12bit.dcm'))
    out['jpeg_extended_12bit.dcm'] = {
        'bytes': os.path.getsize(os.path.join(GEN, 'jpeg_extended_12bit.dcm')),
        'transfer_syntax': '1.2.840.10008.1.2.4.51',
        'expect_error': 'DICOM_UNSUPPORTED_TRANSFER_SYNTAX',
    }

    # Cases 10 and 11 draw from their own generator so that the values above and the series
    # shuffle below stay as they were before these cases were added.
    extra = np.random.default_rng(20261204)

    # 10. JPEG extended (.4.51) with 8-bit samples (SOF1): decodable exactly like baseline;
    #     expected from dcmdjpeg, asserted equal to pydicom's own decoding.
    img8e = ((x * 2 + y * 5 + extra.integers(0, 30, size=(48, 64))) % 256).astype(np.uint8)
    ds = base_dataset(48, 64, bits_stored=8, signed=False, sop='18')
    ds.PixelData = img8e.tobytes()
    src8e = os.path.join(tmp, 'src8e.dcm')
    write(ds, src8e)
    jpg = os.path.join(GEN, 'jpeg_extended_8bit.dcm')
    run('dcmcjpeg', '+ee', '+un', src8e, jpg)
    dec = os.path.join(tmp, 'dec8e.dcm')
    run('dcmdjpeg', jpg, dec)
    ref = pydicom.dcmread(dec).pixel_array
    via_gdcm = pydicom.dcmread(jpg).pixel_array
    assert np.array_equal(ref, via_gdcm), 'dcmtk and pydicom disagree on the 8-bit extended file'
    out['jpeg_extended_8bit.dcm'] = entry(jpg, ref, ref.astype(np.float64), frames=1,
                                          transfer_syntax='1.2.840.10008.1.2.4.51')

    # 11. JPEG-LS near-lossless (.4.81, NEAR 2), 12-bit unsigned CT values (intercept -1024;
    #     dcmtk refuses signed data in this mode), made and decoded by dcmtk (CharLS); gdcm's
    #     gdcmconv --raw asserted equal; every value within NEAR of the source.
    ct = extra.integers(0, 4096, size=(40, 56), dtype=np.uint16)
    ds = base_dataset(40, 56, bits_stored=12, signed=False, sop='19')
    ds.RescaleSlope = 1
    ds.RescaleIntercept = -1024
    ds.PixelData = ct.astype('<u2').tobytes()
    srcls = os.path.join(tmp, 'srcls.dcm')
    write(ds, srcls)
    jls = os.path.join(GEN, 'jpeg_ls_near_lossless.dcm')
    run('dcmcjpls', '+en', '+un', srcls, jls)
    dec = os.path.join(tmp, 'decls.dcm')
    run('dcmdjpls', jls, dec)
    ref = pydicom.dcmread(dec).pixel_array
    raw = os.path.join(tmp, 'rawls.dcm')
    run('gdcmconv', '--raw', jls, raw)
    via_gdcm = pydicom.dcmread(raw).pixel_array
    assert np.array_equal(ref, via_gdcm), 'dcmtk and gdcm disagree on the near-lossless file'
    assert int(np.max(np.abs(ref.astype(np.int32) - ct))) <= 2
    assert not np.array_equal(ref, ct), 'near-lossless coding left every value unchanged'
    out['jpeg_ls_near_lossless.dcm'] = entry(
        jls, ref, ref.astype(np.float64) - 1024, frames=1,
        transfer_syntax='1.2.840.10008.1.2.4.81')

    # 12. JPEG 2000 lossless (.4.90) whose fragment is a JP2 file (signature, ftyp, jp2h boxes
    #     around the codestream) instead of the bare codestream PS3.5 A.4.4 asks for, as some
    #     writers emit: 12-bit unsigned values, encoded reversibly by Pillow's OpenJPEG, which
    #     is asserted to decode them back unchanged.
    from PIL import Image
    ct = extra.integers(0, 4096, size=(40, 48), dtype=np.uint16)
    jp2 = os.path.join(tmp, 'src.jp2')
    Image.fromarray(ct, mode='I;16').save(jp2, irreversible=False)
    assert np.array_equal(np.asarray(Image.open(jp2)), ct), 'Pillow did not round-trip the JP2'
    data = open(jp2, 'rb').read()
    assert data[4:8] == b'jP  ', 'Pillow wrote no JP2 signature box'
    ds = base_dataset(40, 48, bits_stored=12, signed=False,
                      ts='1.2.840.10008.1.2.4.90', sop='20')
    ds.RescaleSlope = 1
    ds.RescaleIntercept = -1024
    ds.PixelData = encapsulate([data])
    ds['PixelData'].is_undefined_length = True
    ds['PixelData'].VR = 'OB'
    path = os.path.join(GEN, 'jpeg2000_in_jp2_boxes.dcm')
    write(ds, path)
    out['jpeg2000_in_jp2_boxes.dcm'] = entry(
        path, ct, ct.astype(np.float64) - 1024, frames=1,
        transfer_syntax='1.2.840.10008.1.2.4.90')

    shutil.rmtree(tmp)
    with open(os.path.join(GEN, 'expected.json'), 'w') as f:
        json.dump({'generator': 'tools/golden/dicom-hu.py (pydicom %s, numpy %s, dcmtk)' % (
            pydicom.__version__, np.__version__), 'files': out}, f, indent=1, sort_keys=True)


def series():
    """One patient, one study, three series of 16 x 16 slices, files shuffled into folders.

    - 1 mm axial series (series 2): 12 slices, z from 0 to 11 mm... with slice 7 missing (gap)
      and slice 3 duplicated (same position, second SOP instance).
    - 5 mm axial series (series 3): 4 slices at z = 0, 5, 10, 15.
    - 1 mm tilted series (series 4): 5 slices, gantry tilt 15 deg, orientation tilted.
    Plus a text file and an empty file that scanFolder must skip and report.
    """
    if os.path.isdir(SERIES):
        shutil.rmtree(SERIES)
    os.makedirs(os.path.join(SERIES, 'a', 'b'))
    os.makedirs(os.path.join(SERIES, 'c'))
    files = []
    sop = [100]

    def slice_ds(series_uid, number, thickness, position, orientation, instance, tilt=None,
                 description=''):
        sop[0] += 1
        ds = base_dataset(16, 16, sop=str(sop[0]))
        ds.SeriesInstanceUID = series_uid
        ds.SeriesNumber = number
        ds.SeriesDescription = description
        ds.SliceThickness = thickness
        ds.ImagePositionPatient = [float(v) for v in position]
        ds.ImageOrientationPatient = [float(v) for v in orientation]
        ds.InstanceNumber = instance
        ds.RescaleSlope = 1
        ds.RescaleIntercept = -1024
        if tilt is not None:
            ds.GantryDetectorTilt = tilt
        img = np.full((16, 16), 1024 + instance, dtype=np.int16)
        ds.PixelData = img.astype('<i2').tobytes()
        return ds

    axial = [1, 0, 0, 0, 1, 0]
    # Instance numbers deliberately disagree with position (reverse order) to prove that
    # ordering follows the slice normal.
    thin = UID_ROOT + '201'
    for k in range(12):
        if k == 7:
            continue
        files.append(slice_ds(thin, 2, 1.0, [-4, -4, -20 + k], axial, 100 - k,
                              description='HEAD 1.0 H30s'))
    files.append(slice_ds(thin, 2, 1.0, [-4, -4, -17], axial, 500, description='HEAD 1.0 H30s'))
    thick = UID_ROOT + '202'
    for k in range(4):
        files.append(slice_ds(thick, 3, 5.0, [-4, -4, -20 + 5 * k], axial, k + 1,
                              description='HEAD 5.0 H30s'))
    tilted = UID_ROOT + '203'
    c, s = np.cos(np.radians(15)), np.sin(np.radians(15))
    tilt_orientation = [1, 0, 0, 0, c, -s]
    normal = np.cross([1, 0, 0], [0, c, -s])
    for k in range(5):
        pos = np.array([-4, -4, -20]) + normal * k * 1.0
        files.append(slice_ds(tilted, 4, 1.0, pos.round(6), tilt_orientation, k + 1, tilt=15.0,
                              description='HEAD 1.0 TILT'))
    order = RNG.permutation(len(files))
    folders = ['', 'a', os.path.join('a', 'b'), 'c']
    for n, i in enumerate(order):
        ds = files[i]
        folder = folders[n % len(folders)]
        write(ds, os.path.join(SERIES, folder, 'IM%04d' % n))
    with open(os.path.join(SERIES, 'c', 'notes.txt'), 'w') as f:
        f.write('not a DICOM file\n')
    open(os.path.join(SERIES, 'a', 'empty'), 'wb').close()


if __name__ == '__main__':
    generated()
    series()
