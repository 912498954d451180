"""Reading and building a big YAML table: time and peak memory, beside the whole-file reading it replaced.

    python bench/big_table.py [--size 100000] [--seed 11] [--keep FOLDER] [--skip-build]

Writes a generated table of --size entities (bench/scale.py's generator) as block YAML, then,
each in its own process so that peak RSS does not mix: (1) ``table.parse_table`` (one entity
composed at a time, yamlstream.py); (2) the baseline, in the same run: ``yaml.compose`` of the
whole file and the same reading of it (what parse_table did before); (3) ``aliasdb build`` of
the table, the whole path from bytes to a compiled index file, under ``ALIASDB_CACHE=off``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

STREAM = """
import resource, sys, time
from aliasdb.table.read import parse_table
text = open(sys.argv[1], encoding="utf-8").read()
t = time.perf_counter()
entities, problems = parse_table(text, sys.argv[1])
print(len(entities), len(problems), time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""

WHOLE = """
import resource, sys, time
import yaml
from aliasdb.table.read import _entities, yaml_loaders, _Reader
text = open(sys.argv[1], encoding="utf-8").read()
t = time.perf_counter()
root = yaml.compose(text, Loader=yaml_loaders()[1])
reader = _Reader(sys.argv[1])
data = reader.value(root)
del root
entities, problems = _entities(data["entities"][0], sys.argv[1], reader.problems)
print(len(entities), len(problems), time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def write_yaml(table: list[dict], path: Path) -> None:
    def q(s: str) -> str:
        return json.dumps(s, ensure_ascii=False)  # (a JSON string is a YAML string)

    with path.open("w", encoding="utf-8") as f:
        f.write("entities:\n")
        for e in table:
            f.write(f"  - id: {q(e['id'])}\n    kind: {e['kind']}\n    name: {q(e['name'])}\n")
            if e["country"]:
                f.write(f"    country: {e['country']}\n")
            if e["aliases"]:
                f.write("    aliases:\n" + "".join(f"      - {q(a)}\n" for a in e["aliases"]))


def run(code: str, path: Path) -> tuple[int, float, float]:
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), float(out[2]), float(out[3])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--keep", help="write the table in this folder and keep it")
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--skip-baseline", action="store_true", help="(at 1M it needs over 10 GB)")
    ap.add_argument("--skip-parse", action="store_true")
    args = ap.parse_args()
    from scale import generate

    folder = Path(args.keep or tempfile.mkdtemp(prefix="aliasdb-big-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"table-{args.size}.yaml"
    if not path.exists():
        table, _ = generate(args.size, args.seed, 10)
        write_yaml(table, path)
        del table
    print(f"{path}: {path.stat().st_size / 1e6:.0f} MB, {args.size:,} entities")
    if not args.skip_parse:
        n, secs, rss = run(STREAM, path)
        print(f"parse_table, one entity at a time: {n:,} entities in {secs:.1f} s, peak RSS {rss:,.0f} MB")
    if not args.skip_baseline:
        n, secs, rss = run(WHOLE, path)
        print(f"baseline, yaml.compose of the whole file: {n:,} entities in {secs:.1f} s, peak RSS {rss:,.0f} MB")
    if not args.skip_build:
        out = folder / "table.adbx"
        t = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "aliasdb", "build", str(path), "-o", str(out)],
                           capture_output=True, text=True, env={**os.environ, "ALIASDB_CACHE": "off"})
        secs = time.perf_counter() - t
        peak = next((int(line.split()[-1]) / 1024 for line in r.stderr.splitlines() if "Maximum resident" in line), 0.0)
        print(f"aliasdb build: exit {r.returncode} in {secs:.0f} s, peak RSS {peak:,.0f} MB; {r.stdout.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
