"""Writes data/cifar10-png: the first 30 images of each CIFAR-10 class in the bundled sample, as PNG files in class folders.

Run from the repository root with Debian's python3-numpy and python3-pil: python3 tools/cifar10_png/make_pngs.py
"""
import os
import numpy as np
from PIL import Image

CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
PER_CLASS = 30

records = np.fromfile("data/cifar10/data_batch_1_first1024.bin", dtype=np.uint8).reshape(-1, 1 + 3 * 32 * 32)
taken = {c: 0 for c in range(10)}
for index, record in enumerate(records):
    label = int(record[0])
    if taken[label] == PER_CLASS:
        continue
    taken[label] += 1
    folder = os.path.join("data", "cifar10-png", CLASSES[label])
    os.makedirs(folder, exist_ok=True)
    # CIFAR stores the R, G and B planes one after another; PNG wants the pixels interleaved.
    pixels = record[1:].reshape(3, 32, 32).transpose(1, 2, 0)
    Image.fromarray(pixels, "RGB").save(os.path.join(folder, f"{index:04d}.png"), optimize=True)
assert all(n == PER_CLASS for n in taken.values()), taken
