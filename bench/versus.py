"""Two versions of aliasdb on the same generated table, in alternating runs, timed by CPU.

    python bench/versus.py OLD_CHECKOUT NEW_CHECKOUT [--size 100000] [--dense] [--rounds 3]

A table of ``--size`` entities and 2,000 queries are generated once (bench/scale.py's generator,
``--dense`` for its table of near-namesakes), then each round runs both checkouts in turn, each in
a process of its own that loads the table (the first round compiles and caches it, per
checkout), resolves every query twice and reports queries per second of process CPU time: on a
shared, busy machine the wall clock measures the neighbours, CPU time much less so. The medians
of the rounds are printed side by side, with their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def worker(root: str, folder: str) -> dict:
    """Load the table with the code at ``root`` and resolve the queries twice, timed by CPU."""
    sys.path.insert(0, root)
    os.environ["ALIASDB_CACHE"] = os.path.join(folder, "cache-" + str(abs(hash(root)) % 10**8))
    from aliasdb import AliasDB

    t = time.process_time()
    db = AliasDB.load(os.path.join(folder, "table.yaml"))
    load = time.process_time() - t
    queries = [q["q"] for q in json.loads(Path(folder, "queries.json").read_text(encoding="utf-8"))]
    passes = []
    for _ in range(2):
        t = time.process_time()
        for q in queries:
            db.resolve(q)
        passes.append(len(queries) / (time.process_time() - t))
    return {"load_cpu_s": load, "first": passes[0], "second": passes[1]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", nargs="?")
    ap.add_argument("new", nargs="?")
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--dense", action="store_true")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return 0
    if not (args.old and args.new):
        ap.error("give OLD_CHECKOUT and NEW_CHECKOUT")
    sys.path.insert(0, str(HERE))
    import scale

    folder = tempfile.mkdtemp(prefix="aliasdb-versus-")
    table, queries = scale.generate(args.size, 11, 2000, args.dense)
    with open(os.path.join(folder, "table.yaml"), "w", encoding="utf-8") as f:
        json.dump({"entities": [{k: e[k] for k in ("id", "kind", "name", "aliases", "country")} for e in table]}, f,
                  ensure_ascii=False)
    Path(folder, "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    del table
    runs: dict[str, list[dict]] = {"old": [], "new": []}
    for r in range(args.rounds):
        for side in ("old", "new"):
            root = os.path.abspath(getattr(args, side))
            out = subprocess.run([sys.executable, __file__, "--worker", root, folder], capture_output=True, text=True,
                                 check=True, env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
            runs[side].append(json.loads(out.stdout))
            got = runs[side][-1]
            print(f"round {r + 1} {side}: first pass {got['first']:,.0f} q/s, second {got['second']:,.0f} q/s (CPU)",
                  flush=True)
    for key in ("first", "second"):
        old, new = (statistics.median(x[key] for x in runs[s]) for s in ("old", "new"))
        print(f"{key} pass, median: old {old:,.0f} q/s, new {new:,.0f} q/s, new/old {new / old:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
