"""aliasdb on public name data it was not built from: sanctions lists, Korean persons, cities.

    python bench/realdata.py ../shared/realdata [--tasks sanctions,ko-persons,cities,vectors,parts] [--errors N]

For each resolution task a table is built in memory, in the contract format, from part of the
data, and the rest of the data is resolved against it, by aliasdb and by a RapidFuzz WRatio
(cutoff 85) matcher over unidecoded names in the same run:

* sanctions: table = each listed person's primary name (OFAC and UN files); queries = their
  ``Latn:aka`` and ``Latn:alias-Good`` spellings (many are pseudonyms: right answers are capped).
* ko-persons: table = each person's Hangul label only; queries = the English labels; where two
  people share a Hangul label the right answer is None.
* cities: table = each city's first Latn name plus its Cyrillic and Hangul names; queries = its
  other Latn names (codes and Latn-lower left out).

Also: how many of the peers' transliteration vectors aliasdb reads as the same name (every word
of input and expected meeting at a transliteration key; aliasdb reads schemes, it does not write
them), and, on the rigour name-part files, how often the Latin forms of an item meet its Cyrillic
or Hangul form, and how often they meet another item's instead. Nothing here is copied into the
project; the data stays where it is. City data: GeoNames (geonames.org), CC BY 4.0.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

import jellyfish
from unidecode import unidecode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from accuracy import RapidFuzzBaseline  # noqa: E402  (bench/, beside this file)

from aliasdb import AliasDB, Entity, Match  # noqa: E402
from aliasdb.match import calibration  # noqa: E402
from aliasdb.names.normalize import fold, normalize  # noqa: E402
from aliasdb.table.read import slug  # noqa: E402
from aliasdb.translit import korean_keys, slavic_keys  # noqa: E402


def rows(path: Path) -> list[dict[str, str]]:
    """A TSV with a header, split on tabs and newlines only (fields may hold quotes or U+2028)."""
    with path.open(encoding="utf-8", newline="\n") as f:
        lines = [line.rstrip("\n") for line in f]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:] if line]


def groups(path: Path) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in rows(path):
        out[row["group_id"]].append((row["script_or_lang"], row["variant"]))
    return out


def entity(gid: str, kind: str, name: str, aliases: Iterable[str] = ()) -> Entity:
    """An entity in the contract format; its country from the group id where the data gives one
    (ofac:123:RU-UA is listed under a Ukraine-related programme)."""
    ident = f"{kind}:{slug(gid) or 'x'}"
    tail = gid.rsplit(":", 1)[-1].upper()
    country = "ua" if "UA" in tail else "kp" if "KP" in tail or gid.startswith("un:KP") else "ru" if "RU" in tail \
        else "kr" if "KR" in tail else None
    return Entity(id=ident, kind=kind, name=name, aliases=tuple(a for a in dict.fromkeys(aliases) if a != name),
                  country=country)


#: Below this Jaro-Winkler similarity (unidecoded, letters only) to every name of its entity, a
#: query is another name (Heijō for 평양, Lemberg for Lviv, a pseudonym), not a spelling of one:
#: fewer than 1% of aliasdb's right answers on the cities task are that far.
OTHER_NAME_SIMILARITY = 0.7


def _letters(s: str) -> str:
    return "".join(ch for ch in unidecode(s).lower() if ch.isalnum())


def _other_name(query: str, names: list[str]) -> bool:
    q = _letters(query)
    return max((jellyfish.jaro_winkler_similarity(q, _letters(n)) for n in names), default=0.0) < OTHER_NAME_SIMILARITY


def run(title: str, entities: list[Entity], queries: list[tuple[str, str | None]], errors: int) -> None:
    db = AliasDB(entities)
    base = RapidFuzzBaseline(entities)
    sharing: dict[str, set[str]] = defaultdict(set)  # entities that share a name once normalized
    for e in entities:
        for n in (e.name, *e.aliases):
            sharing[normalize(n)].add(e.id)
    twins: dict[str, set[str]] = defaultdict(set)
    for ids in sharing.values():
        for i in ids:
            twins[i] |= ids - {i}
    names = {e.id: [e.name, *e.aliases] for e in entities}
    print(f"\n== {title}: {len(entities)} entities, {len(queries)} queries")
    for label, resolve in (("aliasdb", lambda q: db.resolve(q)), ("rapidfuzz", base.resolve)):
        right = missed = wrong = tied = other = 0
        shown = 0
        start = time.perf_counter()
        answers = [(q, want, resolve(q)) for q, want in queries]
        qps = len(queries) / (time.perf_counter() - start)
        for q, want, got in answers:
            got_id = getattr(got, "id", got)
            if got_id == want:
                right += 1
            elif got_id is None:
                missed += 1
                if label == "aliasdb" and want:
                    close = {c.id for c in db.candidates(q, limit=10)}
                    if want in close and close & twins[want]:
                        tied += 1
                    elif _other_name(q, names[want]):
                        other += 1
            else:
                wrong += 1
                if label == "aliasdb" and shown < errors:
                    shown += 1
                    print(f"   wrong: {q!r} -> {got_id} (expected {want})")
        n = len(queries)
        print(f"  {label:<10} right {right / n:.3f}  missed {missed / n:.3f}  wrong {wrong / n:.3f}"
              f"  ({right}/{missed}/{wrong})  {qps:,.0f} queries/s")
        if tied or other:
            print(f"  {'':<10} of the missed, {tied} tie between entities that share a name (no name-based resolver"
                  f" can choose) and {other} are other names, not spellings (similarity < {OTHER_NAME_SIMILARITY}"
                  " to every name of the entity)")
            print(f"  {'':<10} right on the rest: {right / (n - tied - other):.3f}  wrong {wrong / (n - tied - other):.3f}")
        if label == "aliasdb":
            per_class(db, answers)


def per_class(db: AliasDB, answers: list[tuple[str, str | None, Match | None]]) -> None:
    """aliasdb's precision per evidence class on this task, beside the class's calibrated score
    (aliasdb/match/calibration.tsv: this task's counts and the other sets')."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _q, want, got in answers:
        if got is not None:
            tally[calibration.match_class(got, db.get(got.id))][got.id != want] += 1
    print(f"  {'':<10} {'evidence class':<28}{'right/wrong':>13}  precision  calibrated score")
    for cls in sorted(tally, key=calibration.CLASSES.index):
        ok, bad = tally[cls]
        print(f"  {'':<10} {cls:<28}{ok:>8}/{bad:<4}  {ok / (ok + bad):9.3f}  {calibration.calibration(cls).score:16.3f}")
    for threshold in SCREENING:
        kept = [(want, got) for _q, want, got in answers if got is not None and got.score >= threshold]
        ok = sum(got.id == want for want, got in kept)
        print(f"  {'':<10} at threshold {threshold}: {len(kept)} answers, {ok} right (precision "
              f"{ok / len(kept) if kept else 1.0:.4f}, right {ok / len(answers):.3f} of the queries)")


#: The thresholds whose effect is shown (README: screening).
SCREENING = (0.99,)


def sanctions(data: Path, errors: int) -> None:
    entities, queries = [], []
    for name in ("ofac_sdn_2021-04_individuals_ru_ua_kp.tsv", "un_sc_consolidated_2020-03_dprk_individuals.tsv"):
        for gid, rows in groups(data / name).items():
            primary = next((v for s, v in rows if s == "Latn:primary"), None)
            if not primary:
                continue
            e = entity(gid, "person", primary)
            entities.append(e)
            queries += [(v, e.id) for s, v in rows if s in ("Latn:aka", "Latn:alias-Good") and v != primary]
    run("sanctions", entities, queries, errors)


def ko_persons(data: Path, errors: int) -> None:
    entities, labels = [], []
    by_hangul: Counter[str] = Counter()
    for gid, rows in groups(data / "netranslit_wikidata_korean_persons_en_ko.tsv").items():
        ko = next((v for s, v in rows if s == "ko"), None)
        en = next((v for s, v in rows if s == "en"), None)
        if not ko or not en:
            continue
        e = entity(gid, "person", ko)
        entities.append(e)
        labels.append((en, e.id, ko))
        by_hangul[normalize(ko)] += 1
    queries = [(en, None if by_hangul[normalize(ko)] > 1 else eid) for en, eid, ko in labels]
    run("ko-persons", entities, queries, errors)


def cities(data: Path, errors: int) -> None:
    entities, queries = [], []
    for gid, rows in groups(data / "geonames_cities15000_ru_ua_kp_kr.tsv").items():
        latin = [v for s, v in rows if s == "Latn"]
        if not latin:
            continue
        native = [v for s, v in rows if s.startswith("Cyrl") or s == "Hang"]
        e = entity(gid, "place", latin[0], native)
        entities.append(e)
        queries += [(v, e.id) for v in dict.fromkeys(latin[1:]) if v != latin[0]]
    run("cities", entities, queries, errors)


def _keys(word: str) -> frozenset[str]:
    w = "".join(fold(word).split())  # a name part written with a hyphen or space (nam-seon) is one part
    return slavic_keys(w) | korean_keys(w)


def _same_name(a: str, b: str) -> bool:
    wa, wb = fold(a).split(), fold(b).split()
    if len(wa) != len(wb) or not wa:
        return bool(_keys("".join(wa)) & _keys("".join(wb))) if wa and wb else False
    return all(_keys(x) & _keys(y) for x, y in zip(wa, wb, strict=True))


def vectors(data: Path) -> None:
    print("\n== transliteration vectors (input and expected read as the same name, word by word)")
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows(data / "peer" / "translit_vectors.tsv"):
        key = f"{row['source'].split('/')[-1]}:{row['scheme']}"
        per[key][0] += 1
        per[key][1] += _same_name(row["input"], row["expected"])
    for key, (n, ok) in sorted(per.items()):
        print(f"  {key:<40} {ok:>4}/{n:<4} {ok / n:.2f}")
    n = sum(v[0] for v in per.values())
    print(f"  {'all':<40} {sum(v[1] for v in per.values()):>4}/{n}")


def parts(data: Path) -> None:
    for name, native_scripts in (("rigour_name_parts_ru_uk.tsv", ("Cyrl",)), ("rigour_name_parts_ko.tsv", ("Hang",))):
        items = groups(data / name)
        native_index: dict[str, set[str]] = defaultdict(set)
        natives: dict[str, list[str]] = {}
        for gid, rows in items.items():
            natives[gid] = [v for s, v in rows if s.split("-")[0] in native_scripts]
            for v in natives[gid]:
                for k in _keys(v):
                    native_index[k].add(gid)
        same = confused = total = 0
        for gid, rows in items.items():
            if not natives[gid]:
                continue
            for s, v in rows:
                if s != "Latn":
                    continue
                total += 1
                hits = set().union(*(native_index.get(k, set()) for k in _keys(v)))
                same += gid in hits
                confused += bool(hits - {gid} - _same_native(gid, hits, natives))
        print(f"\n== name parts {name}: {total} Latin forms of {len(items)} items")
        print(f"  meets its own item's native form: {same / total:.3f}   meets another item's: {confused / total:.3f}")


def _same_native(gid: str, hits: set[str], natives: dict[str, list[str]]) -> set[str]:
    """Other items written with the very same native form (duplicates in the data, not confusions)."""
    mine = {normalize(v) for v in natives[gid]}
    return {h for h in hits if mine & {normalize(v) for v in natives[h]}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, help="the realdata folder (../shared/realdata)")
    ap.add_argument("--tasks", default="sanctions,ko-persons,cities,vectors,parts")
    ap.add_argument("--errors", type=int, default=0, help="print this many wrong answers per task")
    args = ap.parse_args()
    if not (args.data / "peer").is_dir():
        print(f"Error: {args.data} is not the realdata folder", file=sys.stderr)
        return 2
    tasks: dict[str, Callable[[], None]] = {
        "sanctions": lambda: sanctions(args.data, args.errors),
        "ko-persons": lambda: ko_persons(args.data, args.errors),
        "cities": lambda: cities(args.data, args.errors),
        "vectors": lambda: vectors(args.data),
        "parts": lambda: parts(args.data),
    }
    for name in args.tasks.split(","):
        tasks[name.strip()]()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
