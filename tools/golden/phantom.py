#!/usr/bin/python3
"""Reference values for @calvaria/phantom's tests, computed independently in Python.

Writes packages/phantom/test/fixtures/prng-golden.json: the first outputs of the phantom's
seeded generator (cyrb128 string hash by bryc, then SFC32 by Chris Doty-Humphrey, 12 outputs
discarded), re-implemented here from the published algorithms with explicit 32-bit masking,
for a few keys. The TypeScript implementation must reproduce them bit for bit.

Usage: /usr/bin/python3 tools/golden/phantom.py
"""

import json
import os

M = 0xFFFFFFFF


def imul(a, b):
    return (a * b) & M


def cyrb128(text):
    h1, h2, h3, h4 = 1779033703, 3144134277, 1013904242, 2773480762
    for ch in text:
        k = ord(ch)
        h1 = h2 ^ imul(h1 ^ k, 597399067)
        h2 = h3 ^ imul(h2 ^ k, 2869860233)
        h3 = h4 ^ imul(h3 ^ k, 951274213)
        h4 = h1 ^ imul(h4 ^ k, 2716044179)
    h1 = imul(h3 ^ (h1 >> 18), 597399067)
    h2 = imul(h4 ^ (h2 >> 22), 2869860233)
    h3 = imul(h1 ^ (h3 >> 17), 951274213)
    h4 = imul(h2 ^ (h4 >> 19), 2716044179)
    h1 ^= h2 ^ h3 ^ h4
    h2 ^= h1
    h3 ^= h1
    h4 ^= h1
    return [h1 & M, h2 & M, h3 & M, h4 & M]


def sfc32(a, b, c, d):
    while True:
        t = (a + b + d) & M
        d = (d + 1) & M
        a = b ^ (b >> 9)
        b = (c + (c << 3)) & M
        c = ((c << 21) | (c >> 11)) & M
        c = (c + t) & M
        yield t


def prng(*parts):
    # createPrng joins the parts' decimal text with U+001F.
    gen = sfc32(*cyrb128("\x1f".join(str(p) for p in parts)))
    for _ in range(12):
        next(gen)
    return gen


def main():
    cases = []
    for parts in (["calvaria"], ["seed", 1], [42, "patient", 3], ["noise-free", "é"]):
        gen = prng(*parts)
        cases.append({"key": parts, "hash": cyrb128("\x1f".join(str(p) for p in parts)),
                      "first": [next(gen) for _ in range(5)]})
    out = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "phantom", "test",
                       "fixtures", "prng-golden.json")
    with open(out, "w") as f:
        json.dump({"source": "tools/golden/phantom.py", "cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(out))


if __name__ == "__main__":
    main()
