#!/usr/bin/python3
"""scripts/dask-classify on a real Dask cluster: a dask-scheduler and two dask-worker on 127.0.0.1.

Inputs are the queries of ../shared/eval (dev, dev2) and the ORCAS-I sample, or, where ../shared is absent (CI),
the labelled query files in the repository (classify/tests/data); the parts must equal one local
`klantreis classify --format tsv` run line for line, and stages.csv the exact per-stage counts of that run.
Exits 77 (ctest SKIP) when python3-distributed is missing.
Environment: KLANTREIS_BIN (the binary), KLANTREIS_SOURCE_DIR (the checkout).
"""

import collections
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

SRC = os.environ.get("KLANTREIS_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("KLANTREIS_BIN", os.path.join(SRC, "build", "klantreis"))
SHARED = os.environ.get("KLANTREIS_SHARED_DIR", os.path.join(SRC, "..", "shared"))
SCRIPT = os.path.join(SRC, "scripts", "dask-classify")


def skip(reason):
    print(f"SKIPPED: {reason}")
    sys.exit(77)


def query_column(path, column, out):
    """Writes column `column` of a TSV with a header (comment lines skipped) to `out`, one query per line."""
    with open(path, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as o:
        rows = [line.rstrip("\n").split("\t") for line in f if not line.startswith("#")]
        for row in rows[1:]:
            o.write(row[column] + "\n")


def input_files():
    """(name, path, query column) of the inputs: the shared sets when present, else the repository's own."""
    if os.path.isdir(os.path.join(SHARED, "eval")) and os.path.isdir(os.path.join(SHARED, "data")):
        return [("dev.txt", os.path.join(SHARED, "eval/dev.tsv"), 0),
                ("dev2.txt", os.path.join(SHARED, "eval/dev2.tsv"), 0),
                ("orcas.txt", os.path.join(SHARED, "data/intent_datasets/orcas_i_gold_test.tsv"), 1)]
    local = sorted(glob.glob(os.path.join(SRC, "classify", "tests", "data", "*.tsv")))
    return [(os.path.basename(p)[:-4] + ".txt", p, 0) for p in local]


class DaskClassifyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kr-dask-")
        cls.procs = []
        cls.inputs = []
        for name, path, col in input_files():
            cls.inputs.append(os.path.join(cls.tmp, name))
            query_column(path, col, cls.inputs[-1])
        cat = b"".join(open(p, "rb").read() for p in cls.inputs)
        local = subprocess.run([BIN, "classify", "--format", "tsv", "--threads", "1"], input=cat,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
        cls.local = local.stdout.decode().splitlines()
        cls.lines = cat.decode().count("\n")
        sched_file = os.path.join(cls.tmp, "scheduler.json")
        log = open(os.path.join(cls.tmp, "cluster.log"), "wb")
        cls.procs.append(subprocess.Popen(["dask-scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                           "--scheduler-file", sched_file], stdout=log, stderr=log))
        deadline = time.time() + 60
        while not os.path.exists(sched_file) and time.time() < deadline:
            time.sleep(0.1)
        with open(sched_file) as f:
            cls.address = json.load(f)["address"]
        for i in range(2):
            cls.procs.append(subprocess.Popen(["dask-worker", cls.address, "--host", "127.0.0.1", "--nthreads", "1",
                                               "--no-dashboard", "--name", f"w{i}"], stdout=log, stderr=log))

    @classmethod
    def tearDownClass(cls):
        for p in reversed(cls.procs):
            p.terminate()
        for p in reversed(cls.procs):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        from distributed import Client
        with Client(self.address, timeout=60) as c:
            c.wait_for_workers(2, timeout=60)

    def dask_classify(self, out, *args, cluster=None):
        cmd = [SCRIPT] + (cluster or ["--scheduler", self.address]) + ["--out", out, "--partition-lines", "150"]
        return subprocess.run(cmd + list(args) + self.inputs, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=300)

    def assert_equals_local_run(self, out):
        parts = sorted(glob.glob(os.path.join(out, "part-*.tsv")))
        # Each input in parts of at most 150 lines (shared: 146, 600 and 1000 lines = 1 + 4 + 7 parts).
        expected = sum(-(-open(p, "rb").read().count(b"\n") // 150) for p in self.inputs)
        self.assertEqual(len(parts), expected)
        lines = []
        for p in parts:
            with open(p) as f:
                lines += f.read().splitlines()
        self.assertEqual(len(lines), self.lines)
        self.assertEqual(lines, self.local)
        with open(os.path.join(out, "stages.csv")) as f:
            rows = f.read().splitlines()
        self.assertEqual(rows[0], "stage,keywords")
        merged = {r.split(",")[0]: int(r.split(",")[1]) for r in rows[1:]}
        self.assertEqual(len(merged), 10)
        expected = collections.Counter(line.split("\t")[2] for line in self.local)
        self.assertEqual({s: n for s, n in merged.items() if n}, dict(expected))
        self.assertEqual(sum(merged.values()), self.lines)

    def test_parts_equal_one_local_run_and_stage_counts_merge_exactly(self):
        out = os.path.join(self.tmp, "out")
        r = self.dask_classify(out, "--klantreis", BIN)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assert_equals_local_run(out)

    def test_binary_found_on_workers_path(self):
        # The workers inherit this process's PATH: put the binary's directory in front through a link.
        bindir = os.path.join(self.tmp, "bin")
        os.makedirs(bindir, exist_ok=True)
        link = os.path.join(bindir, "klantreis")
        if not os.path.exists(link):
            os.symlink(os.path.abspath(BIN), link)
        out = os.path.join(self.tmp, "out-local")
        env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"])
        cmd = [SCRIPT, "--local", "2", "--out", out, "--partition-lines", "150"] + self.inputs
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assert_equals_local_run(out)

    def test_shared_storage_mode_sends_ranges_and_workers_write_parts(self):
        out = os.path.join(self.tmp, "out-shared")
        r = self.dask_classify(out, "--klantreis", BIN, "--shared-fs")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assert_equals_local_run(out)

    def test_partition_reruns_when_its_worker_dies_mid_partition(self):
        # The first klantreis run kills the worker process running it (its parent) and never answers.
        mark = os.path.join(self.tmp, "killed")
        wrapper = os.path.join(self.tmp, "klantreis-killer")
        with open(wrapper, "w") as f:
            f.write(f"#!/bin/sh\nif mkdir '{mark}' 2>/dev/null; then kill -9 $PPID; sleep 2; exit 1; fi\n"
                    f"exec '{os.path.abspath(BIN)}' \"$@\"\n")
        os.chmod(wrapper, 0o755)
        out = os.path.join(self.tmp, "out-killed")
        r = self.dask_classify(out, "--klantreis", wrapper)
        self.assertTrue(os.path.isdir(mark), "the wrapper never ran")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assert_equals_local_run(out)

    def test_klantreis_error_fails_the_job_naming_partition_and_cause(self):
        out = os.path.join(self.tmp, "out-error")
        r = self.dask_classify(out, "--klantreis", BIN, "--config", os.path.join(self.tmp, "missing.toml"))
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, r"dask-classify: partition \d{5} \(.*lines \d+-\d+\): klantreis exited with 2: "
                                   r"klantreis: .*missing\.toml: configuration file not found")
        self.assertFalse(os.path.exists(os.path.join(out, "stages.csv")))

    def test_refuses_a_directory_with_an_earlier_run(self):
        out = os.path.join(self.tmp, "out-again")
        self.assertEqual(self.dask_classify(out, "--klantreis", BIN).returncode, 0)
        r = self.dask_classify(out, "--klantreis", BIN)
        self.assertEqual(r.returncode, 2)
        self.assertIn("holds an earlier run", r.stderr)
        self.assertEqual(self.dask_classify(out, "--klantreis", BIN, "--overwrite").returncode, 0)
        self.assert_equals_local_run(out)


if __name__ == "__main__":
    try:
        import distributed  # noqa: F401
    except ImportError:
        skip("python3-distributed is not installed (scripts/setup.sh installs it)")
    if not shutil.which("dask-scheduler") or not shutil.which("dask-worker"):
        skip("dask-scheduler/dask-worker not on PATH (python3-distributed)")
    if not input_files():
        skip(f"no query files: neither {SHARED} nor classify/tests/data")
    unittest.main(verbosity=2)
