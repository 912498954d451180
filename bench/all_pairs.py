"""No spelling of one entity resolves to another (issue 17's all-pairs property), exhaustively.

    python bench/all_pairs.py [--table PATH] [--show N]

Every entity of the table (the shipped set by default: aliases.yaml and places/) is written out
from its native-script names under every convention of its language that the benchmark's writers
know (bench/scale.py and the three tables below, written for the benchmark, not aliasdb's own
readers): a Cyrillic name of a Russian or Ukrainian entity in English, French, German and
scientific spelling (Ukrainian letter values and the Ukrainian national system where the name has
Ukrainian letters), and a Russian one in Polish, Czech and Spanish as well; a Hangul
name of a Korean one in Revised Romanization, McCune-Reischauer and the press form. Each spelling
is resolved; the answer must be its own entity or None, never another entity of the same kind.
Printed: how many spellings, how many resolve to their entity, to none, to another entity of the
same kind (the property's failures, listed) and of another kind. A fast sample of the same rows
runs in the suite (tests/test_all_pairs.py).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import scale  # noqa: E402  (bench/, beside this file)

from aliasdb import AliasDB, Entity  # noqa: E402
from aliasdb.names.language import family_of  # noqa: E402

_CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ' -]+")
_UKRAINIAN = re.compile("[іїєґІЇЄҐ]")
_HANGUL = re.compile(r"[가-힣]{2,4}")
_HANGUL_WORDS = re.compile(r"[가-힣]{2,4}( [가-힣]{1,4})?")


#: Three more conventions, written here letter by letter (Polish, Czech, Spanish press spellings);
#: е, ю, я, ё after a vowel or at a word's start take their glide (je, ju, ja / ye, yu, ya).
_MORE = {
    "pl": dict(zip("абвгґдеёжзийклмнопрстуфхцчшщъыьэюяіїє",
                   "a b w g g d e io ż z i j k ł m n o p r s t u f ch c cz sz szcz _ y _ e iu ia i ji ie".split(), strict=True)),
    "cs": dict(zip("абвгґдеёжзийклмнопрстуфхцчшщъыьэюяіїє",
                   "a b v g g d e jo ž z i j k l m n o p r s t u f ch c č š šč _ y _ e ju ja i ji je".split(), strict=True)),
    "es": dict(zip("абвгґдеёжзийклмнопрстуфхцчшщъыьэюяіїє",
                   "a b v g g d e io zh z i i k l m n o p r s t u f j ts ch sh sch _ i _ e iu ia i yi ie".split(), strict=True)),
}
_GLIDE = {"pl": {"е": "je", "ю": "ju", "я": "ja", "ё": "jo", "є": "je"},
          "cs": {"е": "je", "ю": "ju", "я": "ja", "ё": "jo", "є": "je"},
          "es": {"е": "ye", "ю": "yu", "я": "ya", "ё": "yo", "є": "ye"}}
_VOWELS = set("аеёиоуыэюяіїє")


def _more(name: str, conv: str) -> str:
    """A Cyrillic name in one of the three conventions of ``_MORE``."""
    words = []
    for word in name.replace("'", "").split():
        parts = []
        for piece in word.split("-"):
            w, out = piece.lower(), []
            for i, ch in enumerate(w):
                prev, nxt = w[i - 1] if i else "", w[i + 1] if i + 1 < len(w) else ""
                if ch in _GLIDE[conv] and (not prev or prev in _VOWELS or prev in "ьъ"):
                    out.append(_GLIDE[conv][ch])
                elif ch == "ё" and prev in "жчшщц":
                    out.append("o")  # (Chruszczow, Chruščov, Jruschov)
                elif conv == "pl" and ch == "л":
                    out.append("l" if nxt and nxt in "ьеёиюяі" else "ł")
                elif conv == "pl" and ch in "еёюя" and prev not in "жчшщцл":
                    out.append("i" + {"е": "e", "ё": "o", "ю": "u", "я": "a"}[ch])  # (Miedwiediew)
                elif conv == "pl" and ch in "юя":
                    out.append({"ю": "u", "я": "a"}[ch])
                else:
                    out.append(_MORE[conv].get(ch, ch).replace("_", ""))
            text = "".join(out)
            parts.append(text[:1].upper() + text[1:])
        words.append("-".join(parts))
    return " ".join(words)


def _acronym(name: str) -> bool:
    return len(name.split()) == 1 and name.isupper()


def spellings(entity: Entity) -> list[tuple[str, str, str]]:
    """(spelling, convention, native name) of an entity: each of its Cyrillic names under every
    Slavic convention, each of its Hangul names under every Korean romanization, as its language
    (``country``, else inferred) has it; an acronym is no name to respell, and an alias the table
    lists as ambiguous (shared knowingly: Владимир of Volodymyr-Volynskyi) is not the entity's own."""
    family = family_of(entity)
    out: list[tuple[str, str, str]] = []
    for name in entity.all_names:
        if _acronym(name) or name in entity.weak_aliases or name in entity.ambiguous:
            continue  # (an alias listed as ambiguous is one the table knows another entity holds)
        if family != "ko" and _CYRILLIC.fullmatch(name) and any(ch.isalpha() for ch in name):
            uk = bool(_UKRAINIAN.search(name))
            for conv in (["ua", "en", "fr", "de"] if uk else ["en", "fr", "de", "sci"]):
                out.append((scale.cyr(name, conv, uk), conv, name))
            if not uk:
                out.extend((_more(name, conv), conv, name) for conv in _MORE)
        elif family != "sl" and _HANGUL_WORDS.fullmatch(name):
            for style in ("rr", "mr", "press"):
                if entity.kind == "person" and _HANGUL.fullmatch(name):
                    spelled = f"{scale.hangul(name[:1], style)} {scale.hangul(name[1:], style, '-')}"
                else:
                    spelled = " ".join(scale.hangul(w, style) for w in name.split())
                out.append((spelled, style, name))
    return sorted(set(out))


def rows(db: AliasDB) -> list[tuple[str, str, str, str]]:
    """(spelling, convention, native name, entity id) for every entity of the table."""
    return [(s, conv, name, e.id) for e in db.entities for s, conv, name in spellings(e)]


def verdict(db: AliasDB, query: str, eid: str) -> str:
    """``own``, ``none``, ``other`` (another entity of the same kind: the property fails) or
    ``other-kind``."""
    m = db.resolve(query)
    if m is None:
        return "none"
    if m.id == eid:
        return "own"
    return "other" if m.kind == db.get(eid).kind else "other-kind"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--table", help="a table of your own (default: the shipped set)")
    ap.add_argument("--show", type=int, default=50, help="list this many failures")
    args = ap.parse_args()
    db = AliasDB.load(args.table) if args.table else AliasDB.default()
    start = time.perf_counter()
    found = rows(db)
    counts: Counter[str] = Counter()
    per: Counter[tuple[str, str]] = Counter()
    failures = []
    for query, conv, name, eid in found:
        v = verdict(db, query, eid)
        counts[v] += 1
        per[(conv, v)] += 1
        if v == "other":
            failures.append((query, conv, name, eid, db.resolve(query)))
    took = time.perf_counter() - start
    n = len(found)
    print(f"{n:,} spellings of {len({r[3] for r in found}):,} entities ({took:.0f} s)")
    for v in ("own", "none", "other", "other-kind"):
        print(f"  {v:<11} {counts[v]:>6,}  {counts[v] / max(n, 1):.4f}")
    print("  by convention (own / none / other):")
    for conv in sorted({c for c, _ in per}):
        print(f"    {conv:<6} {per[(conv, 'own')]:>6,} / {per[(conv, 'none')]:>5,} / {per[(conv, 'other')]:>3}")
    for query, conv, name, eid, m in failures[: args.show]:
        print(f"  other: {query!r} ({conv} of {name}, {eid}) -> {m.id} via {m.alias!r} ({m.method})")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
