"""What validating an index on load costs (validate.py), beside the same load without it.

    python bench/load_checks.py [--size 100000] [--seed 11] [--repeats 5]

Builds a generated table of --size entities (bench/scale.py's generator), saves it as a
compiled file, then times ``store.read_index`` on it as a cache entry (the sampled checks) and
as a file passed by the user (every element checked), each beside the same read with
``validate.check`` replaced by a no-op (the baseline, measured in the same run). Best of
--repeats, in milliseconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def best(fn, repeats: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()

    from scale import generate, to_entities

    from aliasdb import AliasDB
    from aliasdb.index import store, validate

    table, _ = generate(args.size, args.seed, 10)
    t = time.perf_counter()
    db = AliasDB(to_entities(table), source="generated")
    build = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "index.adbx"
        db.save(path)
        size_mb = path.stat().st_size / 1e6
        real = validate.check
        rows = []
        for label, digest in (("cache entry (sampled checks)", ""), ("user's file (every element)", None)):
            checked = best(lambda d=digest: store.read_index(path, digest=d), args.repeats)
            validate.check = lambda *a, **k: None  # type: ignore[assignment]
            try:
                bare = best(lambda d=digest: store.read_index(path, digest=d), args.repeats)
            finally:
                validate.check = real
            rows.append((label, bare, checked))
    aliases = len(db._index.sections["rec_ent"])
    print(f"{args.size:,} entities, {aliases:,} aliases: built in {build:.1f} s, index {size_mb:.0f} MB")
    print(f"{'read_index as':<32}{'baseline (no validate)':>24}{'with validate':>16}")
    for label, bare, checked in rows:
        print(f"{label:<32}{bare:>21.1f} ms{checked:>13.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
