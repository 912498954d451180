"""A name → its parts, and each part → the keys it is compared and indexed by.

The levels of comparison, strictest first, are the ``Level`` constants: the whole string as
written, the normalized part, the transliteration skeletons, a phonetic code, and a bounded
edit distance. Titles are dropped, patronymics and initials are marked, and Hangul words are cut
into syllables, so that 김정은 lines up with Kim Jong-un part by part.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import islice, product

import jellyfish

from aliasdb.limits import MAX_QUERY_PARTS, MAX_ROTATED_PARTS, MIN_FOREIGN_STEM, MIN_PHONETIC_CHARS
from aliasdb.model import frozen, replace
from aliasdb.names.normalize import MAX_NAME_CHARS, fold, normalize, script_of
from aliasdb.translit import MAX_COMBINATIONS, keys, korean_keys, primary_skeleton, romanized_korean_keys, slavic_keys
from aliasdb.translit.hangul import UKRAINIAN_AS_RUSSIAN, UKRAINIAN_LETTERS

TYPE_CHECKING = False  # typing's, without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    P = TypeVar("P", "Part", "Spelling")

__all__ = [
    "Part", "Query", "Spelling", "spelling", "as_written", "in_language", "parts", "query_variants", "query_part", "lemmas",
    "strip_titles", "exact_form", "merge", "merged_spelling", "too_many_parts", "written_query",
    "EXACT", "NORMALIZED", "TRANSLIT", "PHONETIC", "FUZZY", "LEVEL_NAMES", "TITLES",
]

EXACT, NORMALIZED, TRANSLIT, PHONETIC, FUZZY = 0, 1, 2, 3, 4
LEVEL_NAMES = ("exact", "normalized", "transliterated", "phonetic", "fuzzy")




#: Words that stand before (or, in Korean, after) a name without being part of it.
TITLES = frozenset(
    """m mr mrs ms mme mlle dr prof sir herr frau madame monsieur messieurs comrade camarade genosse
    president presidente prasident premier minister ministre ministro general gen marshal marechal
    colonel col lieutenant lt admiral amiral chairman chairwoman leader dirigeant chef chief
    mayor maire burgermeister secretary secretaire sekretar spokesman spokeswoman porte parole
    le la les l the der die das el il lo de du des of von
    president-elect acting former ex late feu défense defense defence intérieur étrangères affaires
    г господин госпожа товарищ тов президент премьер министр генерал маршал председатель лидер мэр
    пан пані президент прем'єр міністр генерал голова
    대통령 위원장 국무위원장 총비서 장군 동지 장관 총리 여사 씨 님 원수 부부장 부위원장""".split()
)

_PATRONYMIC = re.compile(r"(?:ovich|evich|ovitch|evitch|owitsch|ewitsch|ovna|evna|ichna|ovic|evic|ovych|evych|ivna|yivna"
                         r"|yich|itch|itsch|jitsch|ich"
                         r"|ович|евич|овна|евна|ична|инична|івна|ївна|ьич|ич)$")
#: Endings only a patronymic has: beside one of them, a word in a bare -ich (Husakych, Sidorich)
#: is the surname, and an alias must name it.
_PATRONYMIC_ONLY = re.compile(r"(?:ovi?tch|ovich|evi?tch|evich|[oe]witsch|ovych|evych|ovic|evic|ovna|evna|ichna|ivna"
                              r"|ович|евич|овна|евна|ична|івна|ївна)$")
_COMPOUND_SURNAMES = frozenset("남궁 황보 제갈 선우 독고 사공 서문 동방 어금 망절".split())
_COMPOUND_SURNAMES_HANJA = frozenset("南宮 皇甫 諸葛 鮮于 獨孤 司空 西門 東方".split())


@frozen(eq=False)
class Part:
    """One name part with everything it is compared by. Parts are made once per spelling and
    cached, so they compare and hash by identity: cheap in the alignment's hot loop."""

    text: str  # folded: case and punctuation gone, diacritics kept
    norm: str  # normalized
    keys: frozenset[str]  # transliteration skeletons
    primary: str  # one representative skeleton, for edit distance
    phonetic: frozenset[str]
    patronymic: bool = False
    initial: bool = False


def exact_form(text: str) -> str:
    """The form compared at the exact level: NFC, spacing collapsed, nothing else touched."""
    return " ".join(unicodedata.normalize("NFC", text[: MAX_NAME_CHARS * 2]).split())[:MAX_NAME_CHARS]


@lru_cache(maxsize=131072)
def _part(text: str, family: str | None = None) -> Part:
    """A part with every convention's keys, or with one family's only (``in_language``); a run
    of a query's parts written as one (``family="run"``) has its Korean keys only: it stands for
    one syllable-written word (Jong Un = Jongun), and every convention's keys would be costly."""
    if family == "run":
        return replace(_fields(text), keys=korean_keys(text))
    if family is not None:
        own = korean_keys(text) if family == "ko" and romanized_korean_keys(text) else \
            slavic_keys(text) if family == "sl" else frozenset()
        if own:  # the generic keys, costly to make, are not needed
            p = replace(_fields(text), keys=own)
            return replace(p, initial=False, patronymic=False) if family == "ko" and (p.initial or p.patronymic) else p
        return in_language(_part(text), family)
    return replace(_fields(text), keys=keys(text))


def _fields(text: str) -> Part:
    s = spelling(text)
    primary = primary_skeleton(text) or s.norm
    phon = frozenset({jellyfish.metaphone(primary)}) if len(s.norm) >= MIN_PHONETIC_CHARS and primary.isascii() \
        else frozenset()
    return Part(text, s.norm, frozenset(), primary, phon, s.patronymic, s.initial)


@frozen(eq=False)
class Spelling:
    """A part as the normalized level sees it: what ``Part`` holds but for the keys, which
    cost far more to make and which a name met at the normalized level never needs."""

    text: str
    norm: str
    patronymic: bool = False
    initial: bool = False


@lru_cache(maxsize=131072)
def spelling(text: str) -> Spelling:
    norm = normalize(text)
    return Spelling(text, norm, len(norm) >= 6 and bool(_PATRONYMIC.search(norm)),
                    len(norm) == 1 and script_of(text) in ("Latn", "Cyrl"))


def merge(group: tuple[Part, ...], family: str | None = "run") -> Part:
    """Adjacent parts written as one (Jong + un = Jongun): of a query, or of an alias in its family."""
    return _merged(tuple(p.text for p in group), family)


@lru_cache(maxsize=65536)
def _merged(texts: tuple[str, ...], family: str | None) -> Part:
    """A run of parts as one part. Latin parts that are each Korean syllables are read part by
    part, their Korean keys joined, not the letters re-cut: the hyphen of Chan-gyeong and
    Hak-kyun says where a syllable ends (찬경, not 창영; 학균, not 하균) (issue 17)."""
    joined = _part("".join(texts), family)
    if family == "sl" or not all(script_of(t) == "Latn" and romanized_korean_keys(t) for t in texts):
        return joined
    korean = {"".join(combo) for combo in islice(product(*(sorted(korean_keys(t)) for t in texts)), MAX_COMBINATIONS)}
    return replace(joined, keys=(joined.keys - korean_keys(joined.text)) | korean)


def merged_spelling(group: tuple[Part | Spelling, ...]) -> Spelling:
    """``merge`` spelled only: what the normalized level sees of adjacent parts written as one."""
    return spelling("".join(p.text for p in group))


@lru_cache(maxsize=131072)
def in_language(p: Part, family: str | None) -> Part:
    """A part of a name the table says is Korean (``ko``) or Russian/Ukrainian (``sl``), read only
    as such: in a Korean name Jong is never Yong (as German j would have it), in a Russian one
    Kim is not read as 김."""
    if family == "ko":  # and a lone letter is a syllable (Ё, I, O), not an initial
        ks = korean_keys(p.text) if romanized_korean_keys(p.text) else frozenset()
        p = replace(p, initial=False, patronymic=False) if p.initial or p.patronymic else p
    elif family == "sl":
        ks = slavic_keys(p.text)
    else:
        return p
    return replace(p, keys=ks) if ks and ks != p.keys else p


_FEMININE_PATRONYMIC = re.compile(r"(?:овна|евна|ична|ивна|ївна)\b", re.IGNORECASE)

# A hyphenated patronymic (Seit-Umarovich) is one part.
_HYPHENATED_PATRONYMIC = re.compile(r"-(?=\w+(?:ovich|evich|ovna|evna|ович|евич|овна|евна)\b)", re.IGNORECASE)


#: McCune-Reischauer marks aspiration with an apostrophe (Taech'ŏn 대천, Taejŏn 대전), which
#: folding drops: it is kept as a combining reversed comma (the Greek rough breathing, U+0314),
#: which the normalized form strips and Korean readings take for ㅊ ㅋ ㅌ ㅍ (hangul.LATIN). Not
#: before y or i, where a Ukrainian apostrophe stands (P'iatykhatky) (issue 17).
_ASPIRATED = re.compile(r"(ch|[kKtTpP]|C[hH])['’ʼ‘`](?=[aeouŏŭwAEOUŎŬW])")


def _words(text: str) -> list[str]:
    out: list[str] = []
    if "-" in text:
        text = _HYPHENATED_PATRONYMIC.sub("", text)
    if "'" in text or "’" in text or "ʼ" in text or "‘" in text or "`" in text:
        text = _ASPIRATED.sub("\\1\u0314", text)
    for word in fold(text).split():
        if script_of(word) in ("Hang", "Hani") and 2 <= len(word) <= 4:
            # a Korean name: surname, then given name (김정은 → 김 정은); runs written as one
            # part are matched too, so a place (평양) or a transcription (푸틴) loses nothing
            head = 2 if (word[:2] in _COMPOUND_SURNAMES or word[:2] in _COMPOUND_SURNAMES_HANJA) and len(word) > 2 else 1
            out.extend((word[:head], word[head:]))
        else:
            out.append(word)
    return out


#: Korean particles that follow a name in running text (김정은은, 평양에서): longest first.
PARTICLES = tuple(sorted(
    """은 는 이 가 을 를 의 에 에서 에게 께서 와 과 도 만 으로 로 이나 나 까지 부터 처럼 보다 한테
    과의 와의 에는 에도 에서는 이다 이었다 입니다""".split(), key=len, reverse=True))

#: Russian case endings → nominative endings, for Cyrillic words in running text
#: (Путина → Путин, Москве → Москва, Лаврову → Лавров, России → Россия, Сергея → Сергей).
CASE_ENDINGS: tuple[tuple[str, str], ...] = (
    ("ского", "ский"), ("скому", "ский"), ("ским", "ский"), ("ском", "ский"), ("ской", "ская"), ("скую", "ская"),
    ("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ову", "ова"),
    ("ого", "ый"), ("ому", "ый"), ("ым", "ый"), ("ом", "ый"), ("его", "ий"), ("ему", "ий"), ("им", "ий"),
    ("ым", ""), ("ом", ""), ("ем", "й"), ("ем", "ь"), ("ом", "а"),
    ("ии", "ия"), ("ию", "ия"), ("ией", "ия"), ("ея", "ей"), ("ею", "ей"), ("ия", "ий"), ("ию", "ий"), ("ии", "ий"),
    ("ы", "а"), ("и", "а"), ("и", "я"), ("и", "ь"), ("е", "а"), ("е", "я"), ("е", ""), ("у", "а"), ("ю", "я"),
    ("ой", "а"), ("ей", "я"), ("а", ""), ("у", ""), ("я", "й"), ("я", "ь"), ("ю", "й"), ("ю", "ь"), ("ью", "ь"),
)


def lemmas(word: str) -> set[str]:
    """Possible nominatives of an inflected Cyrillic word (the word itself not included)."""
    out = set()
    if script_of(word) == "Cyrl" and len(word) >= 3:
        for ending, base in CASE_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 2:
                out.add(word[: len(word) - len(ending)] + base)
    out.discard(word)
    return out


@lru_cache(maxsize=65536)
def query_part(text: str) -> Part:
    """A query part: like an alias part, but an inflected Cyrillic word also carries the keys of
    its possible nominatives (Хрущёва, Хрущёву → Хрущёв)."""
    p = _part(text)
    extra = frozenset().union(*(keys(lemma) for lemma in lemmas(text))) if script_of(text) == "Cyrl" else frozenset()
    return replace(p, keys=p.keys | extra) if extra - p.keys else p


#: Words that say what kind of place a name is (Onsŏng-ŭp, Suwon-si, Gimhae City, gorod Tula):
#: a place is found with or without them.
PLACE_TYPES = frozenset(normalize(w) for w in """si shi gun kun gu ku eup ŭp up myeon myon myŏn ri ni li dong tong
    rodongjagu nodongjagu
    gwangyeoksi teukbyeolsi city town gorod g pgt selo poselok posyolok posëlok rayon raion rajon district
    derevnya stanitsa stantsiya khutor estacao stacja station pervyy pervaya pervoye vtoroy
    kerulet keruelet sehri şəhəri miasto stadt
    город г пгт село посёлок поселок район місто селище деревня станица станция хутор""".split())
_HANGUL_PLACE_TYPES = ("특별시", "광역시", "직할시", "특별자치시", "시", "군", "구", "읍", "면", "리", "동")


def strip_place_type(words: list[str]) -> list[str] | None:
    """The words without a trailing place-type word or Hangul suffix (수원시 → 수원), if there is one."""
    if len(words) >= 2 and normalize(words[-1]) in PLACE_TYPES:
        return words[:-1]
    if len(words) >= 2 and normalize(words[0]) in PLACE_TYPES:
        return words[1:]
    if words and script_of(words[-1]) == "Hang":
        for suffix in _HANGUL_PLACE_TYPES:
            if words[-1].endswith(suffix) and len(words[-1]) - len(suffix) >= 2:
                return words[:-1] + [words[-1][: -len(suffix)]]
    return None


def strip_particle(words: list[str]) -> list[str] | None:
    """The words with a Korean particle cut from the last one, if it carries one."""
    if not words:
        return None
    last = words[-1]
    if script_of(last) != "Hang":
        return None
    for particle in PARTICLES:
        if last.endswith(particle) and len(last) - len(particle) >= 2:
            return words[:-1] + [last[: -len(particle)]]
    return None


#: Case and gender endings that Lithuanian, Latvian and Esperanto add to foreign place names
#: (Iževska, Čondžinas, Kirovs, Lvivo), each → what it may stand for: Esperanto -o for nothing
#: (Lvivo) or -a (Moskvo), Lithuanian -as for -o too (Tomilinas), plural -ai for -ы (Kimrai).
#: A one-word Latin name is also read so, and such readings count only at the strict tiers.
FOREIGN_ENDINGS: dict[str, tuple[str, ...]] = {
    "ius": ("",), "as": ("", "o"), "is": ("",), "ys": ("",), "us": ("",), "ai": ("y",), "s": ("",), "a": ("",),
    "o": ("", "a"), "ė": ("", "a"),
}


def foreign_stems(words: list[str]) -> list[list[str]]:
    """A one-word Latin name without a foreign case ending (Blagoveščenskas → Blagoveščensk)."""
    if len(words) != 1 or script_of(words[0]) != "Latn":
        return []
    word = words[0]
    for ending, replaced in FOREIGN_ENDINGS.items():
        if word.lower().endswith(ending) and len(word) - len(ending) >= MIN_FOREIGN_STEM:
            return [[word[: -len(ending)] + r] for r in replaced]
    return []


#: Czech and Slovak add -ová to a Russian woman's surname, to its Russian form: Matvijenková
#: (Матвиенко), Zacharovová (Захарова). Such a word is also read without it (issue 17).
CZECH_FEMININE = "ová"


def feminine_stems(words: list[str]) -> list[list[str]]:
    """The words with a Czech -ová cut from one of them, both ways: Matvijenko, Zacharova."""
    out = []
    for i, w in enumerate(words):
        if unicodedata.normalize("NFC", w).lower().endswith(CZECH_FEMININE) and len(w) >= 3 + MIN_FOREIGN_STEM:
            w = unicodedata.normalize("NFC", w)
            out += [words[:i] + [stem] + words[i + 1 :] for stem in (w[:-2], w[:-3] + "a")]
    return out


#: A Russian patronymic in the genitive, written in Latin letters (Gennadevicha, Ivanovicha).
_GENITIVE_PATRONYMIC = re.compile(r"(?:ovi|evi|yevi|ievi)t?cha$")


def _nominative(word: str) -> str:
    """A Latin word read back from the Russian genitive: -icha → -ich, -ya → -y (Andreya), a
    consonant and -a → the consonant (Melnikova → Melnikov); other words stay."""
    core = word.rstrip(",.;")
    tail = word[len(core):]
    low = core.lower()
    if low.endswith("cha") or (low.endswith("a") and len(low) > 3 and low[-2] not in "aeiouy"):
        return core[:-1] + tail
    if low.endswith("ya") and len(low) > 3:
        return core[:-1] + tail
    return word


def genitive_stems(words: list[str]) -> list[list[str]]:
    """A whole name in the Russian genitive, written in Latin letters (MELNIKOVA, Andreya
    Gennadevicha: of Мельников Андрей Геннадьевич), read in the nominative. Only where a patronymic
    shows the case: alone, a final -a is a woman's name (Melnikova) more often than a case (issue 17)."""
    if len(words) < 2 or not any(_GENITIVE_PATRONYMIC.search(w.rstrip(",.;").lower()) for w in words) or \
            script_of("".join(filter(str.isalpha, "".join(words)))) != "Latn":
        return []
    return [[_nominative(w) for w in words]]


def strip_titles(words: list[str]) -> list[str]:
    """Drop title words at either end, keeping at least one word."""
    lo, hi = 0, len(words)
    while hi - lo > 1 and (normalize(words[lo]) in TITLES or not normalize(words[lo])):
        lo += 1
    while hi - lo > 1 and (normalize(words[hi - 1]) in TITLES or not normalize(words[hi - 1])):
        hi -= 1
    return words[lo:hi]


def parts(text: str, *, titles: bool = False, family: str | None = None) -> tuple[Part, ...]:
    """The parts of a name, in written order; ``titles=True`` drops leading and trailing titles;
    ``family`` reads them in one language (see ``in_language``)."""
    words = _words(text)
    if titles:
        words = strip_titles(words)
    ps = tuple(_part(w, family) for w in words)
    return ps if family == "sl" else _korean_in_ukrainian(ps)


#: A Korean name in Cyrillic is written syllable by syllable: words of at most this many letters.
_KOREAN_CYRILLIC_WORD = 4


def _korean_in_ukrainian(ps: tuple[P, ...]) -> tuple[P, ...]:
    """A Korean name in Ukrainian Cyrillic (short syllable words, one showing і ї є ґ) is read
    with Ukrainian letter values, its normalized forms and Korean keys as the Russian letters of
    the same sounds: Кім Чен Ин is 김정은, not 김정인 (hangul.UKRAINIAN_AS_RUSSIAN; issue 17)."""
    if not ps or not any(ch in UKRAINIAN_LETTERS for p in ps for ch in p.text):
        return ps
    russian = ["".join(UKRAINIAN_AS_RUSSIAN.get(ch, ch) for ch in p.text) for p in ps]
    if not all(script_of(r) == "Cyrl" and len(r) <= _KOREAN_CYRILLIC_WORD and romanized_korean_keys(r) for r in russian):
        return ps
    return tuple(_as_russian(p, r) for p, r in zip(ps, russian, strict=True))  # type: ignore[misc]


def _as_russian(p: Part | Spelling, russian: str) -> Part | Spelling:
    if isinstance(p, Spelling):
        return replace(p, norm=normalize(russian))
    own = korean_keys(p.text)
    if own and own.isdisjoint(p.keys):
        return p  # (read in another language only)
    return replace(p, keys=(p.keys - own) | korean_keys(russian), norm=normalize(russian))


@frozen
class Query:
    """One reading of a query: its parts, and where whole words begin (the name may be rotated
    there, Surname Given to Given Surname, but not inside a hyphenated Jong-un)."""

    parts: tuple[Part, ...]
    starts: frozenset[int]
    strict: bool = False  # a reading that counts only at the strict tiers (a foreign ending cut off)
    place: bool = False  # a reading that names a place only (a place type cut off: Won-gun is no county Won)


def _cut_place_type(chunks: list[str]) -> list[str] | None:
    if chunks and "-" in chunks[-1]:
        head, _, tail = chunks[-1].rpartition("-")
        if head and normalize(tail) in PLACE_TYPES:
            return chunks[:-1] + [head]
    return strip_place_type(chunks)


def _before_qualifier(words: list[str]) -> list[str] | None:
    """A place name before a Scandinavian-style qualifier: Troitsk i Tsjeljabinsk oblast → Troitsk."""
    for i in range(1, len(words) - 1):
        if words[i] == "i" and words[i + 1][:1].isupper():
            return words[:i]
    return None


def _one_patronymic(ps: list[P]) -> tuple[P, ...]:
    """A name has one patronymic: when a part with a patronymic's own ending is there, other
    parts that only look like one (Гусакич Олена Петрівна) are not."""
    if sum(p.patronymic for p in ps) < 2 or not any(p.patronymic and _PATRONYMIC_ONLY.search(p.norm) for p in ps):
        return tuple(ps)
    return tuple(replace(p, patronymic=False) if p.patronymic and not _PATRONYMIC_ONLY.search(p.norm) else p for p in ps)


def query_variants(text: str) -> list[Query]:
    """The readings of a query: as written, without titles, without a trailing Korean particle,
    without a place-type word."""
    raw = text[: MAX_NAME_CHARS * 2].split()
    readings = [raw]
    if "-" in text and _HYPHENATED_PATRONYMIC.search(text):  # Seit-Umarovich, or Анна-Степановна
        readings.append(" ".join(raw).replace("-", " ").split())
    bare = strip_titles(raw)
    if bare != raw:
        readings.append(bare)
    place_only: list[list[str]] = []
    for strip in (strip_particle, _cut_place_type):
        for r in list(readings):
            cut = strip(r)
            if cut and cut not in readings:
                readings.append(cut)
                if strip is _cut_place_type:
                    place_only.append(cut)
    strict_from = len(readings)
    for r in list(readings):
        readings.extend(stem for stem in foreign_stems(r) + feminine_stems(r) + genitive_stems(r) if stem not in readings)
        head = _before_qualifier(r)
        if head and head not in readings:
            readings.append(head)
    # a feminine patronymic says the name is a woman's, in the nominative: Родионова Александра
    # Валерьевна is no genitive of Aleksandr Rodionov
    inflected = not any(_FEMININE_PATRONYMIC.search(w) for w in raw)
    make = query_part if inflected else _part
    out: list[Query] = []
    for n, r in enumerate(readings):
        q = Query(*_reading(r, make), strict=n >= strict_from, place=r in place_only)
        if q.parts and q not in out:
            out.append(q)
    return out


def written_query(text: str) -> list[Query]:
    """The name as written, its words not read as case forms (Ставрополье is no Ставрополь):
    the first reading of ``query_variants`` without its nominatives (none if it has no parts)."""
    q = Query(*_reading(text[: MAX_NAME_CHARS * 2].split(), _part))
    return [q] if q.parts else []


def _reading(chunks: list[str], make: Callable[[str], P]) -> tuple[tuple[P, ...], frozenset[int]]:
    """The parts of one reading of a query (each word made by ``make``), and where words begin."""
    ps: list[P] = []
    starts = set()
    cut = [words for words in map(_words, chunks) if words]
    if sum(map(len, cut)) > MAX_QUERY_PARTS:
        return (), frozenset()
    for words in cut:
        starts.add(len(ps))
        ps.extend(make(w) for w in words)
    if len(ps) > MAX_ROTATED_PARTS:
        starts = {0}  # (a name this long is read in its own order only: each rotation costs a whole alignment)
    return _korean_in_ukrainian(_one_patronymic(ps)), frozenset(starts)


def too_long(name: str) -> bool:
    """Longer than any name (``MAX_NAME_CHARS``), its spacing collapsed (a padded field is not too
    long): ``resolve`` reads nothing of it."""
    return len(name) > MAX_NAME_CHARS and len(" ".join(name.split())) > MAX_NAME_CHARS


def too_many_parts(text: str) -> bool:
    """Is the text past ``MAX_QUERY_PARTS``, so that no reading of it is made (``query_variants``)?"""
    return sum(len(_words(chunk)) for chunk in text[: MAX_NAME_CHARS * 2].split()) > MAX_QUERY_PARTS


def as_written(text: str) -> tuple[tuple[Spelling, ...], frozenset[int]]:
    """The first reading of ``query_variants`` (the name as written), spelled only: its parts
    and word starts, for a match at the normalized level, which is tried before any key is made."""
    return _reading(text[: MAX_NAME_CHARS * 2].split(), spelling)
