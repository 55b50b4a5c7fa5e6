import type { DicomFile } from './dicom-file.js';
import type { ParsedDataSet, ParsedElement } from './dicom-parser.js';

/** What `readDicom` keeps about a file beside its public attributes. @internal */
export interface FileInternal {
  readonly dataSet: ParsedDataSet;
  readonly pixelData: ParsedElement | undefined;
  readonly maxPixels: number;
}

const INTERNALS = new WeakMap<DicomFile, FileInternal>();

/** @internal */
export function setInternal(file: DicomFile, internal: FileInternal): void {
  INTERNALS.set(file, internal);
}

/** @internal */
export function getInternal(file: DicomFile): FileInternal | undefined {
  return INTERNALS.get(file);
}
