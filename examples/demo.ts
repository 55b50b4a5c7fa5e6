// The main job, for now: the metric table of the method (examples/00-metrics.ts). This file
// will become the full pipeline (phantom cohort -> DICOM -> features -> classifier -> metrics).
import './00-metrics.js';
