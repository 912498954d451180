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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress
from typing import TYPE_CHECKING

import ahocorasick

from aliasdb.keys import TITLES
from aliasdb.model import KINDS, Match
from aliasdb.normalize import normalize, script_of
from aliasdb.translit import korean_keys, loan_keys

if TYPE_CHECKING:
    from aliasdb.db import AliasDB

__all__ = ["Mention", "Annotator", "MAX_TEXT_CHARS"]

#: Text beyond this many characters is annotated in pieces of at most this size, cut after a
#: paragraph, a sentence or at least a space in the piece's second half, never inside a word.
MAX_TEXT_CHARS = 1_000_000
#: The candidate step tries runs of at most this many words.
MAX_RUN_WORDS = 4
#: Short words that begin sentences and never begin a name here.
_NEVER_NAMES = frozenset("""a an the in on at of for and but to by with from as this that these those it its he she they we
    le la les l un une des du de d au aux et en dans sur pour par avec selon cette ce ces il elle ils elles
    der die das den dem ein eine und im am zu mit von für
    в во на и с со по к от из за о об у а но это этот эта он она они
    이 그 저""".split())
#: Days and months (English, French, German, normalized): capitalized, yet never part of a name
#: here, so "On Friday Putin said" holds a name of one word, not a run of two unknown words.
_CALENDAR = frozenset("""monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    lundi mardi mercredi jeudi vendredi samedi dimanche
    janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
    montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag
    januar februar marz juni juli oktober dezember""".split())
_SPLIT = re.compile(r"(\w+)", re.UNICODE)  # a text split into gap, word, gap, …
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


class _Words:
    """The words of a text as parallel lists: where each starts and ends, its normalized and its
    written form. One split of the text by a compiled pattern; the offsets are running sums of the
    pieces' lengths, and each distinct word is normalized once (``_normal_word``)."""

    __slots__ = ("text", "start", "end", "norm", "raw", "gaps")

    def __init__(self, text: str):
        pieces = _SPLIT.split(text)  # gap, word, gap, word, …, gap
        bounds = list(accumulate(map(len, pieces)))
        raw = pieces[1::2]
        start = bounds[0::2][: len(raw)]
        end = bounds[1::2]
        norm = list(map(_normal_word, raw))
        #: gaps[i] is what is written between word i and word i + 1
        gaps = pieces[2:-1:2]
        if "" in norm:  # a word that normalizes to nothing (an underscore, a lone mark) is no word
            keep = [i for i, n in enumerate(norm) if n]
            raw, norm = [raw[i] for i in keep], [norm[i] for i in keep]
            start, end = [start[i] for i in keep], [end[i] for i in keep]
            gaps = [text[a:b] for a, b in zip(end[:-1], start[1:], strict=True)]
        self.text, self.start, self.end, self.norm, self.raw, self.gaps = text, start, end, norm, raw, gaps

    def __len__(self) -> int:
        return len(self.norm)


@lru_cache(maxsize=262144)
def _normal_word(word: str) -> str:
    return normalize(word).replace(" ", "")


def _piece_end(text: str, start: int) -> int:
    """Where the piece of ``text`` that begins at ``start`` ends (see ``MAX_TEXT_CHARS``)."""
    limit = start + MAX_TEXT_CHARS
    if len(text) <= limit:
        return len(text)
    half = start + MAX_TEXT_CHARS // 2
    for sep in ("\n\n", ".\n", ". ", "\n", " "):  # a paragraph, a sentence; a line (a name may go on)
        at = text.rfind(sep, half, limit)
        if at >= 0:
            return at + len(sep)
    return limit


@lru_cache(maxsize=4096)
def _joinable(gap: str) -> bool:
    """Two words may belong to one name: only spaces, one hyphen or an apostrophe between them."""
    return len(gap) <= 3 and all(ch in " \t\n\r-‐‑–'’ʼ\u00a0" for ch in gap) and gap.count("\n") <= 1


def _sentence_start(words: _Words, i: int) -> bool:
    """Does word ``i`` begin a sentence, line or quotation (so that its capital says nothing)?"""
    gap = words.gaps[i - 1] if i else "."
    return any(ch in gap for ch in ".!?\n:;«»\"“”„()[]")


def _attached(gap: str) -> bool:
    """A word hyphened or apostrophed to the one before (Jong-un, P'yŏngyang) belongs to it."""
    return gap in ("-", "‐", "‑", "'", "’", "ʼ")


def _name_like(raw: str, norm: str, cjk: Callable[[str], bool] | None = None) -> bool:
    """Could a name start here? A capitalized Latin or Cyrillic word; a Hangul or Hanja word the
    table may know (``cjk``), since Korean has no capitals."""
    first = raw[0]
    if first.islower() or first.isdigit():
        return False
    script = script_of(norm)
    if script in ("Hang", "Hani"):
        return cjk(norm) if cjk else True
    return first.isupper() and script in ("Latn", "Cyrl")


class Annotator:
    """The automaton of one table's aliases, built once, shared by threads.

    What the candidate step learns about a written form is kept in bounded LRU caches that
    outlive a document: whether a word can start a name, what a run of words resolves to, which
    persons a lone surname could stand for. News repeats its names, so most runs are answered
    without ``resolve``."""

    def __init__(self, db: AliasDB):
        self._db = db
        self._automaton = ahocorasick.Automaton()
        owners: dict[str, set[int]] = {}
        lengths: dict[str, int] = {}
        self._cjk_words: set[str] = set()  # Hangul and Hanja words of the table: Korean has no capitals
        for ei, entity in enumerate(db.entities):
            for alias in entity.all_names:
                norms = _Words(alias).norm
                if not norms:
                    continue
                self._cjk_words.update(n for n in norms if script_of(n) in ("Hang", "Hani"))
                key = " " + " ".join(norms) + " "
                if len(norms) == 1 and len(norms[0]) < 2:
                    continue  # one letter is never a name in running text
                owners.setdefault(key, set()).add(ei)
                lengths[key] = len(norms)
        for key, eis in owners.items():
            self._automaton.add_word(key, (tuple(sorted(eis)), lengths[key]))
        if owners:
            self._automaton.make_automaton()
        self._empty = not owners
        self._index = db._index
        self._names = [frozenset(e.all_names) for e in db.entities]
        self._sole: dict[tuple[tuple[int, ...], frozenset[str]], int | None] = {}  # (entities, kinds) → the one
        # per table, bounded, thread-safe (functools' C implementation)
        self._cjk = lru_cache(maxsize=65536)(self._cjk_uncached)
        self._namey = lru_cache(maxsize=131072)(self._namey_uncached)
        self._starts = lru_cache(maxsize=131072)(self._starts_uncached)
        self._begins = lru_cache(maxsize=131072)(self._begins_uncached)
        self._resolve = lru_cache(maxsize=131072)(self._resolve_uncached)
        self._surname_of = lru_cache(maxsize=65536)(self._surname_of_uncached)

    def _cjk_uncached(self, norm: str) -> bool:
        """A Hangul or Hanja word worth resolving: it begins with a word of the table (김정은은), or
        its Korean reading or sound classes are a key of the index (金正恩, 푸틴)."""
        if any(norm[:n] in self._cjk_words for n in range(len(norm), 0, -1)):
            return True
        keys = ["t" + k for k in korean_keys(norm)] + ["lx" + k for k in loan_keys(norm)]
        return any(self._index.has_key(k) for k in keys)

    def _namey_uncached(self, raw: str) -> bool:
        """``_name_like`` for a written word, Hangul and Hanja judged by the table; never a day or a month."""
        norm = _normal_word(raw)
        return norm not in _CALENDAR and _name_like(raw, norm, self._cjk)

    def _starts_uncached(self, raw: str) -> bool:
        """May a run of the candidate step begin with this word (name-like, not a title or a
        common short word)?"""
        norm = _normal_word(raw)
        return self._namey(raw) and norm not in TITLES and norm not in _NEVER_NAMES

    def _begins_uncached(self, raw: str) -> int:
        """How a run of the candidate step may begin with this word: 2, freely (``_starts``); 1, only
        in mid-sentence and followed by more of the name, as a capitalized short common word of Latin
        or Cyrillic script may (Но in Но Гван Чхоль is a Korean surname, not "but"); 0, never."""
        if self._starts(raw):
            return 2
        norm = _normal_word(raw)
        return int(norm in _NEVER_NAMES and norm not in TITLES and self._namey(raw)
                   and script_of(norm) in ("Latn", "Cyrl"))

    def _resolve_uncached(self, name: str) -> Match | None:
        return self._db.resolve_strict(name, None)

    def _surname_of_uncached(self, raw: str) -> tuple[Match, ...]:
        """The persons a lone surname is part of the name of (partial matches, best first)."""
        return tuple(c for c in self._db.candidates(raw, kind="person", limit=10) if c.method == "partial")

    def annotate(self, text: str, kinds: Iterable[str] | None = None) -> list[Mention]:
        """Mentions in text order, never overlapping; the longest, strictest match wins."""
        if not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        allowed = set(kinds) if kinds is not None else set(KINDS)
        if not allowed <= set(KINDS):
            raise ValueError(f"kinds must be among {', '.join(KINDS)}")
        out: list[Mention] = []
        offset = 0
        while True:
            stop = _piece_end(text, offset)
            out.extend(self._annotate_piece(text[offset:stop], offset, allowed, out))
            if stop >= len(text):
                return out
            offset = stop

    def _annotate_piece(self, text: str, offset: int, allowed: set[str], earlier: list[Mention]) -> list[Mention]:
        words = _Words(text)
        if not len(words):
            return []
        spans: list[tuple[int, int, Match]] = []  # (first word, last word + 1, match)
        taken = [False] * len(words)
        if not self._empty:
            self._exact_pass(words, allowed, spans, taken)
        self._candidate_pass(words, allowed, spans, taken, earlier)
        spans.sort(key=lambda s: s[0])
        start, end = words.start, words.end
        return [Mention(offset + start[i], offset + end[j - 1], text[start[i] : end[j - 1]],
                        m.id, m.name, m.kind, m.score, m.method) for i, j, m in spans]

    def _exact_pass(self, words: _Words, allowed: set[str], spans: list[tuple[int, int, Match]],
                    taken: list[bool]) -> None:
        flat = " " + " ".join(words.norm) + " "
        gaps = words.gaps
        hits = []
        # Normalized words hold no space, so a hit (which ends on a space) ends word k when k + 1
        # spaces come before it; the automaton reports hits left to right, so one running count does.
        spaces = before = 0
        for at, (eis, n) in self._automaton.iter(flat):
            spaces += flat.count(" ", before, at)
            before = at
            k = spaces - 1
            first = k - n + 1
            if n == 1 or all(map(_joinable, gaps[first:k])):
                hits.append((-n, first, k + 1, eis))
        # longest first, then leftmost; an alias shared by several entities is left to the next pass
        hits.sort()
        known = {x for _, first, stop, _ in hits for x in range(first, stop)}
        sole = self._sole
        kinds = frozenset(allowed)
        for _, first, stop, eis in hits:
            if any(taken[first:stop]):
                continue
            if (eis, kinds) not in sole:
                ents = [e for e in eis if self._db.entities[e].kind in allowed]
                sole[eis, kinds] = ents[0] if len(ents) == 1 else None
            ei = sole[eis, kinds]
            if ei is None:
                continue
            e = self._db.entities[ei]
            if stop - first == 1 and e.kind == "person" and not _name_like(words.raw[first], words.norm[first]):
                continue  # a lower-case word is not a person's name
            if stop - first == 1 and (self._named_neighbour(words, first - 1, first, known)
                                      or self._named_neighbour(words, stop, stop - 1, known)):
                continue  # one word of a longer name: Rostov in Rostov Veliky, Vladimir in Vladimir Solovyov
            raw = words.text[words.start[first] : words.end[stop - 1]]
            m = Match(e.id, e.name, e.kind, 1.0, "exact" if raw in self._names[ei] else "normalized", raw)
            spans.append((first, stop, m))
            for x in range(first, stop):
                taken[x] = True

    def _named_neighbour(self, words: _Words, k: int, beside: int, known: set[int]) -> bool:
        """Is word ``k`` part of the same name as the word ``beside`` it (hyphened to it, or a
        capitalized word next to it that is neither a title, a common word, nor a known name)?"""
        if not 0 <= k < len(words) or k in known:
            return False
        gap = words.gaps[min(k, beside)]
        if gap in ("-", "‐", "‑"):
            return True
        return _joinable(gap) and "-" not in gap and "\n" not in gap and self._starts(words.raw[k])

    def _candidate_pass(self, words: _Words, allowed: set[str], spans: list[tuple[int, int, Match]],
                        taken: list[bool], earlier: list[Mention]) -> None:
        persons = {m.id for m in earlier if m.kind == "person"} | {m.id for _, _, m in spans if m.kind == "person"}
        text, start, end, raw_words, gaps = words.text, words.start, words.end, words.raw, words.gaps
        count = len(words)
        resume = 0  # words before this one are part of a mention already
        failed_until = 0  # inside a run of names that failed as a whole, a surname alone is no one's
        begins = self._begins
        for i in compress(range(count), map(begins, raw_words)):
            if i < resume or taken[i]:
                continue
            short = begins(raw_words[i]) == 1
            if short and _sentence_start(words, i):
                continue
            run_end = i + 1
            while (run_end < count and run_end - i < MAX_RUN_WORDS and not taken[run_end]
                   and (self._namey(raw_words[run_end]) or _attached(gaps[run_end - 1]))
                   and _joinable(gaps[run_end - 1])):
                run_end += 1
            found = None
            for stop in range(run_end, i + short, -1):  # (a short word is never a name alone)
                raw = _ELISION.sub("", text[start[i] : end[stop - 1]])
                m = self._resolve(raw)
                if m is None and stop - i == 1 and i >= failed_until and persons:
                    m = self._from_context(raw, persons)
                inside = (i < failed_until or stop < run_end) and script_of(words.norm[i]) in ("Latn", "Cyrl")
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
                resume = found[1]
            elif run_end - i >= 2 and not _sentence_start(words, i):
                failed_until = max(failed_until, run_end)  # (a capital that starts a sentence proves nothing)

    def _from_context(self, raw: str, persons: set[str]) -> Match | None:
        """A lone surname: the person named in full earlier in the text whose name it is part of."""
        named = [c for c in self._surname_of(raw) if c.id in persons]
        return named[0] if len(named) == 1 else None
