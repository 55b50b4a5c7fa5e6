/**
 * The method's split of labelled slices by patient, 50/20/30 (train/validation/test), made
 * before anything is learnt, with a cross-check that no patient lies in two parts: slices of
 * one patient in both training and test would score the model's memory of the patient.
 */
import { trainValTestSplitByGroup, type TrainValTestSplit } from '@calvaria/classifiers';
import type { LabelledSlice } from './cohort.js';

/** The patients of each part. */
export interface PatientsByPart {
  readonly train: string[];
  readonly val: string[];
  readonly test: string[];
}

/** What {@link splitByPatient} made. */
export interface PatientSplit {
  /** Row indices (into the slices) of each part, ascending. */
  readonly parts: TrainValTestSplit;
  /** The patients of each part, in order of first slice. */
  readonly patients: PatientsByPart;
}

/**
 * Splits slices by patient, stratified by label, 50/20/30.
 * @param slices - The labelled slices.
 * @param seed - Seed of the split.
 * @returns The rows and the patients of each part.
 * @throws Error when a patient ends up in two parts (a split bug, never expected).
 */
export function splitByPatient(
  slices: readonly LabelledSlice[],
  seed: number,
): PatientSplit {
  const labels = slices.map((s) => s.label);
  const patientIds = slices.map((s) => s.patientId);
  const parts = trainValTestSplitByGroup(labels, patientIds, {
    fractions: [0.5, 0.2, 0.3],
    seed,
  });

  const patientsOf = (rows: Int32Array) => [
    ...new Set(Array.from(rows, (r) => patientIds[r])),
  ];
  const patients: PatientsByPart = {
    train: patientsOf(parts.train),
    val: patientsOf(parts.val),
    test: patientsOf(parts.test),
  };
  const seen = new Map<string, string>();
  for (const [part, ids] of Object.entries(patients)) {
    for (const id of ids) {
      if (seen.has(id))
        throw new Error(`Patient ${id} is in ${seen.get(id)} and ${part}.`);
      seen.set(id, part);
    }
  }
  return { parts, patients };
}
