import { availableParallelism } from 'node:os';
import { DicomError } from './dicom-error.js';

/** The two JPEG 2000 decoders: native libopenjp2 through koffi, or OpenJPEG in wasm. */
export type Jpeg2000DecoderKind = 'native' | 'wasm';

/** Options of {@link configureJpeg2000}. */
export interface Jpeg2000Options {
  /**
   * `'auto'` uses the native library when the optional dependency `koffi` and libopenjp2
   * load, and the WebAssembly build of `@cornerstonejs/codec-openjpeg` otherwise;
   * `'native'` requires the library (decoding throws `DICOM_DECODE_FAILED` without it);
   * `'wasm'` never loads native code, for untrusted files (a WebAssembly decoder cannot
   * crash the process, a native one can).
   *
   * @default the CALVARIA_JPEG2000_DECODER environment variable, else `'auto'`
   */
  readonly decoder?: 'auto' | Jpeg2000DecoderKind;
  /**
   * File name or path of libopenjp2.
   *
   * @default the CALVARIA_OPENJPEG_LIBRARY environment variable, else the platform's
   *   usual names (`libopenjp2.so.7` on Linux, `libopenjp2.7.dylib` and Homebrew's paths
   *   on macOS, `openjp2.dll` on Windows)
   */
  readonly library?: string;
  /**
   * Threads the native decoder spreads code-blocks over (OpenJPEG 2.3 and later); the
   * WebAssembly decoder always uses one.
   *
   * @default `os.availableParallelism()`, as gdcm does
   */
  readonly threads?: number;
}

/** The settings in force, every field resolved. @internal */
export interface Jpeg2000Settings {
  readonly decoder: 'auto' | Jpeg2000DecoderKind;
  readonly library: string | undefined;
  readonly threads: number;
}

/**
 * CALVARIA_JPEG2000_DECODER, any case; unset or empty means `'auto'`.
 *
 * @throws DicomError `DICOM_INVALID_ARGUMENT` for another value, so a typo does not
 *   silently pick a decoder
 */
function decoderFromEnvironment(): 'auto' | Jpeg2000DecoderKind {
  const raw = process.env.CALVARIA_JPEG2000_DECODER;
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'native' || value === 'wasm') return value;
  throw new DicomError(
    'DICOM_INVALID_ARGUMENT',
    `CALVARIA_JPEG2000_DECODER is ${JSON.stringify(raw)}; ` +
      'use auto, native or wasm, or unset it.',
  );
}

function defaults(): Jpeg2000Settings {
  const library = process.env.CALVARIA_OPENJPEG_LIBRARY;
  return {
    decoder: decoderFromEnvironment(),
    library: library === undefined || library === '' ? undefined : library,
    threads: availableParallelism(),
  };
}

let current: Jpeg2000Settings | undefined;

/**
 * The settings the next JPEG 2000 codec load uses.
 *
 * @internal
 */
export function jpeg2000Settings(): Jpeg2000Settings {
  current ??= defaults();
  return current;
}

/**
 * Validates options and makes them the settings in force; omitted fields take their
 * defaults again.
 *
 * @internal
 * @throws DicomError `DICOM_INVALID_ARGUMENT` for an unknown decoder, an empty library
 *   name or a thread count that is not a positive integer
 */
export function setJpeg2000Settings(options: Jpeg2000Options): Jpeg2000Settings {
  const base = defaults();
  const decoder = options.decoder ?? base.decoder;
  if (decoder !== 'auto' && decoder !== 'native' && decoder !== 'wasm') {
    throw new DicomError(
      'DICOM_INVALID_ARGUMENT',
      `decoder is ${JSON.stringify(decoder)}; use 'auto', 'native' or 'wasm'.`,
    );
  }
  if (
    options.library !== undefined &&
    (typeof options.library !== 'string' || options.library === '')
  ) {
    throw new DicomError(
      'DICOM_INVALID_ARGUMENT',
      'library is empty; give a file name or path of libopenjp2, or omit it.',
    );
  }
  const threads = options.threads ?? base.threads;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new DicomError(
      'DICOM_INVALID_ARGUMENT',
      `threads is ${threads}; it must be a positive integer.`,
    );
  }
  current = { decoder, library: options.library ?? base.library, threads };
  return current;
}
