#!/usr/bin/python3
"""Reference values for @calvaria/classifiers.

Run with Debian's interpreter (xgboost 1.7.4, scikit-learn 1.2.1, imbalanced-learn 0.10.0):

    /usr/bin/python3 tools/golden/classifiers.py

It generates a seeded synthetic 3-class data set of ReLU-like features (the shape of ResNet50
pooled features), writes it to packages/classifiers/test/fixtures/synthetic-3class.f16 as
little-endian float16 (train rows first, then test rows; labels and groups in the JSON), trains
XGBoost, scikit-learn's RandomForestClassifier and LinearSVC on the train rows, and writes their
scores on the test rows, LinearSVC's coef_/intercept_, resampler counts and StratifiedGroupKFold
folds to packages/classifiers/test/fixtures/golden.json.
"""
import json
import os
import sys

import numpy as np
import sklearn
import xgboost
import imblearn
from imblearn.over_sampling import RandomOverSampler
from imblearn.under_sampling import RandomUnderSampler
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.svm import LinearSVC

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "packages", "classifiers", "test", "fixtures")

sys.path.insert(0, os.path.join(ROOT, "bench", "classifiers"))
from synthetic import make_features  # noqa: E402


def main():
    n_train, n_test, n_features = 1500, 2000, 128
    x, y = make_features(n_train + n_test, n_features, seed=20261203)
    x = x.astype(np.float16)
    xf = x.astype(np.float32)
    x_train, y_train = xf[:n_train], y[:n_train]
    x_test, y_test = xf[n_train:], y[n_train:]
    rng = np.random.RandomState(7)
    groups = rng.randint(0, 300, size=n_train + n_test)
    x.astype("<f2").tofile(os.path.join(FIXTURES, "synthetic-3class.f16"))

    out = {
        "source": "tools/golden/classifiers.py",
        "versions": {
            "xgboost": xgboost.__version__,
            "sklearn": sklearn.__version__,
            "imblearn": imblearn.__version__,
            "numpy": np.__version__,
        },
        "data": {
            "file": "synthetic-3class.f16",
            "nTrain": n_train,
            "nTest": n_test,
            "nFeatures": n_features,
            "labels": y.tolist(),
            "groups": groups.tolist(),
        },
    }

    def scores(pred):
        return {
            "accuracy": float(accuracy_score(y_test, pred)),
            "macroF1": float(f1_score(y_test, pred, average="macro")),
        }

    xgb_params = dict(
        n_estimators=200, max_depth=6, learning_rate=0.3, subsample=1.0,
        colsample_bytree=1.0, min_child_weight=1.0, reg_lambda=1.0, gamma=0.0,
        tree_method="hist", max_bin=256, n_jobs=2, random_state=0,
    )
    xgb = xgboost.XGBClassifier(objective="multi:softprob", **xgb_params)
    xgb.fit(x_train, y_train)
    out["xgboost"] = {"params": xgb_params, **scores(xgb.predict(x_test))}
    proba = xgb.predict_proba(x_test[:5])
    out["xgboost"]["probaFirst5"] = proba.tolist()

    rf_params = dict(n_estimators=200, max_features="sqrt", bootstrap=True, n_jobs=2)
    rf_scores = []
    for seed in range(5):
        rf = RandomForestClassifier(random_state=seed, **rf_params)
        rf.fit(x_train, y_train)
        rf_scores.append(scores(rf.predict(x_test)))
    out["randomForest"] = {
        "params": rf_params,
        "seeds": list(range(5)),
        "accuracy": float(np.mean([s["accuracy"] for s in rf_scores])),
        "macroF1": float(np.mean([s["macroF1"] for s in rf_scores])),
        "perSeed": rf_scores,
    }

    svcs = []
    for c in (0.01, 1.0):
        svc = LinearSVC(C=c, tol=1e-6, max_iter=100000, random_state=0)
        svc.fit(x_train, y_train)
        svcs.append({
            "C": c, "tol": 1e-6, "intercept_scaling": 1.0,
            "coef": svc.coef_.tolist(), "intercept": svc.intercept_.tolist(),
            **scores(svc.predict(x_test)),
        })
    # Binary case: liblinear fits one problem with classes_[1] as the positive class.
    mask = y_train != 2
    svc = LinearSVC(C=0.1, tol=1e-6, max_iter=100000, random_state=0)
    svc.fit(x_train[mask], y_train[mask])
    svcs.append({
        "C": 0.1, "tol": 1e-6, "intercept_scaling": 1.0, "binary": True,
        "coef": svc.coef_.tolist(), "intercept": svc.intercept_.tolist(),
    })
    out["linearSvc"] = svcs

    # Resampler counts on an imbalanced label vector.
    y_imb = np.array([0] * 50 + [1] * 200 + [2] * 120 + [3] * 30)
    x_imb = np.zeros((len(y_imb), 1))
    resampling = []
    for kind, cls in (("over", RandomOverSampler), ("under", RandomUnderSampler)):
        strategies = ["auto", "minority", "not minority", "not majority", "all", "majority",
                      {0: 220, 3: 40} if kind == "over" else {1: 60, 2: 35}]
        for s in strategies:
            try:
                _, yr = cls(sampling_strategy=s, random_state=0).fit_resample(x_imb, y_imb)
                counts = {str(k): int(v) for k, v in zip(*np.unique(yr, return_counts=True))}
                entry = {"kind": kind, "strategy": s if not isinstance(s, dict) else
                         {str(k): v for k, v in s.items()}, "counts": counts}
            except ValueError as e:
                entry = {"kind": kind, "strategy": s, "error": str(e)}
            resampling.append(entry)
    y_bin = np.array([0] * 40 + [1] * 160)
    x_bin = np.zeros((len(y_bin), 1))
    for kind, cls, ratio in (("over", RandomOverSampler, 0.5), ("under", RandomUnderSampler, 0.5)):
        _, yr = cls(sampling_strategy=ratio, random_state=0).fit_resample(x_bin, y_bin)
        counts = {str(k): int(v) for k, v in zip(*np.unique(yr, return_counts=True))}
        resampling.append({"kind": kind, "strategy": ratio, "binaryLabels": y_bin.tolist()[:1]
                           and [40, 160], "counts": counts})
    out["resampling"] = {"labels": [50, 200, 120, 30], "cases": resampling}

    # StratifiedGroupKFold without shuffling is deterministic: folds must match exactly.
    folds = []
    for n_splits in (3, 5):
        sgkf = StratifiedGroupKFold(n_splits=n_splits)
        test_folds = np.full(len(y), -1)
        for k, (_, te) in enumerate(sgkf.split(np.zeros(len(y)), y, groups)):
            test_folds[te] = k
        folds.append({"nSplits": n_splits, "testFold": test_folds.tolist()})
    out["stratifiedGroupKFold"] = folds

    with open(os.path.join(FIXTURES, "golden.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk in ("accuracy", "macroF1")}
                      for k, v in out.items() if isinstance(v, dict)}, indent=1))
    print([(s["C"], s.get("accuracy")) for s in svcs])


if __name__ == "__main__":
    main()
