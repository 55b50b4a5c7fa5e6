import { createRequire } from 'node:module';
import type * as DicomParserModule from 'dicom-parser';

const require = createRequire(import.meta.url);

/**
 * The `dicom-parser` module. It ships as a UMD bundle without ES named exports, so it is
 * loaded through `require`.
 *
 * @internal
 */
export const dicomParser = require('dicom-parser') as typeof DicomParserModule;

/** A data set as `dicom-parser` returns it. @internal */
export type ParsedDataSet = DicomParserModule.DataSet;

/** An element as `dicom-parser` returns it. @internal */
export type ParsedElement = DicomParserModule.Element;

/**
 * Turns whatever `dicom-parser` threw (strings, `{ exception, dataSet }` objects, errors)
 * into a readable message.
 *
 * @internal
 * @param thrown - the thrown value
 * @returns a one-line description without data-set contents
 */
export function describeParserFailure(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  if (thrown !== null && typeof thrown === 'object' && 'exception' in thrown) {
    return describeParserFailure((thrown as { exception: unknown }).exception);
  }
  return String(thrown);
}
