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
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ahocorasick

from aliasdb.keys import TITLES
from aliasdb.model import KINDS, Match
from aliasdb.normalize import normalize, script_of

if TYPE_CHECKING:
    from aliasdb.db import AliasDB

__all__ = ["Mention", "Annotator", "MAX_TEXT_CHARS"]

#: Text beyond this many characters is annotated in pieces of this size.
MAX_TEXT_CHARS = 1_000_000
#: The candidate step tries runs of at most this many words.
MAX_RUN_WORDS = 4
#: Methods trusted in running text (phonetic and fuzzy guesses are left to ``resolve``).
_TRUSTED = {"exact", "normalized", "transliterated", "partial"}
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


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    norm: str
    raw: str


def _words(text: str) -> list[_Word]:
    out = []
    for m in _WORD.finditer(text):
        norm = normalize(m.group()).replace(" ", "")
        if norm:
            out.append(_Word(m.start(), m.end(), norm, m.group()))
    return out


def _joinable(text: str, a: _Word, b: _Word) -> bool:
    """Two words may belong to one name: only spaces, one hyphen or an apostrophe between them."""
    gap = text[a.end : b.start]
    return len(gap) <= 3 and all(ch in " \t\n\r-‐‑–'’ʼ\u00a0" for ch in gap) and gap.count("\n") <= 1


def _name_like(w: _Word) -> bool:
    first = w.raw[:1]
    script = script_of(w.norm)
    return script in ("Hang", "Hani") or (first.isupper() and script in ("Latn", "Cyrl"))


class Annotator:
    """The automaton of one table's aliases, built once, shared by threads."""

    def __init__(self, db: AliasDB):
        self._db = db
        self._automaton = ahocorasick.Automaton()
        owners: dict[str, set[int]] = {}
        lengths: dict[str, int] = {}
        for ei, entity in enumerate(db.entities):
            for alias in entity.all_names:
                words = _words(alias)
                if not words:
                    continue
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
        self._cache: dict[tuple[str, str | None], Match | None] = {}
        self._lock = threading.Lock()

    def _resolve(self, name: str, kind: str | None) -> Match | None:
        key = (name, kind)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        found = self._db.resolve(name, kind=kind)
        if found is not None and found.method not in _TRUSTED:
            found = None
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
        joined = [" "]
        ends: dict[int, int] = {}  # position of the space after a word → the word
        pos = 1
        for i, w in enumerate(words):
            joined.append(w.norm + " ")
            pos += len(w.norm)
            ends[pos] = i
            pos += 1
        hits = []
        for end, (eis, n) in self._automaton.iter("".join(joined)):
            k = ends.get(end)
            if k is None or k - n + 1 < 0:
                continue
            first = k - n + 1
            if all(_joinable(text, words[x], words[x + 1]) for x in range(first, k)):
                hits.append((first, k + 1, eis))
        # longest first, then leftmost; an alias shared by several entities is left to the next pass
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        for first, stop, eis in hits:
            if any(taken[first:stop]):
                continue
            ents = [self._db.entities[e] for e in eis if self._db.entities[e].kind in allowed]
            if len(ents) != 1:
                continue
            e = ents[0]
            if stop - first == 1 and e.kind == "person" and not _name_like(words[first]):
                continue  # a lower-case word is not a person's name
            raw = text[words[first].start : words[stop - 1].end]
            m = Match(e.id, e.name, e.kind, 1.0, "exact" if raw in e.all_names else "normalized", raw)
            spans.append((first, stop, m))
            for x in range(first, stop):
                taken[x] = True

    def _candidate_pass(self, text: str, words: list[_Word], allowed: set[str],
                        spans: list[tuple[int, int, Match]], taken: list[bool], earlier: list[Mention]) -> None:
        persons = {m.id for m in earlier if m.kind == "person"} | {m.id for _, _, m in spans if m.kind == "person"}
        i = 0
        while i < len(words):
            if taken[i] or not _name_like(words[i]) or words[i].norm in TITLES:
                i += 1
                continue
            run_end = i + 1
            while (run_end < len(words) and run_end - i < MAX_RUN_WORDS and not taken[run_end]
                   and _name_like(words[run_end]) and _joinable(text, words[run_end - 1], words[run_end])):
                run_end += 1
            found = None
            for stop in range(run_end, i, -1):
                raw = text[words[i].start : words[stop - 1].end]
                raw = _ELISION.sub("", raw)
                m = self._resolve(raw, None)
                if m is None and stop - i == 1:
                    m = self._from_context(raw, persons)
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
                i += 1

    def _from_context(self, raw: str, persons: set[str]) -> Match | None:
        """A lone surname: the person named in full earlier in the text whose name it is part of."""
        near = [c for c in self._db.candidates(raw, kind="person", limit=10) if c.method == "partial"]
        named = [c for c in near if c.id in persons]
        return named[0] if len(named) == 1 else None
