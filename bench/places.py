"""Imported places in running text and in lookups: what the shipped table (aliases.yaml with
places/) finds that the curated table alone does not, and the other way round.

    python bench/places.py [TEXT_OR_FOLDER ...]     # default: bench/news/ (news-like text written for this)

For each text, the mentions found by each table in the same run; every mention that differs is
listed, so that each new one can be judged right or wrong by eye. Then the counts of the
shipped table by kind, country, script and source, and the one-shot start-up of `aliasdb lookup`
beside a bare `python3 -c pass`.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aliasdb import AliasDB, default_table_path  # noqa: E402
from aliasdb.resolver.places import is_imported  # noqa: E402
from aliasdb.table.importers.common import script_of  # noqa: E402  (a name's script, hyphens and apostrophes aside)


def texts(args: list[str]) -> list[Path]:
    paths = [Path(a) for a in args] or [ROOT / "bench" / "news"]
    return sorted(f for p in paths for f in ([p] if p.is_file() else p.glob("*.txt")))


def compare(files: list[Path]) -> None:
    shipped, curated = AliasDB.default(), AliasDB.load(default_table_path())
    new = lost = 0
    for f in files:
        text = f.read_text(encoding="utf-8")
        a = {(m.start, m.end, m.text, m.id) for m in curated.annotate(text)}
        b = {(m.start, m.end, m.text, m.id) for m in shipped.annotate(text)}
        print(f"{f.name}: {len(text.split())} words, curated {len(a)} mentions, shipped {len(b)}")
        for m in sorted(b - a):
            new += 1
            print(f"  + {m[2]!r} {m[3]}  … {text[max(0, m[0] - 30):m[0]].replace(chr(10), ' ')}[{m[2]}]")
        for m in sorted(a - b):
            lost += 1
            print(f"  - {m[2]!r} {m[3]}")
    print(f"new mentions {new}, lost {lost}")


def counts() -> None:
    db = AliasDB.default()
    es = db.entities
    imported = [e for e in es if is_imported(e)]
    print(f"entities {len(es)}: curated {len(es) - len(imported)}, imported {len(imported)}")
    print("kinds:", dict(Counter(e.kind for e in es)))
    print("by country:", dict(sorted(Counter(e.country or "?" for e in es).items())))
    print("divisions with an ISO 3166-2 code:", dict(sorted(Counter(e.country for e in es if e.iso3166_2).items())))
    print("imported by country:", dict(sorted(Counter(e.country for e in imported).items())))
    print("imported by place_type:", dict(Counter(e.place_type for e in imported)))
    print("imported aliases by script:", dict(Counter(script_of(a) for e in imported for a in e.aliases)))
    print("imported aliases by language:", dict(Counter(f.lang for e in imported for f in e.facts)))
    print("aliases by source:", dict(Counter(f.source or "(none)" for e in es for f in e.facts)),
          "plain aliases:", sum(len(e.aliases) - len(e.facts) for e in es))
    print("imported with no native name:", sum(1 for e in imported if not e.aliases))


def startup(runs: int = 7) -> None:
    def best(cmd: list[str]) -> float:
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=False)
            times.append(time.perf_counter() - t)
        return min(times)

    aliasdb_bin = str(Path(sys.executable).parent / "aliasdb")
    subprocess.run([aliasdb_bin, "lookup", "Kirovsk, Murmansk Oblast"], capture_output=True, check=False)  # (the cache)
    bare = best([sys.executable, "-c", "pass"])
    lookup = best([aliasdb_bin, "lookup", "Kirovsk, Murmansk Oblast"])
    print(f"start-up, best of {runs}: python -c pass {bare * 1000:.0f} ms, aliasdb lookup {lookup * 1000:.0f} ms "
          f"({lookup / bare:.1f}x)")


def main() -> int:
    compare(texts(sys.argv[1:]))
    counts()
    startup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
