"""Invariants of the mapping, checked with hypothesis on the shipped table and on arbitrary text."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import unicodedata
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aliasdb import AliasDB, Entity, Match
from aliasdb.imported import default_table_files
from aliasdb.index import alias_parts
from aliasdb.keys import NORMALIZED, as_written, query_variants
from aliasdb.normalize import normalize, tokens
from aliasdb.score import AsWritten, alias_written_keys, align, as_written_keys, meets_as_written

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=1)
def shipped() -> AliasDB:
    return AliasDB.default()


@lru_cache(maxsize=1)
def shipped_aliases() -> list[tuple[str, str]]:
    """(alias, entity id) for every alias that is not deliberately shared, nor weak (issue #20: a weak
    alias alone resolves nothing; test_weak_aliases_alone_resolve_nothing checks those)."""
    out = []
    for e in shipped().entities:
        shared = {normalize(a) for a in e.ambiguous}
        out.extend((a, e.id) for a in e.all_names if normalize(a) not in shared and a not in e.weak_aliases)
    return sorted(out)


def _id(m: Match | None) -> str | None:
    return m.id if m else None


def test_every_alias_resolves_to_its_own_entity() -> None:
    db = shipped()
    wrong = [(a, eid, _id(db.resolve(a))) for a, eid in shipped_aliases() if _id(db.resolve(a)) != eid]
    assert not wrong, wrong[:20]


def test_weak_aliases_alone_resolve_nothing_and_are_listed_as_candidates() -> None:
    """(issue #20) A weak alias of the shipped table: resolve gives None, candidates names its entity."""
    db = shipped()
    weak = sorted((a, e.id) for e in db.entities for a in e.weak_aliases)
    assert len(weak) >= 10
    for alias, eid in weak:
        assert db.resolve(alias) is None, alias
        assert eid in [c.id for c in db.candidates(alias)], alias


# -- spelling changes that must not change a result ------------------------------------------

_ACCENTS = {"a": "á", "e": "é", "i": "ï", "o": "ô", "u": "ü", "c": "ç", "n": "ñ", "s": "š", "z": "ž"}


def _strip_latin_accents(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", s) if not unicodedata.combining(ch) or ch in "\u0306\u0308")


@st.composite
def respelled(draw: st.DrawFn) -> tuple[str, str]:
    """An alias of the shipped table and a respelling that changes only case, Latin accents,
    hyphens/spaces, or puts the last word first with a comma."""
    alias, _ = draw(st.sampled_from(shipped_aliases()))
    change = draw(st.sampled_from(["upper", "lower", "title", "accents", "unaccent", "hyphens", "spaces", "comma"]))
    words = alias.split()
    if change == "upper":
        new = alias.upper()
    elif change == "lower":
        new = alias.lower()
    elif change == "title":
        new = alias.title()
    elif change == "accents":
        new = "".join(_ACCENTS.get(ch, ch) if ch.isascii() and draw(st.booleans()) else ch for ch in alias)
    elif change == "unaccent":
        new = unicodedata.normalize("NFC", _strip_latin_accents(alias))
    elif change == "hyphens":
        new = alias.replace(" ", "-")
    elif change == "spaces":
        new = alias.replace("-", " ")
    else:
        new = f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else alias
    return alias, new


@SETTINGS
@given(respelled())
def test_case_accents_hyphens_and_order_do_not_change_results(pair: tuple[str, str]) -> None:
    alias, new = pair
    if normalize(new) != normalize(alias) and sorted(tokens(new)) != sorted(tokens(alias)):
        return  # the respelling changed letters (š is not s in every convention): not this property
    assert _id(shipped().resolve(new)) == _id(shipped().resolve(alias)), (alias, new)


# -- independence of table order, hash seed and unrelated entities ----------------------------


def _sample_queries() -> list[str]:
    rnd = random.Random(7)
    names = [a for a, _ in shipped_aliases()]
    return rnd.sample(names, min(150, len(names))) + ["Kim", "Choe", "Belooussov", "Poutine", "Sergueï Choïgou"]


def test_results_do_not_depend_on_entity_order() -> None:
    entities = list(shipped().entities)
    queries = _sample_queries()
    before = [(_id(shipped().resolve(q)), [c.id for c in shipped().candidates(q)]) for q in queries]
    random.Random(3).shuffle(entities)
    shuffled = AliasDB(entities)
    after = [(_id(shuffled.resolve(q)), [c.id for c in shuffled.candidates(q)]) for q in queries]
    assert before == after


def test_results_do_not_depend_on_hash_seed() -> None:
    script = (
        "import json,sys,aliasdb\n"
        "qs=json.loads(sys.stdin.read())\n"
        "print(json.dumps([[c.id for c in aliasdb.candidates(q)] + [getattr(aliasdb.resolve(q),'id',None)] for q in qs]))\n"
    )
    queries = json.dumps(_sample_queries()[:60])
    outs = set()
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        r = subprocess.run([sys.executable, "-c", script], input=queries.encode(), capture_output=True, env=env, timeout=300)
        assert r.returncode == 0, r.stderr.decode()
        outs.add(r.stdout)
    assert len(outs) == 1


_unrelated_names = st.sampled_from([
    ("person", "Ivan Sidorenko-Bulba", "Иван Сидоренко-Бульба"),
    ("place", "Zvenigorodka Vtoraya", "Звенигородка Вторая"),
    ("person", "Hwang Bo-ram", "황보람"),
    ("org", "Severnaya Verf Yacht Club", "Яхт-клуб Северной верфи"),
])


@settings(max_examples=4, deadline=None)
@given(_unrelated_names)
def test_adding_an_unrelated_entity_changes_no_alias_result(new: tuple[str, str, str]) -> None:
    kind, name, native = new
    extra = Entity(id=f"{kind}:unrelated-test-entity", kind=kind, name=name, aliases=(native,))
    grown = AliasDB([*shipped().entities, extra])
    for alias, eid in shipped_aliases():
        assert _id(grown.resolve(alias)) == eid, alias


# -- robustness -------------------------------------------------------------------------------


@SETTINGS
@given(st.text(max_size=300))
def test_resolve_never_raises_on_arbitrary_text(text: str) -> None:
    m = shipped().resolve(text)
    assert m is None or isinstance(m, Match)
    assert all(0.0 <= c.score <= 1.0 for c in shipped().candidates(text))


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_normalization_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@SETTINGS
@given(st.from_regex(r"[A-Za-zА-Яа-яЁёІіЇїЄєҐґ가-힣 \-',.]{0,40}", fullmatch=True))
def test_name_like_text_is_stable(text: str) -> None:
    first = shipped().resolve(text)
    assert _id(shipped().resolve(text)) == _id(first)  # same input, same answer
    assert normalize(text) == normalize(normalize(text))


@pytest.mark.parametrize("text", ["", " ", "\t\n", "\x00", "\u200b", "-", "'", "…", "𝔄𝔫𝔡𝔯𝔢𝔦", "A" * 100_000, "김" * 5000,
                                  "Я" * 5000, "ю" * 300, "Ян" * 400, "Ch" * 300, "金" * 300])
def test_degenerate_input(text: str) -> None:
    m = shipped().resolve(text)
    assert m is None or isinstance(m, Match)


# -- the decision's shortcuts ------------------------------------------------------------------


def _decided_in_full(db: AliasDB, name: str) -> Match | None:
    """``resolve`` without its shortcuts: every reading, every candidate, then the decision."""
    hits = db._hits(name, None, loose=False)[0] or db._hits(name, None)[0]
    return db._decide(hits, name)[0]


@st.composite
def near_names(draw: st.DrawFn) -> str:
    """Names around the table's: an alias respelled, shortened, lengthened (a title, a place type,
    a particle), with a letter changed, or parts of two aliases put together."""
    return draw(near_pairs())[0]


@st.composite
def near_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """A name around an alias of the table (``near_names``), and the alias."""
    alias, _ = draw(st.sampled_from(shipped_aliases()))
    words = alias.split()
    how = draw(st.sampled_from(["as is", "drop", "title", "place", "particle", "typo", "mix", "swap"]))
    if how == "drop" and len(words) > 1:
        del words[draw(st.integers(0, len(words) - 1))]
    elif how == "title":
        words.insert(0, draw(st.sampled_from(["President", "le ministre", "M.", "대통령", "General"])))
    elif how == "place":
        words[-1] += draw(st.sampled_from(["-si", "-gun", " City", "시", "s", "o"]))
    elif how == "particle":
        words[-1] += draw(st.sampled_from(["은", "의", "에서"]))
    elif how == "typo":
        i = draw(st.integers(0, len(words) - 1))
        w = words[i]
        j = draw(st.integers(0, max(len(w) - 1, 0)))
        words[i] = w[:j] + draw(st.sampled_from("aeioukstnr")) + w[j + 1:]
    elif how == "mix":
        other, _ = draw(st.sampled_from(shipped_aliases()))
        words = words[:1] + other.split()[-1:]
    elif how == "swap" and len(words) > 1:
        words = words[1:] + words[:1]
    return " ".join(words), alias


@SETTINGS
@given(near_pairs(), st.booleans(), st.sampled_from([None, "ko", "sl"]), st.integers(0, 7))
def test_meeting_as_written_is_aligning_in_full_at_the_normalized_level(
        pair: tuple[str, str], person: bool, family: str | None, surname: int) -> None:
    # the normalized tier told from normalized forms alone (resolve tries it before making any
    # key) says yes exactly when align meets the name in full there, leaving out no patronymic
    name, alias = pair
    spelled, starts = as_written(name)
    variants = query_variants(name)
    if not spelled:
        return  # (nothing to meet: resolve goes on to the other readings)
    first = variants[0]
    assert [(s.text, s.norm, s.patronymic, s.initial) for s in spelled] == \
        [(p.text, p.norm, p.patronymic, p.initial) for p in first.parts] and starts == first.starts
    a = alias_parts(alias, family, person, surname)
    al = align(first.parts, a, first.starts, person=person, family=family)
    in_full = al is not None and al.level == NORMALIZED and not al.partial and not al.left_out
    assert meets_as_written(AsWritten(spelled, starts), a, person=person, family=family) == in_full, (name, alias)
    # and what the two spell out says which aliases to try: one met so spells out what the query does
    query_keys = as_written_keys(AsWritten(spelled, starts))
    alias_keys = alias_written_keys(a, person=person, family=family)
    if in_full and query_keys is not None and alias_keys is not None:
        assert query_keys & alias_keys, (name, alias, query_keys, alias_keys)


@SETTINGS
@given(near_names())
def test_the_decision_shortcuts_change_no_answer(name: str) -> None:
    # resolve stops early (a normalized hit in full, a reading that cannot outrank, a tie that
    # nothing can beat): the same Match as trying everything, score and alias included
    db = shipped()
    assert db.resolve(name) == _decided_in_full(db, name), name


@SETTINGS
@given(near_names())
def test_checking_loose_forms_changes_no_answer(name: str) -> None:
    # the few forms a query part meets by loose keys are checked against it (compare) before
    # their aliases are gathered: the answer is the one all of them would have given
    from unittest import mock

    import aliasdb.index

    db = AliasDB.load(default_table_files())  # (the shipped set: aliases.yaml and places/)
    with mock.patch.object(aliasdb.index, "_VERIFIED_FORMS", -1):
        everything = db.resolve(name)
    assert shipped().resolve(name) == everything, name


@st.composite
def near_pairs_across(draw: st.DrawFn) -> tuple[str, str]:
    """A name around an alias of the table (``near_pairs``), and an alias of the same entity:
    itself, or another spelling (another script, convention or order)."""
    name, alias = draw(near_pairs())
    own = dict(shipped_aliases())[alias]
    return name, draw(st.sampled_from([alias] + [a for a, e in shipped_aliases() if e == own]))


@SETTINGS
@given(near_pairs_across(), st.booleans(), st.sampled_from([None, "ko", "sl"]), st.integers(0, 7))
def test_the_pairs_of_parts_bound_the_hit_before_aligning(
        pair: tuple[str, str], person: bool, family: str | None, surname: int) -> None:
    # before an alias is aligned, the pairs of parts alone say the best rank its hit can have
    # (resolve skips an alias that cannot change the answer): no hit when they say none, and
    # never a better one than they say
    from aliasdb.db import _may_count, _query_runs

    name, alias = pair
    db = AliasDB([Entity(id="person:x", kind="person", name="X"), Entity(id="place:y", kind="place", name="Y")])
    a = alias_parts(alias, family, person, surname)
    named_surname = frozenset(i for i in range(len(a)) if surname >> i & 1)
    for q in query_variants(name):
        bound = _may_count(_query_runs(q.parts), q.parts, a, person, family, named_surname)
        al = align(q.parts, a, q.starts, person=person, family=family)
        tier = None if al is None else db._tier(al, 0 if person else 1, named_surname)
        if bound is None:
            assert tier is None, (name, alias, q.parts, al)
        elif tier is not None:
            assert al is not None and (tier, al.left_out) >= bound, (name, alias, tier, al, bound)


@SETTINGS
@given(near_names(), st.sampled_from([0, 1, 3, 64]), st.booleans(), st.booleans(), st.booleans())
def test_gathering_candidates_as_arrays_changes_none(name: str, ratio: int, loose: bool, normalized: bool,
                                                     every: bool) -> None:
    # a table's common name parts have their aliases gathered and filtered in NumPy (a bit per
    # alias); the shipped table's are few, so every gathering goes that way here, and each
    # further part is filtered there or in sets (ratio): the candidates are those of sets alone
    from unittest import mock

    import aliasdb.index

    index = shipped()._index
    for q in query_variants(name):
        with mock.patch.object(aliasdb.index, "_ARRAYS_FROM", 10**9):
            by_sets = index.candidates(q.parts, loose, normalized, every)
        with mock.patch.object(aliasdb.index, "_ARRAYS_FROM", 0), mock.patch.object(aliasdb.index, "_ARRAY_RATIO", ratio):
            assert index.candidates(q.parts, loose, normalized, every) == by_sets, (name, q)


@SETTINGS
@given(near_names(), st.booleans())
def test_searching_keys_at_once_finds_what_bisecting_each_does(name: str, loose: bool) -> None:
    # a large index looks a part's keys up in one NumPy search; the shipped table is small, so
    # here both ways run on it: the same forms for every part and run of parts of every reading
    from unittest import mock

    import aliasdb.index

    index = shipped()._index
    for q in query_variants(name):
        for _, size, g in aliasdb.index._groups(q.parts):
            with mock.patch.object(aliasdb.index, "_SEARCHED_FROM", 10**12):
                one_by_one = (index._part_forms(g, loose, size > 1), index._spelled_forms(g))
            with mock.patch.object(aliasdb.index, "_SEARCHED_FROM", 0):
                assert (index._part_forms(g, loose, size > 1), index._spelled_forms(g)) == one_by_one, (name, g)


_SYLLABLES = ["Kim", "Yun", "An", "Chol", "Jong", "Un", "Il", "Min", "Su", "Namgung", "Yon", "Hui", "O"]


@lru_cache(maxsize=1)
def korean_namesakes() -> AliasDB:
    """Korean persons and places made of a few syllables, in every order: many aliases that a
    query's parts all meet, some in full, some only by the surname, some not at all."""
    r = random.Random(7)
    entities = []
    for i in range(120):
        sur, *given = r.sample(_SYLLABLES, r.choice([2, 3]))
        kind = "person" if i % 4 else "place"
        name = f"{sur} {'-'.join(given)}" if kind == "person" else "".join([sur, *given]).capitalize()
        aliases = (f"{sur} {' '.join(given)}", f"{''.join(given)} {sur}") if kind == "person" else ()
        entities.append(Entity(id=f"{kind}:k{i}", kind=kind, name=name, aliases=aliases, country=r.choice(["kp", "kr"])))
    return AliasDB(entities)


@SETTINGS
@given(st.one_of(near_names(), st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=5).map(" ".join),
                 st.lists(st.sampled_from(_SYLLABLES), min_size=2, max_size=4).map(lambda w: f"{w[0]} {'-'.join(w[1:])}")),
       st.booleans(), st.booleans(), st.randoms(use_true_random=False))
def test_korean_aliases_tested_at_once_are_those_tested_one_by_one(name: str, loose: bool, namesakes: bool,
                                                                    r: random.Random) -> None:
    # hundreds of candidates in Korean names are tested for the parts a query meets all at once
    # in NumPy (Index.korean_kept): the same aliases are kept as by testing each one (the
    # candidates, and others besides)
    from aliasdb.db import _korean_may_count, _query_runs, _Spelled, _spelled_alike

    index = (korean_namesakes() if namesakes else shipped())._index
    records = len(index.sections["rec_ent"])
    for q in query_variants(name):
        found = sorted(set(index.candidates(q.parts, loose)) | set(r.sample(range(records), 40)))
        spelled = _Spelled(index, q.parts, _query_runs(q.parts))
        one_by_one = []
        for ri in found:
            person = index.kind(index.record_entity(ri)) == "person"
            if index.record_family(ri) != "ko" or (_korean_may_count(spelled, index, ri, person)
                                                   and _spelled_alike(spelled.must[person], index.forms_of(ri))):
                one_by_one.append(ri)
        assert index.korean_kept(found, spelled.met, spelled.must) == one_by_one, (name, q)


def test_the_decision_shortcuts_on_twins_and_readings() -> None:
    # a synthetic table where names tie, readings compete and Korean runs meet
    people = [Entity(id=f"person:ivan-petrov-{i}", kind="person", name="Иван Петров", aliases=(f"Ivan Petrov {c}",),
                     country="ru") for i, c in enumerate(["Jr", "Sr"])]
    people += [Entity(id="person:park-gunu", kind="person", name="Park Gun-u", aliases=("박건우",), country="kr"),
               Entity(id="person:park-gunran", kind="person", name="Park Gun-ran", aliases=(), country="kr"),
               Entity(id="place:pakharovo", kind="place", name="Pakharovo", aliases=("Пахарово",), country="ru"),
               Entity(id="place:pakharov", kind="place", name="Pakharov", aliases=(), country="ru")]
    db = AliasDB(people)
    names = ["Иван Петров", "Ivan Petrov", "Petrov, Ivan", "PARK GUN U", "Park Gunu", "박건우", "Paharovo",
             "Pakharovo", "Pakharova", "Paharov", "President Ivan Petrov", "Park Gun", "Ivan Petrov Jr"]
    assert db.resolve("Иван Петров") is None  # two Ivan Petrovs
    assert _id(db.resolve("PARK GUN U")) == "person:park-gunu"
    for n in names:
        assert db.resolve(n) == _decided_in_full(db, n), n
