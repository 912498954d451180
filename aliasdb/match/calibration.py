"""What a match's score means: the precision measured for its kind of evidence (issue 17, point 4).

A match belongs to one *evidence class*, computed here and nowhere else, from what the cascade
already knows:

* the method: ``exact`` (an alias as written), ``normalized``, ``transliterated`` (read through
  a spelling convention), ``partial`` (a surname alone, or initials and surname), ``phonetic``
  (by sound), ``fuzzy`` (by edits);
* the language: ``ko`` when the entity's names are Korean (``names/language.py``: from
  ``country``, else inferred) or the name or the alias is written in Hangul or Hanja; ``sl``
  otherwise (Russian, Ukrainian, and names of no known language);
* the shape: ``one`` word, or ``several`` (the words of the name as written, once punctuation and
  hyphens are spaces: a Hangul name written solid, 김정은, is one word; Kim Jong-un is three).

So ``transliterated/ko/several``. ``calibration.tsv`` beside this module holds, per class, the
answers of ``resolve`` counted right and wrong on three sets: the development set
(``bench/devset.tsv``, on the shipped and the minimal table), the shipped table's own names (each
resolved on it: what measures a name met as written, which the other sets, made of variants,
rarely hold) and the real-data tasks of ``bench/realdata.py``; and the score made of them by one
formula: the Wilson lower bound at 95% of right / (right + wrong). It is a
precision-first estimate: a class seen 30 times without a mistake scores 0.89, not 1.0, and one
seen 8,000 times with 0.5% wrong scores about 0.993; ``threshold=0.99`` then keeps only evidence
measured to be wrong at most about once in a hundred. A class with fewer than
``CALIBRATION_MIN_COUNT`` observations takes the score of its parent (``transliterated/ko/one`` →
``transliterated/ko`` → ``transliterated``), whose counts are its children's summed; a method
never observed at all scores 0. ``python bench/calibrate.py [REALDATA]`` rewrites the file.
"""

from __future__ import annotations

import math
import os
import re
from functools import lru_cache

from aliasdb.limits import CALIBRATION_MIN_COUNT, CALIBRATION_Z
from aliasdb.model import frozen
from aliasdb.names.normalize import fold

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aliasdb.model import Entity, Match

__all__ = ["METHODS", "LANGS", "SHAPES", "CLASSES", "Calibration", "evidence_class", "parent", "lower_bound",
           "calibration", "score", "entity_score", "match_class", "table", "TABLE_FILE", "COLUMNS"]

#: The methods a match reports, in the cascade's order (``match/tiers.py: TIERS``).
METHODS = ("exact", "normalized", "transliterated", "partial", "phonetic", "fuzzy")
#: The languages of evidence: Korean, and the rest (Slavic, or not known).
LANGS = ("ko", "sl")
#: One word, or several.
SHAPES = ("one", "several")
#: Every class, parents before their children: method, method/lang, method/lang/shape.
CLASSES = tuple(c for m in METHODS for c in (m, *(x for lang in LANGS for x in (
    f"{m}/{lang}", *(f"{m}/{lang}/{s}" for s in SHAPES)))))
#: The calibration table, shipped in the package.
TABLE_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "calibration.tsv")
#: Its columns, in order.
COLUMNS = ("class", "dev_right", "dev_wrong", "names_right", "names_wrong", "real_right", "real_wrong", "right", "wrong",
           "score", "from")
#: The sets counted, in the table's order.
SETS = ("dev", "names", "real")


#: A letter of Hangul (syllables, jamo) or a Han character (Hanja).
_IDEOGRAPHIC = re.compile("[\u1100-\u11ff\u3130-\u318f\u4e00-\u9fff\uac00-\ud7a3]")


def evidence_class(method: str, family: str | None, name: str, alias: str) -> str:
    """The class of a match: its method, the language of the evidence, the shape of the name."""
    lang = "ko" if family == "ko" or _IDEOGRAPHIC.search(name) or _IDEOGRAPHIC.search(alias) else "sl"
    shape = "one" if len(fold(name).split()) <= 1 else "several"  # (fold: normalize's words, at a third of its cost)
    return f"{method}/{lang}/{shape}"


def parent(cls: str) -> str | None:
    """The class one level up (None for a method)."""
    return cls.rsplit("/", 1)[0] if "/" in cls else None


def lower_bound(right: int, wrong: int, z: float = CALIBRATION_Z) -> float:
    """The Wilson score interval's lower bound for the precision right / (right + wrong), rounded to
    3 places; 0.0 with no observation."""
    n = right + wrong
    if n == 0:
        return 0.0
    p = right / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return round(max(0.0, (centre - spread) / (1 + z * z / n)), 3)


@frozen
class Calibration:
    """One row of the table: a class, what was counted for it, and its score (made from the counts
    of ``source``: the class itself, or the nearest parent observed often enough)."""

    cls: str
    dev_right: int
    dev_wrong: int
    names_right: int
    names_wrong: int
    real_right: int
    real_wrong: int
    score: float
    source: str

    @property
    def counts(self) -> tuple[int, int, int, int, int, int]:
        return (self.dev_right, self.dev_wrong, self.names_right, self.names_wrong, self.real_right, self.real_wrong)

    @property
    def right(self) -> int:
        return self.dev_right + self.names_right + self.real_right

    @property
    def wrong(self) -> int:
        return self.dev_wrong + self.names_wrong + self.real_wrong

    def to_dict(self) -> dict[str, object]:
        return {"class": self.cls, "right": self.right, "wrong": self.wrong, "score": self.score,
                "score_from": self.source}


def scored(counts: dict[str, tuple[int, ...]]) -> dict[str, Calibration]:
    """Every class's row from the counts of the leaf classes (right and wrong on each of ``SETS``):
    parents summed, each score by ``lower_bound`` from the nearest class, itself first, observed at
    least ``CALIBRATION_MIN_COUNT`` times (a method: always its own)."""
    summed: dict[str, list[int]] = {c: [0] * 2 * len(SETS) for c in CLASSES}
    for cls, row in counts.items():
        if cls not in summed or cls.count("/") != 2:
            raise ValueError(f"not a leaf evidence class: {cls!r}")
        c: str | None = cls
        while c is not None:
            summed[c] = [a + b for a, b in zip(summed[c], row, strict=True)]
            c = parent(c)
    out: dict[str, Calibration] = {}
    for cls in CLASSES:
        source = cls
        while (up := parent(source)) is not None and sum(summed[source]) < CALIBRATION_MIN_COUNT:
            source = up
        seen = summed[source]
        dr, dw, nr, nw, rr, rw = summed[cls]
        out[cls] = Calibration(cls, dr, dw, nr, nw, rr, rw, lower_bound(sum(seen[0::2]), sum(seen[1::2])), source)
    return out


def write(rows: dict[str, Calibration], path: str = TABLE_FILE) -> None:
    """Write the table (what ``bench/calibrate.py`` does), in ``CLASSES`` order."""
    head = (f"# Generated by bench/calibrate.py: do not edit. score = Wilson lower bound (z={CALIBRATION_Z}) of\n"
            f"# right / (right + wrong), from the counts of the class named in 'from' (itself, or the nearest\n"
            f"# parent with {CALIBRATION_MIN_COUNT} observations or more). See aliasdb/match/calibration.py.\n")
    lines = ["\t".join(COLUMNS)]
    for cls in CLASSES:
        r = rows[cls]
        lines.append("\t".join(map(str, (cls, *r.counts, r.right, r.wrong, f"{r.score:.3f}", r.source))))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(head + "\n".join(lines) + "\n")


def read(path: str = TABLE_FILE) -> dict[str, Calibration]:
    """The table as written: every class's row (``ValueError`` on a malformed line)."""
    out: dict[str, Calibration] = {}
    with open(path, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if not line.startswith("#")]
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise ValueError(f"{path}: the header is not {' '.join(COLUMNS)}")
    for n, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        if len(cells) != len(COLUMNS):
            raise ValueError(f"{path}: row {n} has {len(cells)} columns, not {len(COLUMNS)}")
        cls, dr, dw, nr, nw, rr, rw, _right, _wrong, sc, source = cells
        out[cls] = Calibration(cls, int(dr), int(dw), int(nr), int(nw), int(rr), int(rw), float(sc), source)
    return out


@lru_cache(maxsize=1)
def table() -> dict[str, Calibration]:
    """The shipped table, read once."""
    return read()


def calibration(cls: str) -> Calibration:
    """The row of a class (a class the table lacks takes its nearest parent's score)."""
    rows = table()
    c: str | None = cls
    while c is not None:
        if c in rows:
            return rows[c] if c == cls else Calibration(cls, 0, 0, 0, 0, 0, 0, rows[c].score, rows[c].source)
        c = parent(c)
    return Calibration(cls, 0, 0, 0, 0, 0, 0, 0.0, cls)


def score(method: str, family: str | None, name: str, alias: str) -> float:
    """The calibrated score of a match: the measured precision of its evidence class."""
    return calibration(evidence_class(method, family, name, alias)).score


def entity_score(entity: Entity, method: str, written: str) -> float:
    """The calibrated score of an entity's alias met as it is ``written`` (running text's exact pass)."""
    from aliasdb.names.language import family_of

    return score(method, family_of(entity), written, written)


def match_class(match: Match, entity: Entity) -> str:
    """The class of a ``Match`` of this entity, as ``AliasDB`` scored it (benches and tests: a hit's
    family is its entity's, ``names/language.family_of``)."""
    from aliasdb.names.language import family_of

    return evidence_class(match.method, family_of(entity), match.query, match.alias)
