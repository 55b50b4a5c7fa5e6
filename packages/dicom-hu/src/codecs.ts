import { DicomError } from './dicom-error.js';
import { jpeg2000Settings, type Jpeg2000DecoderKind } from './jpeg2000-options.js';
import { decodeJpegLossless } from './jpeg-lossless.js';
import { loadNativeOpenJpeg } from './openjpeg-native.js';

/** The codecs calvaria can load. @internal */
export type CodecName = 'jpeg-ls' | 'jpeg-2000' | 'jpeg-baseline' | 'jpeg-lossless';

/**
 * A decoded frame as a codec returns it. `samples` may be a view into a codec's memory
 * that the next decode overwrites: convert it before decoding again.
 *
 * @internal
 */
export interface CodecOutput {
  /** 8- or 16-bit containers (WebAssembly codecs), or signed 32-bit values (native). */
  readonly samples: Uint8Array | Uint16Array | Int32Array;
  readonly width: number;
  readonly height: number;
  readonly components: number;
}

/** A loaded codec: decodes one codestream. @internal */
export type FrameCodec = (codestream: Uint8Array) => CodecOutput;

/**
 * Emscripten module options: the codecs' own logging (openjpeg's [INFO] lines) is
 * dropped. A fresh object per instantiation: Emscripten turns the object it is given into
 * the module, and a second module made on the same object fails to register its classes.
 */
const quiet = () => ({ print: () => undefined, printErr: () => undefined });

/** Which JPEG 2000 decoder was loaded, and why the native one was not. */
export interface Jpeg2000DecoderInfo {
  /** The decoder in use. */
  readonly kind: Jpeg2000DecoderKind;
  /** What decodes: `libopenjp2 2.5.0` (from `opj_version()`), or the wasm package. */
  readonly implementation: string;
  /** The native library's file name or path; absent for wasm. */
  readonly library?: string;
  /** Decoding threads. */
  readonly threads: number;
  /** With `decoder: 'auto'`, why the native library was not used; absent otherwise. */
  readonly nativeUnavailable?: string;
}

const loaded = new Map<CodecName, FrameCodec>();
const loading = new Map<CodecName, Promise<FrameCodec>>();
/** Bumped by {@link forgetCodec}, so a load that started before it is not kept. */
let generation = 0;
/** What each JPEG 2000 codec that was loaded is. */
const jpeg2000Infos = new WeakMap<FrameCodec, Jpeg2000DecoderInfo>();

/** The WebAssembly OpenJPEG build this package depends on. */
const WASM_OPENJPEG = '@cornerstonejs/codec-openjpeg (WebAssembly)';

async function loadWasmJpeg2000(): Promise<FrameCodec> {
  const factory = (await import('@cornerstonejs/codec-openjpeg/decodewasmjs')).default;
  const module = await factory(quiet());
  return emscriptenCodec('jpeg-2000', module, (m) => new m.J2KDecoder());
}

const messageOf = (cause: unknown) =>
  cause instanceof Error ? cause.message : String(cause);

/**
 * Loads the JPEG 2000 decoder the settings ask for: native libopenjp2 first under
 * `'auto'`, falling back to WebAssembly with the reason recorded.
 */
async function loadJpeg2000(): Promise<FrameCodec> {
  const settings = jpeg2000Settings();
  let nativeUnavailable: string | undefined;
  if (settings.decoder !== 'wasm') {
    try {
      const native = await loadNativeOpenJpeg(settings.library, settings.threads);
      jpeg2000Infos.set(native.codec, {
        kind: 'native',
        implementation: `libopenjp2 ${native.version}`,
        library: native.library,
        threads: native.threads,
      });
      return native.codec;
    } catch (cause) {
      if (settings.decoder === 'native') {
        throw new DicomError(
          'DICOM_DECODE_FAILED',
          `The native JPEG 2000 decoder could not be loaded: ${messageOf(cause)} ` +
            "configureJpeg2000({ decoder: 'auto' }) falls back to WebAssembly instead.",
          { cause },
        );
      }
      nativeUnavailable = messageOf(cause);
    }
  }
  const codec = await loadWasmJpeg2000();
  jpeg2000Infos.set(codec, {
    kind: 'wasm',
    implementation: WASM_OPENJPEG,
    threads: 1,
    ...(nativeUnavailable === undefined ? {} : { nativeUnavailable }),
  });
  return codec;
}

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
      const module = await factory(quiet());
      return emscriptenCodec(name, module, (m) => new m.JpegLSDecoder());
    }
    case 'jpeg-2000':
      return loadJpeg2000();
    case 'jpeg-baseline': {
      const factory = (
        await import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs')
      ).default;
      const module = await factory(quiet());
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
    const started = generation;
    pending = load(name)
      .then((codec) => {
        if (started === generation) loaded.set(name, codec);
        return codec;
      })
      .catch((cause: unknown) => {
        if (cause instanceof DicomError) throw cause;
        throw new DicomError(
          'DICOM_DECODE_FAILED',
          `The ${name} codec could not be loaded: ${String(cause)}. Reinstall @calvaria/dicom-hu's dependencies.`,
          { cause },
        );
      })
      .finally(() => {
        if (loading.get(name) === pending) loading.delete(name);
      });
    loading.set(name, pending);
  }
  return pending;
}

/**
 * Drops a loaded codec, so that the next decode loads it again (with the settings then
 * in force); a load in progress is not kept either.
 *
 * @internal
 */
export function forgetCodec(name: CodecName): void {
  generation++;
  loaded.delete(name);
  loading.delete(name);
}

/**
 * What a JPEG 2000 codec from {@link ensureCodec} is.
 *
 * @internal
 */
export function jpeg2000InfoOf(codec: FrameCodec): Jpeg2000DecoderInfo {
  const info = jpeg2000Infos.get(codec);
  // Only a bug gets here, never bad input.
  if (info === undefined) throw new Error('not a JPEG 2000 codec');
  return info;
}
