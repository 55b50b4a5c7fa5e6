import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  decodeFrame,
  DicomError,
  readDicom,
  scanFolder,
  toHounsfield,
} from '@calvaria/dicom-hu';

// The patient names and IDs below are what `dcmdump` shows in the two public files used here
// (fixtures/shared/src): a CT sample and the real head CT (JPEG 2000, whose codec has its own
// logging).
const shared = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/shared/src/${name}`, import.meta.url));
const FILES = ['pydicom_CT_small.dcm', 'pydicom_J2K_pixelrep_mismatch.dcm'];
const PATIENT_DATA = ['CompressedSamples', '1CT1', 'JXD191021006'];

function spyOnOutput(): ReturnType<typeof vi.spyOn>[] {
  return [
    ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => undefined),
    ),
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true),
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true),
  ];
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('privacy', () => {
  it('prints nothing while scanning, decoding and converting real patient files', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'calvaria-dicom-print-'));
    try {
      for (const name of FILES) copyFileSync(shared(name), join(folder, name));
      const truncated = readFileSync(shared(FILES[0])).subarray(0, 900);
      writeFileSync(join(folder, 'truncated.dcm'), truncated);
      const spies = spyOnOutput();

      const progress: unknown[] = [];
      const scan = await scanFolder(folder, { onProgress: (p) => progress.push(p) });
      for (const name of FILES) {
        const file = readDicom(join(folder, name));
        await decodeFrame(file, 0);
        await toHounsfield(file, 0);
      }
      let error: unknown;
      try {
        await decodeFrame(readDicom(truncated), 0);
      } catch (e) {
        error = e;
      }

      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
      expect(error).toBeInstanceOf(DicomError);
      const reported = JSON.stringify([progress, scan.skipped, String(error)]);
      for (const value of PATIENT_DATA) expect(reported).not.toContain(value);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
