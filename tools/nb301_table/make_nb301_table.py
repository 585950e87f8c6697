#!/usr/bin/env python3
"""Builds the NAS-Bench-301 table embedded in src/Naswot/Benchmarks/Resources/nb301_surrogate_cifar10.tsv.gz.

Usage: python3 tools/nb301_table/make_nb301_table.py [CSV]
CSV defaults to ../shared/data/nb301/nb301_surrogate_samples.csv beside the repository (see shared/data/SOURCES.md).

One row per distinct DARTS genotype of the CSV, sorted by its text: the genotype as the CSV writes it (NASLib's
print of it), the mean of its NAS-Bench-301 surrogate predictions of CIFAR-10 validation accuracy (predictions, not
trained accuracies), how many rows that mean is of, and NASLib's parameter count of its own network for it.
Tab-separated text with a header, gzip (level 9, mtime 0, so reruns are byte-identical). Every row is checked: the
genotype is a DARTS cell pair (8 ops of the 7 DARTS ops without 'none', inputs before their node, concat [2, 3, 4,
5]), NASLib's compact encoding of the row says the same, and repeated genotypes carry the same parameter count.
Standard library only.
"""
import ast
import csv
import gzip
import os
import re
import sys

# NASLib's op order in its compact encoding (automl/NASLib@10b52d6e9fdf2266ff62c93d20359772ff44d21b:
# naslib/search_spaces/nasbench301/conversions.py, convert_genotype_to_compact's OPS).
NASLIB_OPS = ["max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"]
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "src", "Naswot", "Benchmarks", "Resources", "nb301_surrogate_cifar10.tsv.gz")
COLUMNS = ["genotype", "val_accuracy", "predictions", "naslib_params"]
GENOTYPE = re.compile(r"^Genotype\(normal=(\[.*?\]), normal_concat=(\[.*?\]), reduce=(\[.*?\]), reduce_concat=(\[.*?\])\)$")


def fail(message):
    sys.exit("make_nb301_table: " + message)


def parse_genotype(text, where):
    """The four fields of a DARTS genotype repr, read as Python literals (never evaluated as code)."""
    match = GENOTYPE.match(text)
    if match is None:
        fail(f"{where}: not a DARTS genotype repr: {text[:80]}")
    normal, normal_concat, reduce, reduce_concat = (ast.literal_eval(part) for part in match.groups())
    for name, cell, concat in (("normal", normal, normal_concat), ("reduce", reduce, reduce_concat)):
        if len(cell) != 8 or concat != [2, 3, 4, 5]:
            fail(f"{where}: {name} has {len(cell)} ops and concat {concat}")
        for i, (op, source) in enumerate(cell):
            if op not in NASLIB_OPS or not 0 <= source < i // 2 + 2:
                fail(f"{where}: {name}[{i}] = {(op, source)}")
    return normal, reduce


def check_compact(compact_text, normal, reduce, where):
    compact = ast.literal_eval(compact_text)
    for cell, pairs in zip((normal, reduce), compact):
        if [(op, source) for op, source in cell] != [(NASLIB_OPS[op], source) for source, op in pairs]:
            fail(f"{where}: NASLib's compact encoding {pairs} is not the genotype {cell}")


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(REPO), "shared", "data", "nb301",
                                                              "nb301_surrogate_samples.csv")
    by_genotype = {}
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        where = f"row sample_idx {row['sample_idx']} of NASLib {row['naslib_commit'][:8]}"
        text = row["darts_genotype"]
        normal, reduce = parse_genotype(text, where)
        check_compact(row["naslib_compact"], normal, reduce, where)
        params = round(float(row["params"]) * 1e6)
        if abs(params - float(row["params"]) * 1e6) > 1e-3:
            fail(f"{where}: params {row['params']} M is not a whole number of parameters")
        entry = by_genotype.setdefault(text, {"predictions": [], "params": params})
        if entry["params"] != params:
            fail(f"{where}: params {params}, another row of the genotype has {entry['params']}")
        entry["predictions"].append(float(row["val_accuracy_nb301_surrogate"]))
    lines = ["\t".join(COLUMNS)]
    for text in sorted(by_genotype):
        entry = by_genotype[text]
        mean = sum(entry["predictions"]) / len(entry["predictions"])
        lines.append("\t".join([text, repr(mean), str(len(entry["predictions"])), str(entry["params"])]))
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    packed = gzip.compress(payload, compresslevel=9, mtime=0)
    with open(OUT, "wb") as f:
        f.write(packed)
    repeated = sum(1 for e in by_genotype.values() if len(e["predictions"]) > 1)
    print(f"{len(rows)} rows checked, {len(by_genotype)} genotypes ({repeated} predicted twice, their mean kept)")
    print(f"{os.path.relpath(OUT, REPO)}: {len(by_genotype)} rows, {len(payload)} bytes -> {len(packed)} gzip")


if __name__ == "__main__":
    main()
