#!/usr/bin/python3
"""scikit-learn side of `pnpm bench:metrics`: reads the data that bench/metrics/run.ts wrote,
then times each metric it is asked for on stdin (best of REPEATS runs after one warm-up)."""

import json
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn import metrics as M

warnings.filterwarnings("ignore")

folder, n, k, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])

y_true = np.fromfile(f"{folder}/y-true.i32", dtype=np.int32).astype(np.int64)
y_pred = np.fromfile(f"{folder}/y-pred.i32", dtype=np.int32).astype(np.int64)
proba = np.fromfile(f"{folder}/proba.f64", dtype=np.float64).reshape(n, k)
onehot_true = np.eye(k, dtype=np.int64)[y_true]
onehot_pred = np.eye(k, dtype=np.int64)[y_pred]
binary_true = (y_true == 0).astype(np.int64)
binary_score = proba[:, 0].copy()

suite = {
    "confusionMatrix": lambda: M.confusion_matrix(y_true, y_pred),
    "accuracyScore": lambda: M.accuracy_score(y_true, y_pred),
    "accuracyScore (one-hot)": lambda: M.accuracy_score(onehot_true, onehot_pred),
    "precisionRecallFscoreSupport (per class)": lambda: M.precision_recall_fscore_support(
        y_true, y_pred, zero_division=0)[2],
    "precisionScore (macro)": lambda: M.precision_score(y_true, y_pred, average="macro"),
    "recallScore (macro)": lambda: M.recall_score(y_true, y_pred, average="macro"),
    "f1Score (macro)": lambda: M.f1_score(y_true, y_pred, average="macro"),
    "f1Score (weighted)": lambda: M.f1_score(y_true, y_pred, average="weighted"),
    "f1Score (micro)": lambda: M.f1_score(y_true, y_pred, average="micro"),
    "f1Score (one-hot, samples)": lambda: M.f1_score(onehot_true, onehot_pred, average="samples"),
    "fbetaScore (beta 2, macro)": lambda: M.fbeta_score(y_true, y_pred, beta=2, average="macro"),
    "balancedAccuracyScore": lambda: M.balanced_accuracy_score(y_true, y_pred),
    "hammingLoss": lambda: M.hamming_loss(y_true, y_pred),
    "hammingLoss (one-hot)": lambda: M.hamming_loss(onehot_true, onehot_pred),
    "hammingScore (one-hot)": lambda: M.jaccard_score(
        onehot_true, onehot_pred, average="samples", zero_division=1),
    "jaccardScore (macro)": lambda: M.jaccard_score(y_true, y_pred, average="macro"),
    "cohenKappaScore (quadratic)": lambda: M.cohen_kappa_score(y_true, y_pred, weights="quadratic"),
    "matthewsCorrcoef": lambda: M.matthews_corrcoef(y_true, y_pred),
    "logLoss": lambda: M.log_loss(y_true, proba, eps=np.finfo(np.float64).eps),
    "logLoss (one-hot, eps 1e-15)": lambda: M.log_loss(
        onehot_true, onehot_pred.astype(np.float64), eps=1e-15),
    "rocAucScore (binary)": lambda: M.roc_auc_score(binary_true, binary_score),
    "rocCurve": lambda: len(M.roc_curve(binary_true, binary_score)[0]),
    "rocAucScore (ovr, macro)": lambda: M.roc_auc_score(y_true, proba, multi_class="ovr"),
    "rocAucScore (ovr, weighted)": lambda: M.roc_auc_score(
        y_true, proba, multi_class="ovr", average="weighted"),
    "rocAucScore (ovr, micro)": lambda: M.roc_auc_score(
        y_true, proba, multi_class="ovr", average="micro"),
    "rocAucScore (ovo, macro)": lambda: M.roc_auc_score(y_true, proba, multi_class="ovo"),
    "classificationReport": lambda: M.classification_report(y_true, y_pred, digits=4),
}


def run(name):
    fn = suite[name]
    value = fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    if not isinstance(value, str):
        value = np.asarray(value, dtype=float).ravel().tolist() if np.ndim(value) > 0 else float(value)
    return {"name": name, "seconds": float(np.min(times)), "value": value}


# Protocol: one line "ready <version>" once the data is loaded; then, for each metric name read
# on stdin, one JSON line with its timing. run.ts alternates its own timing with these
# requests, so both sides are timed under the same load of the shared machine.
print(f"ready {sklearn.__version__}", flush=True)
for line in sys.stdin:
    name = line.strip()
    if name == "quit":
        break
    print(json.dumps(run(name)), flush=True)
