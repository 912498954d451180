"""A surname met alone in running text, and what text never trusts (issue #17, point 5).

Texts written for these tests in French, English, German, Russian and Korean, every mention
asserted; the invariants checked with hypothesis on texts made of such sentences."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aliasdb


def found(text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.id, m.method) for m in aliasdb.annotate(text)]


def test_every_namesake_is_looked_at_not_the_first_ten() -> None:
    """The table has 21 Kims: Kim Tok-hun and Kim Yo-jong come after the tenth."""
    assert found("Kim Tok-hun a présidé la réunion à Pyongyang. Selon la KCNA, Kim a salué les résultats.") == [
        ("Kim Tok-hun", "person:kim-tok-hun", "exact"),
        ("Pyongyang", "place:pyongyang", "exact"),
        ("KCNA", "org:kcna", "exact"),
        ("Kim", "person:kim-tok-hun", "partial"),
    ]
    assert found("Kim Yo-jong a parlé. Kim a ajouté que le Nord était prêt.")[-1] == (
        "Kim", "person:kim-yo-jong", "partial")


def test_a_surname_of_two_persons_named_before_it_is_neither_s() -> None:
    text = ("North Korea's Kim Yo-jong criticised Seoul, while Kim Jong-un inspected a factory. "
            "Kim also said the talks were over.")
    assert found(text) == [
        ("North Korea", "place:north-korea", "exact"),
        ("Kim Yo-jong", "person:kim-yo-jong", "exact"),
        ("Seoul", "place:seoul", "exact"),
        ("Kim Jong-un", "person:kim-jong-un", "exact"),
    ]


def test_a_person_named_only_after_it_never_counts() -> None:
    # named after only: Choe is one of two Choes of the table, and nobody named before says which
    assert found("Mme Choe a parlé la première. Choe Son-hui a ensuite rencontré Sergueï Lavrov, et "
                 "Choe Ryong-hae est resté à Pyongyang.") == [
        ("Choe Son-hui", "person:choe-son-hui", "exact"),
        ("Sergueï Lavrov", "person:sergei-lavrov", "exact"),
        ("Choe Ryong-hae", "person:choe-ryong-hae", "exact"),
        ("Pyongyang", "place:pyongyang", "exact"),
    ]
    # named before: the later Choe Ryong-hae no longer takes Mme Choe from Choe Son-hui
    assert found("Choe Son-hui a reçu Sergueï Lavrov à Pyongyang. Mme Choe a parlé la première; "
                 "Choe Ryong-hae est arrivé plus tard.") == [
        ("Choe Son-hui", "person:choe-son-hui", "exact"),
        ("Sergueï Lavrov", "person:sergei-lavrov", "exact"),
        ("Pyongyang", "place:pyongyang", "exact"),
        ("Choe", "person:choe-son-hui", "partial"),
        ("Choe Ryong-hae", "person:choe-ryong-hae", "exact"),
    ]


def test_another_romanization_of_a_korean_surname_is_another_person() -> None:
    """Choi (최 as the South writes it) after Choe Son-hui (as the North does) is someone else;
    Choi after Choi Kyu-hah is he, even with Choe Son-hui named between them."""
    assert found("Choe Son-hui a reçu Sergueï Lavrov à Pyongyang. À Séoul, Choi a jugé la visite inquiétante.") == [
        ("Choe Son-hui", "person:choe-son-hui", "exact"),
        ("Sergueï Lavrov", "person:sergei-lavrov", "exact"),
        ("Pyongyang", "place:pyongyang", "exact"),
        ("Séoul", "place:seoul", "normalized"),
    ]
    assert found("Choi Kyu-hah a été élu en 1979. Quarante ans plus tard, Choe Son-hui dirige la diplomatie "
                 "du Nord, et Choi reste un nom d'histoire.") == [
        ("Choi Kyu-hah", "person:choi-kyu-hah", "exact"),
        ("Choe Son-hui", "person:choe-son-hui", "exact"),
        ("Choi", "person:choi-kyu-hah", "partial"),
    ]
    # the Russian press writes her Чхве or Цой: both are the table's spellings of her surname
    assert found("Чхве Сон Хи прилетела в Москву. Цой провела переговоры с Лавровым.") == [
        ("Чхве Сон Хи", "person:choe-son-hui", "exact"),
        ("Москву", "place:moscow", "transliterated"),
        ("Цой", "person:choe-son-hui", "partial"),
        ("Лавровым", "person:sergei-lavrov", "partial"),
    ]


def test_inflected_and_respelled_surnames_of_a_person_named_before() -> None:
    assert found("Владимир Путин встретился с Ким Чен Ыном. Позже Путина спросили о визите, и Ким ответил за него.") == [
        ("Владимир Путин", "person:vladimir-putin", "exact"),
        ("Ким Чен Ыном", "person:kim-jong-un", "transliterated"),
        ("Путина", "person:vladimir-putin", "partial"),
        ("Ким", "person:kim-jong-un", "partial"),
    ]
    assert found("Am Montag traf Andrej Belousow in Pjöngjang ein. Belousow sagte, Kim Jong-un sei bereit. "
                 "Kim lächelte.") == [
        ("Andrej Belousow", "person:andrei-belousov", "transliterated"),
        ("Pjöngjang", "place:pyongyang", "exact"),
        ("Belousow", "person:andrei-belousov", "partial"),
        ("Kim Jong-un", "person:kim-jong-un", "exact"),
        ("Kim", "person:kim-jong-un", "partial"),
    ]


def test_a_namesake_the_table_does_not_know_keeps_his_surname() -> None:
    """Belousov alone is Andrei Belousov by the table, unless the text named another Belousov first."""
    assert found("Deputy minister Dmitry Belousov arrived in Moscow on Monday. Belousov said the contract "
                 "was signed.") == [("Moscow", "place:moscow", "exact")]
    # a typo of the person's name is no namesake: the run is not linked (edits), the surname is
    assert found("On Monday, Vladmir Putin arrived. Later President Putin said nothing.") == [
        ("Putin", "person:vladimir-putin", "partial")]
    assert found("Russian Defence Minister Andrei Belousov arrived in Pyongyang. Belousov said Moscow would help.") == [
        ("Andrei Belousov", "person:andrei-belousov", "exact"),
        ("Pyongyang", "place:pyongyang", "exact"),
        ("Belousov", "person:andrei-belousov", "partial"),
        ("Moscow", "place:moscow", "exact"),
    ]


def test_sound_and_edits_are_never_trusted_in_text() -> None:
    """``resolve`` answers these by sound or by edits; running text takes none of them, in any
    script: a Korean verb stem (키우) is not Kyiv, a typo is not Putin."""
    db = aliasdb.AliasDB.default()
    answers = {n: db.resolve(n) for n in ("키우", "Vladimir Putim", "Sergei Shoigo")}
    assert {n: (m.id, m.method) for n, m in answers.items() if m} == {
        "키우": ("place:kyiv", "phonetic"),
        "Vladimir Putim": ("person:vladimir-putin", "fuzzy"),
        "Sergei Shoigo": ("person:sergei-shoigu", "phonetic"),
    }
    assert found("한덕수 총리가 평양 문제를 언급했다. 한 사람이 키우 시장에서 항의했다.") == [
        ("한덕수", "person:han-duck-soo", "exact"),  # 한 ("one") is no surname alone, 키우 no city
        ("평양", "place:pyongyang", "exact"),
    ]
    assert found("Vladimir Putim a reçu Sergei Shoigo à Moscou.") == [("Moscou", "place:moscow", "exact")]
    assert all(db.resolve_strict(n) is None for n in answers)


# -- invariants, on texts made of sentences naming persons in full or by their surname alone ----------
_SENTENCES = [
    "Kim Yo-jong a parlé.", "Kim Jong-un est arrivé.", "Kim Tok-hun a signé.", "Kim a souri.",
    "Choe Son-hui a reçu Lavrov.", "Choe Ryong-hae a lu.", "Choi Kyu-hah a été élu.", "Mme Choe a parlé.",
    "Choi a jugé la visite inquiétante.", "Andrei Belousov arrived.", "Dmitry Belousov signed.",
    "Belousov said nothing.", "Владимир Путин прилетел.", "Позже Путина спросили.", "Путин молчал.",
    "Il pleut sur Pyongyang.", "한덕수 총리가 말했다.", "한 사람이 항의했다.", "키우 시장이 열렸다.",
    "Vladimir Putim a reçu Sergei Shoigo.",
]
_texts = st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=8)
_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _persons(text: str) -> list[tuple[int, int, str, str]]:
    return [(m.start, m.end, m.id, m.method) for m in aliasdb.annotate(text) if m.kind == "person"]


@_SETTINGS
@given(_texts, _texts)
def test_property_what_follows_never_changes_a_person_named_before(head: list[str], tail: list[str]) -> None:
    """A surname alone is read by what comes before it only: text added after a sentence end
    leaves every person found before it as it was."""
    first = " ".join(head)
    assert [m for m in _persons(first + " " + " ".join(tail)) if m[1] <= len(first)] == _persons(first)


@_SETTINGS
@given(_texts)
def test_property_a_lone_surname_is_the_one_person_the_text_or_the_table_says(sentences: list[str]) -> None:
    """A surname alone (a partial match of one word) is a person named before it, or, when the
    text named no one of that surname before it, the table's one answer for it; never one of two
    persons whose names the text wrote with that very word before it; and no mention is ever by
    sound or edits."""
    text = " ".join(sentences)
    db = aliasdb.AliasDB.default()
    mentions = aliasdb.annotate(text)
    assert all(m.method not in ("phonetic", "fuzzy") for m in mentions)
    for n, m in enumerate(mentions):
        if m.method != "partial" or " " in m.text:
            continue
        before = {b.id for b in mentions[:n] if b.kind == "person"}
        namesakes = {c.id for c in db.candidates(m.text, kind="person", limit=100) if c.method == "partial"}
        with_this_word = {b.id for b in mentions[:n] if m.text.lower() in b.text.lower().replace("-", " ").split()}
        assert len(with_this_word & namesakes) <= 1
        alone = db.resolve_strict(m.text)
        assert m.id in before or (not before & namesakes and alone is not None and alone.id == m.id), (text, m)


@pytest.mark.parametrize(("text", "ids"), [
    ("Kim", []), ("Kim.", []), ("Choi", []), ("Choe Choe Choe", []),  # 21 Kims, two Chois, two Choes
    ("Путина", ["person:vladimir-putin"]), ("Belousov\n\nBelousov", ["person:andrei-belousov"] * 2),
    ("Belousov. Choi.", ["person:andrei-belousov"]),
])
def test_surnames_with_no_one_named_before(text: str, ids: list[str]) -> None:
    """Where no one was named before it, a surname alone is the table's one person of that surname, if any."""
    assert [m.id for m in aliasdb.annotate(text)] == ids


def test_a_persons_weak_alias_counts_only_after_the_person_is_named() -> None:
    """A person's weak alias (issue #20: a bare surname, initials, a nickname) is found, as a surname
    alone is, only after a strong mention of that person, never before one."""
    from aliasdb.model import Alias, Entity

    db = aliasdb.AliasDB([Entity(id="person:vladimir-putin", kind="person", name="Vladimir Putin",
                                 aliases=("VVP",), facts=(Alias("VVP", weak=True),))])
    assert [(m.text, m.start) for m in db.annotate("Vladimir Putin spoke. VVP left.")] == [
        ("Vladimir Putin", 0), ("VVP", 22)]
    assert [(m.text, m.start) for m in db.annotate("VVP left. Vladimir Putin spoke.")] == [("Vladimir Putin", 10)]


def test_persons_named_in_earlier_pieces_of_a_long_text_count(monkeypatch: pytest.MonkeyPatch) -> None:
    from aliasdb.text import annotator

    filler = "Il pleut sur la ville. " * 6
    one = "Kim Yo-jong a parlé. " + filler + "Kim a souri."
    two = "Kim Yo-jong a parlé. " + filler + "Kim Jong-un a écouté. " + filler + "Kim a souri."
    whole = [found(one), found(two)]
    monkeypatch.setattr(annotator, "MAX_TEXT_CHARS", 60)  # every name in a piece of its own
    assert [found(one), found(two)] == whole == [
        [("Kim Yo-jong", "person:kim-yo-jong", "exact"), ("Kim", "person:kim-yo-jong", "partial")],
        [("Kim Yo-jong", "person:kim-yo-jong", "exact"), ("Kim Jong-un", "person:kim-jong-un", "exact")],
    ]
