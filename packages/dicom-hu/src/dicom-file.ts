import type { TransferSyntaxInfo } from './transfer-syntax.js';

/**
 * A Modality LUT from the Modality LUT Sequence (0028,3000), DICOM PS3.3 section C.11.1.
 * Stored values below `firstMapped` map to `data[0]`, above the last entry to the last
 * value.
 */
export interface ModalityLut {
  /** First stored value mapped (second value of LUT Descriptor, 0028,3002). */
  readonly firstMapped: number;
  /** Bits per LUT entry (third value of LUT Descriptor). */
  readonly bitsPerEntry: number;
  /** Modality LUT Type (0028,3004), e.g. `HU`. */
  readonly type: string | undefined;
  /** The LUT entries (LUT Data, 0028,3006), as many as the descriptor's first value. */
  readonly data: Uint16Array;
}

/** The attributes of one DICOM file that calvaria uses, named as in DICOM PS3.6. */
export interface DicomAttributes {
  /** Transfer syntax of the data set and pixels. */
  readonly transferSyntax: TransferSyntaxInfo;
  /** Patient ID (0010,0020). Patient data: never log it. */
  readonly patientId: string | undefined;
  /** Study Instance UID (0020,000D). */
  readonly studyInstanceUid: string | undefined;
  /** Series Instance UID (0020,000E). */
  readonly seriesInstanceUid: string | undefined;
  /** SOP Instance UID (0008,0018). */
  readonly sopInstanceUid: string | undefined;
  /** SOP Class UID (0008,0016). */
  readonly sopClassUid: string | undefined;
  /** Modality (0008,0060), e.g. `CT`. */
  readonly modality: string | undefined;
  /** Series Number (0020,0011). */
  readonly seriesNumber: number | undefined;
  /** Series Description (0008,103E). */
  readonly seriesDescription: string | undefined;
  /**
   * Convolution Kernel (0018,1210): the reconstruction filter, vendor-named (`BONE`,
   * `H70h`, `FC30`...); several values are kept joined by `\\`.
   */
  readonly convolutionKernel: string | undefined;
  /** Contrast/Bolus Agent (0018,0010): present when contrast was given. */
  readonly contrastBolusAgent: string | undefined;
  /** Instance Number (0020,0013). */
  readonly instanceNumber: number | undefined;
  /** Rows (0028,0010); 0 when absent. */
  readonly rows: number;
  /** Columns (0028,0011); 0 when absent. */
  readonly columns: number;
  /** Number of Frames (0028,0008); 1 when absent. */
  readonly numberOfFrames: number;
  /** Samples per Pixel (0028,0002); 1 when absent. */
  readonly samplesPerPixel: number;
  /** Bits Allocated (0028,0100). */
  readonly bitsAllocated: number;
  /** Bits Stored (0028,0101); Bits Allocated when absent. */
  readonly bitsStored: number;
  /** High Bit (0028,0102); Bits Stored - 1 when absent. */
  readonly highBit: number;
  /** Pixel Representation (0028,0103): 0 unsigned, 1 two's complement. */
  readonly pixelRepresentation: 0 | 1;
  /** Photometric Interpretation (0028,0004), e.g. `MONOCHROME2`. */
  readonly photometricInterpretation: string | undefined;
  /** Rescale Slope (0028,1053), absent in many non-CT files. */
  readonly rescaleSlope: number | undefined;
  /** Rescale Intercept (0028,1052). */
  readonly rescaleIntercept: number | undefined;
  /** Rescale Type (0028,1054), e.g. `HU`. */
  readonly rescaleType: string | undefined;
  /** Modality LUT Sequence (0028,3000), first item, when present. */
  readonly modalityLut: ModalityLut | undefined;
  /** Window Center (0028,1050), every value. */
  readonly windowCenters: readonly number[];
  /** Window Width (0028,1051), every value. */
  readonly windowWidths: readonly number[];
  /** VOI LUT Function (0028,1056). */
  readonly voiLutFunction: string | undefined;
  /** Pixel Spacing (0028,0030): [between rows, between columns], in millimetres. */
  readonly pixelSpacingMm: readonly [number, number] | undefined;
  /** Slice Thickness (0018,0050), in millimetres. */
  readonly sliceThicknessMm: number | undefined;
  /** Spacing Between Slices (0018,0088), in millimetres. */
  readonly spacingBetweenSlicesMm: number | undefined;
  /**
   * Image Position (Patient) (0020,0032): x, y, z of the first pixel's centre, in
   * millimetres.
   */
  readonly imagePositionPatientMm: readonly [number, number, number] | undefined;
  /** Image Orientation (Patient) (0020,0037): row and column direction cosines. */
  readonly imageOrientationPatient:
    readonly [number, number, number, number, number, number] | undefined;
  /** Gantry/Detector Tilt (0018,1120), in degrees. */
  readonly gantryTiltDeg: number | undefined;
  /** Pixel Padding Value (0028,0120), read with the sign of Pixel Representation. */
  readonly pixelPaddingValue: number | undefined;
  /**
   * Pixel Padding Range Limit (0028,0121), read with the sign of Pixel Representation.
   */
  readonly pixelPaddingRangeLimit: number | undefined;
  /** Whether the file has Pixel Data (7FE0,0010). */
  readonly hasPixelData: boolean;
}

/** Lazy access to the frames of a file: nothing is decoded until asked. */
export interface FrameAccessor {
  /** Number of frames. */
  readonly count: number;
  /**
   * The bytes of one frame as stored (a view, not a copy, where possible): native pixels
   * in the file's byte order, or one compressed frame's codestream.
   */
  encoded(index: number): Uint8Array;
  /** Decodes one frame to stored values, as `decodeFrame(file, index)`. */
  decode(index: number): Promise<Int32Array>;
}

/** A parsed DICOM file: its attributes and lazy frames. Returned by `readDicom`. */
export interface DicomFile extends DicomAttributes {
  /** The frames, decoded on demand. */
  readonly frames: FrameAccessor;
}
