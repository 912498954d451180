"""Issue #20: weak aliases (never an answer alone; in text only beside a strong mention), names in a
reader's language (``name_in``) and ``aliasdb show``; on small tables written here, and on the
shipped table for what it promises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aliasdb
from aliasdb import AliasDB, Entity
from aliasdb.cli import main
from aliasdb.model import Alias
from aliasdb.names import name_in
from aliasdb.table import parse_table

TABLE = """\
sources:
  press: {title: "Press usage", retrieved: "2026-12-01"}
entities:
  - id: org:federal-security-service
    kind: org
    name: Federal Security Service
    country: ru
    aliases:
      - Федеральная служба безопасности
      - {name: Service fédéral de sécurité, lang: fr}
      - {name: ФСБ, weak: true}
      - {name: FSB, weak: true, source: press}
  - id: person:vladimir-putin
    kind: person
    name: Vladimir Putin
    country: ru
    aliases:
      - Владимир Путин
      - {name: Vladimir Poutine, lang: fr}
      - {name: Putin, weak: true}
  - id: org:fsb-bank
    kind: org
    name: Fresno State Bank
    aliases:
      - {name: FSB Bank, lang: en}
  - id: place:volgograd
    kind: place
    name: Volgograd
    country: ru
    aliases:
      - {name: Волгоград, lang: ru}
      - {name: Сталинград, lang: ru, from: "1925", until: "1961"}
      - {name: Stalingrad, lang: fr, from: "1925", until: "1961"}
      - 볼고그라드
      - 伏爾加格勒
"""


@pytest.fixture(scope="module")
def db() -> AliasDB:
    entities, problems = parse_table(TABLE, "t.yaml")
    assert problems == []
    return AliasDB(entities)


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("weak") / "t.yaml"
    p.write_text(TABLE, encoding="utf-8")
    return p


# -- weak aliases: resolve --------------------------------------------------------------------


def test_a_weak_alias_alone_resolves_nothing_but_is_a_candidate(db: AliasDB) -> None:
    assert db.resolve("ФСБ") is None and db.resolve("FSB") is None
    assert [(c.id, c.method, c.alias) for c in db.candidates("ФСБ")] == [("org:federal-security-service", "exact", "ФСБ")]
    assert db.explain("FSB")["reason"] == ("only a weak alias ('FSB' of org:federal-security-service) matched: "
                                           "never enough alone")


def test_a_strong_name_still_resolves_and_a_surname_by_the_partial_rule(db: AliasDB) -> None:
    m = db.resolve("Федеральная служба безопасности")
    assert (m.id, m.method) == ("org:federal-security-service", "exact")  # type: ignore[union-attr]
    m = db.resolve("Putin")  # the weak alias ranks first; the full name's surname (a strong alias) decides
    assert (m.id, m.method, m.alias) == ("person:vladimir-putin", "partial", "Vladimir Putin")  # type: ignore[union-attr]


def test_a_weak_alias_that_ranks_above_another_entitys_answer_makes_it_none(db: AliasDB) -> None:
    # FSB Bank is met by its first word only (no partial rule for orgs): nothing; and FSB weak ties nothing
    assert db.resolve("FSB Bank").id == "org:fsb-bank"  # type: ignore[union-attr]
    grown = AliasDB([*db.entities, Entity(id="org:fsb-club", kind="org", name="FSB Club", aliases=("FSB",))])
    assert grown.resolve("FSB") is None  # a strong FSB of one entity, a weak FSB of another: nobody is sure
    assert "weak aliases counted" in grown.explain("FSB")["reason"]


_word = st.text(st.sampled_from("abcdefghiklmnoprstuvz"), min_size=3, max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_word, _word, st.booleans(), st.sampled_from(["person", "org", "place"])),
                min_size=1, max_size=6, unique_by=lambda t: t[0]))
def test_property_resolve_never_rests_on_a_weak_alias(rows: list[tuple[str, str, bool, str]]) -> None:
    """On any table: whatever a weak alias is asked as, the answer is None or rests on a strong name."""
    entities, weak = [], set()
    for i, (first, alias, is_weak, kind) in enumerate(rows):
        name = f"{first.title()} Zed{i}"
        facts = (Alias(alias.upper(), weak=True),) if is_weak else ()
        weak |= {(alias.upper(), f"{kind}:e{i}")} if is_weak else set()
        entities.append(Entity(id=f"{kind}:e{i}", kind=kind, name=name, aliases=(alias.upper(),), facts=facts))
    db = AliasDB(entities)
    for alias, eid in weak:
        for query in (alias, alias.lower()):
            m = db.resolve(query)
            assert m is None or (m.id, m.alias) not in weak, (query, m)
            assert eid in [c.id for c in db.candidates(query, limit=10)]


# -- weak aliases: annotate -------------------------------------------------------------------


def test_annotate_finds_a_weak_alias_only_beside_a_strong_mention(db: AliasDB) -> None:
    assert db.annotate("Le FSB a démenti.") == []
    text = "Le Service fédéral de sécurité (FSB) a démenti ; selon le FSB, rien."
    assert [(m.text, m.id, m.start) for m in db.annotate(text)] == [
        ("Service fédéral de sécurité", "org:federal-security-service", 3),
        ("FSB", "org:federal-security-service", 32),
        ("FSB", "org:federal-security-service", 58),
    ]


def test_annotate_a_weak_alias_in_a_later_piece_of_a_long_text(db: AliasDB) -> None:
    filler = "Rien à signaler ici. " * 400  # pieces are cut at sentence ends: the strong mention is earlier
    text = "Vladimir Poutine a parlé au Service fédéral de sécurité. " + filler + "Le FSB a répondu."
    found = [(m.text, m.id) for m in db.annotate(text)]
    assert found == [("Vladimir Poutine", "person:vladimir-putin"),
                     ("Service fédéral de sécurité", "org:federal-security-service"), ("FSB", "org:federal-security-service")]


# -- name_in ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("eid", "tag", "want"), [
    ("person:vladimir-putin", "fr", "Vladimir Poutine"),          # 1. the tag itself, stated
    ("person:vladimir-putin", "fr-CA", "Vladimir Poutine"),       # 2. the tag's language alone
    ("person:vladimir-putin", "ru", "Владимир Путин"),             # stated nowhere: ы/э/ъ/ё none, so... see below
    ("person:vladimir-putin", "de", "Vladimir Putin"),             # 4. nothing German: the canonical name
    ("person:vladimir-putin", "en", "Vladimir Putin"),
    ("place:volgograd", "ko", "볼고그라드"),                          # Hangul: ko by its letters
    ("place:volgograd", "ko-Hani", "伏爾加格勒"),                    # 1. Hanja: ko-Hani by its letters
    ("place:volgograd", "ko-KR", "볼고그라드"),                       # 2. ko for ko-KR
    ("place:volgograd", "fr", "Volgograd"),                        # Stalingrad is a former name: never chosen
    ("org:federal-security-service", "fr", "Service fédéral de sécurité"),
])
def test_name_in_follows_the_documented_fallback_order(db: AliasDB, eid: str, tag: str, want: str) -> None:
    e = db.get(eid)
    if tag == "ru":  # Владимир Путин states no language by its letters and none is written: English name
        want = "Vladimir Putin"
    assert name_in(e, tag) == want


def test_name_in_a_script_of_the_language_when_the_plain_language_is_missing() -> None:
    e = Entity(id="person:x", kind="person", name="Kim Jong Un", aliases=("金正恩", "Gim Jeong-eun"),
               facts=(Alias("Gim Jeong-eun", lang="ko-Latn"),))
    assert name_in(e, "ko") == "金正恩"  # 3. ko-Hani, then ko-Latn, in table order
    assert name_in(e, "ko-Latn") == "Gim Jeong-eun"


def test_name_in_refuses_a_bad_tag_and_an_unknown_id(db: AliasDB) -> None:
    with pytest.raises(ValueError, match="malformed"):
        name_in(db.get("place:volgograd"), "FR")
    with pytest.raises(TypeError):
        name_in(db.get("place:volgograd"), 7)  # type: ignore[arg-type]
    with pytest.raises(LookupError, match="no entity with id 'place:nowhere'"):
        aliasdb.name_in("place:nowhere", "fr")


def test_name_in_on_the_shipped_table() -> None:
    assert aliasdb.name_in("person:andrei-belousov", "fr") == "Andreï Belooussov"
    assert aliasdb.name_in("person:andrei-belousov", "ko") == "안드레이 벨로우소프"
    assert aliasdb.name_in("person:andrei-belousov", "de") == "Andrej Beloussow"
    assert aliasdb.name_in("person:andrei-belousov", "ru") == "Андрей Белоусов"
    assert aliasdb.name_in("place:kyiv", "uk") == "Київ"
    assert aliasdb.name_in("person:kim-jong-un", "ko-Hani") == "金正恩"


def test_name_in_works_for_every_shipped_entity_and_language() -> None:
    db = AliasDB.default()
    for e in db.entities:
        for tag in ("en", "fr", "de", "ru", "uk", "ko", "ko-Hani"):
            got = name_in(e, tag)
            assert got in e.all_names and got not in e.weak_aliases, (e.id, tag, got)


# -- show -------------------------------------------------------------------------------------


def _show(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["show", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_show_groups_names_by_language_source_and_period(table: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _show(capsys, "org:federal-security-service", "--aliases", str(table))
    assert code == 0
    assert out == ("org:federal-security-service  Federal Security Service  (org)\n"
                   "  country: ru\n"
                   "  names:\n"
                   "    en: Federal Security Service\n"
                   "    ?: Федеральная служба безопасности; ФСБ (weak)\n"
                   "    fr: Service fédéral de sécurité\n"
                   "    ? [press: Press usage]: FSB (weak)\n")
    code, out, _ = _show(capsys, "place:volgograd", "--aliases", str(table), "--lang", "ru")
    assert out.splitlines()[2:] == ["  name in ru: Волгоград", "  names:", "    ru: Волгоград", "    ru 1925–1961: Сталинград"]


def test_show_json(table: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _show(capsys, "org:federal-security-service", "--aliases", str(table), "--json", "--lang", "fr")
    record = json.loads(out)
    assert code == 0 and record["name_in"] == {"lang": "fr", "name": "Service fédéral de sécurité"}
    assert record["names"] == [{"lang": "fr", "source": None, "from": None, "until": None,
                                "names": [{"name": "Service fédéral de sécurité", "lang_stated": True, "weak": False}]}]
    _, out, _ = _show(capsys, "org:federal-security-service", "--aliases", str(table), "--json")
    assert json.loads(out)["sources"] == {"press": {"title": "Press usage", "retrieved": "2026-12-01"}}


@pytest.mark.parametrize(("argv", "message"), [
    (["place:nowhere"], "Error: no entity with id 'place:nowhere' in"),
    (["place:volgograd", "--lang", "FR"], "Error: language tag 'FR' is malformed"),
    (["not an id at all \udcff"], "Error: no entity with id"),
])
def test_show_errors_are_one_line(table: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = _show(capsys, *argv, "--aliases", str(table))
    assert code == 2 and out == "" and err.startswith(message) and err.count("\n") == 1 and "Traceback" not in err


def test_show_works_for_every_shipped_entity() -> None:
    from aliasdb.show import entity_record, format_entity

    db = AliasDB.default()
    for e in db.entities:
        record = entity_record(e, {}, "fr")
        lines = format_entity(record)
        assert lines[0] == f"{e.id}  {e.name}  ({e.kind})"
        shown = [n["name"] for g in entity_record(e, {})["names"] for n in g["names"]]
        assert sorted(shown) == sorted(e.all_names), e.id  # every name once, in its group


def test_explain_shows_the_language_and_weakness_of_the_alias_a_candidate_went_through(db: AliasDB) -> None:
    assert [(c["id"], c["alias"], c["lang"], c["weak"]) for c in db.explain("FSB")["candidates"]] == [
        ("org:federal-security-service", "FSB", None, True)]
    hanja = db.explain("伏爾加格勒")["candidates"]
    assert [(c["alias"], c["lang"], c["weak"]) for c in hanja] == [("伏爾加格勒", "ko-Hani", False)]
    assert [(c["alias"], c["lang"]) for c in db.explain("Vladimir Poutine")["candidates"]][0] == ("Vladimir Poutine", "fr")
