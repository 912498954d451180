"""Every answer of the benchmarks, written out, so two versions of the code can be compared
record for record (a refactoring must not change one).

    python bench/answers.py OUT.jsonl [--realdata ../shared/realdata] [--sizes 10000,100000]
    python bench/answers.py --compare OLD.jsonl NEW.jsonl [--decisions]

Each line is one query of one set: the set's name, the query, and what ``resolve`` returned
(id, score, method, alias; ``null`` for no match), plus the ids ``candidates`` ranked for the
development set. The sets: the development set on the shipped and the minimal table
(bench/accuracy.py), the real-data tasks (bench/realdata.py, when its folder is given), and the
generated tables of bench/scale.py at the sizes asked for (the dense one too, with --dense).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from aliasdb import AliasDB, Entity  # noqa: E402


def _record(name: str, query: str, m: object) -> dict:
    if m is None:
        return {"set": name, "q": query, "m": None}
    return {"set": name, "q": query, "m": [m.id, round(m.score, 6), m.method, m.alias]}  # type: ignore[attr-defined]


def devset() -> Iterator[dict]:
    import accuracy

    rows = accuracy.load_devset(ROOT / "bench" / "devset.tsv")
    shipped = AliasDB.default()
    for label, db in (("devset-shipped", shipped), ("devset-minimal", AliasDB(accuracy.minimal(shipped.entities)))):
        for r in rows:
            rec = _record(label, r["query"], db.resolve(r["query"]))
            rec["c"] = [c.id for c in db.candidates(r["query"])]
            yield rec


def realdata(folder: Path) -> Iterator[dict]:
    import realdata as rd

    captured: list[tuple[str, list[Entity], list[tuple[str, str | None]]]] = []
    rd.run = lambda title, entities, queries, errors: captured.append((title, entities, queries))  # type: ignore[assignment]
    for task in (rd.sanctions, rd.ko_persons, rd.cities):
        task(folder, 0)
    for title, entities, queries in captured:
        db = AliasDB(entities)
        for q, _want in queries:
            yield _record(f"realdata-{title}", q, db.resolve(q))


def scale(size: int, dense: bool = False) -> Iterator[dict]:
    import scale as sc

    generate: Callable = sc.generate_dense if dense else sc.generate
    table, queries = generate(size, 11, 2000)
    db = AliasDB(sc.to_entities(table))
    label = f"scale-{'dense-' if dense else ''}{size}"
    for q in queries:
        yield _record(label, q["q"], db.resolve(q["q"]))


def _decision(line: str) -> str:
    """A record without its score: what was decided (a change of the calibration moves only scores)."""
    rec = json.loads(line)
    if rec["m"] is not None:
        rec["m"] = [rec["m"][0], *rec["m"][2:]]
    return json.dumps(rec, ensure_ascii=False)


def compare(old: Path, new: Path, decisions: bool = False) -> int:
    a = old.read_text(encoding="utf-8").splitlines()
    b = new.read_text(encoding="utf-8").splitlines()
    if decisions:
        a, b = [_decision(x) for x in a], [_decision(y) for y in b]
    diffs = [(x, y) for x, y in zip(a, b, strict=False) if x != y]
    for x, y in diffs[:20]:
        print(f"- {x}\n+ {y}")
    sets: dict[str, int] = {}
    for line in a:
        s = json.loads(line)["set"]
        sets[s] = sets.get(s, 0) + 1
    print(f"{len(a)} records before, {len(b)} after, {len(diffs)} differ; per set: {sets}")
    return 0 if not diffs and len(a) == len(b) else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", type=Path)
    ap.add_argument("--realdata", type=Path)
    ap.add_argument("--sizes", default="10000")
    ap.add_argument("--dense", action="store_true", help="the dense generated tables too")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"))
    ap.add_argument("--decisions", action="store_true", help="with --compare: leave the scores out (compare what was decided)")
    args = ap.parse_args()
    if args.compare:
        return compare(*args.compare, decisions=args.decisions)
    if args.out is None:
        ap.error("give OUT.jsonl or --compare OLD NEW")
    with args.out.open("w", encoding="utf-8") as f:
        sources: list[Iterator[dict]] = [devset()]
        if args.realdata:
            sources.append(realdata(args.realdata))
        for size in (int(s) for s in args.sizes.split(",") if s):
            sources.append(scale(size))
            if args.dense:
                sources.append(scale(size, dense=True))
        for source in sources:
            for rec in source:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
