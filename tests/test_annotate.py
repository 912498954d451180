"""Annotation of running text: paragraphs written for these tests, in French, English, Russian
and Korean, with every expected mention asserted; invariants checked with hypothesis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aliasdb
from aliasdb.text.annotator import Annotator

from conftest import run_cli

FRENCH = (
    "Le ministre russe de la Défense Andreï Belooussov a été reçu à Pyongyang par le général "
    "No Kwang Chol. Selon l’agence KCNA, M. Belooussov a ensuite rencontré Kim Jong-un. "
    "Le journal Oukraïnska Pravda cite le GUR, qui parle de la Corée sans plus de détails."
)
ENGLISH = "Sergei Shoigu met Kim Jong Un in Pyongyang; the Kremlin said Shoigu would return to Moscow."
RUSSIAN = "Встреча Путина и Ким Чен Ына прошла в Пхеньяне, сообщает ТАСС."
KOREAN = "김정은은 평양에서 세르게이 쇼이구를 만났다."


def found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.id) for m in aliasdb.annotate(text)]


def test_french_paragraph() -> None:
    got = found(FRENCH)
    assert got == [
        ("Andreï Belooussov", "person:andrei-belousov"),
        ("Pyongyang", "place:pyongyang"),
        ("No Kwang Chol", "person:no-kwang-chol"),
        ("KCNA", "org:kcna"),
        ("Belooussov", "person:andrei-belousov"),
        ("Kim Jong-un", "person:kim-jong-un"),
        ("Oukraïnska Pravda", "org:ukrainska-pravda"),
        ("GUR", "org:defence-intelligence-of-ukraine"),
    ]


def test_english_paragraph() -> None:
    assert found(ENGLISH) == [
        ("Sergei Shoigu", "person:sergei-shoigu"),
        ("Kim Jong Un", "person:kim-jong-un"),
        ("Pyongyang", "place:pyongyang"),
        ("Kremlin", "org:kremlin"),
        ("Shoigu", "person:sergei-shoigu"),
        ("Moscow", "place:moscow"),
    ]


def test_russian_inflected_forms() -> None:
    assert found(RUSSIAN) == [
        ("Путина", "person:vladimir-putin"),
        ("Ким Чен Ына", "person:kim-jong-un"),
        ("Пхеньяне", "place:pyongyang"),
        ("ТАСС", "org:tass"),
    ]


def test_korean_particles() -> None:
    got = found(KOREAN)
    assert ("김정은은", "person:kim-jong-un") in got
    assert ("평양에서", "place:pyongyang") in got


def test_titles_regions_and_newspapers_are_not_entities() -> None:
    ids = [i for _, i in found(FRENCH)]
    assert "place:ukraine" not in ids  # Oukraïnska Pravda is a newspaper
    assert "place:north-korea" not in ids and "place:south-korea" not in ids  # la Corée is a region
    assert all(t != "ministre" for t, _ in found(FRENCH))


def test_elision_and_line_breaks() -> None:
    text = "La visite d’Andreï Belooussov\net de Vladimir\nPoutine à l'Ukraine."
    got = found(text)
    assert ("Andreï Belooussov", "person:andrei-belousov") in got
    assert ("Vladimir\nPoutine", "person:vladimir-putin") in got
    assert ("Ukraine", "place:ukraine") in got


def test_no_names_and_garbage() -> None:
    assert aliasdb.annotate("") == []
    assert aliasdb.annotate("Il fait beau aujourd'hui.") == []
    assert isinstance(aliasdb.annotate("\x00\xff" * 1000 + "Pyongyang"), list)
    with pytest.raises(TypeError):
        aliasdb.annotate(b"Pyongyang")  # type: ignore[arg-type]


def test_a_surname_that_is_also_a_short_word() -> None:
    """Но is "but" at the head of a sentence and the Korean surname 노 inside one."""
    text = "Андрей Белоусов прибыл в Пхеньян, где его встретил Но Гван Чхоль. Но Москва молчит, но Пхеньян доволен."
    assert found(text) == [
        ("Андрей Белоусов", "person:andrei-belousov"),
        ("Пхеньян", "place:pyongyang"),
        ("Но Гван Чхоль", "person:no-kwang-chol"),
        ("Москва", "place:moscow"),
        ("Пхеньян", "place:pyongyang"),
    ]


def test_days_and_months_beside_a_name_are_not_part_of_it() -> None:
    text = ("On Friday Shoigu flew to Pyongyang. Last Tuesday Moscow said nothing, and in March Kim Jong Un "
            "will visit Vladivostok. Am Montag sprach Belousov in Kiew.")
    assert found(text) == [
        ("Shoigu", "person:sergei-shoigu"),
        ("Pyongyang", "place:pyongyang"),
        ("Moscow", "place:moscow"),
        ("Kim Jong Un", "person:kim-jong-un"),
        ("Vladivostok", "place:vladivostok"),
        ("Belousov", "person:andrei-belousov"),
        ("Kiew", "place:kyiv"),
    ]


def test_long_text_is_cut_between_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    from aliasdb.text import annotator
    text = "Il pleut sur la ville. " * 3 + "Sergei Shoigu met Kim Jong Un. Later Shoigu flew to Pyongyang."
    whole = found(text)
    monkeypatch.setattr(annotator, "MAX_TEXT_CHARS", 80)  # the first cut falls inside "Sergei Shoigu" unless chosen
    assert found(text) == whole == [("Sergei Shoigu", "person:sergei-shoigu"), ("Kim Jong Un", "person:kim-jong-un"),
                                    ("Shoigu", "person:sergei-shoigu"), ("Pyongyang", "place:pyongyang")]
    monkeypatch.setattr(annotator, "MAX_TEXT_CHARS", 12)  # no sentence end in reach: cut at a space, not at 12
    assert [m.text for m in aliasdb.annotate("Moscou et Pyongyang")] == ["Moscou", "Pyongyang"]


_NAMES = ["Sergueï Choïgou", "Kim Jong-un", "Andreï Biélooussov", "Pyongyang", "Moscou", "Vladimir Poutine", "Choe Son Hui"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(1, 6), st.sampled_from(_NAMES)), min_size=3, max_size=30), st.integers(150, 400))
def test_property_a_text_cut_inside_a_sentence_loses_no_name(monkeypatch: pytest.MonkeyPatch,
                                                              runs: list[tuple[int, str]], piece: int) -> None:
    """Pieces cut at a space (no sentence end in reach) find each name whole, as the whole text
    does: a name across a cut was lost or cut short (Sergueï | Choïgou). (Names apart: a run of
    capitalised words is read from where a piece begins, and a bare Kim by the names around it.)"""
    from aliasdb.text import annotator
    text = " ".join(" ".join(["ab"] * gap + [name]) for gap, name in runs)
    whole = [(m.start, m.end, m.id) for m in aliasdb.annotate(text)]
    assert len(whole) == len(runs)
    with monkeypatch.context() as patch:
        patch.setattr(annotator, "MAX_TEXT_CHARS", piece)
        assert [(m.start, m.end, m.id) for m in aliasdb.annotate(text)] == whole


def test_kinds_filter() -> None:
    assert [m.id for m in aliasdb.annotate(ENGLISH, kinds=["place"])] == ["place:pyongyang", "place:moscow"]
    assert [m.id for m in aliasdb.annotate(ENGLISH, kinds=("place",))] == ["place:pyongyang", "place:moscow"]
    assert [m.id for m in aliasdb.annotate(ENGLISH, kinds=(k for k in ["place"]))] == ["place:pyongyang", "place:moscow"]
    for bad, error, words in [("person", TypeError, "not str 'person'"), (5, TypeError, "not int"),
                              ({"place": 1}, TypeError, "not dict"), (["city"], ValueError, "kind 'city' is not one of")]:
        with pytest.raises(error, match=words):
            aliasdb.annotate(ENGLISH, kinds=bad)  # type: ignore[arg-type]


def test_a_small_table_reads_one_character_per_word() -> None:
    """The automaton reads one character per word for a table of at most 16 alias words, three for
    the shipped table: the same mentions either way. A word that normalizes to nothing (a lone
    underscore) is part of the gap between its neighbours, and that gap holds no name together."""
    full = aliasdb.AliasDB.default()
    small = Annotator(aliasdb.AliasDB([full.get("person:kim-jong-un")]))
    assert (small._width, Annotator(full)._width) == (1, 3)
    text = "Kim Jong-un a quitté Pyongyang hier; puis Kim _ Jong Un, 김정은은 et Ким Чен Ына."
    got = [(m.text, m.id) for m in small.annotate(text)]
    assert got == [(t, i) for t, i in found(text) if i == "person:kim-jong-un"] == [
        ("Kim Jong-un", "person:kim-jong-un"),
        ("Kim", "person:kim-jong-un"),  # the surname of the person named before; "Jong Un" is no one alone
        ("김정은은", "person:kim-jong-un"),
        ("Ким Чен Ына", "person:kim-jong-un"),
    ]


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_pieces = st.sampled_from([FRENCH, ENGLISH, RUSSIAN, KOREAN, "Belousov", " ", "\n", "Choe", "la Corée", "ТАСС"])


@SETTINGS
@given(st.lists(st.one_of(_pieces, st.text(max_size=30)), max_size=6).map("".join))
def test_offsets_slice_and_mentions_do_not_overlap(text: str) -> None:
    mentions = aliasdb.annotate(text)
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:], strict=False))
    assert aliasdb.annotate(text) == mentions  # the same text, the same answer


# Unrelated text: whole sentences that name nobody, in the languages of the paragraphs.
_unrelated = st.lists(st.sampled_from(["Il pleut.", "The weather is mild today.", "Дождь идёт весь день.", "비가 온다.",
                                       "Es regnet.", "il fait froid et gris."]), min_size=1, max_size=3).map(
    " ".join).flatmap(lambda x: st.sampled_from([x + " ", x + "\n", x + "\n\n"]))
_paragraphs = st.lists(st.sampled_from([FRENCH, ENGLISH, RUSSIAN, KOREAN]), min_size=1, max_size=4)


def _fields(m: aliasdb.Mention, shift: int = 0) -> tuple[object, ...]:
    return (m.start + shift, m.end + shift, m.text, m.id, m.name, m.kind, m.score, m.method)


@SETTINGS
@given(_paragraphs, st.data(), _unrelated)
def test_unrelated_text_before_a_mention_shifts_offsets_only(paragraphs: list[str], data: st.DataObject,
                                                            inserted: str) -> None:
    """Unrelated sentences inserted at a paragraph boundary, before some mentions: the mentions
    before it stay as they were, those after it move by its length, and nothing else changes."""
    at = data.draw(st.integers(0, len(paragraphs) - 1))
    head = "".join(p + "\n" for p in paragraphs[:at])
    tail = "\n".join(paragraphs[at:])
    base = aliasdb.annotate(head + tail)
    moved = aliasdb.annotate(head + inserted + tail)
    expected = [_fields(m, len(inserted) if m.start >= len(head) else 0) for m in base]
    assert [_fields(m) for m in moved] == expected


@SETTINGS
@given(st.lists(st.one_of(_pieces, st.text(max_size=30)), max_size=6).map("".join))
def test_caches_do_not_change_answers(text: str) -> None:
    """An annotator that has seen other texts (the shared one, after the warm-up below) and one
    made for this text alone answer alike."""
    shared = aliasdb.AliasDB.default()
    shared.annotate(ENGLISH + " " + "Kim Choe Ri Пак Ким " * 20)  # (its caches hold other runs of words)
    assert shared.annotate(text) == Annotator(shared).annotate(text)


def test_cli_annotate_jsonl_tsv_replace(tmp_path: Path) -> None:
    f = tmp_path / "news.txt"
    f.write_text(ENGLISH, encoding="utf-8")
    r = run_cli("annotate", str(f))
    assert r.returncode == 0
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["id"] for x in recs][:2] == ["person:sergei-shoigu", "person:kim-jong-un"]
    assert all(ENGLISH[x["start"] : x["end"]] == x["text"] and x["file"] == str(f) for x in recs)
    r = run_cli("annotate", "--format", "tsv", str(f))
    assert r.stdout.decode().splitlines()[0].split("\t")[3:5] == ["Sergei Shoigu", "person:sergei-shoigu"]
    r = run_cli("annotate", "--replace=id", stdin=ENGLISH.encode())
    assert r.stdout.decode().startswith("[[person:sergei-shoigu|Sergei Shoigu]] met [[person:kim-jong-un|Kim Jong Un]]")
    for option in (("--format", "tsv"), ("--json",)):  # (the format was ignored without a word)
        r = run_cli("annotate", "--replace=id", *option, stdin=ENGLISH.encode())
        assert r.returncode == 2 and r.stdout == b"" and b"--format and --json do not apply" in r.stderr, r.stderr


def test_cli_annotate_reports_bad_files_and_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Pyongyang\n\xff\xfe")
    good = tmp_path / "good.txt"
    good.write_text("Moscou", encoding="utf-8")
    r = run_cli("annotate", str(bad), str(tmp_path / "missing.txt"), str(good))
    assert r.returncode == 2
    assert b"line 2: not valid UTF-8" in r.stderr and b"cannot read" in r.stderr and b"Traceback" not in r.stderr
    assert json.loads(r.stdout.splitlines()[0])["id"] == "place:moscow"


def test_cli_annotate_bad_stdin_and_directories(tmp_path: Path) -> None:
    r = run_cli("annotate", stdin=b"Moscou\n\xff Pyongyang")
    assert r.returncode == 2 and b"line 2: not valid UTF-8" in r.stderr and b"Traceback" not in r.stderr
    good = tmp_path / "good.txt"
    good.write_text("Kim Jong Un", encoding="utf-8")
    r = run_cli("annotate", str(tmp_path), str(good))
    assert r.returncode == 2 and b"cannot read" in r.stderr and b"Traceback" not in r.stderr
    assert json.loads(r.stdout.splitlines()[0])["id"] == "person:kim-jong-un"


def test_names_beside_titles_other_names_and_line_ends() -> None:
    text = ("Le ministre russe de la Défense Belousov a parlé au quotidien de Moscou Vedomosti.\n"
            "Accord entre Moscou et Pyongyang\nVendredi, Rostov Veliky et Vladimir Solovyov n'étaient pas là.")
    got = found(text)
    assert ("Belousov", "person:andrei-belousov") in got
    assert ("Vedomosti", "org:vedomosti") in got
    assert got.count(("Moscou", "place:moscow")) == 2
    assert ("Pyongyang", "place:pyongyang") in got
    assert all(i not in ("place:rostov-on-don", "place:vladimir") for _, i in got)  # parts of longer names
