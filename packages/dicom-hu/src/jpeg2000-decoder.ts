import {
  ensureCodec,
  forgetCodec,
  jpeg2000InfoOf,
  type Jpeg2000DecoderInfo,
} from './codecs.js';
import { setJpeg2000Settings, type Jpeg2000Options } from './jpeg2000-options.js';

/**
 * Chooses the JPEG 2000 decoder (transfer syntaxes `1.2.840.10008.1.2.4.90` and `.91`)
 * that `decodeFrame` and `toHounsfield` use from now on in this thread. The decoder
 * already loaded is dropped and the chosen one loads on the next JPEG 2000 frame. Worker
 * threads keep their own choice; set the CALVARIA_JPEG2000_DECODER and
 * CALVARIA_OPENJPEG_LIBRARY environment variables to choose for every thread.
 *
 * Both decoders are OpenJPEG and give identical stored values; the native library is
 * faster (and multi-threaded), the WebAssembly build runs everywhere and is sandboxed.
 *
 * @example
 * ```ts
 * configureJpeg2000({ decoder: 'wasm' }); // files from an untrusted source
 * configureJpeg2000({ threads: 1 }); // native, one thread per worker of a pool
 * ```
 * @param options - decoder, library and threads; omitted fields take their defaults
 * @throws DicomError `DICOM_INVALID_ARGUMENT` for an unknown decoder, an empty library
 *   name, a thread count that is not a positive integer, or an unknown
 *   CALVARIA_JPEG2000_DECODER value
 */
export function configureJpeg2000(options: Jpeg2000Options = {}): void {
  setJpeg2000Settings(options);
  forgetCodec('jpeg-2000');
}

/**
 * Loads the JPEG 2000 decoder if needed and says which one it is: native or WebAssembly,
 * the library and its version, the threads, and, when `'auto'` fell back to WebAssembly,
 * why.
 *
 * @example
 * ```ts
 * const info = await jpeg2000Decoder();
 * // { kind: 'native', implementation: 'libopenjp2 2.5.0',
 * //   library: 'libopenjp2.so.7', threads: 8 }
 * ```
 * @returns the decoder in use
 * @throws DicomError `DICOM_DECODE_FAILED` when no decoder can be loaded (with
 *   `decoder: 'native'`, when the native library cannot), `DICOM_INVALID_ARGUMENT` for an
 *   unknown CALVARIA_JPEG2000_DECODER value
 */
export async function jpeg2000Decoder(): Promise<Jpeg2000DecoderInfo> {
  return jpeg2000InfoOf(await ensureCodec('jpeg-2000'));
}
