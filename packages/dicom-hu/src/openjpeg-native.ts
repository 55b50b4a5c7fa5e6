import type { CodecOutput, FrameCodec } from './codecs.js';

/**
 * The native OpenJPEG library (libopenjp2 2.x, 2.1 or later) called through the `koffi`
 * foreign-function interface: the same C decoder gdcm and pydicom use, so JPEG 2000
 * frames decode at native speed, on several threads, with no compiler at install time.
 *
 * Only the stable C API of `openjpeg.h` is used: a codec, a stream fed from memory by a
 * read callback, `opj_read_header`, `opj_decode`, and the `opj_image_t` /
 * `opj_image_comp_t` structures, whose layout has not changed since OpenJPEG 2.1. No
 * message handler is installed: OpenJPEG's defaults are silent, and its decoding threads
 * must never call back into JavaScript while the main thread waits in `opj_decode`.
 */

/** The library and settings a native decoder was made with. @internal */
export interface NativeOpenJpeg {
  readonly codec: FrameCodec;
  /** The file name or path the library was loaded from. */
  readonly library: string;
  /** `opj_version()`, for example `2.5.0`. */
  readonly version: string;
  /** Threads `opj_decode` uses (1 when the library has no `opj_codec_set_threads`). */
  readonly threads: number;
}

/** Where libopenjp2 is usually found, per platform (Debian/Ubuntu, Homebrew, vcpkg). */
const LIBRARY_NAMES: Readonly<Record<string, readonly string[]>> = {
  linux: ['libopenjp2.so.7', 'libopenjp2.so'],
  darwin: [
    'libopenjp2.7.dylib',
    'libopenjp2.dylib',
    '/opt/homebrew/lib/libopenjp2.7.dylib',
    '/usr/local/lib/libopenjp2.7.dylib',
  ],
  win32: ['openjp2.dll', 'libopenjp2.dll'],
};

/** `OPJ_CODEC_J2K`: a raw codestream, which is what DICOM encapsulates (PS3.5 A.4.4). */
const OPJ_CODEC_J2K = 0;
/** `OPJ_CODEC_JP2`: a codestream inside JP2 boxes, which some writers emit instead. */
const OPJ_CODEC_JP2 = 2;
/** `opj_dparameters_t` is about 8.3 kB in OpenJPEG 2.x; this leaves room to spare. */
const PARAMETERS_BYTES = 1 << 16;
/** `(OPJ_SIZE_T)-1`, what a read callback returns at the end of the stream. */
const END_OF_STREAM = 0xffffffffffffffffn;

/** True for the JP2 signature box (ISO/IEC 15444-1 I.5.1). */
function isJp2(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 12 &&
    bytes[0] === 0 &&
    bytes[1] === 0 &&
    bytes[2] === 0 &&
    bytes[3] === 12 &&
    bytes[4] === 0x6a &&
    bytes[5] === 0x50 &&
    bytes[6] === 0x20 &&
    bytes[7] === 0x20
  );
}

/**
 * True for OpenJPEG 2.1 and later 2.x releases, whose structure layout this module
 * declares (`opj_codec_set_threads` came with 2.3 and is optional here).
 */
function supportedVersion(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major === 2 && minor >= 1;
}

type Koffi = typeof import('koffi');

function openLibrary(koffi: Koffi, candidates: readonly string[]) {
  const failures: string[] = [];
  for (const name of candidates) {
    try {
      return { lib: koffi.load(name), name };
    } catch (cause) {
      failures.push(`${name}: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  }
  throw new Error(
    `libopenjp2 was not found (${failures.join('; ')}). Install OpenJPEG 2.3 or later ` +
      '(Debian/Ubuntu: apt install libopenjp2-7; macOS: brew install openjpeg) or set ' +
      'CALVARIA_OPENJPEG_LIBRARY to its path.',
  );
}

/** The C types this module declares to koffi: once per process (names are global). */
function declareTypes(koffi: Koffi) {
  return {
    // Prototypes named in the function signatures below.
    read: koffi.proto('size_t calvaria_opj_read(void *buffer, size_t n, void *user)'),
    skip: koffi.proto('int64_t calvaria_opj_skip(int64_t n, void *user)'),
    seek: koffi.proto('int calvaria_opj_seek(int64_t n, void *user)'),
    imageComponent: koffi.struct('calvaria_opj_image_comp_t', {
      dx: 'uint32_t',
      dy: 'uint32_t',
      w: 'uint32_t',
      h: 'uint32_t',
      x0: 'uint32_t',
      y0: 'uint32_t',
      prec: 'uint32_t',
      bpp: 'uint32_t',
      sgnd: 'uint32_t',
      resno_decoded: 'uint32_t',
      factor: 'uint32_t',
      data: 'void *',
      alpha: 'uint16_t',
    }),
    image: koffi.struct('calvaria_opj_image_t', {
      x0: 'uint32_t',
      y0: 'uint32_t',
      x1: 'uint32_t',
      y1: 'uint32_t',
      numcomps: 'uint32_t',
      color_space: 'int',
      comps: 'void *',
      icc_profile_buf: 'void *',
      icc_profile_len: 'uint32_t',
    }),
  };
}

/** One loaded library: its functions, stream callbacks and the stream they read. */
function bindLibrary(
  koffi: Koffi,
  types: ReturnType<typeof declareTypes>,
  lib: KoffiLib,
) {
  const opj = {
    createDecompress: lib.func('void *opj_create_decompress(int format)'),
    setDefaultParameters: lib.func('void opj_set_default_decoder_parameters(void *p)'),
    setupDecoder: lib.func('int opj_setup_decoder(void *codec, void *p)'),
    streamCreate: lib.func('void *opj_stream_create(size_t bufferSize, int isInput)'),
    setRead: lib.func('void opj_stream_set_read_function(void *s, calvaria_opj_read *f)'),
    setSkip: lib.func('void opj_stream_set_skip_function(void *s, calvaria_opj_skip *f)'),
    setSeek: lib.func('void opj_stream_set_seek_function(void *s, calvaria_opj_seek *f)'),
    setLength: lib.func('void opj_stream_set_user_data_length(void *s, uint64_t n)'),
    readHeader: lib.func('int opj_read_header(void *s, void *codec, _Out_ void **image)'),
    decode: lib.func('int opj_decode(void *codec, void *s, void *image)'),
    endDecompress: lib.func('int opj_end_decompress(void *codec, void *s)'),
    streamDestroy: lib.func('void opj_stream_destroy(void *s)'),
    destroyCodec: lib.func('void opj_destroy_codec(void *codec)'),
    imageDestroy: lib.func('void opj_image_destroy(void *image)'),
  };
  let setThreads: ((codec: unknown, n: number) => number) | undefined;
  try {
    setThreads = lib.func('int opj_codec_set_threads(void *codec, int n)');
  } catch {
    setThreads = undefined; // OpenJPEG 2.1-2.2: single-threaded
  }

  const parameters = Buffer.alloc(PARAMETERS_BYTES);
  opj.setDefaultParameters(parameters);

  // The stream being read: set for the duration of one synchronous decode.
  let source: Uint8Array = new Uint8Array(0);
  let position = 0;
  const read = koffi.register((buffer: unknown, n: number | bigint) => {
    const left = source.length - position;
    if (left <= 0) return END_OF_STREAM;
    const count = Math.min(Number(n), left);
    koffi.encode(buffer, 'uint8_t', source.subarray(position, position + count), count);
    position += count;
    return count;
  }, koffi.pointer(types.read));
  const skip = koffi.register((n: number | bigint) => {
    const target = Math.min(source.length, Math.max(0, position + Number(n)));
    const skipped = target - position;
    position = target;
    return BigInt(skipped);
  }, koffi.pointer(types.skip));
  const seek = koffi.register((n: number | bigint) => {
    const target = Number(n);
    if (target < 0 || target > source.length) return 0;
    position = target;
    return 1;
  }, koffi.pointer(types.seek));

  /** Decodes one codestream with `threads` threads (where the library has them). */
  const decode = (codestream: Uint8Array, threads: number): CodecOutput => {
    source = codestream;
    position = 0;
    const decoder = opj.createDecompress(
      isJp2(codestream) ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K,
    );
    if (decoder === null) throw new Error('opj_create_decompress failed');
    let stream: unknown = null;
    const image: unknown[] = [null];
    try {
      if (!opj.setupDecoder(decoder, parameters))
        throw new Error('opj_setup_decoder failed');
      if (threads > 1 && setThreads !== undefined) setThreads(decoder, threads);
      stream = opj.streamCreate(codestream.length, 1);
      if (stream === null) throw new Error('opj_stream_create failed');
      opj.setRead(stream, read);
      opj.setSkip(stream, skip);
      opj.setSeek(stream, seek);
      opj.setLength(stream, codestream.length);
      if (!opj.readHeader(stream, decoder, image) || image[0] === null) {
        throw new Error('OpenJPEG could not read the codestream header');
      }
      if (!opj.decode(decoder, stream, image[0]) || !opj.endDecompress(decoder, stream)) {
        throw new Error('OpenJPEG could not decode the codestream');
      }
      const header = koffi.decode(image[0], types.image) as {
        x0: number;
        y0: number;
        x1: number;
        y1: number;
        numcomps: number;
        comps: unknown;
      };
      if (header.numcomps < 1 || header.comps === null) {
        throw new Error('OpenJPEG decoded no image component');
      }
      const first = koffi.decode(header.comps, types.imageComponent) as {
        dx: number;
        dy: number;
        w: number;
        h: number;
        data: unknown;
      };
      const width = header.x1 - header.x0;
      const height = header.y1 - header.y0;
      if (first.dx !== 1 || first.dy !== 1 || first.w !== width || first.h !== height) {
        throw new Error(
          `component 0 is ${first.w} x ${first.h} ` +
            `(subsampling ${first.dx} x ${first.dy}) ` +
            `in a ${width} x ${height} image`,
        );
      }
      if (first.data === null) throw new Error('OpenJPEG returned no sample data');
      // A copy: the native buffer is freed with the image below.
      const samples = new Int32Array(koffi.view(first.data, width * height * 4).slice(0));
      return { samples, width, height, components: header.numcomps };
    } finally {
      if (image[0] !== null) opj.imageDestroy(image[0]);
      if (stream !== null) opj.streamDestroy(stream);
      opj.destroyCodec(decoder);
      source = new Uint8Array(0);
    }
  };
  return { decode, threaded: setThreads !== undefined };
}

type KoffiLib = ReturnType<Koffi['load']>;
type Binding = ReturnType<typeof bindLibrary> & { name: string; version: string };

let koffiTypes: ReturnType<typeof declareTypes> | undefined;
/** Libraries already bound, by the name asked for (undefined: the platform's names). */
const bindings = new Map<string | undefined, Binding>();

async function importKoffi(): Promise<Koffi> {
  try {
    const module = (await import('koffi')) as Koffi & { default?: Koffi };
    return module.default ?? module;
  } catch (cause) {
    throw new Error(`the optional dependency koffi is not installed (${String(cause)}).`);
  }
}

/**
 * Loads koffi and libopenjp2 (once per library) and returns a frame codec over them.
 *
 * @internal
 * @param library - a file name or path; undefined tries the platform's usual names
 * @param threads - decoding threads, at least 1
 * @throws Error when koffi is not installed, no library loads, or its version is not 2.x
 *   (callers turn this into a fallback or a `DicomError`)
 */
export async function loadNativeOpenJpeg(
  library: string | undefined,
  threads: number,
): Promise<NativeOpenJpeg> {
  let binding = bindings.get(library);
  if (binding === undefined) {
    const koffi = await importKoffi();
    const candidates =
      library !== undefined ? [library] : (LIBRARY_NAMES[process.platform] ?? []);
    const { lib, name } = openLibrary(koffi, candidates);
    const version = String(lib.func('const char *opj_version(void)')());
    if (!supportedVersion(version)) {
      lib.unload();
      throw new Error(`${name} is OpenJPEG ${version}; 2.1 or later (2.x) is needed.`);
    }
    koffiTypes ??= declareTypes(koffi);
    binding = { ...bindLibrary(koffi, koffiTypes, lib), name, version };
    bindings.set(library, binding);
  }
  const { decode, threaded, name, version } = binding;
  const threadsUsed = threaded ? threads : 1;
  return {
    codec: (codestream) => decode(codestream, threadsUsed),
    library: name,
    version,
    threads: threadsUsed,
  };
}
