"""Accuracy on the development set (bench/devset.tsv), aliasdb beside a RapidFuzz baseline.

    python bench/accuracy.py [--devset bench/devset.tsv] [--table shipped|minimal|both]

Two tables: the shipped aliases.yaml, and a *minimal* one built from it in memory that keeps
for each entity only its English name and one native-script alias (so matching must come from
the rules). The baseline is RapidFuzz's WRatio (cutoff 85) over unidecoded aliases, the usual
quick fuzzy matcher. Per category it prints, for both: recall (variants resolved to the right
entity), false merges (variants resolved to a wrong entity), negatives rejected (no answer
for a name that is not in the table), and queries per second. Rows marked needs_table=yes
(translations, acronyms, former names) are left out of the minimal table's totals: no rule
can know them.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from unidecode import unidecode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aliasdb import AliasDB, Entity  # noqa: E402

NATIVE = {"ru": "Cyrl", "ua": "Cyrl", "su": "Cyrl", "kp": "Hang", "kr": "Hang"}


def minimal(entities: tuple[Entity, ...]) -> list[Entity]:
    """Each entity with only its English name and its first alias in its native script (with what
    the table says of those two: their language, source, and whether they are shared)."""
    from aliasdb.names.normalize import script_of

    out = []
    for e in entities:
        want = NATIVE.get(e.country or "", "")
        native = next((a for a in e.aliases if want and all(script_of(w) == want for w in a.split())), None)
        kept = (e.name, native)  # (and what the table says of them: where an imported place's name came from)
        out.append(Entity(id=e.id, kind=e.kind, name=e.name, aliases=(native,) if native else (), country=e.country,
                          ambiguous=tuple(a for a in e.ambiguous if a in kept), facts=tuple(f for f in e.facts if f.name in kept),
                          geonames=e.geonames, iso3166_2=e.iso3166_2, place_type=e.place_type, part_of=e.part_of))
    return out


class RapidFuzzBaseline:
    """extractOne over unidecoded aliases: WRatio with cutoff 85 unless told another scorer."""

    def __init__(self, entities: list[Entity] | tuple[Entity, ...], scorer: Callable | None = None, cutoff: float = 85):
        self.scorer, self.cutoff = scorer, cutoff
        self.choices: list[str] = []
        self.owner: list[str] = []
        for e in entities:
            for a in e.all_names:
                self.choices.append(unidecode(a).lower())
                self.owner.append(e.id)

    def resolve(self, name: str) -> str | None:
        from rapidfuzz import fuzz, process  # the bench extra; the rest of this module runs without it

        hit = process.extractOne(unidecode(name).lower(), self.choices, scorer=self.scorer or fuzz.WRatio,
                                 score_cutoff=self.cutoff)
        return self.owner[hit[2]] if hit else None


def load_devset(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


def evaluate(rows: list[dict[str, str]], resolve: Callable[[str], str | None], skip_needs_table: bool) -> dict:
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # n, right, wrong, none
    errors: list[tuple[str, str, str | None]] = []
    start = time.perf_counter()
    for r in rows:
        got = resolve(r["query"])
        expected = None if r["expected"] == "-" else r["expected"]
        cat = r["category"]
        if skip_needs_table and r.get("needs_table") == "yes":
            cat = "(needs table) " + cat
        c = per[cat]
        c[0] += 1
        if got == expected:
            c[1] += 1
        elif got is None:
            c[3] += 1
        else:
            c[2] += 1
        if got != expected and not cat.startswith("(needs"):
            errors.append((r["query"], r["expected"], got))
    elapsed = time.perf_counter() - start
    return {"per": per, "errors": errors, "qps": len(rows) / elapsed if elapsed else 0.0}


def totals(per: dict[str, list[int]]) -> tuple[float, float, float, int, int]:
    pos = [c for k, c in per.items() if not k.startswith("neg") and not k.startswith("(needs")]
    neg = [c for k, c in per.items() if k.startswith("neg")]
    npos = sum(c[0] for c in pos)
    nneg = sum(c[0] for c in neg)
    recall = sum(c[1] for c in pos) / npos if npos else 0.0
    merges = sum(c[2] for c in pos) / npos if npos else 0.0
    rejected = sum(c[1] for c in neg) / nneg if nneg else 0.0
    return recall, merges, rejected, npos, nneg


def report(title: str, ours: dict, base: dict, show_errors: int) -> None:
    print(f"\n== {title}")
    print(f"{'category':<34}{'n':>5}   {'aliasdb right/wrong':>20}   {'rapidfuzz right/wrong':>22}")
    for cat in sorted(ours["per"]):
        o, b = ours["per"][cat], base["per"][cat]
        label = "rejected" if cat.startswith("neg") else "recall"
        ours_cell = f"{label} {o[1] / o[0]:5.2f} / {o[2] / o[0]:4.2f}"
        print(f"{cat:<34}{o[0]:>5}   {ours_cell}   {label} {b[1] / b[0]:5.2f} / {b[2] / b[0]:4.2f}")
    r1, m1, n1, npos, nneg = totals(ours["per"])
    r2, m2, n2, _, _ = totals(base["per"])
    print(f"{'TOTAL':<34}variants {npos}, negatives {nneg}")
    print(f"  aliasdb:   recall {r1:.3f}  false merges {m1:.3f}  negatives rejected {n1:.3f}  {ours['qps']:,.0f} queries/s")
    print(f"  rapidfuzz: recall {r2:.3f}  false merges {m2:.3f}  negatives rejected {n2:.3f}  {base['qps']:,.0f} queries/s")
    print(f"  speed ratio aliasdb/rapidfuzz: {ours['qps'] / base['qps']:.1f}x")
    for q, want, got in ours["errors"][:show_errors]:
        print(f"  miss: {q!r} expected {want} got {got}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--devset", default=str(ROOT / "bench" / "devset.tsv"))
    ap.add_argument("--table", choices=["shipped", "minimal", "both"], default="both")
    ap.add_argument("--errors", type=int, default=0, help="print this many of aliasdb's errors per table")
    args = ap.parse_args()
    rows = load_devset(Path(args.devset))
    shipped = AliasDB.default()
    tables = []
    if args.table in ("shipped", "both"):
        tables.append(("shipped table", list(shipped.entities), False))
    if args.table in ("minimal", "both"):
        tables.append(("minimal table (English name + one native alias)", minimal(shipped.entities), True))
    for title, entities, skip in tables:
        db = AliasDB(entities)
        base = RapidFuzzBaseline(entities)
        ours = evaluate(rows, lambda q, db=db: getattr(db.resolve(q), "id", None), skip)
        theirs = evaluate(rows, base.resolve, skip)
        report(title, ours, theirs, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
