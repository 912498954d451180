"""Every fast path against the reference it must agree with, on the shipped table and on dense
generated tables (many namesakes: Korean names from a few surnames and syllables, Russian names
from a few stems).

The reference is ``align`` (match/align.py) and ``tier_of`` (match/tiers.py), applied to every
candidate of every reading (``Reference`` below: no screening, no early exit). The fast paths:
the as-written shortcut (``meets_as_written`` and the spelled-out keys), the pre-alignment bounds
(``match/bounds.py``), the bulk Korean screening (``Index.korean_kept``), the early exits of the
strict and loose passes (``resolver/cascade.py``), and the index's bulk gathering and searching.
"""

from __future__ import annotations

import random
from functools import cache, lru_cache
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aliasdb.index.lookup
from aliasdb import AliasDB, Entity, Match
from aliasdb.index.lookup import alias_parts
from aliasdb.match.align import AsWritten, alias_written_keys, align, as_written_keys, meets_as_written
from aliasdb.match.bounds import Spelled, korean_may_count, may_count, query_runs, spelled_alike
from aliasdb.match.tiers import tier_of
from aliasdb.names.normalize import normalize
from aliasdb.names.parts import NORMALIZED, as_written, query_variants
from aliasdb.resolver.cascade import EveryHit

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_KO_SURNAMES = [("Kim", "김"), ("Ri", "리"), ("Pak", "박"), ("Choe", "최"), ("Jong", "정")]
_KO_SYLLABLES = [("jong", "정"), ("yong", "영"), ("un", "은"), ("il", "일"), ("chol", "철"), ("nam", "남"),
                 ("song", "성"), ("min", "민"), ("hui", "희"), ("su", "수"), ("in", "인"), ("ho", "호")]
_RU_GIVEN = [("Ivan", "Иван"), ("Pyotr", "Пётр"), ("Oleg", "Олег"), ("Sergei", "Сергей"), ("Yuri", "Юрий")]
_RU_STEMS = [("Bel", "Бел"), ("Chern", "Черн"), ("Sokol", "Сокол"), ("Volk", "Волк")]
_RU_ENDINGS = [("ov", "ов"), ("in", "ин"), ("sky", "ский"), ("ousov", "оусов")]


@lru_cache(maxsize=1)
def dense_korean() -> AliasDB:
    """Korean persons and places from five surnames and twelve syllables, some namesakes: most
    queries meet dozens of aliases, many in full, some only by the surname."""
    r = random.Random(11)
    entities = []
    for i in range(400):
        (sur, hsur), (a, ha), (b, hb) = r.choice(_KO_SURNAMES), r.choice(_KO_SYLLABLES), r.choice(_KO_SYLLABLES)
        if i % 5:
            name = f"{sur} {a.capitalize()}-{b}"
            aliases = (hsur + ha + hb, f"{sur} {a.capitalize()} {b.capitalize()}", f"{a.capitalize()}{b} {sur}")
            entities.append(Entity(id=f"person:ko{i}", kind="person", name=name, aliases=aliases,
                                   country=r.choice(["kp", "kr", None])))
        else:
            entities.append(Entity(id=f"place:ko{i}", kind="place", name=f"{a.capitalize()}{b}", aliases=(ha + hb,),
                                   country=r.choice(["kp", "kr"])))
    return AliasDB(entities)


@lru_cache(maxsize=1)
def dense_russian() -> AliasDB:
    """Russian persons and places from five given names and sixteen surnames, some namesakes."""
    r = random.Random(13)
    entities = []
    for i in range(300):
        (g, hg), (s, hs), (e, he) = r.choice(_RU_GIVEN), r.choice(_RU_STEMS), r.choice(_RU_ENDINGS)
        if i % 6:
            aliases = (f"{hg} {hs}{he}", f"{s}{e}, {g}", f"{g[0]}. {s}{e}")
            entities.append(Entity(id=f"person:ru{i}", kind="person", name=f"{g} {s}{e}", aliases=aliases,
                                   country=r.choice(["ru", None])))
        else:
            entities.append(Entity(id=f"place:ru{i}", kind="place", name=f"{s}{e}sk", aliases=(f"{hs}{he}ск",),
                                   country="ru"))
    return AliasDB(entities)


@lru_cache(maxsize=1)
def shipped() -> AliasDB:
    return AliasDB.default()


TABLES = {"shipped": shipped, "dense-korean": dense_korean, "dense-russian": dense_russian}


@cache
def aliases_of(table: str) -> list[tuple[str, str]]:
    """(alias, entity id) for every alias of a table that is not deliberately shared."""
    out = []
    for e in TABLES[table]().entities:
        shared = {normalize(a) for a in e.ambiguous}
        out.extend((a, e.id) for a in e.all_names if normalize(a) not in shared)
    return sorted(out)


@st.composite
def near_pairs(draw: st.DrawFn, table: str) -> tuple[str, str]:
    """A name around an alias of the table (respelled, shortened, lengthened by a title, a place
    type or a particle, a letter changed, two aliases mixed, parts swapped), and the alias."""
    aliases = aliases_of(table)
    alias, _ = draw(st.sampled_from(aliases))
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
        other, _ = draw(st.sampled_from(aliases))
        words = words[:1] + other.split()[-1:]
    elif how == "swap" and len(words) > 1:
        words = words[1:] + words[:1]
    return " ".join(words), alias


def near_names(table: str) -> st.SearchStrategy[str]:
    return near_pairs(table).map(lambda pair: pair[0])


class Reference(EveryHit):
    """Every candidate of every reading aligned and rated, no screening and no early exit."""

    shortcuts = False


def decided_in_full(db: AliasDB, name: str) -> Match | None:
    """``resolve`` by the reference: the strict tiers, then the loose ones, then the decision."""
    hits = Reference(db.index, loose=False).run(name, None) or Reference(db.index).run(name, None)
    return db.decision(hits, name)[0]


@pytest.mark.parametrize("table", TABLES)
def test_the_fast_paths_change_no_answer(table: str) -> None:
    # resolve (the as-written shortcut, the bounds, the bulk Korean test, the early exits) gives
    # the very Match the reference gives, score and alias included
    @SETTINGS
    @given(near_names(table))
    def check(name: str) -> None:
        db = TABLES[table]()
        assert db.resolve(name) == decided_in_full(db, name), name

    check()


@pytest.mark.parametrize("table", TABLES)
def test_candidates_with_shortcuts_are_the_reference_candidates(table: str) -> None:
    @SETTINGS
    @given(near_names(table))
    def check(name: str) -> None:
        db = TABLES[table]()
        fast = EveryHit(db.index).run(name, None)
        assert [(h.entity, h.tier, h.score, h.alias) for h in fast] == \
            [(h.entity, h.tier, h.score, h.alias) for h in Reference(db.index).run(name, None)], name

    check()


@pytest.mark.parametrize("table", TABLES)
def test_meeting_as_written_is_aligning_in_full_at_the_normalized_level(table: str) -> None:
    # the normalized tier told from normalized forms alone (resolve tries it before making any
    # key) says yes exactly when align meets the name in full there, leaving out no patronymic
    @SETTINGS
    @given(near_pairs(table), st.booleans(), st.sampled_from([None, "ko", "sl"]), st.integers(0, 7))
    def check(pair: tuple[str, str], person: bool, family: str | None, surname: int) -> None:
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

    check()


@pytest.mark.parametrize("table", TABLES)
def test_the_pairs_of_parts_bound_the_hit_before_aligning(table: str) -> None:
    # before an alias is aligned, the pairs of parts alone say the best rank its hit can have
    # (resolve skips an alias that cannot change the answer): no hit when they say none, and
    # never a better one than they say
    same_entity = {}
    for a, eid in aliases_of(table):
        same_entity.setdefault(eid, []).append(a)

    @SETTINGS
    @given(near_pairs(table), st.booleans(), st.sampled_from([None, "ko", "sl"]), st.integers(0, 7), st.data())
    def check(pair: tuple[str, str], person: bool, family: str | None, surname: int, data: st.DataObject) -> None:
        name, alias = pair
        own = dict(aliases_of(table))[alias]
        alias = data.draw(st.sampled_from(same_entity[own]))  # itself, or another spelling of its entity
        a = alias_parts(alias, family, person, surname)
        named_surname = frozenset(i for i in range(len(a)) if surname >> i & 1)
        for q in query_variants(name):
            bound = may_count(query_runs(q.parts), q.parts, a, person, family, named_surname)
            al = align(q.parts, a, q.starts, person=person, family=family)
            tier = None if al is None else tier_of(al, person, named_surname)
            if bound is None:
                assert tier is None, (name, alias, q.parts, al)
            elif tier is not None:
                assert al is not None and (tier, al.left_out) >= bound, (name, alias, tier, al, bound)

    check()


@pytest.mark.parametrize("table", TABLES)
def test_korean_aliases_screened_at_once_are_those_screened_one_by_one(table: str) -> None:
    # hundreds of candidates in Korean names are screened for the parts a query meets all at once
    # in NumPy (Index.korean_kept): the same aliases are kept as by korean_may_count and
    # spelled_alike on each (the candidates, and others besides)
    @SETTINGS
    @given(near_names(table), st.booleans(), st.randoms(use_true_random=False))
    def check(name: str, loose: bool, r: random.Random) -> None:
        index = TABLES[table]().index
        records = len(index.sections["rec_ent"])
        for q in query_variants(name):
            found = sorted(set(index.candidates(q.parts, loose)) | set(r.sample(range(records), min(40, records))))
            spelled = Spelled(index, q.parts, query_runs(q.parts))
            one_by_one = []
            for ri in found:
                person = index.person(index.record_entity(ri))
                if index.record_family(ri) != "ko" or (korean_may_count(spelled, index, ri, person)
                                                       and spelled_alike(spelled.must[person], index.forms_of(ri))):
                    one_by_one.append(ri)
            assert index.korean_kept(found, spelled.met, spelled.must) == one_by_one, (name, q)

    check()


@cache
def second_copy(table: str) -> AliasDB:
    """The same table in a resolver of its own (no cache shared with the first)."""
    return AliasDB(TABLES[table]().entities)


@pytest.mark.parametrize("table", TABLES)
def test_checking_loose_forms_changes_no_answer(table: str) -> None:
    # the few forms a query part meets by loose keys are checked against it (compare) before
    # their aliases are gathered: the answer is the one all of them would have given
    @SETTINGS
    @given(near_names(table))
    def check(name: str) -> None:
        expected = TABLES[table]().resolve(name)
        with mock.patch.object(aliasdb.index.lookup, "VERIFIED_FORMS", -1):
            assert second_copy(table).resolve(name) == expected, name

    check()


@pytest.mark.parametrize("table", TABLES)
def test_gathering_candidates_as_arrays_changes_none(table: str) -> None:
    # a table's common name parts have their aliases gathered and filtered in NumPy (a bit per
    # alias), each further part there or in sets (ratio): the candidates are those of sets alone
    @SETTINGS
    @given(near_names(table), st.sampled_from([0, 1, 3, 64]), st.booleans(), st.booleans(), st.booleans())
    def check(name: str, ratio: int, loose: bool, normalized: bool, every: bool) -> None:
        index = TABLES[table]().index
        for q in query_variants(name):
            with mock.patch.object(aliasdb.index.lookup, "ARRAYS_FROM", 10**9):
                by_sets = index.candidates(q.parts, loose, normalized, every)
            with mock.patch.object(aliasdb.index.lookup, "ARRAYS_FROM", 0), \
                    mock.patch.object(aliasdb.index.lookup, "ARRAY_RATIO", ratio):
                assert index.candidates(q.parts, loose, normalized, every) == by_sets, (name, q)

    check()


@pytest.mark.parametrize("table", TABLES)
def test_searching_keys_at_once_finds_what_bisecting_each_does(table: str) -> None:
    # a large index looks a part's keys up in one NumPy search; these tables are small, so both
    # ways run on them: the same forms for every part and run of parts of every reading
    @SETTINGS
    @given(near_names(table), st.booleans())
    def check(name: str, loose: bool) -> None:
        index = TABLES[table]().index
        for q in query_variants(name):
            for _, size, g in aliasdb.index.lookup._groups(q.parts):
                with mock.patch.object(aliasdb.index.lookup, "SEARCHED_FROM", 10**12):
                    one_by_one = (index._part_forms(g, loose, size > 1), index._spelled_forms(g))
                with mock.patch.object(aliasdb.index.lookup, "SEARCHED_FROM", 0):
                    assert (index._part_forms(g, loose, size > 1), index._spelled_forms(g)) == one_by_one, (name, g)

    check()


def test_the_fast_paths_on_twins_and_readings() -> None:
    # a table written here where names tie, readings compete and Korean runs meet
    people = [Entity(id=f"person:ivan-petrov-{i}", kind="person", name="Иван Петров", aliases=(f"Ivan Petrov {c}",),
                     country="ru") for i, c in enumerate(["Jr", "Sr"])]
    people += [Entity(id="person:park-gunu", kind="person", name="Park Gun-u", aliases=("박건우",), country="kr"),
               Entity(id="person:park-gunran", kind="person", name="Park Gun-ran", aliases=(), country="kr"),
               Entity(id="place:pakharovo", kind="place", name="Pakharovo", aliases=("Пахарово",), country="ru"),
               Entity(id="place:pakharov", kind="place", name="Pakharov", aliases=(), country="ru")]
    db = AliasDB(people)
    assert db.resolve("Иван Петров") is None  # two Ivan Petrovs
    park = db.resolve("PARK GUN U")
    assert park is not None and (park.id, park.method) == ("person:park-gunu", "normalized")
    for n in ["Иван Петров", "Ivan Petrov", "Petrov, Ivan", "PARK GUN U", "Park Gunu", "박건우", "Paharovo",
              "Pakharovo", "Pakharova", "Paharov", "President Ivan Petrov", "Park Gun", "Ivan Petrov Jr"]:
        assert db.resolve(n) == decided_in_full(db, n), n
