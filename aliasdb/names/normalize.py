"""Text → comparable form: Unicode NFKC, case folding, Latin diacritics off, punctuation unified.

Two forms are kept apart on purpose. ``fold`` keeps diacritics, because the spelling
conventions need them (Czech ``š``, Polish ``ł``, ISO 9 ``ë``); ``normalize`` removes them
for the plain normalized comparison. Neither touches Cyrillic letters other than ``ё`` (which
Russian writers routinely print as ``е``), and Hangul syllables stay whole.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from aliasdb.limits import MAX_NAME_CHARS

__all__ = ["fold", "normalize", "tokens", "script_of", "MAX_NAME_CHARS"]


# Apostrophes and their look-alikes vanish: Ch'oe = Choe, Мар'яна = Марʼяна, O'Neill = ONeill.
_APOSTROPHES = frozenset("'’‘ʼʻ`´ʹʽ′")
# Latin letters that have no Unicode decomposition but a plain-ASCII reading.
_LATIN_SPECIAL = {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ŀ": "l", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th"}


def _is_latin(ch: str) -> bool:
    o = ord(ch)
    return ch.isalpha() and (o < 0x250 or 0x1E00 <= o < 0x1F00)


_ASCII_SEPARATORS = re.compile(r"[^a-z0-9]+")
_char_class: dict[str, str] = {}


def _classify(ch: str) -> str:
    """What a character becomes: itself, nothing (apostrophes) or a space (everything else)."""
    got = _char_class.get(ch)
    if got is None:
        cat = unicodedata.category(ch)
        if ch in _APOSTROPHES:
            got = ""
        elif cat[0] in "LN" or cat in ("Mn", "Mc"):
            got = ch
        else:
            got = " "
        if len(_char_class) < 100_000:
            _char_class[ch] = got
    return got


def _clean(text: str) -> str:
    """NFKC, casefold, apostrophes out, every non-letter-non-digit to one space."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    if text.isascii():
        text = text.lower().replace("'", "").replace("`", "")
        return _ASCII_SEPARATORS.sub(" ", text).strip()
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join("".join([_classify(ch) for ch in text]).split())


def fold(text: str) -> str:
    """Case-folded, punctuation-free text with diacritics kept (NFC): input to the conventions."""
    s = _clean(text)
    if s.isascii():
        return s
    for _ in range(3):  # NFKC and casefold can feed each other; settle to a fixed point
        t = _clean(s)
        if t == s:
            break
        s = t
    return unicodedata.normalize("NFC", s)


def _strip_marks(text: str) -> str:
    out: list[str] = []
    base = ""
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            if (base and _is_latin(base)) or (base in ("е", "Е") and ch == "\u0308"):
                continue  # é → e, ё → е; й, ї and Hangul jamo keep their marks
            out.append(ch)
            continue
        base = ch
        out.append(_LATIN_SPECIAL.get(ch, ch))
    return unicodedata.normalize("NFC", "".join(out))


def normalize(text: str) -> str:
    """The normalized form of a name: what two spellings share when only case, accents,
    punctuation and spacing differ. Idempotent: ``normalize(normalize(s)) == normalize(s)``."""
    s = fold(text)
    if s.isascii():
        return s
    for _ in range(4):
        t = fold(_strip_marks(s))
        if t == s:
            break
        s = t
    return s


def tokens(text: str) -> list[str]:
    """The normalized name parts of ``text``."""
    return normalize(text).split()


@lru_cache(maxsize=65536)
def script_of(token: str) -> str:
    """The writing system of a token: ``Latn``, ``Cyrl``, ``Hang``, ``Hani``, ``Zyyy`` (digits) or ``Zzzz``."""
    seen = set()
    for ch in token:
        o = ord(ch)
        if ch.isdigit():
            continue
        if _is_latin(ch):
            seen.add("Latn")
        elif 0x400 <= o < 0x530 or 0x1C80 <= o < 0x1C90 or 0x2DE0 <= o < 0x2E00 or 0xA640 <= o < 0xA6A0:
            seen.add("Cyrl")
        elif 0xAC00 <= o < 0xD7B0 or 0x1100 <= o < 0x1200 or 0x3130 <= o < 0x3190:
            seen.add("Hang")
        elif 0x4E00 <= o < 0xA000 or 0x3400 <= o < 0x4DC0 or 0xF900 <= o < 0xFB00:
            seen.add("Hani")
        elif unicodedata.combining(ch):
            continue
        else:
            seen.add("Zzzz")
    if not seen:
        return "Zyyy"
    return seen.pop() if len(seen) == 1 else "Zzzz"
