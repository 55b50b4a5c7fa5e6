import { DicomError } from './dicom-error.js';
import { decodeJpegLossless } from './jpeg-lossless.js';

/** The codecs calvaria can load. @internal */
export type CodecName = 'jpeg-ls' | 'jpeg-2000' | 'jpeg-baseline' | 'jpeg-lossless';

/**
 * A decoded frame as a codec returns it. `samples` may be a view into a codec's memory
 * that the next decode overwrites: convert it before decoding again.
 *
 * @internal
 */
export interface CodecOutput {
  readonly samples: Uint8Array | Uint16Array;
  readonly width: number;
  readonly height: number;
  readonly components: number;
}

/** A loaded codec: decodes one codestream. @internal */
export type FrameCodec = (codestream: Uint8Array) => CodecOutput;

/**
 * Emscripten module options: the codecs' own logging (openjpeg's [INFO] lines) is
 * dropped.
 */
const QUIET = { print: () => undefined, printErr: () => undefined };

const loaded = new Map<CodecName, FrameCodec>();
const loading = new Map<CodecName, Promise<FrameCodec>>();

/**
 * Wraps an Emscripten decoder class: one decoder instance is reused across frames; after
 * a failure a new instance is made, and after an abort (`WebAssembly.RuntimeError`) the
 * whole module is dropped, since an aborted Emscripten module cannot be reused, and
 * reloaded on the next call.
 */
function emscriptenCodec(
  name: CodecName,
  module: CornerstoneCodecModule,
  make: (m: CornerstoneCodecModule) => CornerstoneCodecDecoder,
): FrameCodec {
  let decoder: CornerstoneCodecDecoder | undefined;
  return (codestream) => {
    try {
      decoder ??= make(module);
      decoder.getEncodedBuffer(codestream.length).set(codestream);
      decoder.decode();
      const info = decoder.getFrameInfo();
      const decoded = decoder.getDecodedBuffer();
      const bytesPerSample = info.bitsPerSample > 8 ? 2 : 1;
      const count = info.width * info.height * info.componentCount;
      if (decoded.length < count * bytesPerSample) {
        throw new Error(
          `decoded buffer holds ${decoded.length} bytes for ${count} samples`,
        );
      }
      // A view into WebAssembly memory, not a copy: valid until the next decode, and the
      // caller converts it at once.
      const samples =
        bytesPerSample === 2
          ? decoded.byteOffset % 2 === 0
            ? new Uint16Array(decoded.buffer, decoded.byteOffset, count)
            : new Uint16Array(decoded.slice(0, count * 2).buffer)
          : decoded.subarray(0, count);
      return {
        samples,
        width: info.width,
        height: info.height,
        components: info.componentCount,
      };
    } catch (cause) {
      decoder = undefined;
      if (cause instanceof Error && cause.name === 'RuntimeError') loaded.delete(name);
      throw cause;
    }
  };
}

async function load(name: CodecName): Promise<FrameCodec> {
  switch (name) {
    case 'jpeg-ls': {
      const factory = (await import('@cornerstonejs/codec-charls/decodewasmjs')).default;
      const module = await factory(QUIET);
      return emscriptenCodec(name, module, (m) => new m.JpegLSDecoder());
    }
    case 'jpeg-2000': {
      const factory = (await import('@cornerstonejs/codec-openjpeg/decodewasmjs'))
        .default;
      const module = await factory(QUIET);
      return emscriptenCodec(name, module, (m) => new m.J2KDecoder());
    }
    case 'jpeg-baseline': {
      const factory = (
        await import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs')
      ).default;
      const module = await factory(QUIET);
      return emscriptenCodec(name, module, (m) => new m.JPEGDecoder());
    }
    case 'jpeg-lossless': {
      const { Decoder } = await import('@cornerstonejs/jpeg-lossless-decoder-js');
      return (codestream) => {
        const fast = decodeJpegLossless(codestream);
        if (fast !== undefined) return { ...fast, components: 1 };
        const decoder = new Decoder();
        const samples = decoder.decode(
          codestream.buffer as ArrayBuffer,
          codestream.byteOffset,
          codestream.length,
        ) as Uint8Array | Uint16Array;
        const frame = (decoder as unknown as { frame: { dimX: number; dimY: number } })
          .frame;
        return {
          samples,
          width: frame.dimX,
          height: frame.dimY,
          components: (decoder as unknown as { numComp: number }).numComp,
        };
      };
    }
  }
}

/**
 * Returns a codec if it is already loaded.
 *
 * @internal
 */
export function loadedCodec(name: CodecName): FrameCodec | undefined {
  return loaded.get(name);
}

/**
 * Loads a codec on first use (dynamic import), once.
 *
 * @internal
 * @throws DicomError `DICOM_DECODE_FAILED` when the codec module cannot be loaded
 */
export async function ensureCodec(name: CodecName): Promise<FrameCodec> {
  const ready = loaded.get(name);
  if (ready !== undefined) return ready;
  let pending = loading.get(name);
  if (pending === undefined) {
    pending = load(name)
      .then((codec) => {
        loaded.set(name, codec);
        return codec;
      })
      .catch((cause: unknown) => {
        throw new DicomError(
          'DICOM_DECODE_FAILED',
          `The ${name} codec could not be loaded: ${String(cause)}. Reinstall @calvaria/dicom-hu's dependencies.`,
          { cause },
        );
      })
      .finally(() => loading.delete(name));
    loading.set(name, pending);
  }
  return pending;
}
