#!/usr/bin/env python3
"""Builds the NAS-Bench-201 tables (accuracies and training times) embedded in src/Naswot/Benchmarks/Resources.

Usage: python3 tools/nb201_tables/make_nb201_tables.py [DATA_DIR]
DATA_DIR defaults to ../shared/data/nb201 beside the repository (see shared/data/SOURCES.md).

Each output is gzip (mtime 0, level 9) of float64 little-endian columns of 15,625 values, one column
after another, rows in NB201 index order. The CSV values are Python reprs, so float() reads them exactly
and the tables hold the very same doubles. Standard library only.
"""
import csv
import gzip
import os
import struct
import sys

ROWS = 15625
OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "src", "Naswot", "Benchmarks", "Resources")
INDEX_ORDER = os.path.join(REPO, "src", "Naswot", "Spaces", "Resources", "nb201_index_order.bin")

# (output file, input csv, its arch string column, column names in output order); the first column is the index
TABLES = [
    ("nb201_200ep_cifar10.f64.gz", "nasgraph_nasbench201_cifar10.csv", "arch str",
     ["validation accuracy", "test accuracy", "train accuracy"]),
    ("nb201_200ep_cifar100.f64.gz", "nasgraph_nasbench201_cifar100.csv", "arch str",
     ["validation accuracy", "test accuracy", "train accuracy"]),
    ("nb201_200ep_imagenet16-120.f64.gz", "nasgraph_nasbench201_ImageNet16-120.csv", "arch str",
     ["validation accuracy", "test accuracy", "train accuracy"]),
    ("nb201_12ep.f64.gz", "minibench_nb201_12epoch.csv", "arch",
     ["cifar10-val", "cifar10-test", "cifar100-val", "cifar100-test", "imagenet-val", "imagenet-test"]),
    ("nb201_200ep_cifar10_oritest.f64.gz", "nb201_v1_0_cifar10_oritest.csv", "arch",
     ["cifar10_ori_test"]),
    ("nb201_cifar10valid_times.f64.gz", "natstss_cifar10valid_200ep.csv", "arch_str",
     ["train-per-time", "valid-per-time"]),
]


def ordinal(arch):
    """Base-5 ops in the string's edge order, as Nb201Cell.Ordinal."""
    value = 0
    for group in arch.strip("|").split("|+|"):
        for edge in group.split("|"):
            value = value * 5 + OPS.index(edge.split("~")[0])
    return value


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(REPO), "shared", "data", "nb201")
    with open(INDEX_ORDER, "rb") as f:
        expected = struct.unpack("<%dH" % ROWS, f.read())
    for out_name, csv_name, arch_column, columns in TABLES:
        with open(os.path.join(data, csv_name), newline="") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
        if len(rows) != ROWS:
            sys.exit(f"{csv_name}: {len(rows)} rows, expected {ROWS}")
        id_column = reader.fieldnames[0]
        for index, row in enumerate(rows):
            if int(row[id_column]) != index or ordinal(row[arch_column]) != expected[index]:
                sys.exit(f"{csv_name}: row {index} is not NB201 index {index} ({row[arch_column]})")
        payload = b"".join(struct.pack("<%dd" % ROWS, *(float(row[c]) for row in rows)) for c in columns)
        packed = gzip.compress(payload, compresslevel=9, mtime=0)
        with open(os.path.join(OUT, out_name), "wb") as f:
            f.write(packed)
        print(f"{out_name}: {len(columns)} columns, {len(payload)} bytes -> {len(packed)} gzip")


if __name__ == "__main__":
    main()
