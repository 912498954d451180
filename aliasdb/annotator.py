"""Finding the names of a table in running text: news, transcripts, any UTF-8.

Two passes over the words of the text. An Aho–Corasick automaton (pyahocorasick) finds every
alias as written, after normalization, in one sweep: that is most mentions, at C speed. Then a
bounded candidate step looks at the runs of capitalized words (and Cyrillic, Hangul and Hanja
words) the automaton left alone and asks ``resolve`` about them, longest first: that finds the
transliterated, inflected and particle-bearing mentions (Belooussov, Путина, 김정은은). A
surname met alone resolves to the person named in full earlier in the same text, even when the
surname alone is ambiguous in the table.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import ahocorasick

from aliasdb.keys import TITLES
from aliasdb.model import KINDS, Match
from aliasdb.normalize import normalize, script_of
from aliasdb.translit import korean_keys, loan_keys

if TYPE_CHECKING:
    from aliasdb.db import AliasDB

__all__ = ["Mention", "Annotator", "MAX_TEXT_CHARS"]

#: Text beyond this many characters is annotated in pieces of this size.
MAX_TEXT_CHARS = 1_000_000
#: The candidate step tries runs of at most this many words.
MAX_RUN_WORDS = 4
#: Short words that begin sentences and never begin a name here.
_NEVER_NAMES = frozenset("""a an the in on at of for and but to by with from as this that these those it its he she they we
    le la les l un une des du de d au aux et en dans sur pour par avec selon cette ce ces il elle ils elles
    der die das den dem ein eine und im am zu mit von für
    в во на и с со по к от из за о об у а но это этот эта он она они
    이 그 저""".split())
_WORD = re.compile(r"\w+", re.UNICODE)
# French elided articles and Korean particles are cut from a word's edge before it is looked up.
_ELISION = re.compile(r"^(?:[dlnsjmtc]|qu|jusqu|lorsqu|puisqu)['’ʼ]", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """One name found in a text: ``text[start:end]`` is exactly what was written."""

    start: int
    end: int
    text: str
    id: str
    name: str
    kind: str
    score: float
    method: str

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text, "id": self.id, "name": self.name,
                "kind": self.kind, "score": round(self.score, 4), "method": self.method}


class _Word(NamedTuple):
    start: int
    end: int
    norm: str
    raw: str


@lru_cache(maxsize=262144)
def _normal_word(word: str) -> str:
    return normalize(word).replace(" ", "")


def _words(text: str) -> list[_Word]:
    norm = _normal_word
    found = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    return [_Word(a, b, n, raw) for a, b, raw in found if (n := norm(raw))]


def _joinable(text: str, a: _Word, b: _Word) -> bool:
    """Two words may belong to one name: only spaces, one hyphen or an apostrophe between them."""
    gap = text[a.end : b.start]
    return len(gap) <= 3 and all(ch in " \t\n\r-‐‑–'’ʼ\u00a0" for ch in gap) and gap.count("\n") <= 1


def _sentence_start(text: str, words: list[_Word], i: int) -> bool:
    """Does word ``i`` begin a sentence, line or quotation (so that its capital says nothing)?"""
    gap = text[words[i - 1].end : words[i].start] if i else "."
    return any(ch in gap for ch in ".!?\n:;«»\"“”„()[]")


def _attached(text: str, a: _Word, b: _Word) -> bool:
    """A word hyphened or apostrophed to the one before (Jong-un, P'yŏngyang) belongs to it."""
    return text[a.end : b.start] in ("-", "‐", "‑", "'", "’", "ʼ")


def _name_like(w: _Word, cjk: Callable[[str], bool] | None = None) -> bool:
    """Could a name start here? A capitalized Latin or Cyrillic word; a Hangul or Hanja word the
    table may know (``cjk``), since Korean has no capitals."""
    first = w.raw[0]
    if first.islower() or first.isdigit():
        return False
    script = script_of(w.norm)
    if script in ("Hang", "Hani"):
        return cjk(w.norm) if cjk else True
    return first.isupper() and script in ("Latn", "Cyrl")


class Annotator:
    """The automaton of one table's aliases, built once, shared by threads."""

    def __init__(self, db: AliasDB):
        self._db = db
        self._automaton = ahocorasick.Automaton()
        owners: dict[str, set[int]] = {}
        lengths: dict[str, int] = {}
        self._cjk_words: set[str] = set()  # Hangul and Hanja words of the table: Korean has no capitals
        for ei, entity in enumerate(db.entities):
            for alias in entity.all_names:
                words = _words(alias)
                if not words:
                    continue
                self._cjk_words.update(w.norm for w in words if script_of(w.norm) in ("Hang", "Hani"))
                key = " " + " ".join(w.norm for w in words) + " "
                if len(words) == 1 and len(words[0].norm) < 2:
                    continue  # one letter is never a name in running text
                owners.setdefault(key, set()).add(ei)
                lengths[key] = len(words)
        for key, eis in owners.items():
            self._automaton.add_word(key, (tuple(sorted(eis)), lengths[key]))
        if owners:
            self._automaton.make_automaton()
        self._empty = not owners
        self._index = db._index
        self._cache: dict[tuple[str, str | None], Match | None] = {}
        self._lock = threading.Lock()

    @lru_cache(maxsize=65536)  # noqa: B019 (one annotator per table, kept for the table's life)
    def _cjk(self, norm: str) -> bool:
        """A Hangul or Hanja word worth resolving: it begins with a word of the table (김정은은), or
        its Korean reading or sound classes are a key of the index (金正恩, 푸틴)."""
        if any(norm[:n] in self._cjk_words for n in range(len(norm), 0, -1)):
            return True
        keys = ["t" + k for k in korean_keys(norm)] + ["lx" + k for k in loan_keys(norm)]
        return any(self._index.has_key(k) for k in keys)

    def _resolve(self, name: str, kind: str | None) -> Match | None:
        key = (name, kind)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        found = self._db.resolve_strict(name, kind)
        with self._lock:
            if len(self._cache) < 200_000:
                self._cache[key] = found
        return found

    def annotate(self, text: str, kinds: Iterable[str] | None = None) -> list[Mention]:
        """Mentions in text order, never overlapping; the longest, strictest match wins."""
        if not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        allowed = set(kinds) if kinds is not None else set(KINDS)
        if not allowed <= set(KINDS):
            raise ValueError(f"kinds must be among {', '.join(KINDS)}")
        out: list[Mention] = []
        for offset in range(0, max(len(text), 1), MAX_TEXT_CHARS):
            piece = text[offset : offset + MAX_TEXT_CHARS]
            out.extend(self._annotate_piece(piece, offset, allowed, out))
        return out

    def _annotate_piece(self, text: str, offset: int, allowed: set[str], earlier: list[Mention]) -> list[Mention]:
        words = _words(text)
        if not words:
            return []
        spans: list[tuple[int, int, Match]] = []  # (first word, last word + 1, match)
        taken = [False] * len(words)
        if not self._empty:
            self._exact_pass(text, words, allowed, spans, taken)
        self._candidate_pass(text, words, allowed, spans, taken, earlier)
        spans.sort(key=lambda s: s[0])
        return [Mention(offset + words[i].start, offset + words[j - 1].end, text[words[i].start : words[j - 1].end],
                        m.id, m.name, m.kind, m.score, m.method) for i, j, m in spans]

    def _exact_pass(self, text: str, words: list[_Word], allowed: set[str],
                    spans: list[tuple[int, int, Match]], taken: list[bool]) -> None:
        norms = [w.norm for w in words]
        flat = " " + " ".join(norms) + " "
        ends: dict[int, int] = {}  # position of the space after a word → the word
        pos = 0
        for i, n in enumerate(norms):
            pos += len(n) + 1
            ends[pos] = i
        hits = []
        for end, (eis, n) in self._automaton.iter(flat):
            k = ends.get(end)
            if k is None or k - n + 1 < 0:
                continue
            first = k - n + 1
            if all(_joinable(text, words[x], words[x + 1]) for x in range(first, k)):
                hits.append((first, k + 1, eis))
        # longest first, then leftmost; an alias shared by several entities is left to the next pass
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        known = {x for first, stop, _ in hits for x in range(first, stop)}
        for first, stop, eis in hits:
            if any(taken[first:stop]):
                continue
            ents = [self._db.entities[e] for e in eis if self._db.entities[e].kind in allowed]
            if len(ents) != 1:
                continue
            e = ents[0]
            if stop - first == 1 and e.kind == "person" and not _name_like(words[first]):
                continue  # a lower-case word is not a person's name
            if stop - first == 1 and (self._named_neighbour(text, words, first - 1, first, known)
                                      or self._named_neighbour(text, words, stop, stop - 1, known)):
                continue  # one word of a longer name: Rostov in Rostov Veliky, Vladimir in Vladimir Solovyov
            raw = text[words[first].start : words[stop - 1].end]
            m = Match(e.id, e.name, e.kind, 1.0, "exact" if raw in e.all_names else "normalized", raw)
            spans.append((first, stop, m))
            for x in range(first, stop):
                taken[x] = True

    def _named_neighbour(self, text: str, words: list[_Word], k: int, beside: int, known: set[int]) -> bool:
        """Is word ``k`` part of the same name as the word ``beside`` it (hyphened to it, or a
        capitalized word next to it that is neither a title, a common word, nor a known name)?"""
        if not 0 <= k < len(words) or k in known:
            return False
        a, b = (words[k], words[beside]) if k < beside else (words[beside], words[k])
        if _attached(text, a, b) and text[a.end : b.start] in ("-", "‐", "‑"):
            return True
        gap = text[a.end : b.start]
        return (_joinable(text, a, b) and "-" not in gap and "\n" not in gap and _name_like(words[k], self._cjk)
                and words[k].norm not in TITLES and words[k].norm not in _NEVER_NAMES)

    def _candidate_pass(self, text: str, words: list[_Word], allowed: set[str],
                        spans: list[tuple[int, int, Match]], taken: list[bool], earlier: list[Mention]) -> None:
        persons = {m.id for m in earlier if m.kind == "person"} | {m.id for _, _, m in spans if m.kind == "person"}
        i = 0
        failed_until = 0  # inside a run of names that failed as a whole, a surname alone is no one's
        while i < len(words):
            if (taken[i] or not _name_like(words[i], self._cjk) or words[i].norm in TITLES
                    or words[i].norm in _NEVER_NAMES):
                i += 1
                continue
            run_end = i + 1
            while (run_end < len(words) and run_end - i < MAX_RUN_WORDS and not taken[run_end]
                   and (_name_like(words[run_end], self._cjk) or _attached(text, words[run_end - 1], words[run_end]))
                   and _joinable(text, words[run_end - 1], words[run_end])):
                run_end += 1
            found = None
            for stop in range(run_end, i, -1):
                raw = text[words[i].start : words[stop - 1].end]
                raw = _ELISION.sub("", raw)
                m = self._resolve(raw, None)
                if m is None and stop - i == 1 and i >= failed_until:
                    m = self._from_context(raw, persons)
                inside = (i < failed_until or stop < run_end) and script_of(words[i].norm) in ("Latn", "Cyrl")
                if m is not None and inside and (m.method == "partial" or stop - i == 1):
                    m = None  # one word of a longer name: Dmitry Belousov is not Andrei Belousov
                if m is not None and m.kind in allowed:
                    found = (i, stop, m)
                    break
            if found:
                spans.append(found)
                for x in range(found[0], found[1]):
                    taken[x] = True
                if found[2].kind == "person":
                    persons.add(found[2].id)
                i = found[1]
            else:
                if run_end - i >= 2 and not _sentence_start(text, words, i):
                    failed_until = max(failed_until, run_end)  # (a capital that starts a sentence proves nothing)
                i += 1

    def _from_context(self, raw: str, persons: set[str]) -> Match | None:
        """A lone surname: the person named in full earlier in the text whose name it is part of."""
        near = [c for c in self._db.candidates(raw, kind="person", limit=10) if c.method == "partial"]
        named = [c for c in near if c.id in persons]
        return named[0] if len(named) == 1 else None
