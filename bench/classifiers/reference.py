#!/usr/bin/python3
"""Python side of bench/classifiers: generates the seeded data set, trains the reference models.

    /usr/bin/python3 bench/classifiers/reference.py --n 3000 --test 3000 --d 2048 \
        --models xgboost,forest,svc --rounds 500 --out /tmp/calvaria-bench

Writes <out>/data-<n>.f32 (train rows then test rows, little-endian float32),
<out>/labels-<n>.json and prints one JSON line per model:
{"model", "n", "trainSeconds", "predictSeconds", "accuracy", "macroF1", "maxRssMiB"}.
"""
import argparse
import json
import os
import resource
import time

import numpy as np

from synthetic import make_features


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--test", type=int, default=3000)
    ap.add_argument("--d", type=int, default=2048)
    ap.add_argument("--models", default="xgboost,forest,svc")
    ap.add_argument("--rounds", type=int, default=500)
    ap.add_argument("--trees", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="/tmp/calvaria-bench")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    x, y = make_features(a.n + a.test, a.d, seed=a.seed)
    x.astype("<f4").tofile(os.path.join(a.out, f"data-{a.n}.f32"))
    with open(os.path.join(a.out, f"labels-{a.n}.json"), "w") as f:
        json.dump({"n": a.n, "test": a.test, "d": a.d, "labels": y.tolist()}, f)
    xtr, ytr, xte, yte = x[: a.n], y[: a.n], x[a.n :], y[a.n :]
    from sklearn.metrics import accuracy_score, f1_score

    def report(name, model):
        t0 = time.perf_counter()
        model.fit(xtr, ytr)
        t1 = time.perf_counter()
        pred = model.predict(xte)
        t2 = time.perf_counter()
        print(json.dumps({
            "model": name, "n": a.n, "trainSeconds": t1 - t0, "predictSeconds": t2 - t1,
            "accuracy": float(accuracy_score(yte, pred)),
            "macroF1": float(f1_score(yte, pred, average="macro")),
            # Peak resident memory of this Python process so far (Linux reports KiB).
            "maxRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }), flush=True)

    for name in a.models.split(","):
        if name == "xgboost":
            import xgboost
            report(name, xgboost.XGBClassifier(
                n_estimators=a.rounds, max_depth=6, learning_rate=0.3, tree_method="hist",
                max_bin=256, n_jobs=a.threads, random_state=0, objective="multi:softprob"))
        elif name == "forest":
            from sklearn.ensemble import RandomForestClassifier
            report(name, RandomForestClassifier(
                n_estimators=a.trees, max_features="sqrt", n_jobs=a.threads, random_state=0))
        elif name == "svc":
            from sklearn.svm import LinearSVC
            report(name, LinearSVC(C=1.0, random_state=0))


if __name__ == "__main__":
    main()
