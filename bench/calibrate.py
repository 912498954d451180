"""Regenerate the calibration table (aliasdb/match/calibration.tsv): per evidence class, the
answers of ``resolve`` counted right and wrong, and the score made of them.

    python bench/calibrate.py [../shared/realdata] [--check]

The counts come from the development set (bench/devset.tsv, on the shipped and the minimal table
of bench/accuracy.py), from the shipped table's own names (each name of each entity, resolved on
it) and, when the realdata folder is given, from the resolution tasks of bench/realdata.py
(sanctions, ko-persons, cities); without it the real-data counts already in the file are kept.
Every answer given counts: right when it is the expected entity, wrong otherwise (a negative
answered, a tie answered, another entity). Only counts per class are
written: no name, nothing per name. The formula and the fallback of a rarely seen class to its
parent are in aliasdb/match/calibration.py. Rerun it after any change of the rules that moves
what the development set answers (tests/test_calibration.py fails until then). ``--check``
writes nothing and exits 1 when the file would change.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from aliasdb import AliasDB, Entity  # noqa: E402
from aliasdb.match import calibration  # noqa: E402

#: (class, right?) per answer given.
Observation = tuple[str, bool]


def observe(db: AliasDB, queries: Iterable[tuple[str, str | None]]) -> Iterator[Observation]:
    """The class of each answer ``resolve`` gives, and whether it is the expected entity."""
    for q, want in queries:
        m = db.resolve(q)
        if m is not None:
            yield calibration.match_class(m, db.get(m.id)), m.id == want


def dev_observations() -> list[Observation]:
    """The development set on the shipped and the minimal table (bench/accuracy.py)."""
    import accuracy

    rows = accuracy.load_devset(ROOT / "bench" / "devset.tsv")
    queries = [(r["query"], None if r["expected"] == "-" else r["expected"]) for r in rows]
    shipped = AliasDB.default()
    out = list(observe(shipped, queries))
    out += observe(AliasDB(accuracy.minimal(shipped.entities)), queries)
    return out


def names_observations() -> list[Observation]:
    """Every name of every entity of the shipped table, resolved on it: a name as written."""
    db = AliasDB.default()
    return list(observe(db, ((n, e.id) for e in db.entities for n in e.all_names)))


def real_observations(folder: Path) -> list[Observation]:
    """The three resolution tasks of bench/realdata.py, each on its own table."""
    import realdata as rd

    captured: list[tuple[str, list[Entity], list[tuple[str, str | None]]]] = []
    run = rd.run
    rd.run = lambda title, entities, queries, errors: captured.append((title, entities, queries))  # type: ignore[assignment]
    try:
        for task in (rd.sanctions, rd.ko_persons, rd.cities):
            task(folder, 0)
    finally:
        rd.run = run
    out: list[Observation] = []
    for _title, entities, queries in captured:
        out += observe(AliasDB(entities), queries)
    return out


def counts(observations: Iterable[Observation]) -> dict[str, tuple[int, int]]:
    """Right and wrong per leaf class (every leaf class, zeros included)."""
    tally = Counter(observations)
    return {c: (tally[c, True], tally[c, False]) for c in calibration.CLASSES if c.count("/") == 2}


def table(dev: dict[str, tuple[int, int]], names: dict[str, tuple[int, int]],
          real: dict[str, tuple[int, int]]) -> dict[str, calibration.Calibration]:
    return calibration.scored({c: (*dev[c], *names[c], *real.get(c, (0, 0))) for c in dev})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("realdata", nargs="?", type=Path, help="the realdata folder (../shared/realdata); else its counts are kept")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file would change")
    ap.add_argument("--out", default=calibration.TABLE_FILE, help="where to write (default: the shipped table)")
    args = ap.parse_args()
    if args.realdata is not None and not (args.realdata / "peer").is_dir():
        print(f"Error: {args.realdata} is not the realdata folder", file=sys.stderr)
        return 2
    dev = counts(dev_observations())
    if args.realdata is not None:
        real = counts(real_observations(args.realdata))
    else:
        old = calibration.read(calibration.TABLE_FILE) if Path(calibration.TABLE_FILE).is_file() else {}
        real = {c: (r.real_right, r.real_wrong) for c, r in old.items()}
    rows = table(dev, counts(names_observations()), real)
    if args.check:
        same = calibration.read(args.out) == rows if Path(args.out).is_file() else False
        print("the calibration table is up to date" if same else f"{args.out} is out of date: run python bench/calibrate.py")
        return 0 if same else 1
    calibration.write(rows, args.out)
    print(f"{'class':<28}{'devset':>12}{'names':>12}{'realdata':>13}{'score':>8}  from   (right/wrong)")
    for c in calibration.CLASSES:
        r = rows[c]
        print(f"{c:<28}{r.dev_right:>7}/{r.dev_wrong:<4}{r.names_right:>7}/{r.names_wrong:<4}{r.real_right:>7}/{r.real_wrong:<5}"
              f"{r.score:>8.3f}  {r.source}")
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
