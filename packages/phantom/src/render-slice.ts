import { detAtan2, detCos, detSin, RAD_PER_DEG } from './det-math.js';
import { fractureOnSlice } from './fracture-on-slice.js';
import { levelShape } from './level-shape.js';
import type { PatientModel } from './patient.js';
import type { SliceGeometry } from './slice-geometry.js';
import { outlineFactor, surfacePoint } from './skull-outline.js';
import { sutureAzimuthsDeg } from './sutures.js';
import { noisePlane } from './value-noise.js';

/**
 * Tissue codes of the tissue map that `renderSliceHu` can return: the tissue that
 * dominates each pixel before noise.
 */
export const TISSUE = Object.freeze({
  air: 0,
  skin: 1,
  fat: 2,
  muscle: 3,
  outerTable: 4,
  diploe: 5,
  innerTable: 6,
  csf: 7,
  greyMatter: 8,
  whiteMatter: 9,
  fractureGap: 10,
  skullBase: 11,
  headRestShell: 12,
  headRestPad: 13,
  swelling: 14,
  brainstem: 15,
  falx: 16,
});

/** A noise-free slice in HU (floating point) with its tissue map. */
export interface RenderedSlice {
  /** HU, row-major, before noise and rounding. */
  readonly hu: Float32Array;
  /** Dominant tissue per pixel (codes of {@link TISSUE}), when asked for. */
  readonly tissue: Uint8Array | null;
}

/**
 * A soft-edged ellipse painted over the brain (ventricle, nucleus, skull-base bone...).
 */
interface Overlay {
  readonly cx: number;
  readonly cy: number;
  readonly ax: number;
  readonly ay: number;
  readonly cos: number;
  readonly sin: number;
  readonly hu: number;
  readonly tissue: number;
  /**
   * Half-size of a square around the centre outside which the overlay has no effect, mm.
   */
  readonly reach: number;
}

/** A lucent line through the bone: a linear fracture or a suture. */
interface GapLine {
  readonly px: number;
  readonly py: number;
  readonly dx: number;
  readonly dy: number;
  readonly halfWidthMm: number;
  readonly lucency: number;
  readonly sMin: number;
  readonly sMax: number;
  /** Triangle-wave zigzag (sutures): amplitude and period, mm. */
  readonly zigAmpMm: number;
  readonly zigPeriodMm: number;
  /** Sine waviness (fractures): amplitude, mm, angular frequency, rad/mm, phase, rad. */
  readonly waveAmpMm: number;
  readonly waveFreq: number;
  readonly wavePhase: number;
  readonly fillHu: number;
}

/** Partial-volume weight of a boxcar edge: 0 below -1/2, 1 above 1/2, linear between. */
function ramp(t: number): number {
  return t <= -0.5 ? 0 : t >= 0.5 ? 1 : t + 0.5;
}

/** Bump in [0, 1]: 1 at `centre`, 0 at distance `half` and beyond, square-root shaped. */
function envelope(x: number, centre: number, half: number): number {
  const u = (x - centre) / half;
  return u >= 1 || u <= -1 ? 0 : Math.sqrt(1 - u * u);
}

function ellipse(
  cx: number,
  cy: number,
  ax: number,
  ay: number,
  angleDeg: number,
  hu: number,
  tissue: number,
): Overlay {
  return {
    cx,
    cy,
    ax,
    ay,
    cos: detCos(angleDeg * RAD_PER_DEG),
    sin: detSin(angleDeg * RAD_PER_DEG),
    hu,
    tissue,
    // e2 > 4 (twice the semi-axis) is skipped below; the square holds that circle.
    reach: 2 * Math.max(ax, ay),
  };
}

/** Deep brain structures and skull-base bone at a relative level, in painting order. */
function overlaysAtLevel(
  p: PatientModel,
  level: number,
  semiLr: number,
  semiAp: number,
): Overlay[] {
  const s = p.sizeScale;
  const v = p.ventricleScale;
  const hu = p.hu;
  const out: Overlay[] = [];
  const add = (f: number, make: (f: number) => Overlay | Overlay[]): void => {
    if (f > 0.05) out.push(...([] as Overlay[]).concat(make(f)));
  };
  add(envelope(level, 0.95, 0.16), (f) => [
    ellipse(
      -16 * s,
      -8 * s,
      7 * s * f,
      13 * s * f,
      -10,
      hu.greyMatter,
      TISSUE.greyMatter,
    ),
    ellipse(16 * s, -8 * s, 7 * s * f, 13 * s * f, 10, hu.greyMatter, TISSUE.greyMatter),
  ]);
  add(envelope(level, 1.02, 0.13), (f) => [
    ellipse(-8 * s, 8 * s, 7 * s * f, 9 * s * f, 0, hu.greyMatter - 1, TISSUE.greyMatter),
    ellipse(8 * s, 8 * s, 7 * s * f, 9 * s * f, 0, hu.greyMatter - 1, TISSUE.greyMatter),
  ]);
  add(envelope(level, 0.72, 0.2), (f) => [
    ellipse(-(6 + 1.5 * v) * s, 2 * s, 3 * v * f, 20 * s * f, 8, hu.csf, TISSUE.csf),
    ellipse((6 + 1.5 * v) * s, 2 * s, 3 * v * f, 20 * s * f, -8, hu.csf, TISSUE.csf),
  ]);
  add(envelope(level, 0.9, 0.15), (f) => [
    ellipse(-9 * s, -20 * s, 4 * v * f, 9 * s * f, 25, hu.csf, TISSUE.csf),
    ellipse(9 * s, -20 * s, 4 * v * f, 9 * s * f, -25, hu.csf, TISSUE.csf),
    ellipse(-15 * s, 25 * s, 5 * v * f, 9 * s * f, -20, hu.csf, TISSUE.csf),
    ellipse(15 * s, 25 * s, 5 * v * f, 9 * s * f, 20, hu.csf, TISSUE.csf),
  ]);
  add(envelope(level, 1.02, 0.12), (f) => [
    ellipse(0, 0, 1.5 * v * f, 11 * s * f, 0, hu.csf, TISSUE.csf),
  ]);
  add(envelope(level, 1.35, 0.16), (f) => [
    ellipse(0, 12 * s, 12 * s * f, 11 * s * f, 0, hu.whiteMatter + 3, TISSUE.brainstem),
  ]);
  add(envelope(level, 1.38, 0.1), (f) => [
    ellipse(0, 24 * s, 5 * v * f, 3 * v * f, 0, hu.csf, TISSUE.csf),
  ]);
  add(envelope(level, 1.42, 0.2), (f) => [
    ellipse(
      -0.5 * semiLr,
      0.1 * semiAp,
      0.36 * semiLr,
      6 * s * f,
      -37,
      hu.skullBase,
      TISSUE.skullBase,
    ),
    ellipse(
      0.5 * semiLr,
      0.1 * semiAp,
      0.36 * semiLr,
      6 * s * f,
      37,
      hu.skullBase,
      TISSUE.skullBase,
    ),
    ellipse(-0.7 * semiLr, 0.28 * semiAp, 6 * s * f, 8 * s * f, 0, -900, TISSUE.air),
    ellipse(0.7 * semiLr, 0.28 * semiAp, 6 * s * f, 8 * s * f, 0, -900, TISSUE.air),
  ]);
  add(envelope(level, 1.42, 0.12), (f) => [
    ellipse(0, -2 * s, 7 * s * f, 9 * s * f, 0, hu.skullBase - 300, TISSUE.skullBase),
  ]);
  add(envelope(level, 1.38, 0.15), (f) => [
    ellipse(
      0,
      -22 * s,
      14 * s * f + 1.5,
      11 * s * f + 1.5,
      0,
      hu.skullBase - 200,
      TISSUE.skullBase,
    ),
    ellipse(0, -22 * s, 14 * s * f, 11 * s * f, 0, -950, TISSUE.air),
  ]);
  return out;
}

function gapLine(
  azimuthDeg: number,
  obliquityDeg: number,
  semiLr: number,
  semiAp: number,
  harmonics: readonly number[],
  reachMm: number,
  fields: Omit<GapLine, 'px' | 'py' | 'dx' | 'dy' | 'sMin' | 'sMax'>,
): GapLine {
  const sp = surfacePoint(azimuthDeg, semiLr, semiAp, harmonics);
  const c = detCos(obliquityDeg * RAD_PER_DEG);
  const s = detSin(obliquityDeg * RAD_PER_DEG);
  return {
    px: sp.x,
    py: sp.y,
    dx: c * sp.nx - s * sp.ny,
    dy: s * sp.nx + c * sp.ny,
    sMin: -12,
    sMax: reachMm,
    ...fields,
  };
}

/**
 * Distance from a point to a gap line's wavy centre line, or Infinity outside its reach.
 */
function gapDistance(g: GapLine, x: number, y: number): number {
  const rx = x - g.px;
  const ry = y - g.py;
  const s = rx * g.dx + ry * g.dy;
  if (s < g.sMin || s > g.sMax) return Infinity;
  let perp = rx * g.dy - ry * g.dx;
  if (g.zigAmpMm > 0) {
    const u = s / g.zigPeriodMm;
    perp -= g.zigAmpMm * (4 * Math.abs(u - Math.floor(u) - 0.5) - 1);
  }
  if (g.waveAmpMm > 0) perp -= g.waveAmpMm * detSin(g.waveFreq * s + g.wavePhase);
  return Math.abs(perp);
}

/**
 * Renders one slice of a patient in Hounsfield units, without noise: scalp, skull tables
 * and diploe, sutures, CSF, cortex with a gyral pattern, white matter, ventricles and
 * deep nuclei, skull-base bone, the head rest, and the patient's fracture where it
 * crosses the slice.
 *
 * Partial volume: every boundary is a linear ramp over the width of a box combining the
 * pixel size, a 0.4 mm in-plane point spread and the through-plane movement of the
 * surface within the slice thickness, which is the fraction of the pixel each tissue
 * covers for a straight edge.
 *
 * @param patient - the patient model
 * @param geometry - the slice geometry (from `sliceGeometry`)
 * @param withTissueMap - also fill the tissue map (default true)
 * @returns HU per pixel and, when asked for, the dominant tissue per pixel
 */
export function renderSliceHu(
  patient: PatientModel,
  geometry: SliceGeometry,
  withTissueMap = true,
): RenderedSlice {
  const { width, height, columnSpacingMm, rowSpacingMm, cosTilt, sinTilt } = geometry;
  const hu = new Float32Array(width * height);
  const tissue = withTissueMap ? new Uint8Array(width * height) : null;
  const shape = levelShape(patient, geometry.levelMm);
  const tissueHu = patient.hu;
  const pixelMm = Math.max(columnSpacingMm, rowSpacingMm);
  const blurMm = Math.sqrt(
    pixelMm * pixelMm + 0.16 + shape.throughPlaneBlurMm * shape.throughPlaneBlurMm,
  );
  const invBlur = 1 / blurMm;
  const semiLr = shape.semiAxisLrMm;
  const semiAp = shape.semiAxisApMm;
  const level = shape.relativeLevel;
  const obl = shape.obliquity;
  const harm = patient.shapeHarmonics;
  const key = patient.textureKey | 0;
  // Inlined thicknessFactor (see skull-outline.ts): the same arithmetic, in the same
  // order.
  const th0 = patient.thicknessHarmonics[0];
  const th1 = patient.thicknessHarmonics[1];
  const th2 = patient.thicknessHarmonics[2];
  const temporalThinning = Math.min(1, Math.max(0, (level - 0.8) / 0.6)) * 0.35;
  const occipitalThickening = Math.min(1, Math.max(0, (level - 1.0) / 0.4)) * 0.8;
  const z = geometry.levelMm;
  const temporalLevel = Math.min(1, Math.max(0, (level - 0.35) / 0.4));

  // Head rest: a shell and a foam pad on a circle around the head centre, posterior side,
  // fixed in the scanner (the head tilts inside it).
  const restInner = patient.skullSemiAxisApMm + patient.scalpMm + patient.headRestPadMm;
  const restPadInner = restInner - patient.headRestPadMm;
  const restOuter = restInner + patient.headRestShellMm;

  // Fracture and sutures on this slice.
  const sliceFracture = fractureOnSlice(patient, geometry.sliceIndex);
  const gaps: GapLine[] = [];
  const boneReachMm =
    (patient.outerTableMm + patient.diploeMm + patient.innerTableMm) * 1.4 * obl + 3;
  if (semiLr > 1) {
    for (const a of sutureAzimuthsDeg(patient, level)) {
      gaps.push(
        gapLine(a, 0, semiLr, semiAp, harm, boneReachMm, {
          halfWidthMm: patient.sutureWidthMm / 2,
          lucency: 0.75,
          zigAmpMm: 0.7,
          zigPeriodMm: 2.2,
          waveAmpMm: 0,
          waveFreq: 0,
          wavePhase: 0,
          fillHu: tissueHu.skin,
        }),
      );
    }
  }
  let depressed: {
    cos: number;
    sin: number;
    depthMm: number;
    halfArcMm: number;
    halfGapMm: number;
    hinge: number;
  } | null = null;
  const fracture = patient.fracture;
  if (sliceFracture !== null && fracture !== null && semiLr > 1) {
    if (fracture.kind === 'linear') {
      const reach =
        boneReachMm / Math.max(0.3, detCos(fracture.obliquityDeg * RAD_PER_DEG));
      gaps.push(
        gapLine(
          sliceFracture.azimuthDeg,
          fracture.obliquityDeg,
          semiLr,
          semiAp,
          harm,
          reach,
          {
            halfWidthMm: fracture.widthMm / 2,
            lucency: fracture.lucency,
            zigAmpMm: 0,
            zigPeriodMm: 1,
            waveAmpMm: fracture.waveAmplitudeMm,
            waveFreq: 6.283185307179586 / fracture.wavePeriodMm,
            wavePhase: fracture.wavePhaseRad,
            fillHu: tissueHu.fractureFill,
          },
        ),
      );
    } else {
      depressed = {
        cos: detCos(sliceFracture.azimuthDeg * RAD_PER_DEG),
        sin: detSin(sliceFracture.azimuthDeg * RAD_PER_DEG),
        depthMm: sliceFracture.depthMm,
        halfArcMm: sliceFracture.halfArcMm,
        halfGapMm: sliceFracture.gapWidthMm / 2,
        hinge: fracture.hinge,
      };
    }
  }
  const overlays = semiLr > 1 ? overlaysAtLevel(patient, level, semiLr, semiAp) : [];

  // Scalp haematoma on this slice: a lens that tapers towards its first and last slices.
  const haem = patient.scalpHaematoma;
  let haemMm = 0;
  let haemSin = 0;
  let haemCos = 1;
  let haemInvHalf = 0;
  if (
    haem !== null &&
    geometry.sliceIndex >= haem.firstSlice &&
    geometry.sliceIndex <= haem.lastSlice
  ) {
    const mid = (haem.firstSlice + haem.lastSlice) / 2;
    const u = (geometry.sliceIndex - mid) / ((haem.lastSlice - haem.firstSlice) / 2 + 1);
    haemMm = haem.thicknessMm * Math.max(0, 1 - u * u) * obl;
    haemSin = detSin(haem.azimuthDeg * RAD_PER_DEG);
    haemCos = detCos(haem.azimuthDeg * RAD_PER_DEG);
    haemInvHalf = 1 / haem.halfLengthMm;
  }

  // Beyond this normalised radius a pixel is surely outside the scalp.
  const minSemi = Math.max(1e-6, Math.min(semiLr, semiAp));
  const scalpMax =
    (patient.scalpMm + patient.temporalMuscleMm) * obl + haemMm + 2 * blurMm + 2;
  const rhoOut = semiLr > 1 ? 1.1 + scalpMax / minSemi : 0;
  const rhoOut2 = rhoOut * rhoOut;

  // Texture fields of this plane (head frame, so they move with the head).
  const planeHalfMm =
    Math.max(patient.skullSemiAxisApMm, patient.skullSemiAxisLrMm) * 1.1 + scalpMax + 2;
  const boneTexture = noisePlane(z, 1.3, key, planeHalfMm);
  const gyri = noisePlane(z, 7, key ^ 0x5bd1e995, planeHalfMm);
  const restPadInner2 = (restPadInner - blurMm) * (restPadInner - blurMm);
  const restOuter2 = (restOuter + blurMm) * (restOuter + blurMm);

  const x0 = geometry.imagePositionMm[0] - patient.centreXMm;
  const y0 = geometry.imagePositionMm[1] - patient.centreYMm;
  for (let row = 0; row < height; row++) {
    const ys = y0 + row * rowSpacingMm;
    let i = row * width;
    for (let col = 0; col < width; col++, i++) {
      const xs = x0 + col * columnSpacingMm;
      const X = cosTilt * xs + sinTilt * ys;
      const Y = -sinTilt * xs + cosTilt * ys;
      const ex = semiLr > 1 ? X / semiLr : Infinity;
      const ey = semiLr > 1 ? Y / semiAp : Infinity;
      const rho2 = ex * ex + ey * ey;

      // Background: air or the head rest.
      let bg = -1000;
      let bgTissue: number = TISSUE.air;
      const needBg = rho2 > 0.5;
      const rr2 = xs * xs + ys * ys;
      if (needBg && ys > 0 && rr2 > restPadInner2 && rr2 < restOuter2) {
        const rr = Math.sqrt(rr2);
        if (ys > 0.45 * rr) {
          const tPad =
            ramp((rr - restPadInner) * invBlur) * ramp((ys - 0.6 * rr) * invBlur);
          const tShell =
            ramp((rr - restInner) * invBlur) * ramp((restOuter - rr) * invBlur);
          bg = -1000 + (tissueHu.headRestPad + 1000) * tPad * (1 - tShell) + 0;
          bg = bg * (1 - tShell) + tissueHu.headRestShell * tShell;
          if (tShell > 0.5) bgTissue = TISSUE.headRestShell;
          else if (tPad > 0.5) bgTissue = TISSUE.headRestPad;
        }
      }
      if (rho2 > rhoOut2) {
        hu[i] = bg;
        if (tissue !== null) tissue[i] = bgTissue;
        continue;
      }

      // Position relative to the skull outline.
      const rho = Math.sqrt(rho2);
      const r = Math.sqrt(X * X + Y * Y);
      const sinA = rho > 0 ? ex / rho : 0;
      const cosA = rho > 0 ? -ey / rho : 1;
      const outline = outlineFactor(cosA, sinA, harm);
      const rayMm = rho > 1e-9 ? r / rho : minSemi;
      const d = (outline - rho) * rayMm;
      let thick = 1 + th0 * cosA + th1 * sinA + th2 * (cosA * cosA - sinA * sinA);
      thick *= 1 - temporalThinning * sinA * sinA;
      if (cosA < 0) thick *= 1 - occipitalThickening * cosA;
      const outerT = patient.outerTableMm * thick * obl;
      const diploeT = patient.diploeMm * thick * obl;
      const innerT = patient.innerTableMm * thick * obl;
      const boneT = outerT + diploeT + innerT;

      // Depressed fracture: displacement of the segment and lucent lines at its edges.
      let shift = 0;
      let edgeGap = 0;
      let inSegment = false;
      if (depressed !== null) {
        const dot = cosA * depressed.cos + sinA * depressed.sin;
        if (dot > 0.5) {
          const cross = sinA * depressed.cos - cosA * depressed.sin;
          const arcMm = detAtan2(cross, dot) * rayMm * outline;
          const fromEdge = depressed.halfArcMm - Math.abs(arcMm);
          if (fromEdge > 0) {
            inSegment = true;
            shift =
              depressed.depthMm *
              (1 + 0.5 * depressed.hinge * (arcMm / depressed.halfArcMm));
          }
          edgeGap = ramp((depressed.halfGapMm - Math.abs(fromEdge)) * invBlur);
        }
      }
      const dBone = d - shift;

      // Bone: outer table, diploe, inner table, with texture.
      const boneW = ramp(dBone * invBlur) * ramp((boneT - dBone) * invBlur);
      let boneHu = 0;
      let gap = edgeGap;
      let gapFill = tissueHu.fractureFill;
      let boneTissue: number = TISSUE.outerTable;
      if (boneW > 0) {
        const n = boneTexture.at(X, Y);
        const tex = 2 * n - 1;
        const tDiploe = ramp((dBone - outerT) * invBlur);
        const tInner = ramp((dBone - outerT - diploeT) * invBlur);
        boneHu = tissueHu.outerTable + 60 * tex;
        boneHu += (tissueHu.diploe + 100 * tex - boneHu) * tDiploe;
        boneHu += (tissueHu.innerTable + 60 * tex - boneHu) * tInner;
        boneTissue =
          tInner > 0.5
            ? TISSUE.innerTable
            : tDiploe > 0.5
              ? TISSUE.diploe
              : TISSUE.outerTable;
        for (let k = 0; k < gaps.length; k++) {
          const g = gaps[k];
          const dist = gapDistance(g, X, Y);
          if (dist === Infinity) continue;
          const t = g.lucency * ramp((g.halfWidthMm - dist) * invBlur);
          if (t > gap) {
            gap = t;
            gapFill = g.fillHu;
          }
        }
        boneHu += (gapFill - boneHu) * gap;
      }

      // Soft tissue: scalp outside the bone, brain inside.
      let softHu: number;
      let softTissue: number;
      if (dBone < boneT / 2) {
        if (inSegment && d >= 0) {
          softHu = tissueHu.fractureFill;
          softTissue = TISSUE.swelling;
        } else {
          let e = -d;
          let haemHu = 0;
          let tHaem = 0;
          if (haemMm > 0) {
            // Chord between the two directions times the radius: the distance along the
            // scalp.
            const cs = sinA - haemSin;
            const cc = cosA - haemCos;
            const along = Math.sqrt(cs * cs + cc * cc) * rayMm * outline * haemInvHalf;
            if (along < 1) {
              const lens = 1 - along * along;
              const extra = haemMm * lens * lens;
              tHaem = ramp((extra - e) * invBlur);
              haemHu = tissueHu.fractureFill;
              e -= extra;
            }
          }
          // Temporal muscle: over the temples, anterior half, smoothly fading at its
          // edges.
          const side = Math.min(1, Math.max(0, (Math.abs(sinA) - 0.45) / 0.5));
          const front = Math.min(1, Math.max(0, (cosA + 0.45) / 0.6));
          const temporal =
            patient.temporalMuscleMm *
            temporalLevel *
            side *
            side *
            (3 - 2 * side) *
            front;
          const galea = (1 + temporal) * obl;
          const scalp = (patient.scalpMm + temporal) * obl;
          const skinStart = scalp - 1.5 * obl;
          const tFat = ramp((e - galea) * invBlur);
          const tSkin = ramp((e - skinStart) * invBlur);
          const tAir = ramp((e - scalp) * invBlur);
          softHu = temporal > 0.5 ? tissueHu.muscle : tissueHu.skin;
          softHu += (tissueHu.fat - softHu) * tFat;
          softHu += (tissueHu.skin - softHu) * tSkin;
          softHu += (bg - softHu) * tAir;
          if (tHaem > 0) softHu += (haemHu - softHu) * tHaem;
          softTissue =
            tHaem > 0.5
              ? TISSUE.swelling
              : tAir > 0.5
                ? bgTissue
                : tSkin > 0.5
                  ? TISSUE.skin
                  : tFat > 0.5
                    ? TISSUE.fat
                    : temporal > 0.5
                      ? TISSUE.muscle
                      : TISSUE.skin;
        }
      } else {
        const q = dBone - boneT;
        const sub = patient.subarachnoidMm * obl;
        const cortex = sub + patient.cortexMm * obl;
        let csfEdge = sub;
        let greyEdge = cortex;
        if (q < cortex + 14) {
          const n = gyri.at(X, Y);
          const sulcusMm = Math.abs(n - 0.5) * 7 * 1.6;
          csfEdge += 12 * Math.max(0, 1 - sulcusMm / 0.9);
          greyEdge += 12 * Math.min(1, Math.max(0, 1 - (sulcusMm - 0.9) / 3));
        }
        const tGrey = ramp((q - csfEdge) * invBlur);
        const tWhite = ramp((q - greyEdge) * invBlur);
        softHu = tissueHu.csf;
        softHu += (tissueHu.greyMatter - softHu) * tGrey;
        softHu += (tissueHu.whiteMatter - softHu) * tWhite;
        softTissue =
          tWhite > 0.5
            ? TISSUE.whiteMatter
            : tGrey > 0.5
              ? TISSUE.greyMatter
              : TISSUE.csf;
        if (level < 1.0 && q > sub) {
          const ax = Math.abs(X);
          if (ax < 1.2 + blurMm && q < 28) {
            const tFissure = ramp((1.0 - ax) * invBlur);
            softHu += (tissueHu.csf - softHu) * tFissure;
            const tFalx = 0.7 * ramp((0.25 - ax) * invBlur);
            softHu += (55 - softHu) * tFalx;
            if (tFalx > 0.05) softTissue = TISSUE.falx;
            else if (tFissure > 0.5) softTissue = TISSUE.csf;
          }
        }
        for (let k = 0; k < overlays.length; k++) {
          const o = overlays[k];
          const dx = X - o.cx;
          const dy = Y - o.cy;
          if (dx > o.reach || dx < -o.reach || dy > o.reach || dy < -o.reach) continue;
          const u = (o.cos * dx + o.sin * dy) / o.ax;
          const w = (-o.sin * dx + o.cos * dy) / o.ay;
          const e2 = u * u + w * w;
          if (e2 > 4) continue;
          const edgeMm = (Math.sqrt(e2) - 1) * Math.min(o.ax, o.ay);
          const t = ramp(-edgeMm * invBlur);
          if (t > 0) {
            softHu += (o.hu - softHu) * t;
            if (t > 0.5) softTissue = o.tissue;
          }
        }
      }

      hu[i] = softHu + (boneHu - softHu) * boneW;
      if (tissue !== null) {
        tissue[i] =
          boneW > 0.5 ? (gap > 0.02 ? TISSUE.fractureGap : boneTissue) : softTissue;
      }
    }
  }
  return { hu, tissue };
}
