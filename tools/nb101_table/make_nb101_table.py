#!/usr/bin/env python3
"""Builds the NAS-Bench-101 table embedded in src/Naswot/Benchmarks/Resources/nb101_cifar10.tsv.gz.

Usage: python3 tools/nb101_table/make_nb101_table.py [DATA_DIR]
DATA_DIR defaults to ../shared/data/nb101 beside the repository (see shared/data/SOURCES.md).

Every distinct cell of the three source files, one row each, sorted by NB101 hash: tab-separated text with a
header, gzip (level 9, mtime 0, so reruns are byte-identical). Cells are written in NB101's stored vertex order
(the first of their isomorphism class in NB101's enumeration), which the script checks against the order the
1,030 NB101 records store; it checks every cell's hash against its source's key. Standard library only.
"""
import csv
import gzip
import hashlib
import itertools
import json
import os
import sys

OPS = ["conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"]  # NB101's available_ops, in its order
VIS_OPS = {-1: "input", -2: "output", 0: OPS[0], 1: OPS[1], 2: OPS[2]}  # -3 marks padding
MAX_VERTICES, MAX_EDGES = 7, 9
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "src", "Naswot", "Benchmarks", "Resources", "nb101_cifar10.tsv.gz")
COLUMNS = ["hash", "bits", "ops", "trainable_parameters", "validation", "test", "source"]


def fail(message):
    sys.exit("make_nb101_table: " + message)


def prune(matrix, ops):
    """Keeps the vertices on some input->output path, in their order; None when input cannot reach output."""
    n = len(matrix)
    reach_from_input, reach_output = {0}, {n - 1}
    for v in range(1, n):
        if any(matrix[u][v] for u in reach_from_input):
            reach_from_input.add(v)
    for v in range(n - 2, -1, -1):
        if any(matrix[v][w] for w in reach_output):
            reach_output.add(v)
    keep = [v for v in range(n) if v in reach_from_input and v in reach_output]
    if n - 1 not in keep or 0 not in keep:
        return None
    return [[matrix[i][j] for j in keep] for i in keep], [ops[i] for i in keep]


def is_upper_triangular(matrix):
    return not any(matrix[i][j] for i in range(len(matrix)) for j in range(i + 1))


def check_member(matrix, ops, where):
    n = len(matrix)
    if n > MAX_VERTICES or sum(map(sum, matrix)) > MAX_EDGES:
        fail(f"{where}: {n} vertices, {sum(map(sum, matrix))} edges: outside the space")
    if ops[0] != "input" or ops[-1] != "output" or any(o not in OPS for o in ops[1:-1]):
        fail(f"{where}: ops {ops}")


def md5(text):
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def nb101_hash(matrix, ops):
    """NB101's module hash: vertex labels refined over the graph for V rounds, then the sorted labels hashed."""
    n = len(matrix)
    label = [-1] + [OPS.index(o) for o in ops[1:-1]] + [-2]
    outs = [[w for w in range(n) if matrix[v][w]] for v in range(n)]
    ins = [[u for u in range(n) if matrix[u][v]] for v in range(n)]
    h = [md5(f"({len(outs[v])}, {len(ins[v])}, {label[v]})") for v in range(n)]
    for _ in range(n):
        h = [md5("".join(sorted(h[u] for u in ins[v])) + "|" + "".join(sorted(h[w] for w in outs[v])) + "|" + h[v])
             for v in range(n)]
    return md5(str(sorted(h)))


def enumeration_bits(matrix):
    """The number NB101's generate_graphs counts through: edge (x, y), x < y, is bit x + y(y-1)/2."""
    n = len(matrix)
    return sum(1 << (x + y * (y - 1) // 2) for y in range(n) for x in range(y) if matrix[x][y])


def stored_order(matrix, ops):
    """
    The relabelling NB101 stores: generate_graphs walks matrices in increasing bits, then interior op tuples in
    lexicographic order, and keeps the first of each hash; so the least (bits, ops) over upper-triangular orders.
    """
    n = len(matrix)
    best = None
    for middle in itertools.permutations(range(1, n - 1)):
        order = (0,) + middle + (n - 1,)
        m = [[matrix[order[i]][order[j]] for j in range(n)] for i in range(n)]
        if not is_upper_triangular(m):
            continue
        o = [ops[v] for v in order]
        key = (enumeration_bits(m), [OPS.index(x) for x in o[1:-1]])
        if best is None or key < best[0]:
            best = (key, m, o)
    return best[1], best[2]


def row_major(matrix):
    return "".join(str(x) for row in matrix for x in row)


def load_vis(folder):
    with open(os.path.join(folder, "nasbench_vis_data-1k.json")) as f:
        data = json.load(f)
    for key, ops, adjacency, params, validation in zip(data["key"], data["operations"], data["adjacency"],
                                                       data["trainable_parameters"],
                                                       data["108_final_validation_accuracy"]):
        keep = [i for i, o in enumerate(ops) if o != -3]
        matrix = [[int(adjacency[i][j]) for j in keep] for i in keep]
        yield key, matrix, [VIS_OPS[ops[i]] for i in keep], params, validation * 100, None


def load_naslib30(folder):
    with open(os.path.join(folder, "naslib_nb101_dummy_30archs.json")) as f:
        data = json.load(f)
    for key, record in data.items():
        runs = record["computed_stats"]["108"]
        if len(runs) != 3:
            fail(f"NASLib-30 {key}: {len(runs)} runs at 108 epochs, expected 3")
        validation = sum(r["final_validation_accuracy"] for r in runs) / 3 * 100
        test = sum(r["final_test_accuracy"] for r in runs) / 3 * 100
        matrix = [[int(x) for x in row] for row in record["module_adjacency"]]
        yield key, matrix, list(record["module_operations"]), record["trainable_parameters"], validation, test


def load_csv(folder):
    """
    Unpruned 7-vertex samples, several rows per hash (not always the same sample, so every row is checked), each
    with one randomly drawn seed's accuracy: one cell per hash, its rows' mean.
    """
    cells = {}
    with open(os.path.join(folder, "naslib_zc_nb101_500samples.csv"), newline="") as f:
        for row in csv.DictReader(f):
            bits = row["adjacency_7x7_rowmajor"]
            sample = ([[int(bits[7 * i + j]) for j in range(7)] for i in range(7)], row["ops"].split(","))
            cells.setdefault(row["nb101_hash"], []).append((sample, float(row["val_accuracy_108ep_one_seed"])))
    for key, rows in cells.items():
        for (matrix, ops), _ in rows[1:]:
            yield key, matrix, ops, None, None, None
        (matrix, ops), _ = rows[0]
        yield key, matrix, ops, None, sum(v for _, v in rows) / len(rows), None


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(REPO), "shared", "data", "nb101")
    rows = {}
    counts = {}
    # Sources in order of preference: a hash already taken keeps the earlier source's row.
    for source, loader, stores_nb101_order in (("vis1k", load_vis, True), ("naslib30", load_naslib30, True),
                                               ("naslib-zc500", load_csv, False)):
        counts[source] = [0, 0]
        for key, matrix, ops, params, validation, test in loader(folder):
            where = f"{source} {key}"
            if not is_upper_triangular(matrix):
                fail(f"{where}: adjacency is not strictly upper-triangular")
            pruned = prune(matrix, ops)
            if pruned is None:
                fail(f"{where}: input does not reach output")
            if stores_nb101_order and pruned != (matrix, ops):
                fail(f"{where}: an NB101 record with vertices off every input->output path")
            check_member(*pruned, where)
            canonical = stored_order(*pruned)
            if stores_nb101_order and canonical != (matrix, ops):
                fail(f"{where}: our stored order {canonical} is not the record's {matrix} {ops}")
            if nb101_hash(*pruned) != key or nb101_hash(*canonical) != key:
                fail(f"{where}: hash {nb101_hash(*pruned)}")
            if validation is None:
                continue  # a further sample of a CSV hash: checked, its accuracy already in the mean
            counts[source][0] += 1
            if key in rows:
                continue
            counts[source][1] += 1
            rows[key] = [key, row_major(canonical[0]), ",".join(canonical[1]), "" if params is None else str(params),
                         repr(validation), "" if test is None else repr(test), source]
    lines = ["\t".join(COLUMNS)] + ["\t".join(rows[key]) for key in sorted(rows)]
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    packed = gzip.compress(payload, compresslevel=9, mtime=0)
    with open(OUT, "wb") as f:
        f.write(packed)
    for source, (cells, kept) in counts.items():
        print(f"{source}: {cells} cells, hashes and orders checked, {kept} rows")
    print(f"{os.path.relpath(OUT, REPO)}: {len(rows)} rows, {len(payload)} bytes -> {len(packed)} gzip")


if __name__ == "__main__":
    main()
