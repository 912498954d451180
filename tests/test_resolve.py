"""Matching logic on a small table written in conftest: what must resolve, and what must not."""

from __future__ import annotations

import pytest

from aliasdb import AliasDB, Entity, Match
from aliasdb.match import calibration

MUST_RESOLVE = [
    # French press spellings (the seed articles' conventions)
    ("Andreï Biélooussov", "person:andrei-belousov"),
    ("Andreï Belooussov", "person:andrei-belousov"),
    ("Beloussov", "person:andrei-belousov"),
    ("M. Belousov", "person:andrei-belousov"),
    ("Sergueï Choïgou", "person:sergei-shoigu"),
    ("Choïgou", "person:sergei-shoigu"),
    ("Vladimir Poutine", "person:vladimir-putin"),
    # German, Polish, Czech
    ("Sergej Schoigu", "person:sergei-shoigu"),
    ("Siergiej Szojgu", "person:sergei-shoigu"),
    ("Michail Gorbatschow", "person:mikhail-gorbachev"),
    ("Michaił Gorbaczow", "person:mikhail-gorbachev"),
    ("Michail Gorbačov", "person:mikhail-gorbachev"),
    # name order, patronymics, initials, case
    ("PUTIN, Vladimir Vladimirovich", "person:vladimir-putin"),
    ("V. Putin", "person:vladimir-putin"),
    ("Belousov Andrei", "person:andrei-belousov"),
    # Korean romanizations
    ("Kim Jong Un", "person:kim-jong-un"),
    ("Kim Jongun", "person:kim-jong-un"),
    ("Gim Jeong-eun", "person:kim-jong-un"),
    ("Pyeongyang", "place:pyongyang"),
    ("P'yŏngyang", "place:pyongyang"),
    ("No Kwang Chol", "person:no-kwang-chol"),
    ("Noh Kwang-chul", "person:no-kwang-chol"),
    ("Pak Kun-hye", "person:park-geun-hye"),
    # places and organizations
    ("Moscou", "place:moscow"),
    ("MOSKVA", "place:moscow"),
    ("GUR", "org:gur"),
    ("ГРУ", "org:gru"),
    # a typo in a long part
    ("Andrei Belousiv", "person:andrei-belousov"),
    ("Mikhail Mishustine", "person:mikhail-mishustin"),
]


@pytest.mark.parametrize(("name", "expected"), MUST_RESOLVE)
def test_variants_resolve(small: AliasDB, name: str, expected: str) -> None:
    m = small.resolve(name)
    assert m is not None, small.explain(name)["reason"]
    assert m.id == expected


MUST_NOT_RESOLVE = [
    "Kim Jong-suk",  # not in the table, one syllable off
    "Dmitry Belousov",  # same surname, another man
    "Sergei Ivanov",  # shared given name only
    "Alexander Lavrov",
    "Kim Jong-chul",
    "Park Chung",
    "Bupyeong",
    "Kurgansk",
    "GRAU",
    "Ivan Petrov",
    "",
    "   ",
    "\x00\x01",
]


@pytest.mark.parametrize("name", MUST_NOT_RESOLVE)
def test_unknown_names_return_none(small: AliasDB, name: str) -> None:
    assert small.resolve(name) is None


@pytest.mark.parametrize(
    ("name", "wrong"),
    [
        ("Kim Jong-il", "person:kim-jong-un"),
        ("Kim Jong-un", "person:kim-jong-il"),
        ("Kim Jong-nam", "person:kim-jong-un"),
        ("Sergei Lavrov", "person:sergei-shoigu"),
        ("Dmitry Peskov", "person:dmitry-medvedev"),
        ("Park Geun-hye", "person:park-chung-hee"),
        ("Busan", "place:bucheon"),
        ("Kursk", "place:kurgan"),
        ("GUR", "org:gru"),
        ("GRU", "org:gur"),
    ],
)
def test_near_names_stay_apart(small: AliasDB, name: str, wrong: str) -> None:
    m = small.resolve(name)
    assert m is not None and m.id != wrong


@pytest.mark.parametrize(
    ("name", "tied"),
    [
        ("Choe", {"person:choe-son-hui", "person:choe-ryong-hae"}),
        ("Mikhail", set()),  # a given name is never taken for a person
        ("Pak", {"person:pak-jong-chon", "person:pak-thae-song"}),
        ("Kim", {"person:kim-jong-un", "person:kim-jong-il", "person:kim-jong-nam"}),
    ],
)
def test_shared_names_are_ambiguous(small: AliasDB, name: str, tied: set[str]) -> None:
    assert small.resolve(name) is None
    assert tied <= {c.id for c in small.candidates(name, limit=10)}


def test_candidates_are_ranked_and_limited(small: AliasDB) -> None:
    got = small.candidates("Kim", limit=2)
    assert len(got) == 2
    assert [c.score for c in got] == sorted((c.score for c in got), reverse=True)
    full = small.candidates("Kim", limit=10)
    assert [c.id for c in full] == sorted(c.id for c in full)  # a tie breaks by id


def test_match_is_immutable_and_complete(small: AliasDB) -> None:
    m = small.resolve("Андрей Белоусов")
    assert isinstance(m, Match)
    assert (m.id, m.name, m.kind, m.method, m.score, m.alias) == (
        "person:andrei-belousov", "Andrei Belousov", "person", "exact", calibration.score("exact", None, m.query, m.alias),
        "Андрей Белоусов")
    with pytest.raises(AttributeError):
        m.id = "x"  # type: ignore[misc]


def test_methods_name_the_step(small: AliasDB) -> None:
    assert small.resolve("андрей белоусов").method == "normalized"  # type: ignore[union-attr]
    assert small.resolve("Andrei Belousov").method == "exact"  # type: ignore[union-attr]
    assert small.resolve("Andreï Biélooussov").method == "transliterated"  # type: ignore[union-attr]
    assert small.resolve("Belousov").method == "partial"  # type: ignore[union-attr]
    assert small.resolve("Andrei Belousiv").method in ("phonetic", "fuzzy")  # type: ignore[union-attr]


def test_kind_filter(small: AliasDB) -> None:
    assert small.resolve("Moscou", kind="place").id == "place:moscow"  # type: ignore[union-attr]
    assert small.resolve("Moscou", kind="person") is None
    with pytest.raises(ValueError):
        small.resolve("Moscou", kind="city")


def test_wrong_types_raise_type_error(small: AliasDB) -> None:
    with pytest.raises(TypeError):
        small.resolve(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        small.candidates(b"Kim")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        small.candidates("Kim", limit="3")  # type: ignore[arg-type]


def test_get_by_id(small: AliasDB) -> None:
    assert small.get("place:kursk").name == "Kursk"
    with pytest.raises(LookupError):
        small.get("place:nowhere")


def test_huge_and_hostile_input(small: AliasDB) -> None:
    assert small.resolve("Belousov " * 100_000) is None  # more than 32 parts: no name, met only as written (returns at once)
    assert small.resolve("\u202e" + "вокуолеБ") is None
    assert small.resolve("Андрей\u200bБелоусов") is not None  # zero-width space splits words
    assert small.resolve("A" * 10_000) is None


def test_explain_shows_each_step(small: AliasDB) -> None:
    t = small.explain("Sergueï Choïgou")
    assert t["normalized"] == "serguei choigou"
    keys = {k for p in t["variants"][0] for k in p["keys"]}
    assert "shoigu" in keys and "sergei" in keys
    assert t["result"]["id"] == "person:sergei-shoigu"
    assert any(a["id"] == "person:sergei-shoigu" for a in t["aligned"])
    assert "transliterated" in t["reason"]


def test_explain_names_the_conventions_that_met(small: AliasDB) -> None:
    t = small.explain("Sergueï Choïgou")
    pairs = [p for a in t["aligned"] if a["alias"] == "Сергей Шойгу" for p in a["pairs"]]
    assert ["choïgou", "шойгу", "transliterated", "french ~ cyrillic"] in pairs


def test_a_two_part_name_must_meet_the_alias_in_its_ich_word_too() -> None:
    # Sidorich looks like a patronymic, but in a name of two parts no patronymic goes unnamed:
    # the index must not offer every Natalia (align would turn them all down anyway)
    from aliasdb import Entity

    people = [Entity(id=f"person:natalia-{s}", kind="person", name=f"Natalia {s.title()}", aliases=(), country="ru")
              for s in ("sidorich", "petrova", "ivanova", "orlova")]
    db = AliasDB(people)
    assert db.resolve("Natalia Sidorich").id == "person:natalia-sidorich"
    from aliasdb.names.parts import query_variants

    q = query_variants("Natalia Sidorich")[0]
    assert q.parts[1].patronymic  # read as one, which is the point
    assert [db.index.record(r).text for r in db.index.candidates(q.parts)] == ["Natalia Sidorich"]
    assert db.resolve("Natalia Petrovna Sidorich").id == "person:natalia-sidorich"


def test_beside_a_real_patronymic_an_ich_word_is_the_surname() -> None:
    # Гусакич looks like a patronymic, but Петрівна is one: the surname must be met, so neither
    # another Olena Petrivna nor every Olena is offered
    from aliasdb import Entity
    from aliasdb.names.parts import query_variants

    people = [Entity(id="person:olena-husakych", kind="person", name="Олена Петрівна Гусакич", aliases=(), country="ua"),
              Entity(id="person:olena-koval", kind="person", name="Олена Петрівна Коваль", aliases=(), country="ua"),
              Entity(id="person:olena-bondar", kind="person", name="Олена Бондар", aliases=(), country="ua")]
    db = AliasDB(people)
    q = query_variants("ГУСАКИЧ ОЛЕНА ПЕТРІВНА")[0]
    assert [p.patronymic for p in q.parts] == [False, False, True]
    assert [db.index.record(r).text for r in db.index.candidates(q.parts)] == ["Олена Петрівна Гусакич"]
    assert db.resolve("ГУСАКИЧ ОЛЕНА ПЕТРІВНА").id == "person:olena-husakych"
    assert db.resolve("Husakych, Olena Petrivna").id == "person:olena-husakych"
    assert [p.patronymic for p in query_variants("Sidorich Ivan Ilyich")[0].parts] == [True, False, True]  # no telling which


def test_a_twin_whose_alias_names_the_patronymic_outranks_one_whose_alias_lacks_it() -> None:
    # two Vadim Skorovs: the query's patronymic is Dmitrievich's; Wadim Skorow (no patronymic) is
    # spelled exactly as the query without it, but that is a shortened reading of the name
    from aliasdb import Entity

    db = AliasDB([Entity(id="person:vadim-skorov-a", kind="person", name="Vadim Skorov",
                         aliases=("Скоров Вадим Дмитриевич",), country="ru"),
                  Entity(id="person:vadim-skorov-b", kind="person", name="Vadim Skorov",
                         aliases=("Скоров Вадим Игоревич", "Wadim Skorow"), country="ru")])
    m = db.resolve("Wadim Dmitrijewitsch Skorow")
    assert m is not None and m.id == "person:vadim-skorov-a" and m.method == "transliterated"
    # both are Vadim Skorov, and Wadim Skorow spells it in German: a name two entities share is
    # nobody's, even where one lists it as written (issue 17, resolver/shared.py)
    assert db.resolve("Wadim Skorow") is None
    assert db.resolve("Vadim Skorov") is None
    # alone, the twin without the patronymic is still found, at the transliterated tier
    alone = AliasDB([Entity(id="person:vadim-skorov-b", kind="person", name="Vadim Skorov", aliases=("Wadim Skorow",),
                            country="ru")])
    found = alone.resolve("Wadim Dmitrijewitsch Skorow")
    assert found is not None and found.method == "transliterated"


def test_sound_alone_in_every_part_is_no_match_and_a_woman_is_no_genitive() -> None:
    from aliasdb import Entity

    db = AliasDB([
        Entity(id="person:yuliya-tolstoborova", kind="person", name="Yuliya Tolstoborova", aliases=("Юлия Толстоборова",),
               country="ru"),
        Entity(id="person:aleksandr-rodionov", kind="person", name="Aleksandr Rodionov", aliases=("Александр Родионов",),
               country="ru"),
    ])
    # Ilya ~ Yuliya and Tolstoborov ~ Tolstoborova only by sound: another person
    assert db.resolve("Ilya Tolstoborov") is None
    assert db.resolve("Yuliya Tolstoborova").id == "person:yuliya-tolstoborova"
    assert db.resolve("Yulia Tolstoborova").id == "person:yuliya-tolstoborova"  # one part spelled alike
    # Родионова Александра is the genitive of Родионов Александр, unless a feminine patronymic
    # says she is a woman named in the nominative
    assert db.resolve("Родионова Александра").id == "person:aleksandr-rodionov"
    assert db.resolve("Родионова Александра Валерьевна") is None


def test_a_korean_name_is_read_by_korean_keys_only() -> None:
    from aliasdb import Entity

    db = AliasDB([Entity(id="person:lim-so-ae", kind="person", name="Lim So-ae", aliases=("임소애",), country="kr")])
    assert db.resolve("Lim So-hae") is None  # 소해, not 소애 (a French reading drops the h)
    assert db.resolve("Im So Ae").id == "person:lim-so-ae"
    assert db.resolve("Им Со Э").id == "person:lim-so-ae"


# -- the normalized tier told from normalized forms alone (resolve tries it first) --------------

AS_WRITTEN = [
    # (query, alias, person, family, meets in full at the normalized level)
    ("Kim Jong Un", "Kim Jong-un", True, "ko", True),
    ("Kim Jong Un", "Kim Jongun", True, "ko", True),  # a run of query parts written as one by the alias
    ("Kim Jongun", "Kim Jong Un", True, "ko", True),  # and the other way round
    ("Jong Un Kim", "Kim Jong Un", True, "ko", True),  # rotated at a word start
    ("Un-Kim Jong", "Kim Jong Un", True, "ko", False),  # not inside a hyphened word
    ("Yeon In-se", "In Seyeon", True, "ko", False),  # a rotation does not join the name's last part to its first
    ("In-se Yeon", "In Seyeon", True, "ko", True),  # (as written, it may)
    ("Jong-un Kim", "Kim Jong Un", True, "ko", True),
    ("Ivan Petrov", "Ivan Ivanovich Petrov", True, "sl", True),  # a person's patronymic may go unnamed
    ("Ivan Petrov", "Ivan Ivanovich Petrov", False, "sl", False),  # not an organization's part
    ("Ivan Ivanovich Petrov", "Ivan Petrov", True, "sl", False),  # a query's patronymic left out: transliterated at best
    ("PETROV, Ivan", "Ivan Petrov", True, "sl", True),
    ("I. Petrov", "Ivan Petrov", True, "sl", False),  # an initial meets a given name by transliteration
    ("Ivan A. Petrov", "Ivan Petrov", True, "sl", True),  # an initial the alias lacks, in three parts
    ("Ivan Petrov", "Ivan Petrova", True, "sl", False),
    ("Pyong Yang", "Pyongyang", False, None, True),
    ("Pyongyang", "Pyong Yang", False, None, True),
]


@pytest.mark.parametrize(("query", "alias", "person", "family", "meets"), AS_WRITTEN)
def test_meeting_as_written(query: str, alias: str, person: bool, family: str | None, meets: bool) -> None:
    from aliasdb.index.lookup import alias_parts
    from aliasdb.match.align import AsWritten, align, meets_as_written
    from aliasdb.names.parts import NORMALIZED, as_written, query_variants

    a = alias_parts(alias, family, person, 0)
    assert meets_as_written(AsWritten(*as_written(query)), a, person=person, family=family) is meets
    q = query_variants(query)[0]
    al = align(q.parts, a, q.starts, person=person, family=family)
    assert (al is not None and al.level == NORMALIZED and not al.partial and not al.left_out) is meets


def test_what_names_spell_out() -> None:
    # an alias is filed, and a query looks its aliases up, by its normalized parts joined
    from aliasdb.index.lookup import alias_parts
    from aliasdb.match.align import AsWritten, alias_written_keys, as_written_keys
    from aliasdb.names.parts import as_written

    def alias(text: str, person: bool = True, family: str | None = "sl") -> set[str] | None:
        return alias_written_keys(alias_parts(text, family, person, 0), person=person, family=family)

    assert alias("Иван Иванович Петров") == {"иванивановичпетров", "иванпетров"}  # the patronymic may go unnamed
    assert alias("Иван Иванович Петров", person=False) == {"иванивановичпетров"}
    assert alias("Kim Jong-un", family="ko") == {"kimjongun"}
    assert as_written_keys(AsWritten(*as_written("PETROV, Ivan"))) == {"petrovivan", "ivanpetrov"}
    assert as_written_keys(AsWritten(*as_written("Jong-un Kim"))) == {"jongunkim", "kimjongun"}
    assert as_written_keys(AsWritten(*as_written("Ivan A. Petrov"))) == {  # rotated, and the initial left out
        "ivanapetrov", "ivanpetrov", "apetrovivan", "petrovivan", "petrovivana"}
    many = "A. B. C. D. E. F. Smith"  # six initials, each free to go unnamed: 64 ways, too many to file
    assert alias(many, family=None) is None


def test_names_with_too_many_spellings_are_still_met_as_written() -> None:
    e = Entity(id="person:smith", kind="person", name="A. B. C. D. E. F. Smith")
    # (not A. B. Smyth: Smyth spells Smith's skeleton, a name the two would share: issue 17)
    db = AliasDB([e, Entity(id="person:jones", kind="person", name="A. B. Jones")])
    for query in ("a b c d e f SMITH",  # a query with as many: its aliases are met the longer way
                  "Smith"):  # an alias with as many is filed under every spelling
        m = db.resolve(query)
        assert m is not None and (m.id, m.method) == ("person:smith", "normalized"), query
    # and so it is met beside another one's alias that spells out the same: the two tie
    db = AliasDB([e, Entity(id="person:smith-2", kind="person", name="John Smith", aliases=("Smith",))])
    assert db.resolve("SMITH") is None
    assert {m.id for m in db.candidates("SMITH")} == {"person:smith", "person:smith-2"}


def test_long_names_cost_bounded_work_and_keep_their_exact_match(monkeypatch: pytest.MonkeyPatch) -> None:
    import aliasdb.resolver.cascade as db_module
    from aliasdb.names.parts import MAX_QUERY_PARTS, MAX_ROTATED_PARTS, as_written, query_variants

    long_org = " ".join(f"Word{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh")  # 34 words
    db = AliasDB([
        Entity(id="person:ivan-ivanov", kind="person", name="Ivan Ivanov", aliases=("Иван Иванов", "I. I. Ivanov")),
        Entity(id="org:long", kind="org", name=long_org),
    ])
    # past MAX_QUERY_PARTS no reading is made, but the name as written still meets its alias
    assert len(long_org.split()) > MAX_QUERY_PARTS and query_variants(long_org) == [] and as_written(long_org)[0] == ()
    assert db.resolve(long_org).id == "org:long" and db.resolve(long_org.upper()) is None
    aligned: list[int] = []
    real_align = db_module.align
    monkeypatch.setattr(db_module, "align", lambda q, *a, **k: aligned.append(len(q)) or real_align(q, *a, **k))
    hostile = "I " * 256  # every part an initial: it met every alias and was aligned at every rotation
    assert db.resolve(hostile) is None and db.candidates(hostile) == [] and aligned == []
    assert "more than 32 parts" in db.explain(hostile)["reason"]
    # up to MAX_ROTATED_PARTS a name is tried at each word start; past it, in its own order only
    assert db.resolve("Ivanov Ivan").id == "person:ivan-ivanov"
    assert {q.starts for q in query_variants("I " * MAX_ROTATED_PARTS)} == {frozenset(range(MAX_ROTATED_PARTS))}
    assert {q.starts for q in query_variants("I " * (MAX_ROTATED_PARTS + 1))} == {frozenset({0})}


def test_a_threshold_leaves_out_what_scores_below_it(small: AliasDB) -> None:
    # Beloussov meets Andrei Belousov by its surname alone, transliterated: partial, scored below
    # the exact match (the scores themselves: tests/test_calibration.py)
    m = small.resolve("Beloussov")
    assert (m.id, m.method) == ("person:andrei-belousov", "partial") if m else False
    exact = small.resolve("Андрей Белоусов")
    assert m and exact and m.score < exact.score
    above = m.score + 0.001
    assert small.resolve("Beloussov", threshold=m.score) == m
    assert small.resolve("Beloussov", threshold=above) is None
    assert small.resolve("Андрей Белоусов", threshold=exact.score).method == "exact"  # type: ignore[union-attr]
    assert [c.id for c in small.candidates("Beloussov", threshold=above)] == []
    assert [c.id for c in small.candidates("Beloussov", threshold=0.5)] == ["person:andrei-belousov"]
    assert small.resolve_many(["Beloussov", "Москва"], threshold=above) == [None, small.resolve("Москва")]
    text = "Beloussov est arrivé à Moscou."
    assert [m.id for m in small.annotate(text)] == ["person:andrei-belousov", "place:moscow"]
    assert [m.id for m in small.annotate(text, threshold=above)] == ["place:moscow"]


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_a_threshold_outside_zero_to_one_is_refused(small: AliasDB, bad: float) -> None:
    with pytest.raises(ValueError, match="threshold"):
        small.resolve("Beloussov", threshold=bad)
    with pytest.raises(ValueError, match="threshold"):
        small.candidates("Beloussov", threshold=bad)


def test_a_threshold_that_is_no_number_is_a_type_error(small: AliasDB) -> None:
    for bad in ("0.9", True, [0.9]):
        with pytest.raises(TypeError, match="threshold"):
            small.resolve("Beloussov", threshold=bad)  # type: ignore[arg-type]
