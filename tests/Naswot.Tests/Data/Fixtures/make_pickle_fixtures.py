"""Writes the pickle fixtures in this folder from the first records of the bundled binary files.

Run from the repository root: python3 tests/Naswot.Tests/Data/Fixtures/make_pickle_fixtures.py
NumPy is not needed: a fake `numpy` package in a temp dir gives the real GLOBAL names and the
ndarray/dtype reduce layout, so Python's own pickler writes the opcodes numpy would.
cifar10_py2_layout is assembled by hand: the byte layout Python 2 cPickle + numpy 1.x write
(protocol 2, str keys and data as SHORT_BINSTRING/BINSTRING), which Python 3 cannot produce.
"""
import os, pickle, struct, sys, tempfile

FAKE_NUMPY = {
    "numpy/__init__.py": '''
from numpy.core.multiarray import _reconstruct
class dtype:
    def __init__(self, descr): self.descr = descr
    def __reduce__(self): return (dtype, (self.descr, False, True), (3, "|", None, None, None, -1, -1, 0))
class ndarray:
    def __init__(self, shape, data, descr="u1"): self.shape, self.data, self.descr = shape, data, descr
    def __reduce__(self):
        return (_reconstruct, (ndarray, (0,), b"b"), (1, self.shape, dtype(self.descr), False, self.data))
''',
    "numpy/core/__init__.py": "",
    "numpy/core/multiarray.py": "def _reconstruct(cls, shape, typecode): raise RuntimeError('fixture only')\n",
}


def records(path, record_bytes, header_bytes, count):
    with open(path, "rb") as f:
        raw = f.read(record_bytes * count)
    rows = [raw[i * record_bytes:(i + 1) * record_bytes] for i in range(count)]
    return [r[:header_bytes] for r in rows], b"".join(r[header_bytes:] for r in rows)


def write(name, obj):
    with open(os.path.join(OUT, name), "wb") as f:
        pickle.dump(obj, f, protocol=2)


def py2_cifar10(labels, pixels):
    def s(text):  # SHORT_BINSTRING: a Python 2 str
        return b"U" + bytes([len(text)]) + text
    n = len(labels)
    return b"".join([
        b"\x80\x02}(", s(b"data"),
        b"cnumpy.core.multiarray\n_reconstruct\n", b"cnumpy\nndarray\n", b"K\x00\x85", s(b"b"), b"\x87R",
        b"(K\x01", b"K" + bytes([n]), b"M" + struct.pack("<H", 3072), b"\x86",
        b"cnumpy\ndtype\n", s(b"u1"), b"K\x00K\x01\x87R",
        b"(K\x03", s(b"|"), b"NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb",
        b"\x89", b"T" + struct.pack("<I", len(pixels)) + pixels, b"tb",
        s(b"labels"), b"](", b"".join(b"K" + bytes([l]) for l in labels), b"e",
        s(b"batch_label"), s(b"training batch 1 of 5"),
        b"u.",
    ])


OUT = os.path.dirname(os.path.abspath(__file__))
with tempfile.TemporaryDirectory() as fake:
    for rel, text in FAKE_NUMPY.items():
        os.makedirs(os.path.join(fake, os.path.dirname(rel)), exist_ok=True)
        with open(os.path.join(fake, rel), "w") as f:
            f.write(text)
    sys.path.insert(0, fake)
    import numpy

    heads, pixels = records("data/cifar10/data_batch_1_first1024.bin", 3073, 1, 5)
    labels = [h[0] for h in heads]
    write("cifar10_data_batch", {b"batch_label": b"training batch 1 of 5", b"labels": labels,
                                 b"data": numpy.ndarray((5, 3072), pixels),
                                 b"filenames": [b"fixture_%d.png" % i for i in range(5)]})
    with open(os.path.join(OUT, "cifar10_py2_layout"), "wb") as f:
        f.write(py2_cifar10(labels, pixels))

    heads, pixels = records("data/cifar100/cifar100_sample_1024.bin", 3074, 2, 5)
    write("cifar100_train", {b"filenames": [b"f%d.png" % i for i in range(5)], b"batch_label": b"training batch 1 of 1",
                             b"fine_labels": [h[1] for h in heads], b"coarse_labels": [h[0] for h in heads],
                             b"data": numpy.ndarray((5, 3072), pixels)})

    # ImageNet16 pickles hold all 1000 classes with 1-based labels; a label-500 record (the pixels of
    # record 0 again) sits at index 2 and must be dropped by the 120-class reader. Training batches
    # also carry a float64 'mean' array, which the reader must tolerate.
    heads, pixels = records("data/imagenet16/imagenet16_120_sample.bin", 769, 1, 5)
    labels = [h[0] + 1 for h in heads]
    write("imagenet16_train_data_batch", {"data": numpy.ndarray((6, 768), pixels[:2 * 768] + pixels[:768] + pixels[2 * 768:]),
                                          "labels": labels[:2] + [500] + labels[2:],
                                          "mean": numpy.ndarray((3,), struct.pack("<3d", 0.48, 0.45, 0.40), "f8")})

    # A pickle that names a global we must never resolve.
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo fixture-should-never-run",))
    write("evil_global", {b"data": Evil(), b"labels": [0]})
