#!/usr/bin/python3
"""Writes packages/metrics/test/fixtures/metrics-golden.json: reference values for
@calvaria/metrics, computed with Debian's scikit-learn (run with /usr/bin/python3).

Where the installed scikit-learn (1.2.1) and the current one (1.5 and later) differ, the
fixture holds the CURRENT behaviour, which @calvaria/metrics implements, and each such case
names how its value was produced (`source`):

- "sklearn": the value scikit-learn 1.2.1 returns, unchanged in current versions.
- "numpy-current": a NumPy transcription, in this script, of the current scikit-learn formula,
  used for (a) zero_division=NaN (added in 1.3), (b) the weighted average when every class has
  zero support (1.3+ returns the unweighted mean, 1.2.1 special-cased it), (c) log loss with
  the default float64-epsilon clipping and no row renormalisation (1.5+; 1.2.1 clipped at
  1e-15 and renormalised). Wherever 1.2.1 is defined for the same input the script asserts
  that the transcription agrees with it to 1e-12, so the transcription is itself checked.
- "sklearn-legacy": log loss with eps=1e-15, the 1.2.1 code path (`eps: 1e-15` option).
- "sklearn+inf-threshold": roc_curve, with the first threshold set to inf as 1.3+ returns
  (1.2.1 returns max(score) + 1 there).
"""

import json
import math
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn import metrics as M
from scipy.special import xlogy

warnings.filterwarnings("ignore")

OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..",
    "..",
    "packages",
    "metrics",
    "test",
    "fixtures",
    "metrics-golden.json",
)


def enc(v):
    """JSON-safe value: NaN and infinities as strings, arrays as lists."""
    if isinstance(v, dict):
        return {k: enc(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, np.ndarray):
        return [enc(x) for x in v.tolist()]
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isnan(f):
            return "NaN"
        if math.isinf(f):
            return "Infinity" if f > 0 else "-Infinity"
        return f
    if isinstance(v, (np.str_,)):
        return str(v)
    return v


def close(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-12, atol=1e-300, equal_nan=True)


# ---------------------------------------------------------------- data sets
rng = np.random.default_rng(20260101)
datasets = {}


def add(name, y_true, y_pred, **extra):
    datasets[name] = dict(yTrue=y_true, yPred=y_pred, **extra)


def noisy(y, classes, p_wrong):
    out = list(y)
    for i in range(len(out)):
        if rng.random() < p_wrong:
            out[i] = classes[rng.integers(len(classes))]
    return out


for seed in range(4):
    n = 40 + 10 * seed
    t = rng.integers(0, 3, n).tolist()
    add(f"multiclass-{seed}", t, noisy(t, [0, 1, 2], 0.5))
for seed in range(3):
    n = 30 + 7 * seed
    t = rng.integers(0, 2, n).tolist()
    add(f"binary-{seed}", t, noisy(t, [0, 1], 0.4))
t = rng.integers(0, 5, 60).tolist()
add("multiclass-5-classes", t, noisy(t, [0, 1, 2, 3, 4], 0.6))
names = ["depressed", "linear", "not fractured"]
t = [names[i] for i in rng.integers(0, 3, 45)]
add("strings-3", t, noisy(t, names, 0.45))
t = [["neg", "pos"][i] for i in rng.integers(0, 2, 35)]
add("strings-binary", t, noisy(t, ["neg", "pos"], 0.3))
t = rng.integers(0, 3, 30).tolist()
add("absent-in-pred", t, [x if x != 2 else 0 for x in noisy(t, [0, 1], 0.3)])
t = rng.integers(0, 2, 30).tolist()
add("absent-in-true", t, noisy(t, [0, 1, 2], 0.5))
t = rng.integers(0, 3, 25).tolist()
add("perfect", t, list(t))
add("all-wrong", t, [(x + 1) % 3 for x in t])
add("single-sample", [1], [1])
add("single-sample-wrong", [2], [0])
add("negative-labels", [-1, 1, 1, -1, 1, -1, -1, 1], [-1, 1, -1, -1, 1, 1, -1, 1])
add("sparse-labels", [10, 3, 7, 10, 3, 7, 7], [10, 7, 7, 3, 3, 10, 7])

# label-indicator matrices
yt = (rng.random((30, 4)) < 0.4).astype(int)
yp = np.where(rng.random((30, 4)) < 0.3, 1 - yt, yt)
add("indicator-4", yt.tolist(), yp.tolist())
yt = (rng.random((20, 3)) < 0.3).astype(int)
yt[0] = 0  # a sample with no true label
yp = np.where(rng.random((20, 3)) < 0.3, 1 - yt, yt)
yp[0] = 0  # ... and no predicted label: both empty
yp[:, 2] = 0  # a label never predicted
add("indicator-empty-rows", yt.tolist(), yp.tolist())
k = rng.integers(0, 3, 40)
kp = np.array(noisy(k.tolist(), [0, 1, 2], 0.5))
add("one-hot-3", np.eye(3, dtype=int)[k].tolist(), np.eye(3, dtype=int)[kp].tolist())

label_sets = [n for n, d in datasets.items() if not isinstance(d["yTrue"][0], list)]
indicator_sets = [n for n, d in datasets.items() if isinstance(d["yTrue"][0], list)]


def arr(y):
    return np.array(y)


def kind(d):
    if isinstance(d["yTrue"][0], list):
        return "multilabel"
    return "binary" if len(set(d["yTrue"]) | set(d["yPred"])) <= 2 else "multiclass"


# ------------------------------------------------ current formulas (NumPy transcription)
def nanaverage(a, weights=None):
    a = np.asarray(a, dtype=float)
    if a.shape[0] == 0:
        return math.nan
    mask = np.isnan(a)
    if mask.all():
        return math.nan
    if weights is None:
        return float(np.nanmean(a))
    w = np.asarray(weights, dtype=float)[~mask]
    if w.sum() == 0:
        return float(np.average(a[~mask]))
    return float(np.average(a[~mask], weights=w))


def prf_divide(num, den, zd):
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    out = np.empty_like(num)
    mask = den == 0
    out[~mask] = num[~mask] / den[~mask]
    out[mask] = zd
    return out


def set_wise_labels(d, average, labels, pos_label):
    if average == "binary":
        return [pos_label]
    return labels


def prfs_current(d, average, labels, pos_label, beta, zd):
    yt, yp = arr(d["yTrue"]), arr(d["yPred"])
    labels = set_wise_labels(d, average, labels, pos_label)
    mcm = M.multilabel_confusion_matrix(
        yt, yp, labels=labels, samplewise=(average == "samples")
    )
    tp = mcm[:, 1, 1].astype(float)
    pred = tp + mcm[:, 0, 1]
    true = tp + mcm[:, 1, 0]
    if average == "micro":
        tp, pred, true = np.array([tp.sum()]), np.array([pred.sum()]), np.array([true.sum()])
    p = prf_divide(tp, pred, zd)
    r = prf_divide(tp, true, zd)
    if math.isinf(beta):
        f = r
    elif beta == 0:
        f = p
    else:
        b2 = beta * beta
        f = prf_divide((1 + b2) * tp, b2 * true + pred, zd)
    if average is None:
        return dict(precision=p, recall=r, fScore=f, support=true)
    w = true if average == "weighted" else None
    return dict(precision=nanaverage(p, w), recall=nanaverage(r, w), fScore=nanaverage(f, w), support=None)


def jaccard_current(d, average, labels, pos_label, zd):
    yt, yp = arr(d["yTrue"]), arr(d["yPred"])
    labels = set_wise_labels(d, average, labels, pos_label)
    mcm = M.multilabel_confusion_matrix(
        yt, yp, labels=labels, samplewise=(average == "samples")
    )
    num = mcm[:, 1, 1].astype(float)
    den = (mcm[:, 1, 1] + mcm[:, 0, 1] + mcm[:, 1, 0]).astype(float)
    if average == "micro":
        num, den = np.array([num.sum()]), np.array([den.sum()])
    j = prf_divide(num, den, zd)
    if average is None:
        return j
    w = None
    if average == "weighted":
        w = mcm[:, 1, 0] + mcm[:, 1, 1]
        if not np.any(w):
            w = None
    return float(np.average(j, weights=w))


# ---------------------------------------------------------------- cases
cases = []


def case(fn, data, options, expected, source="sklearn", **inputs):
    cases.append(
        dict(id=f"{fn} #{len(cases)} {data}", fn=fn, data=data, options=enc(options),
             expected=enc(expected), source=source, **inputs)
    )


ZDS = [0, 1, math.nan]


def sk_zd(zd):
    return None if isinstance(zd, float) and math.isnan(zd) else zd


def prf_scalar(name, res):
    return res[name]


for name in label_sets:
    d = datasets[name]
    yt, yp = arr(d["yTrue"]), arr(d["yPred"])
    present = sorted(set(d["yTrue"]) | set(d["yPred"]))
    kd = kind(d)

    # confusion matrix
    case("confusionMatrix", name, {}, M.confusion_matrix(yt, yp))
    for norm in ["true", "pred", "all"]:
        case("confusionMatrix", name, {"normalize": norm}, M.confusion_matrix(yt, yp, normalize=norm))
    if len(present) >= 2:
        rev = list(reversed(present))
        case("confusionMatrix", name, {"labels": rev}, M.confusion_matrix(yt, yp, labels=rev))
    # accuracy
    case("accuracyScore", name, {}, M.accuracy_score(yt, yp))
    case("accuracyScore", name, {"normalize": False}, float(M.accuracy_score(yt, yp, normalize=False)))
    # prfs
    averages = [None, "micro", "macro", "weighted"]
    pos = None
    if kd == "binary":
        pos = "pos" if name == "strings-binary" else 1
        if pos in present or len(present) < 2:
            averages.append("binary")
    for average in averages:
        for zd in ZDS:
            for beta in ([1.0, 0.5, 2.0] if zd == 0 else [1.0]):
                opts = {"average": average, "zeroDivision": zd, "beta": beta}
                if average == "binary":
                    opts["posLabel"] = pos
                cur = prfs_current(d, average, None, pos if pos is not None else 1, beta, zd)
                source = "numpy-current"
                if sk_zd(zd) is not None:
                    ref = M.precision_recall_fscore_support(
                        yt, yp, average=average, beta=beta, zero_division=zd,
                        **({"pos_label": pos} if average == "binary" else {}))
                    # label vectors always have support > 0, so 1.2.1 and current agree
                    for k2, v in zip(["precision", "recall", "fScore"], ref[:3]):
                        assert close(cur[k2], v), (name, opts, k2, cur[k2], v)
                    source = "sklearn"
                if average is None:
                    cur["labels"] = present
                case("precisionRecallFscoreSupport", name, opts, cur, source)
                if beta == 1.0 and average is not None:
                    for fn, key in [("precisionScore", "precision"), ("recallScore", "recall"), ("f1Score", "fScore")]:
                        o = {k3: v3 for k3, v3 in opts.items() if k3 != "beta"}
                        case(fn, name, o, cur[key], source)
                if beta != 1.0 and average is not None:
                    case("fbetaScore", name, opts, cur["fScore"], source)
    # restricted / reordered labels
    if len(present) >= 3:
        sub = [present[-1], present[0]]
        for average in [None, "micro", "macro"]:
            cur = prfs_current(d, average, sub, 1, 1.0, 0)
            ref = M.precision_recall_fscore_support(yt, yp, labels=sub, average=average, zero_division=0)
            for k2, v in zip(["precision", "recall", "fScore"], ref[:3]):
                assert close(cur[k2], v)
            if average is None:
                cur["labels"] = sub
            case("precisionRecallFscoreSupport", name, {"labels": sub, "average": average}, cur)
    # balanced accuracy
    for adjusted in [False, True]:
        case("balancedAccuracyScore", name, {"adjusted": adjusted}, M.balanced_accuracy_score(yt, yp, adjusted=adjusted))
    case("hammingLoss", name, {}, M.hamming_loss(yt, yp))
    case("hammingScore", name, {}, M.accuracy_score(yt, yp))
    # jaccard
    for average in [a for a in averages]:
        for zd in ZDS:
            opts = {"average": average, "zeroDivision": zd}
            if average == "binary":
                opts["posLabel"] = pos
            cur = jaccard_current(d, average, None, pos if pos is not None else 1, zd)
            source = "numpy-current"
            if sk_zd(zd) is not None:
                ref = M.jaccard_score(yt, yp, average=average, zero_division=zd,
                                      **({"pos_label": pos} if average == "binary" else {}))
                assert close(cur, ref), (name, opts, cur, ref)
                source = "sklearn"
            case("jaccardScore", name, opts, cur, source)
    # kappa, mcc
    for weights in [None, "linear", "quadratic"]:
        case("cohenKappaScore", name, {"weights": weights}, M.cohen_kappa_score(yt, yp, weights=weights))
    case("matthewsCorrcoef", name, {}, M.matthews_corrcoef(yt, yp))
    # classification report
    for digits in [2, 4]:
        for zd in [0, 1]:
            text = M.classification_report(yt, yp, digits=digits, zero_division=zd)
            dic = M.classification_report(yt, yp, digits=digits, zero_division=zd, output_dict=True)
            case("classificationReport", name, {"digits": digits, "zeroDivision": zd},
                 {"text": text, "dict": dic})
    if len(present) >= 3:
        sub = present[:2]
        tn = [f"class {x}" for x in sub]
        text = M.classification_report(yt, yp, labels=sub, target_names=tn, zero_division=0)
        dic = M.classification_report(yt, yp, labels=sub, target_names=tn, zero_division=0, output_dict=True)
        case("classificationReport", name, {"labels": sub, "targetNames": tn}, {"text": text, "dict": dic})

for name in indicator_sets:
    d = datasets[name]
    yt, yp = arr(d["yTrue"]), arr(d["yPred"])
    case("accuracyScore", name, {}, M.accuracy_score(yt, yp))
    case("hammingLoss", name, {}, M.hamming_loss(yt, yp))
    case("hammingScore", name, {}, M.jaccard_score(yt, yp, average="samples", zero_division=1))
    for average in [None, "micro", "macro", "weighted", "samples"]:
        for zd in ZDS:
            cur = prfs_current(d, average, None, 1, 1.0, zd)
            source = "numpy-current"
            if sk_zd(zd) is not None:
                ref = M.precision_recall_fscore_support(yt, yp, average=average, zero_division=zd)
                for k2, v in zip(["precision", "recall", "fScore"], ref[:3]):
                    assert close(cur[k2], v), (name, average, zd, k2)
                source = "sklearn"
            if average is None:
                cur["labels"] = list(range(yt.shape[1]))
            case("precisionRecallFscoreSupport", name, {"average": average, "zeroDivision": zd}, cur, source)
            if average is not None:
                case("f1Score", name, {"average": average, "zeroDivision": zd}, cur["fScore"], source)
            jc = jaccard_current(d, average, None, 1, zd)
            if sk_zd(zd) is not None:
                assert close(jc, M.jaccard_score(yt, yp, average=average, zero_division=zd))
            case("jaccardScore", name, {"average": average, "zeroDivision": zd}, jc, source)
    for zd in [0, 1]:
        text = M.classification_report(yt, yp, zero_division=zd)
        dic = M.classification_report(yt, yp, zero_division=zd, output_dict=True)
        case("classificationReport", name, {"zeroDivision": zd}, {"text": text, "dict": dic})
    sub = [2, 0]
    cur = prfs_current(d, "macro", sub, 1, 1.0, 0)
    assert close(cur["fScore"], M.f1_score(yt, yp, labels=sub, average="macro", zero_division=0))
    case("f1Score", name, {"labels": sub, "average": "macro"}, cur["fScore"])

# ---------------------------------------------------------------- probabilities
def softmax_rows(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def log_loss_current(y_true, y_pred, labels=None):
    """scikit-learn >= 1.5 log_loss: clip at float64 eps, no renormalisation."""
    lb = __import__("sklearn.preprocessing", fromlist=["LabelBinarizer"]).LabelBinarizer()
    lb.fit(labels if labels is not None else y_true)
    t = lb.transform(y_true)
    if t.shape[1] == 1:
        t = np.append(1 - t, t, axis=1)
    p = np.asarray(y_pred, dtype=float)
    if p.ndim == 1:
        p = p[:, np.newaxis]
    if p.shape[1] == 1:
        p = np.append(1 - p, p, axis=1)
    eps = np.finfo(p.dtype).eps
    p = np.clip(p, eps, 1 - eps)
    return float(np.average(-xlogy(t, p).sum(axis=1)))


prob_sets = {}
for seed in range(3):
    n = 30 + 10 * seed
    k = rng.integers(0, 3, n)
    z = rng.normal(size=(n, 3)) + 1.5 * np.eye(3)[k]
    p = softmax_rows(z)
    prob_sets[f"proba-3-{seed}"] = dict(yTrue=k.tolist(), yScore=p.tolist())
k = rng.integers(0, 3, 30)
p = np.round(softmax_rows(rng.normal(size=(30, 3)) + np.eye(3)[k]), 1)
p[:, 2] = 1 - p[:, 0] - p[:, 1]
prob_sets["proba-3-ties"] = dict(yTrue=k.tolist(), yScore=p.tolist())
k = [names[i] for i in rng.integers(0, 3, 30)]
p = softmax_rows(rng.normal(size=(30, 3)))
prob_sets["proba-strings"] = dict(yTrue=k, yScore=p.tolist())
k = rng.integers(0, 3, 40)
kp = np.array(noisy(k.tolist(), [0, 1, 2], 0.6))
prob_sets["one-hot-hard"] = dict(yTrue=k.tolist(), yScore=np.eye(3)[kp].tolist(),
                                 yTrueOneHot=np.eye(3, dtype=int)[k].tolist())
for seed in range(3):
    n = 25 + 10 * seed
    b = rng.integers(0, 2, n)
    s = rng.random(n) * 0.6 + 0.4 * b
    if seed == 2:
        s = np.round(s, 1)  # ties
    prob_sets[f"binary-scores-{seed}"] = dict(yTrue=b.tolist(), yScore=s.tolist())
b = [["neg", "pos"][i] for i in rng.integers(0, 2, 20)]
prob_sets["binary-scores-strings"] = dict(yTrue=b, yScore=rng.random(20).tolist())
prob_sets["binary-scores-pm1"] = dict(yTrue=[-1, 1, 1, -1, 1, -1], yScore=[0.1, 0.9, 0.4, 0.35, 0.8, 0.7])
yt = (rng.random((30, 4)) < 0.5).astype(int)
yt[:, 0] = 1 - yt[:, 1]  # every row holds a positive and a negative ('samples' average)
prob_sets["indicator-scores"] = dict(yTrue=yt.tolist(), yScore=(rng.random((30, 4)) * 0.7 + 0.3 * yt).tolist())
k = np.array([0, 0, 1, 1, 0, 1, 0, 1, 1, 0])
prob_sets["two-of-three-classes"] = dict(yTrue=k.tolist(), yScore=softmax_rows(rng.normal(size=(10, 3))).tolist())
datasets.update(prob_sets)

for name, d in prob_sets.items():
    yt, ys = d["yTrue"], np.array(d["yScore"])
    if ys.ndim == 2 and not isinstance(yt[0], list):
        labels = [0, 1, 2] if name == "two-of-three-classes" else None
        o = {"labels": labels} if labels else {}
        case("logLoss", name, {**o, "eps": 1e-15},
             M.log_loss(yt, ys, eps=1e-15, labels=labels), "sklearn-legacy")
        cur = log_loss_current(yt, ys, labels)
        assert abs(cur - M.log_loss(yt, ys, eps=np.finfo(float).eps, labels=labels)) < 1e-9
        case("logLoss", name, o, cur, "numpy-current")
        case("logLoss", name, {**o, "normalize": False}, cur * len(yt), "numpy-current")
        if name == "one-hot-hard":
            oh = np.array(d["yTrueOneHot"])
            case("logLoss", name, {"eps": 1e-15, "yTrueForm": "one-hot"},
                 M.log_loss(oh, ys, eps=1e-15), "sklearn-legacy")
            case("logLoss", name, {"yTrueForm": "one-hot"}, log_loss_current(oh, ys), "numpy-current")
            continue
        if name == "two-of-three-classes":
            for average in ["macro", "weighted"]:
                case("rocAucScore", name, {"multiClass": "ovo", "average": average, "labels": [0, 1, 2]},
                     M.roc_auc_score(yt, ys, multi_class="ovo", average=average, labels=[0, 1, 2]))
            continue
        for average in ["micro", "macro", "weighted", None]:
            case("rocAucScore", name, {"multiClass": "ovr", "average": average},
                 M.roc_auc_score(yt, ys, multi_class="ovr", average=average))
        for average in ["macro", "weighted"]:
            case("rocAucScore", name, {"multiClass": "ovo", "average": average},
                 M.roc_auc_score(yt, ys, multi_class="ovo", average=average))
    elif ys.ndim == 1:
        pos = "pos" if name == "binary-scores-strings" else None
        case("rocAucScore", name, {}, M.roc_auc_score(yt, ys))
        case("logLoss", name, {"eps": 1e-15}, M.log_loss(yt, ys, eps=1e-15), "sklearn-legacy")
        case("logLoss", name, {}, log_loss_current(yt, ys), "numpy-current")
        for drop in [True, False]:
            fpr, tpr, thr = M.roc_curve(yt, ys, pos_label=pos, drop_intermediate=drop)
            thr = thr.astype(float)
            thr[0] = math.inf
            o = {"dropIntermediate": drop}
            if pos:
                o["posLabel"] = pos
            case("rocCurve", name, o, {"fpr": fpr, "tpr": tpr, "thresholds": thr}, "sklearn+inf-threshold")
    else:
        for average in ["micro", "macro", "weighted", "samples", None]:
            case("rocAucScore", name, {"average": average}, M.roc_auc_score(np.array(yt), ys, average=average))

# ------------------------------------------- the method's published figures (paper check)
figure_cases = []
for error_rate in [0.1, 0.25, 0.5, 0.63, 1.0]:
    n = 300
    k = np.arange(n) % 3
    wrong = int(round(error_rate * n))
    kp = k.copy()
    kp[:wrong] = (k[:wrong] + 1) % 3
    yt1, yp1 = np.eye(3, dtype=int)[k], np.eye(3, dtype=int)[kp]
    figure_cases.append(dict(
        errorRate=wrong / n, n=n, wrong=wrong,
        hammingLoss=enc(M.hamming_loss(yt1, yp1)),
        logLossEps1e15=enc(M.log_loss(yt1, yp1.astype(float), eps=1e-15)),
        logLossFloat64=enc(log_loss_current(yt1, yp1.astype(float))),
    ))

fixture = dict(
    generator="tools/golden/metrics.py",
    sklearn=sklearn.__version__,
    numpy=np.__version__,
    python=sys.version.split()[0],
    note=__doc__.strip(),
    datasets=enc(datasets),
    cases=cases,
    publishedFigures=figure_cases,
)
with open(OUT, "w") as f:
    json.dump(fixture, f, separators=(",", ":"), allow_nan=False)
print(f"{len(cases)} cases, {os.path.getsize(OUT)} bytes -> {os.path.relpath(OUT)}")
