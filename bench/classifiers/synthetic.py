"""Seeded synthetic 3-class data with ReLU-like features, shaped like pooled ResNet50 output.

Shared by tools/golden/classifiers.py (small fixture) and bench/classifiers/reference.py
(benchmark sizes). Each class has a mean in a 24-dimensional latent space; features are a fixed
random linear map of the latent point plus noise, passed through ReLU, so many entries are zero.
"""
import numpy as np


def make_features(n_rows, n_features, seed, n_classes=3, latent=24, separation=0.55):
    rng = np.random.RandomState(seed)
    means = rng.normal(0.0, separation, size=(n_classes, latent))
    mixing = rng.normal(0.0, 1.0 / np.sqrt(latent), size=(latent, n_features))
    offset = rng.normal(-0.3, 0.3, size=n_features)
    y = rng.randint(0, n_classes, size=n_rows)
    z = means[y] + rng.normal(0.0, 1.0, size=(n_rows, latent))
    x = z @ mixing + offset + rng.normal(0.0, 0.6, size=(n_rows, n_features))
    x = np.maximum(x, 0.0).astype(np.float32)
    return x, y.astype(np.int64)
