"""A compiled index is validated, not trusted: a file whose checksum is right but whose content
is not (crafted, or written by a bug) is refused, never read into a wrong answer or a traceback.

Two levels, both run by ``store.read_index`` after the checksum:

* every index: the offsets' ends, a sample of the offsets and of the hash tables (each strictly
  ascending where sampled: a zeroed table is not), and a sample of aliases looked up the way a
  query looks them up (each alias's exact form must find it; each of its parts' forms must list
  it; each form's normalized key must find the form). No NumPy: a one-shot lookup on a cached
  index does not import it, and the sample costs well under a millisecond.
* a file that is not a cache entry (``aliasdb build``, a file passed around): the same over every
  element, in NumPy, and every text blob is valid UTF-8 cut at character boundaries.

What is read later (an entity's JSON, an alias's parts) is checked as it is read:
``entity_row`` and ``part_row`` check each field's type, and the ``Index`` turns any failure into
``CorruptIndex`` naming the file, which the command reports as one ``Error:`` line (exit 2),
removing the file when it is a cache entry, so that the next run builds it anew.
"""

from __future__ import annotations

from aliasdb.limits import FULL_SAMPLE, SAMPLE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["CorruptIndex", "check", "entity_row", "part_row", "SAMPLE", "FULL_SAMPLE"]


#: (offsets, what they cut) of every section pair.
OFFSETS = (("ent_off", "ent_blob"), ("id_off", "id_blob"), ("rec_off", "rec_blob"), ("x_off", "x_rec"),
           ("w_off", "w_rec"), ("k_off", "k_form"), ("f_off", "f_rec"), ("r_off", "r_form"), ("form_off", "form_blob"),
           ("p_off", "p_form"), ("g_off", "g_form"))
#: Hash tables: sorted, each hash once.
HASHES = (("x_hash", "x_off"), ("w_hash", "w_off"), ("k_hash", "k_off"))
#: Text blobs, and the offsets that cut them into UTF-8 strings.
BLOBS = (("ent_blob", "ent_off"), ("id_blob", "id_off"), ("rec_blob", "rec_off"), ("form_blob", "form_off"))


class CorruptIndex(ValueError):
    """An index whose content is wrong though its checksum is right."""


def _spread(n: int, k: int) -> list[int]:
    """About ``k`` positions spread over ``range(n)``, the first and last among them."""
    if n <= 0:
        return []
    step = max(1, n // k)
    return sorted({*range(0, n, step), n - 1})


def check(s: dict[str, Any], path: str, *, full: bool) -> None:
    """Raise ``CorruptIndex`` if the sections ``s`` are not a consistent index."""
    try:
        _check(s, path, full)
    except CorruptIndex:
        raise
    except (IndexError, ValueError, TypeError, KeyError, OverflowError, UnicodeError, AttributeError) as exc:
        raise CorruptIndex(f"{path}: corrupted content ({type(exc).__name__})") from None


def _bad(path: str, what: str) -> CorruptIndex:
    return CorruptIndex(f"{path}: corrupted content: {what}")


def _check(s: dict[str, Any], path: str, full: bool) -> None:
    counts = {"ent_off": len(s["ent_kind"]), "id_off": len(s["ent_kind"]), "rec_off": len(s["rec_ent"]),
              "x_off": len(s["x_hash"]), "w_off": len(s["w_hash"]), "k_off": len(s["k_hash"]),
              "f_off": len(s["f_off"]) - 1, "r_off": len(s["rec_ent"]), "form_off": len(s["f_off"]) - 1,
              "p_off": len(s["rec_ent"]), "g_off": len(s["rec_ent"])}
    for off_name, values in OFFSETS:
        off = s[off_name]
        if len(off) != counts[off_name] + 1 or off[0] != 0 or off[-1] != len(s[values]):
            raise _bad(path, f"section {off_name} does not cut {values}")
        for i in _spread(len(off) - 1, SAMPLE):
            if off[i] > off[i + 1]:
                raise _bad(path, f"section {off_name} is not in order")
    for name, _ in HASHES:
        h = s[name]
        for i in _spread(len(h) - 1, SAMPLE):
            if h[i] >= h[i + 1]:
                raise _bad(path, f"hash table {name} is not sorted (zeroed or overwritten?)")
    if full:
        _check_all(s, path)
    _check_sample(s, path, FULL_SAMPLE if full else SAMPLE)


def _check_all(s: dict[str, Any], path: str) -> None:
    """Every element (NumPy: a file that is not a cache entry is checked once, when opened)."""
    import numpy as np

    def arr(name: str) -> Any:
        from aliasdb.index.lookup import _DTYPES, SECTIONS

        return np.frombuffer(s[name], dtype=_DTYPES[SECTIONS[name]])

    for off_name, _ in OFFSETS:
        a = arr(off_name)
        if len(a) > 1 and not bool((a[1:] >= a[:-1]).all()):
            raise _bad(path, f"section {off_name} is not in order")
    for name, _ in HASHES:
        a = arr(name)
        if len(a) > 1 and not bool((a[1:] > a[:-1]).all()):
            raise _bad(path, f"hash table {name} is not sorted (zeroed or overwritten?)")
    for blob, off_name in BLOBS:
        data, off = arr(blob), arr(off_name)
        try:
            bytes(s[blob]).decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            raise _bad(path, f"section {blob} is not UTF-8") from None
        starts = off[:-1][off[:-1] < off[1:]].astype(np.int64)  # (where each non-empty string starts)
        if len(starts) and bool(((data[starts] & 0xC0) == 0x80).any()):
            raise _bad(path, f"section {off_name} cuts a character in two")


def _check_sample(s: dict[str, Any], path: str, k: int) -> None:
    """Aliases and forms of a sample, found the way a query finds them."""
    from aliasdb.index.lookup import _lookup, key_hash
    from aliasdb.names.parts import exact_form

    def text(blob: str, off_name: str, i: int) -> str:
        off = s[off_name]
        return bytes(s[blob][off[i] : off[i + 1]]).decode("utf-8", "surrogatepass")

    for ri in _spread(len(s["rec_ent"]), k):
        alias = text("rec_blob", "rec_off", ri)
        if ri not in _lookup(s["x_hash"], s["x_off"], s["x_rec"], key_hash(exact_form(alias))):
            raise _bad(path, f"alias {ri} is not found by its exact form")
        for fi in s["p_form"][s["p_off"][ri] : s["p_off"][ri + 1]]:
            if ri not in s["f_rec"][s["f_off"][fi] : s["f_off"][fi + 1]]:
                raise _bad(path, f"form {fi} does not list alias {ri}")
    forms = len(s["f_off"]) - 1
    for fi in _spread(forms, k):
        raw = text("form_blob", "form_off", fi)
        if not raw:
            continue  # (a run of parts written as one: no stored part)
        import json

        part = part_row(json.loads(raw), path)
        if fi not in _lookup(s["k_hash"], s["k_off"], s["k_form"], key_hash("n" + part[1])):
            raise _bad(path, f"form {fi} is not found by its normalized key")
    for ei in _spread(len(s["ent_kind"]), k):
        import json

        entity_row(json.loads(text("ent_blob", "ent_off", ei)), path)
        text("id_blob", "id_off", ei)


def _strs(v: object) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def entity_row(row: Any, path: str) -> list[Any]:
    """An entity's stored JSON row, checked field by field: [id, kind, name, aliases, country,
    historical, ambiguous, line, facts, ids] (facts: [name, lang, weak, from, until, source] per
    alias with any; ids: [wikidata, geonames, iso3166_2, place_type, part_of])."""
    from aliasdb.kinds import KINDS

    if not (isinstance(row, list) and len(row) == 10 and isinstance(row[0], str) and row[1] in KINDS
            and isinstance(row[2], str) and _strs(row[3]) and (row[4] is None or isinstance(row[4], str))
            and isinstance(row[5], list) and all(isinstance(h, list) and len(h) == 2 and _strs(h) for h in row[5])
            and _strs(row[6]) and isinstance(row[7], int) and not isinstance(row[7], bool)
            and isinstance(row[8], list) and all(_fact(f) for f in row[8])
            and isinstance(row[9], list) and len(row[9]) == 5
            and all(v is None or isinstance(v, (str, int)) and not isinstance(v, bool) for v in row[9])):
        raise _bad(path, "an entity's record is malformed")
    return row


def _fact(f: Any) -> bool:
    return (isinstance(f, list) and len(f) == 6 and isinstance(f[0], str) and isinstance(f[2], bool)
            and all(v is None or isinstance(v, str) for v in (f[1], f[3], f[4], f[5])))


def part_row(row: Any, path: str) -> list[Any]:
    """A name part's stored JSON row: [text, norm, keys, primary, phonetic, patronymic, initial]."""
    if not (isinstance(row, list) and len(row) == 7 and isinstance(row[0], str) and isinstance(row[1], str)
            and _strs(row[2]) and isinstance(row[3], str) and _strs(row[4]) and isinstance(row[5], bool)
            and isinstance(row[6], bool)):
        raise _bad(path, "a name part's record is malformed")
    return row
