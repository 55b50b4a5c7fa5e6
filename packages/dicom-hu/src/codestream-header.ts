/** Size that a codestream's own header declares. @internal */
export interface CodestreamSize {
  readonly width: number;
  readonly height: number;
  readonly components: number;
}

function isStartOfFrame(marker: number): boolean {
  // SOF0-3, 5-7, 9-11, 13-15 (ITU T.81 Table B.1) and SOF55 of JPEG-LS (ITU T.87).
  return (
    (marker >= 0xc0 &&
      marker <= 0xcf &&
      marker !== 0xc4 &&
      marker !== 0xc8 &&
      marker !== 0xcc) ||
    marker === 0xf7
  );
}

function jpegSize(b: Uint8Array): CodestreamSize | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    const length = (b[i + 2] << 8) | b[i + 3];
    if (isStartOfFrame(marker)) {
      if (i + 10 > b.length) return undefined;
      return {
        height: (b[i + 5] << 8) | b[i + 6],
        width: (b[i + 7] << 8) | b[i + 8],
        components: b[i + 9],
      };
    }
    if (marker === 0xda || length < 2) return undefined;
    i += 2 + length;
  }
  return undefined;
}

function j2kSize(b: Uint8Array): CodestreamSize | undefined {
  if (b.length < 42 || b[0] !== 0xff || b[1] !== 0x4f || b[2] !== 0xff || b[3] !== 0x51) {
    return undefined;
  }
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const xSiz = view.getUint32(8);
  const ySiz = view.getUint32(12);
  const xOffset = view.getUint32(16);
  const yOffset = view.getUint32(20);
  return {
    width: xSiz - xOffset,
    height: ySiz - yOffset,
    components: view.getUint16(40),
  };
}

/**
 * Reads the image size from a JPEG / JPEG-LS SOF segment (ITU T.81 B.2.2, T.87) or a JPEG
 * 2000 SIZ segment (ITU T.800 A.5.1), without decoding, so a codestream that declares
 * another size than the DICOM attributes is refused before a decoder allocates for it.
 *
 * @internal
 * @returns the declared size, or undefined when the header cannot be found (JP2 boxes, an
 *   unusual marker order): the size is then checked after decoding
 */
export function codestreamSize(
  bytes: Uint8Array,
  encoding: string,
): CodestreamSize | undefined {
  return encoding === 'jpeg-2000' ? j2kSize(bytes) : jpegSize(bytes);
}
