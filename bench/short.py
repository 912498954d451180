"""Short strings: how many of the 702 upper-case strings of one or two Latin letters resolve.

    python bench/short.py

A string that short is nobody in particular (N. Korea, U.N., the CSV null \\N): aliasdb meets it
only by an alias as written (issue 17). Beside it, the RapidFuzz WRatio baseline of accuracy.py
on the same shipped table, in the same run.
"""

from __future__ import annotations

import string
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from accuracy import RapidFuzzBaseline  # noqa: E402  (bench/, beside this file)

from aliasdb import AliasDB  # noqa: E402


def strings() -> list[str]:
    letters = string.ascii_uppercase
    return list(letters) + [a + b for a in letters for b in letters]


def main() -> int:
    db = AliasDB.default()
    base = RapidFuzzBaseline(db.entities)
    qs = strings()
    start = time.perf_counter()
    ours = {q: db.resolve(q) for q in qs}
    elapsed = time.perf_counter() - start
    theirs = {q: base.resolve(q) for q in qs}
    methods = Counter(m.method for m in ours.values() if m)
    print(f"{len(qs)} strings of one or two upper-case letters")
    print(f"  aliasdb:   {sum(1 for m in ours.values() if m)} resolve ({dict(methods)}), "
          f"{sum(1 for m in ours.values() if m and m.method not in ('exact', 'normalized'))} by anything looser "
          f"than an alias as written  ({len(qs) / elapsed:,.0f} queries/s)")
    print(f"  rapidfuzz: {sum(1 for v in theirs.values() if v)} resolve")
    for q, m in ours.items():
        if m:
            print(f"    {q!r} -> {m.id} ({m.method}, alias {m.alias!r})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
