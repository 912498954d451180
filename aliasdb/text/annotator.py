"""Finding the names of a table in running text: news, transcripts, any UTF-8.

Two passes over the words of the text. An Aho–Corasick automaton (pyahocorasick) finds every
alias as written, after normalization, in one sweep: that is most mentions, at C speed. Then a
bounded candidate step looks at the runs of capitalized words (and Cyrillic, Hangul and Hanja
words) the automaton left alone and asks ``resolve`` about them, longest first: that finds the
transliterated, inflected and particle-bearing mentions (Belooussov, Путина, 김정은은). A
surname met alone is read by what the text named before it (``_lone_surname``), and sound or
edits are never trusted in text (``AliasDB.resolve_strict``).

Speed: every word of the text is touched by C code only (one regex split, dict lookups through
``map``, the automaton); Python code runs once per hit, per word that may begin a name and per
mention, and what it learns about a written form is cached for later documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache, partial
from itertools import compress
from operator import itemgetter
from typing import TYPE_CHECKING, TypeVar

import ahocorasick

from aliasdb.kinds import KIND, KINDS
from aliasdb.limits import MAX_RUN_WORDS, MAX_TEXT_CHARS, OVERLAP_CHARS
from aliasdb.match.tiers import PARTIAL_TIER
from aliasdb.model import Match, frozen
from aliasdb.names.language import family_of
from aliasdb.names.normalize import normalize, script_of
from aliasdb.names.parts import NORMALIZED, TITLES, lemmas, strip_particle
from aliasdb.resolver.cascade import every_hit
from aliasdb.resolver.places import weak_places
from aliasdb.translit import korean_keys, loan_keys

if TYPE_CHECKING:
    from typing import Any

    from aliasdb.resolver.front import AliasDB

__all__ = ["Mention", "Annotator", "Budget", "MAX_TEXT_CHARS"]

_K = TypeVar("_K")
_V = TypeVar("_V")

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
_elided = lru_cache(maxsize=131072)(partial(_ELISION.sub, ""))


@frozen
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
    """The words of a text, from one split by a compiled pattern, with no Python work per word.

    ``pieces`` alternates gaps and words (gap, word, gap, …, word, gap): word ``i`` is
    ``pieces[2i + 1]``, what is written before it ``pieces[2i]`` and after it ``pieces[2i + 2]``.
    ``symbols`` is what the automaton reads: ``width`` characters per word (``symbol_of``, looked
    up once per distinct word), so that where a hit ends tells the number of its last word. Offsets
    are summed up only for the mentions (``Annotator._annotate_piece``)."""

    __slots__ = ("pieces", "raw", "symbols")

    def __init__(self, text: str, symbol_of: Callable[[str], str], width: int):
        pieces = _SPLIT.split(text)
        raw = pieces[1::2]
        symbols = "".join(map(symbol_of, raw))
        if len(symbols) < width * len(raw):  # a word that normalizes to nothing (an underscore, a lone mark) is no word
            kept = [pieces[0]]
            for word, gap in zip(raw, pieces[2::2], strict=True):
                if _normal_word(word):
                    kept += (word, gap)
                else:
                    kept[-1] += word + gap  # it becomes part of the gap between its neighbours
            pieces, raw = kept, kept[1::2]
            symbols = "".join(map(symbol_of, raw))
        self.pieces, self.raw, self.symbols = pieces, raw, symbols

    def __len__(self) -> int:
        return len(self.raw)

    def between(self, first: int, stop: int) -> str:
        """What is written from the start of word ``first`` to the end of word ``stop - 1``."""
        return "".join(self.pieces[2 * first + 1 : 2 * stop])

    def head(self, i: int) -> bool:
        """Does word ``i`` begin a sentence, line or quotation (so that its capital says nothing)?"""
        return i == 0 or _breaks(self.pieces[2 * i])


def _normal_words(text: str) -> list[str]:
    """The normalized words of a short text (an alias), those that normalize to nothing left out."""
    return [n for n in map(_normal_word, _SPLIT.findall(text)) if n]


def _symbol(i: int, width: int) -> str:
    """Word number ``i`` of the aliases as ``width`` characters, each place from a block of its own
    (from U+0100 on), so that a hit can only begin where a word does: the first of 16 characters,
    every next one of 256. pyahocorasick looks a node's next characters up one by one, and every
    word of the text is looked up first among the root's: few of them is what keeps it fast."""
    chars = [chr(0x100 + i % 16)]
    for place in range(1, width):
        chars.append(chr(0x110 + 256 * (place - 1) + i // 16 // 256 ** (place - 1) % 256))
    return "".join(chars)


class _Memo(dict[_K, _V]):
    """A dict that fills itself, ``memo[key] = fill(key)``, and is emptied when it holds ``size``
    keys: ``map(memo.__getitem__, words)`` looks every word of a text up at C speed (twice as
    fast as through ``lru_cache``)."""

    def __init__(self, fill: Callable[[_K], _V], size: int):
        super().__init__()
        self.fill, self.size = fill, size

    def __missing__(self, key: _K) -> _V:
        if len(self) >= self.size:
            self.clear()
        self[key] = value = self.fill(key)
        return value


@lru_cache(maxsize=262144)
def _normal_word(word: str) -> str:
    return normalize(word).replace(" ", "")


@lru_cache(maxsize=131072)
def _capital(word: str) -> bool:
    """``_name_like`` for a written word, Hangul and Hanja always."""
    return _name_like(word, _normal_word(word))


@lru_cache(maxsize=131072)
def _latin_or_cyrillic(word: str) -> bool:
    return script_of(_normal_word(word)) in ("Latn", "Cyrl")


def _piece_end(text: str, start: int) -> tuple[int, bool]:
    """Where the piece of ``text`` that begins at ``start`` ends (see ``MAX_TEXT_CHARS``), and
    whether it ends a sentence (else a name may go on past it)."""
    limit = start + MAX_TEXT_CHARS
    if len(text) <= limit:
        return len(text), True
    half = start + MAX_TEXT_CHARS // 2
    for sep in ("\n\n", ".\n", ". ", "\n", " "):  # a paragraph, a sentence; a line (a name may go on)
        at = text.rfind(sep, half, limit)
        if at >= 0:
            return at + len(sep), sep in ("\n\n", ".\n", ". ")
    return limit, False


def _read_again_from(text: str, start: int, stop: int, found: list[Mention]) -> int:
    """Where the next piece begins after one cut where a name may go on: a space some way before
    the cut, or the start of a name found across that space; what was found from there on is
    found again, with the words that follow the cut."""
    back = stop - min(OVERLAP_CHARS, MAX_TEXT_CHARS // 4)
    back = max(text.rfind(" ", start, back), text.rfind("\n", start, back)) + 1
    if back <= start:
        return stop
    return min([back] + [m.start for m in found if m.start < back < m.end])


@lru_cache(maxsize=4096)
def _joinable(gap: str) -> bool:
    """Two words may belong to one name: only spaces, one hyphen or an apostrophe between them."""
    return len(gap) <= 3 and all(ch in " \t\n\r-‐‑–'’ʼ\u00a0" for ch in gap) and gap.count("\n") <= 1


@lru_cache(maxsize=4096)
def _breaks(gap: str) -> bool:
    """Does a sentence, line or quotation begin after this gap?"""
    return any(ch in gap for ch in ".!?\n:;«»\"“”„()[]")


@lru_cache(maxsize=4096)
def _glue(gap: str) -> int:
    """How a word beside a one-word hit may be part of the same name: 2, whatever it is (hyphened
    to it); 1, if it may start a name (a space between); 0, never."""
    if gap in ("-", "‐", "‑"):
        return 2
    return int(_joinable(gap) and "-" not in gap and "\n" not in gap)


#: A word hyphened or apostrophed to the one before (Jong-un, P'yŏngyang) belongs to it.
_ATTACHED = frozenset(("-", "‐", "‑", "'", "’", "ʼ"))


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


def wanted_kinds(kinds: Iterable[str] | None) -> frozenset[str]:
    """The kinds asked for (None: all), checked: a bare string would be read letter by letter."""
    if kinds is None:
        return frozenset(KINDS)
    if isinstance(kinds, (str, bytes, dict)) or not isinstance(kinds, Iterable):
        raise TypeError(f"kinds must be a list of kinds such as ['person'], not {type(kinds).__name__} {kinds!r:.40}")
    wanted = frozenset(kinds)  # (any iterable, a generator too)
    for k in wanted:
        if k not in KINDS:
            raise ValueError(f"kind {k!r} is not one of {', '.join(KINDS)}")
    return wanted


# -- hook for the HTTP service (issue #19): a bound on the work of one text ---------------------
class Budget:
    """At most ``resolves`` runs of words resolved anew (a run already in the caches is free) and
    no candidate step begun after ``deadline`` (a ``time.monotonic()`` value): past either, the
    candidate step stops and ``exhausted`` is set. The exact pass always runs whole."""

    def __init__(self, resolves: int, deadline: float | None = None):
        self.resolves = resolves
        self.deadline = deadline
        self.exhausted = False
        self._first: int | None = None  # the annotator's count of new runs when first asked

    def over(self, misses: int) -> bool:
        """Is the budget spent, ``misses`` being the annotator's count of runs resolved anew?"""
        from time import monotonic

        if self._first is None:
            self._first = misses
        if misses - self._first >= self.resolves or (self.deadline is not None and monotonic() > self.deadline):
            self.exhausted = True
        return self.exhausted


class Annotator:
    """The automaton of one table's aliases, built once, shared by threads.

    What the candidate step learns about a written form is kept in bounded caches that
    outlive a document: whether a word can start a name, what a run of words resolves to, which
    persons a lone surname could stand for. News repeats its names, so most runs are answered
    without ``resolve``."""

    def __init__(self, db: AliasDB):
        self._db = db
        self._automaton = ahocorasick.Automaton()
        owners: dict[str, set[int]] = {}
        self._cjk_words: set[str] = set()  # Hangul and Hanja words of the table: Korean has no capitals
        aliases: list[tuple[int, list[str]]] = []
        weak_aliases: list[tuple[int, list[str]]] = []  # (issue #20) found only beside a strong mention
        for ei, entity in enumerate(db.entities):
            weak = entity.weak_aliases
            for alias in entity.all_names:
                norms = _normal_words(alias)
                self._cjk_words.update(n for n in norms if script_of(n) in ("Hang", "Hani"))
                if norms and not (len(norms) == 1 and len(norms[0]) < 2):  # one letter is never a name in running text
                    (weak_aliases if alias in weak else aliases).append((ei, norms))
        vocabulary = dict.fromkeys(n for _, norms in aliases + weak_aliases for n in norms)
        width = 1
        while 16 * 256 ** (width - 1) < len(vocabulary):
            width += 1
        self._width = width
        #: each normalized word of an alias → the characters that stand for it
        self._symbols = {n: _symbol(i, width) for i, n in enumerate(vocabulary)}
        for ei, norms in aliases:
            owners.setdefault("".join(map(self._symbols.__getitem__, norms)), set()).add(ei)
        for key, eis in owners.items():
            self._automaton.add_word(key, (tuple(sorted(eis)), len(key) // width))
        if owners:
            self._automaton.make_automaton()
        self._empty = not owners
        self._weak_automaton = _weak_automaton(self._symbols, weak_aliases, width)
        self._index = db.index
        self._names = [frozenset(e.all_names) for e in db.entities]
        self._sole: dict[frozenset[str], _Memo[tuple[int, ...], int | None]] = {}  # kinds → (entities → the one)
        self._persons = [KIND[e.kind].person_names for e in db.entities]
        # per table, bounded, thread-safe (functools' C implementation; a _Memo is a dict)
        self._cjk = lru_cache(maxsize=65536)(self._cjk_uncached)
        self._namey = lru_cache(maxsize=131072)(self._namey_uncached)
        self._starts = lru_cache(maxsize=131072)(self._starts_uncached)
        self._begins: _Memo[str, int] = _Memo(self._begins_uncached, 131072)
        self._resolve = lru_cache(maxsize=131072)(self._resolve_uncached)
        self._surname_of = lru_cache(maxsize=65536)(self._surname_of_uncached)
        self._loose = lru_cache(maxsize=16384)(self._loose_uncached)
        self._symbol_of: _Memo[str, str] = _Memo(self._symbol_uncached, 262144)
        self._exact_match = lru_cache(maxsize=131072)(self._exact_match_uncached)

    def _symbol_uncached(self, word: str) -> str:
        """A written word's characters for the automaton: its alias word's, spaces when it is in no
        alias, nothing when it normalizes to nothing."""
        norm = _normal_word(word)
        return self._symbols.get(norm, " " * self._width) if norm else ""

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

    def _surname_of_uncached(self, raw: str) -> tuple[tuple[str, Match, bool], ...]:
        """Every person (all of them: the shipped table has 21 Kims) whose surname a word alone may
        be by the strict tiers (a partial hit, never by sound or edits): its id, the match, and
        whether that reading is enough. For a Korean name it is only when a name of the table
        spells the surname so (the partial tier at the normalized level): another romanization
        of the same Hangul marks another person (Choi, Lee, Park in the South; Choe, Ri, Pak in
        the North), while Belousov and Beloussov are one name spelled two ways."""
        index = self._index
        return tuple((index.entity_id(h.entity), self._db.match(h, raw),
                      h.tier == PARTIAL_TIER[NORMALIZED] or family_of(index.entity(h.entity)) != "ko")
                     for h in every_hit(index, raw, None, loose=False)
                     if h.tier in _PARTIAL_TIERS and not h.weak and index.person(h.entity))

    def _loose_uncached(self, written: str) -> str | None:
        """Whom ``resolve``, sound and edits included, takes a run of names for (a typo, Vladmir
        Putin): no evidence to link it, but no namesake either (``_Named.holds_unknown``)."""
        m = self._db.resolve(_elided(written))
        return None if m is None else m.id

    def _sole_uncached(self, kinds: frozenset[str], eis: tuple[int, ...]) -> int | None:
        """The one entity of those an alias belongs to whose kind is asked for, if only one is."""
        ents = [e for e in eis if self._db.entities[e].kind in kinds]
        return ents[0] if len(ents) == 1 else None

    def _exact_match_uncached(self, ei: int, written: str) -> Match:
        from aliasdb.match.calibration import entity_score  # (the score of an alias met as written: calibrated)

        e = self._db.entities[ei]
        method = "exact" if written in self._names[ei] else "normalized"
        return Match(e.id, e.name, e.kind, entity_score(e, method, written), method, written)

    def _glued(self, gap: str, word: str) -> bool:
        """Is ``word`` part of the same name as a one-word hit it is beside, ``gap`` between them
        (hyphened to it, or a capitalized word that is neither a title nor a common word)?"""
        glue = _glue(gap)
        return glue == 2 or (glue == 1 and self._starts(word))

    def annotate(self, text: str, kinds: Iterable[str] | None = None, budget: Budget | None = None) -> list[Mention]:
        """Mentions in text order, never overlapping; the longest, strictest match wins (within ``budget``)."""
        if not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        allowed = set(wanted_kinds(kinds))
        out: list[Mention] = []
        named: dict[str, set[str]] = {}  # the persons of the pieces before, with how each was written
        offset = 0
        while True:
            stop, clean = _piece_end(text, offset)
            found = self._annotate_piece(text[offset:stop], offset, allowed, out, budget, named)
            if stop >= len(text):
                return weak_places(self._db, text, out + found)  # (imported places are weak in text)
            if not clean:  # (cut inside a sentence: a name across the cut would be lost or cut short)
                stop = _read_again_from(text, offset, stop, found)
                found = [m for m in found if m.end <= stop]
            out.extend(found)
            _note_persons(named, found)
            offset = stop

    def _annotate_piece(self, text: str, offset: int, allowed: set[str], earlier: list[Mention],
                        budget: Budget | None = None, named: dict[str, set[str]] | None = None) -> list[Mention]:
        words = _Words(text, self._symbol_of.__getitem__, self._width)
        if not len(words):
            return []
        spans: list[tuple[int, int, Match, str]] = []  # (first word, last word + 1, match, what is written)
        taken = [False] * len(words)
        if not self._empty:
            self._exact_pass(words, allowed, spans, taken)
        if named is None:
            _note_persons(named := {}, earlier)
        self._candidate_pass(words, allowed, spans, taken, named, budget)
        if self._weak_automaton is not None:
            self._weak_pass(words, allowed, spans, taken, earlier)
        spans.sort(key=itemgetter(0))
        out = []
        pieces = words.pieces
        at, done = offset, 0  # pieces[done] begins at offset ``at`` of the text
        for first, _, m, surface in spans:
            at += sum(map(len, pieces[done : 2 * first + 1]))
            done = 2 * first + 1
            out.append(Mention(at, at + len(surface), surface, m.id, m.name, m.kind, m.score, m.method))
        return out

    def _exact_pass(self, words: _Words, allowed: set[str], spans: list[tuple[int, int, Match, str]],
                    taken: list[bool]) -> None:
        pieces, raw, width = words.pieces, words.raw, self._width
        longer, single = [], []  # hits of several words (longest first, then leftmost), of one (in text order)
        for at, (eis, n) in self._automaton.iter(words.symbols):
            last = at // width
            if n == 1:
                single.append((last, eis))
            elif all(map(_joinable, pieces[2 * last - 2 * n + 4 : 2 * last + 1 : 2])):  # the gaps inside it
                longer.append((-n, last - n + 1, last + 1, eis))
        longer.sort()
        kinds = frozenset(allowed)
        if kinds not in self._sole:
            self._sole[kinds] = _Memo(partial(self._sole_uncached, kinds), 65536)
        sole = self._sole[kinds]  # the entities of an alias → the one of a kind asked for
        for _, first, stop, eis in longer:
            ei = sole[eis]
            if ei is not None and not any(taken[first:stop]):
                written = words.between(first, stop)
                spans.append((first, stop, self._exact_match(ei, written), written))
                taken[first:stop] = [True] * (stop - first)
        persons, count = self._persons, len(raw)
        known: set[int] | None = None  # the words of every hit, when first needed
        for k, eis in single:
            ei = sole[eis]
            if ei is None or taken[k]:
                continue
            if persons[ei] and not _capital(raw[k]):
                continue  # a lower-case word is not a person's name
            left = k > 0 and self._glued(pieces[2 * k], raw[k - 1])
            right = k + 1 < count and self._glued(pieces[2 * k + 2], raw[k + 1])
            if left or right:
                if known is None:
                    known = {x for _, first, stop, _ in longer for x in range(first, stop)} | {x for x, _ in single}
                if (left and k - 1 not in known) or (right and k + 1 not in known):
                    continue  # one word of a longer name: Rostov in Rostov Veliky, Vladimir in Vladimir Solovyov
            spans.append((k, k + 1, self._exact_match(ei, raw[k]), raw[k]))
            taken[k] = True

    def _candidate_pass(self, words: _Words, allowed: set[str], spans: list[tuple[int, int, Match, str]],
                        taken: list[bool], named: dict[str, set[str]], budget: Budget | None = None) -> None:
        persons = _Named(named, list(spans), taken)  # (the persons named before the word the loop is at)
        pieces, raw = words.pieces, words.raw
        count = len(raw)
        resume = 0  # words before this one are part of a mention already
        failed_until = 0  # inside a run of names that failed as a whole, a surname alone is no one's
        begins, namey, resolve = self._begins.__getitem__, self._namey, self._resolve
        for i in compress(range(count), map(begins, raw)):
            if i < resume or taken[i]:
                continue
            if budget is not None and budget.over(self._misses()):
                return  # (issue #19: the service's bound on the work of one text)
            short = begins(raw[i]) == 1
            if short and words.head(i):
                continue
            run_end = i + 1
            while run_end < count and run_end - i < MAX_RUN_WORDS and not taken[run_end]:
                gap = pieces[2 * run_end]  # between word run_end - 1 and word run_end
                if not ((namey(raw[run_end]) or gap in _ATTACHED) and _joinable(gap)):
                    break
                run_end += 1
            found = None
            for stop in range(run_end, i + short, -1):  # (a short word is never a name alone)
                written = words.between(i, stop)
                name = _elided(written)
                m = resolve(name)
                lone = (m is None or m.method == "partial") and (
                    stop - i == 1 or all(pieces[2 * k] in _ATTACHED for k in range(i + 1, stop)))  # (or hyphened)
                if lone and i >= failed_until:
                    m = self._lone_surname(name, m, persons, i)
                if (m is not None and (m.method == "partial" or stop - i == 1)
                        and (i < failed_until or stop < run_end) and _latin_or_cyrillic(raw[i])):
                    m = None  # one word of a longer name: Dmitry Belousov is not Andrei Belousov
                if m is not None and m.kind in allowed:
                    found = m
                    break
            if found:
                spans.append((i, stop, found, written))
                taken[i:stop] = [True] * (stop - i)
                if KIND[found.kind].person_names:
                    persons.add(found.id, written)
                resume = stop
            elif run_end - i >= 2 and not words.head(i):
                failed_until = max(failed_until, run_end)  # (a capital that starts a sentence proves nothing)
                persons.unknown(i, run_end, words.between(i, run_end))

    def _weak_pass(self, words: _Words, allowed: set[str], spans: list[tuple[int, int, Match, str]],
                   taken: list[bool], earlier: list[Mention]) -> None:
        """(issue #20) Weak aliases (a bare surname, a short acronym, a metonym), each only where the
        text names its entity by a strong name too (earlier, or anywhere in this piece; a person's
        only before it, as for any surname alone), and never a word that is part of a longer run of names."""
        before = {m.id for m in earlier}
        named = before | {m.id for _, _, m, _ in spans}

        def named_before(eid: str, first: int) -> bool:
            return eid in before or any(m.id == eid and stop <= first for _, stop, m, _ in spans)

        pieces, raw, width = words.pieces, words.raw, self._width
        found = []
        for at, (eis, n) in self._weak_automaton.iter(words.symbols):
            last = at // width
            first, stop = last - n + 1, last + 1
            ents = [ei for ei in eis if self._db.entities[ei].id in named and self._db.entities[ei].kind in allowed
                    and (not self._persons[ei] or named_before(self._db.entities[ei].id, first))]
            if len(ents) != 1 or any(taken[first:stop]) or not all(map(_joinable, pieces[2 * first + 2 : 2 * stop : 2])):
                continue
            if (first > 0 and self._glued(pieces[2 * first], raw[first - 1])) or \
                    (stop < len(raw) and self._glued(pieces[2 * stop], raw[stop])):
                continue  # one word of a longer name
            found.append((-n, first, stop, ents[0]))
        for _, first, stop, ei in sorted(found):
            if not any(taken[first:stop]):
                written = words.between(first, stop)
                spans.append((first, stop, self._exact_match(ei, written), written))
                taken[first:stop] = [True] * (stop - first)

    def _misses(self) -> int:
        """Runs resolved anew so far (the costly part of the candidate step), for ``Budget``."""
        return self._resolve.cache_info().misses + self._surname_of.cache_info().misses + self._loose.cache_info().misses

    def _lone_surname(self, raw: str, alone: Match | None, persons: _Named, at: int) -> Match | None:
        """A surname met alone at word ``at`` (``alone``: what the table says of it, a partial match
        or None) is read by the persons the text named before it, never after it, over every person of that
        surname (``_surname_of``, by the strict tiers only):

        * one of them named before it: that person (Kim after Kim Yo-jong, of 21 Kims; Путина
          after Владимир Путин); a Korean one only where the word is spelled as a name of the
          table spells that surname or as the text wrote that person's name;
        * two or more of them: no one (a surname shared by two persons named before it);
        * a Korean person named before it whose surname the text wrote in another romanization
          (Choi after Choe Son-hui: a South Korean Choi is not the North Korean Choe), or a
          full name the table does not know, even by sound or edits, that holds the word
          (Dmitry Belousov, then Belousov): no one either;
        * no one of that surname named before it: the table's answer (the one person whose
          surname it is, or None), as ``resolve`` gives it."""
        if not persons.any_before(at):
            return alone  # (no one named before it at all: nothing to look up)
        namesakes = self._surname_of(raw)
        if not namesakes:
            return alone  # (None: the word is no one's surname)
        forms = _spellings(raw)
        if persons.holds_unknown(forms, {pid for pid, _, _ in namesakes}, self._loose):
            return None
        found, other = None, False
        for pid, m, spelled in namesakes:
            written = persons.written(pid, at)
            if written is None:
                continue  # not named before it
            if not spelled and forms.isdisjoint(written):
                other = True  # read so only by another convention than the text wrote the name in
            elif found is not None:
                return None
            else:
                found = m
        if found is not None:
            return found
        return None if other else alone


#: The tiers of a surname alone (with or without initials): the partial ones.
_PARTIAL_TIERS = frozenset(PARTIAL_TIER.values())


@lru_cache(maxsize=65536)
def _spellings(written: str) -> frozenset[str]:
    """How a text wrote a name, word by word, to tell that a lone surname repeats one of its words:
    each word normalized, with its Russian nominatives (Путина → Путин) and without a Korean particle."""
    out: set[str] = set()
    for word in _SPLIT.findall(written):
        norm = _normal_word(word)
        if norm:
            out.add(norm)
            out.update(lemmas(norm))
            out.update(strip_particle([norm]) or ())
    return frozenset(out)


def _note_persons(named: dict[str, set[str]], mentions: list[Mention]) -> None:
    """Add the persons of these mentions to ``named``, each with how the text wrote it (``_spellings``)."""
    for m in mentions:
        if KIND[m.kind].person_names:
            named.setdefault(m.id, set()).update(_spellings(m.text))


class _Named:
    """The persons a text has named, as the candidate step goes from word to word: each id with
    the spellings of what it was named by (``_spellings``), and the runs of names the table does
    not know. The persons of earlier pieces (``before``) are all before; the exact pass's mentions
    of this piece count from the word after their end on. Kept lazily: most lone words are no
    one's surname, and only a surname's namesakes are ever looked up."""

    __slots__ = ("_before", "_spans", "_ahead", "_seen", "_found", "_unknown", "_taken", "_first")

    def __init__(self, before: dict[str, set[str]], spans: list[tuple[int, int, Match, str]], taken: list[bool]):
        self._before, self._spans, self._taken = before, spans, taken
        self._ahead: dict[str, list[tuple[int, str]]] | None = None  # id → its exact mentions (end, written), last first
        self._seen: dict[str, set[str]] = {}  # id → the spellings of its exact mentions taken in so far
        self._found: dict[str, set[str]] = {}  # id → the spellings of its mentions found by the candidate step
        self._unknown: dict[str, list[tuple[int, int, str]]] = {}  # a spelling → the unknown runs it is in
        self._first: int | None = None  # where the exact pass's first mention of a person ends

    def any_before(self, i: int) -> bool:
        """Was anyone named before word ``i``, or a run of names the table does not know met?"""
        if self._before or self._found or self._unknown:
            return True
        if self._first is None:
            self._first = min((stop for _, stop, m, _ in self._spans if KIND[m.kind].person_names), default=1 << 62)
        return self._first <= i

    def add(self, pid: str, written: str) -> None:
        """A mention the candidate step found (before every word it is yet to look at)."""
        self._found.setdefault(pid, set()).update(_spellings(written))

    def unknown(self, first: int, stop: int, written: str) -> None:
        """Words ``first`` to ``stop - 1`` are a run of names that resolved to nothing as a whole."""
        for form in _spellings(written):
            self._unknown.setdefault(form, []).append((first, stop, written))

    def holds_unknown(self, forms: frozenset[str], namesakes: set[str], loose: Callable[[str], str | None]) -> bool:
        """Is one of these spellings in a run of names that is another person than ``namesakes``:
        a run no word of which a mention found later took (Defense Minister Andrei Belousov fails
        whole; Andrei Belousov in it is a name), and that ``loose`` (``resolve`` with sound and
        edits) takes for none of them either (Vladmir Putin is a typo, not a namesake)?"""
        taken = self._taken
        return any(not any(taken[first:stop]) and loose(written) not in namesakes
                   for form in forms for first, stop, written in self._unknown.get(form, ()))

    def written(self, pid: str, i: int) -> set[str] | None:
        """How the text wrote person ``pid`` before word ``i`` (``i`` never decreasing), or None
        when it did not name it before."""
        if self._ahead is None:
            self._ahead = {}
            for _, stop, m, text in self._spans:
                if KIND[m.kind].person_names:
                    self._ahead.setdefault(m.id, []).append((stop, text))
            for mentions in self._ahead.values():
                mentions.sort(reverse=True)
        ahead = self._ahead.get(pid)
        while ahead and ahead[-1][0] <= i:
            self._seen.setdefault(pid, set()).update(_spellings(ahead.pop()[1]))
        got = [f for f in (self._before.get(pid), self._seen.get(pid), self._found.get(pid)) if f]
        return None if not got else got[0] if len(got) == 1 else set().union(*got)


def _weak_automaton(symbols: dict[str, str], weak: list[tuple[int, list[str]]], width: int) -> Any:
    """(issue #20) The automaton of the weak aliases alone, or None when the table has none."""
    if not weak:
        return None
    owners: dict[str, set[int]] = {}
    for ei, norms in weak:
        owners.setdefault("".join(map(symbols.__getitem__, norms)), set()).add(ei)
    automaton = ahocorasick.Automaton()
    for key, eis in owners.items():
        automaton.add_word(key, (tuple(sorted(eis)), len(key) // width))
    automaton.make_automaton()
    return automaton
