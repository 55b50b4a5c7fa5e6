"""NumPy-written .npy files for @calvaria/features' feature-file tests.

Writes with numpy.save (Debian python3-numpy) a float32 and a float64 2-D array to
packages/features/test/fixtures/; the test checks that calvaria reads both and that its own
encoder writes the float32 file byte for byte as NumPy does.

Run: /usr/bin/python3 tools/golden/features-npy.py
"""

import os

import numpy as np

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "packages",
                        "features", "test", "fixtures")
VALUES = [[0.5, -1.0, 3.25], [0.001, 2.0, -7.0]]

np.save(os.path.join(FIXTURES, "numpy-float32-2x3.npy"), np.array(VALUES, dtype="<f4"))
np.save(os.path.join(FIXTURES, "numpy-float64-2x3.npy"), np.array(VALUES, dtype="<f8"))
print("numpy", np.__version__)
