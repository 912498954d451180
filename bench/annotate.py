"""Annotation speed: MB/s on generated news-like text, aliasdb beside the bare automaton.

    python bench/annotate.py [--mb 3] [--seed 7] [--table aliases.yaml]

The text is generated from a fixed seed: sentences of filler words around names of the shipped
table, written as the table has them, as the development set spells them (bench/devset.tsv:
other conventions, scripts, inflections, particles), and Russian names in case forms. The
baseline is what aliasdb's first pass is: one pyahocorasick automaton over the normalized
aliases, run over the normalized text, exact matches only, timed two ways: normalizing every
word as it comes (the baseline of issue #5), and normalizing each distinct word once (what
aliasdb itself does, and the fairer yardstick). All are timed in the same run, the baselines
best of three; the ratios are what to compare across machines.

aliasdb is timed on its first text (every cache cold), on a second text of another seed
(what a later document of a stream costs: the per-table caches of resolved runs kept, but the
runs that text writes for the first time still cost a ``resolve`` each) and on that second
text again, best of three (what the rest costs: every run known).
``--devset`` also places each development-set query in a sentence and counts how often the
expected entity is marked (and how often a negative is marked at all).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from functools import lru_cache
from pathlib import Path

import ahocorasick

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aliasdb import AliasDB  # noqa: E402
from aliasdb.names.normalize import normalize  # noqa: E402

WORD = re.compile(r"\w+")
FILLER = ("le ministre a déclaré que la rencontre entre les deux pays s'est tenue hier dans une atmosphère "
          "the talks were held on Friday according to officials who asked not to be named while "
          "по словам источника переговоры прошли в закрытом режиме и продолжатся завтра "
          "회담은 비공개로 진행됐으며 양측은 협력 강화에 합의했다").split()


def names(db: AliasDB, rnd: random.Random) -> list[str]:
    """Spellings to sprinkle: the table's own, and the development set's variants."""
    out = [a for e in db.entities for a in e.all_names]
    with (ROOT / "bench" / "devset.tsv").open(encoding="utf-8") as f:
        out += [r["query"] for r in csv.DictReader(f, delimiter="\t") if r["expected"] != "-"]
    rnd.shuffle(out)
    return out


def generate(db: AliasDB, megabytes: float, seed: int) -> str:
    rnd = random.Random(seed)
    pool = names(db, rnd)
    parts: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        words = [rnd.choice(FILLER) for _ in range(rnd.randint(12, 30))]
        for _ in range(rnd.choice((0, 1, 1, 2))):
            words.insert(rnd.randint(0, len(words)), rnd.choice(pool))
        sentence = " ".join(words)
        sentence = sentence[:1].upper() + sentence[1:] + ". "  # (str.capitalize would lower-case the names)
        parts.append(sentence)
        size += len(sentence.encode("utf-8"))
    return "".join(parts)


def baseline(db: AliasDB) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for e in db.entities:
        for a in e.all_names:
            key = normalize(a)
            if len(key) >= 2:
                automaton.add_word(f" {key} ", e.id)
    automaton.make_automaton()
    return automaton


def time_baseline(automaton: ahocorasick.Automaton, text: str, memoized: bool) -> tuple[float, int]:
    """Best of three: seconds, and the (overlapping) exact matches found."""
    best, found = float("inf"), 0
    for _ in range(3):
        norm = lru_cache(maxsize=None)(normalize) if memoized else normalize
        start = time.perf_counter()
        flat = " " + " ".join(map(norm, WORD.findall(text))) + " "
        found = sum(1 for _ in automaton.iter(flat))
        best = min(best, time.perf_counter() - start)
    return best, found


def devset_in_sentences(db: AliasDB) -> tuple[int, int, int, int]:
    """(expected entity marked, variants, negatives marked, negatives) for each development-set
    query placed mid-sentence."""
    hit = pos = marked = neg = 0
    with (ROOT / "bench" / "devset.tsv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            ids = {m.id for m in db.annotate(f"Selon l'agence, {r['query']} est arrivé hier.")}
            if r["expected"] == "-":
                neg += 1
                marked += bool(ids)
            else:
                pos += 1
                hit += r["expected"] in ids
    return hit, pos, marked, neg


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=3.0, help="megabytes of text to generate")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--devset", action="store_true", help="also count development-set queries found in sentences")
    ap.add_argument("--table", help="a table to annotate with (default: the shipped set, aliases.yaml with places/)")
    args = ap.parse_args()
    db = AliasDB.load(args.table) if args.table else AliasDB.default()
    text = generate(db, args.mb, args.seed)
    later = generate(db, args.mb, args.seed + 1)
    mb = len(text.encode("utf-8")) / 1_000_000
    mb_later = len(later.encode("utf-8")) / 1_000_000
    automaton = baseline(db)
    per_word, base_found = time_baseline(automaton, text, memoized=False)
    memo, _ = time_baseline(automaton, text, memoized=True)

    db.annotate("warm up: Pyongyang")  # build the automaton outside the timing
    start = time.perf_counter()
    mentions = db.annotate(text)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    db.annotate(later)
    warm = time.perf_counter() - start
    again = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        db.annotate(later)
        again = min(again, time.perf_counter() - start)
    methods: dict[str, int] = {}
    for m in mentions:
        methods[m.method] = methods.get(m.method, 0) + 1

    print(f"text: {mb:.2f} MB, seed {args.seed}")
    print(f"  automaton alone, normalize per word:        {mb / per_word:6.2f} MB/s   {base_found:,} matches (overlapping)")
    print(f"  automaton alone, each distinct word once:   {mb / memo:6.2f} MB/s")
    print(f"  aliasdb.annotate, first text (cold caches): {mb / cold:6.2f} MB/s   {len(mentions):,} mentions "
          f"({', '.join(f'{k} {v:,}' for k, v in sorted(methods.items()))})")
    print(f"  aliasdb.annotate, a later text (seed {args.seed + 1}):   {mb_later / warm:6.2f} MB/s")
    print(f"  aliasdb.annotate, the later text again:     {mb_later / again:6.2f} MB/s")
    for label, seconds, size in (("cold", cold, mb), ("later", warm, mb_later), ("again", again, mb_later)):
        print(f"  speed ratio aliasdb ({label})/automaton: {per_word / seconds * size / mb:.2f} (per word), "
              f"{memo / seconds * size / mb:.2f} (distinct words once)")
    if args.devset:
        hit, pos, marked, neg = devset_in_sentences(db)
        print(f"  development set in sentences: {hit} of {pos} variants found, {marked} of {neg} negatives marked")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
