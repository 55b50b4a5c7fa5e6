// Types for the Emscripten builds of the cornerstone codecs, which ship without
// declarations. Only what calvaria calls is declared.

interface CornerstoneCodecFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

interface CornerstoneCodecDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): CornerstoneCodecFrameInfo;
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}

interface CornerstoneCodecModule {
  JpegLSDecoder: new () => CornerstoneCodecDecoder;
  J2KDecoder: new () => CornerstoneCodecDecoder;
  JPEGDecoder: new () => CornerstoneCodecDecoder;
}

declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: (options?: object) => Promise<CornerstoneCodecModule>;
  export default factory;
}

declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: (options?: object) => Promise<CornerstoneCodecModule>;
  export default factory;
}

declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: (options?: object) => Promise<CornerstoneCodecModule>;
  export default factory;
}
