/**
 * A linear fracture: a full-thickness lucent line through the calvarium, at an angle to
 * the skull's normal, on a run of contiguous slices. Angles are head-frame azimuths: 0
 * deg is anterior (the nose), 90 deg the patient's left, 180 deg posterior, 270 deg the
 * right.
 */
export interface LinearFracture {
  /** Discriminant. */
  readonly kind: 'linear';
  /** Index of the first slice (0 = most superior) that shows the fracture. */
  readonly firstSlice: number;
  /** Index of the last slice that shows the fracture. */
  readonly lastSlice: number;
  /**
   * Head-frame azimuth where the line crosses the outer table on the first slice,
   * degrees.
   */
  readonly azimuthDeg: number;
  /** Change of that azimuth per slice, degrees (the line runs obliquely up the skull). */
  readonly azimuthDriftDegPerSlice: number;
  /**
   * Angle between the line and the skull's inward normal, in the slice plane, degrees.
   */
  readonly obliquityDeg: number;
  /** Width of the lucent gap, millimetres (0.5-3 mm). */
  readonly widthMm: number;
  /**
   * Fraction of bone missing inside the gap (1 = fully lucent, filled with soft tissue).
   */
  readonly lucency: number;
  /** Amplitude of the gentle waviness of the line, millimetres. */
  readonly waveAmplitudeMm: number;
  /** Period of that waviness along the line, millimetres. */
  readonly wavePeriodMm: number;
  /** Phase of that waviness, radians. */
  readonly wavePhaseRad: number;
}

/**
 * A depressed fracture: a roughly round segment of calvarium pushed inward, with step-off
 * and lucent fracture lines at its edges, on a run of contiguous slices.
 */
export interface DepressedFracture {
  /** Discriminant. */
  readonly kind: 'depressed';
  /** Index of the first slice that shows the fracture. */
  readonly firstSlice: number;
  /** Index of the last slice that shows the fracture. */
  readonly lastSlice: number;
  /** Head-frame azimuth of the centre of the depressed segment, degrees. */
  readonly azimuthDeg: number;
  /**
   * Half-length of the segment along the skull surface on its central slice, millimetres.
   */
  readonly halfArcMm: number;
  /** Inward displacement at the segment's deepest point, millimetres. */
  readonly depthMm: number;
  /** Tilt of the segment: depth changes by this fraction from one edge to the other. */
  readonly hinge: number;
  /** Width of the lucent lines at the segment's edges, millimetres. */
  readonly edgeGapMm: number;
}

/**
 * The fracture of one patient, if any (calvaria phantoms have at most one per patient).
 */
export type Fracture = LinearFracture | DepressedFracture;
