"""Language tags of aliases: their shape (BCP 47, the subset a name table needs), the languages
aliasdb knows, the language an alias's letters state on their own, and the dates of a period.

Inference is deliberately narrow: only letters that one language (in this table's field) uses
decide. A Latin spelling says nothing sure (é is French, Czech and Slovak; ü German and Turkish),
and Cyrillic without a telling letter could be Russian, Ukrainian, Belarusian or Bulgarian: the
table states those. See docs/table.md, "Languages".
"""

from __future__ import annotations

import re

__all__ = ["TAG_RULE", "KNOWN_LANGUAGES", "KNOWN_SCRIPTS", "tag_problem", "tag_unknown", "infer_lang", "lang_of",
           "DATE_RULE", "date_problem", "period_dates", "language_only"]

#: language[-Script][-REGION][-variant...]: lower-case language, title-case script, upper-case region.
TAG_RULE = re.compile(r"^(?P<lang>[a-z]{2,3})(?:-(?P<script>[A-Z][a-z]{3}))?(?:-(?P<region>[A-Z]{2}|[0-9]{3}))?"
                      r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*$")

#: ISO 639-1 codes, and the ISO 639-3 codes of the region's languages that have no two-letter code.
KNOWN_LANGUAGES = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en
eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka
kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl
nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
ady alt bua crh kbd krc mdf mhr myv sah tyv udm xal
""".split())
#: ISO 15924 scripts a name in this table may be written in.
KNOWN_SCRIPTS = frozenset("Latn Cyrl Hang Hani Kore Jpan Hans Hant Arab Grek Hebr Geor Armn Mong".split())


def tag_problem(tag: object) -> str | None:
    """Why ``tag`` is no language tag aliasdb reads, or None when it is one."""
    if not isinstance(tag, str) or not TAG_RULE.match(tag):
        return (f"language tag {tag!r} is malformed: write a BCP 47 tag such as en, fr, ru, uk, ko, ko-Hani or ru-Latn "
                "(language lower case, script title case, region upper case)")
    return None


def tag_unknown(tag: str) -> str | None:
    """A well-formed tag whose language or script aliasdb does not know (a typo, most often)."""
    m = TAG_RULE.match(tag)
    if m is None:
        return tag_problem(tag)
    if m["lang"] not in KNOWN_LANGUAGES:
        return f"language {m['lang']!r} of tag {tag!r} is no ISO 639 code aliasdb knows"
    if m["script"] and m["script"] not in KNOWN_SCRIPTS:
        return f"script {m['script']!r} of tag {tag!r} is no ISO 15924 script aliasdb knows"
    return None


def language_only(tag: str) -> str:
    """The language of a tag without script, region or variant: ``ko-Hani`` → ``ko``."""
    return tag.split("-", 1)[0]


_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile("[\u3040-\u30ff]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")


def infer_lang(text: str) -> str | None:
    """The language the letters of ``text`` state on their own (the rule of docs/table.md), or None.

    Hangul → ko; Hanja without Hangul or kana → ko-Hani (this table's Hanja are Korean names);
    Cyrillic with ў, or with і beside ы or э → be; with ї, є, ґ, і or an apostrophe → uk; with ы, э,
    ъ or ё → ru. A name that mixes scripts, and any Latin spelling, states nothing."""
    low = text.lower()
    hangul, han, kana = bool(_HANGUL.search(low)), bool(_HAN.search(low)), bool(_KANA.search(low))
    cyrillic, latin = bool(_CYRILLIC.search(low)), bool(_LATIN.search(low))
    if kana:
        return None
    if hangul and not cyrillic and not latin:
        return "ko"  # (Hangul with Hanja is Korean mixed script)
    if han and not cyrillic and not latin:
        return "ko-Hani"
    if not cyrillic or latin or hangul or han:
        return None
    if "ў" in low or ("і" in low and ("ы" in low or "э" in low)):
        return "be"
    if any(ch in low for ch in "їєґі'’ʼ"):
        return "uk"
    if any(ch in low for ch in "ыэъё"):
        return "ru"
    return None


def lang_of(text: str, stated: str | None) -> str | None:
    """An alias's language: the one the table states, else the one its letters state."""
    return stated if stated else infer_lang(text)


#: YYYY, YYYY-MM or YYYY-MM-DD.
DATE_RULE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_problem(value: str) -> str | None:
    """Why ``value`` is no ISO date of the table (YYYY, YYYY-MM or YYYY-MM-DD), or None."""
    m = DATE_RULE.match(value)
    if m is None:
        return f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
    month, day = int(m[2] or 1), int(m[3] or 1)
    if not 1 <= month <= 12:
        return f"date {value!r} has no month {month}"
    days = (31, 29 if _leap(int(m[1])) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    if not 1 <= day <= days:
        return f"date {value!r} has no day {day}"
    return None


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def before(until: str, since: str) -> bool:
    """Whether a period ending ``until`` ends before it begins at ``since``: compared to the
    precision both share (1991 is not before 1991-12-26)."""
    n = min(len(until), len(since))
    return until[:n] < since[:n]


_PERIOD = re.compile(r"^\s*(?:(?P<since>\d{4})\s*)?(?:[-–—]|until|to)?\s*(?P<until>\d{4})?\s*$")


def period_dates(period: str) -> tuple[str | None, str | None]:
    """(from, until) years of a ``historical`` period written as the table writes them: ``1924–1991``,
    ``–1932`` or ``until 1962`` (until only), ``1991–`` (from only), ``2020`` (that year); several
    periods (``1935–1958, 1970–1990``) give the first from and the last until. (None, None) for
    anything else."""
    spans = []
    for part in (period or "").split(","):
        m = _PERIOD.match(part)
        if m is None or not (m["since"] or m["until"]):
            return None, None
        bare = m["since"] and m["until"] is None and not re.search(r"[-–—]", part)
        spans.append((m["since"], m["since"] if bare else m["until"]))
    return (spans[0][0], spans[-1][1]) if spans else (None, None)


__all__ += ["before"]
