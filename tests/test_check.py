"""``aliasdb check``: one test per problem it reports, each on a small broken table written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aliasdb.table.check import check_table

from conftest import run_cli

GOOD = """\
entities:
  - id: place:kursk
    kind: place
    name: Kursk
    aliases: [Курск]
  - id: place:kurgan
    kind: place
    name: Kurgan
    aliases: [Курган]
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "table.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def messages(tmp_path: Path, text: str) -> list[str]:
    problems, _ = check_table(write(tmp_path, text))
    return [str(p) for p in problems]


def test_clean_table_passes(tmp_path: Path) -> None:
    assert messages(tmp_path, GOOD) == []


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        # schema and kinds
        ("  - {id: place:x, kind: town, name: X}\n", "table.yaml:10: place:x: kind 'town' is not one of person, place, org"),
        ("  - {id: place:x, kind: place}\n", "table.yaml:10: place:x: missing or empty 'name'"),
        # duplicate ids
        ("  - {id: place:kursk, kind: place, name: Kursk II}\n", "table.yaml:10: place:kursk: duplicate id (first at line 2)"),
        # the slug rule
        ("  - {id: place:Kursk_2, kind: place, name: Kursk Two}\n", "place:kursk-two"),
        ("  - {id: place:kursk-2, kind: org, name: Kursk 2}\n", "does not match kind"),
        # empty and whitespace aliases
        ("  - id: place:x\n    kind: place\n    name: X\n    aliases: ['']\n",
         "table.yaml:13: place:x: empty or whitespace alias"),
        ("  - id: place:x\n    kind: place\n    name: X\n    aliases: ['--']\n", "has no letters or digits"),
        # aliases that repeat the name, or each other after normalization
        ("  - id: place:x\n    kind: place\n    name: Xanadu\n    aliases: [Xanadu]\n", "alias 'Xanadu' repeats the name"),
        ("  - id: place:x\n    kind: place\n    name: Xanadu\n    aliases: [Ксанаду, КСАНАДУ]\n",
         "table.yaml:13: place:x: alias 'КСАНАДУ' is 'Ксанаду' again after normalization"),
        # a collision with another entity's alias
        ("  - id: place:kursk-oblast\n    kind: place\n    name: Kursk Oblast\n    aliases: [курск]\n",
         "table.yaml:13: place:kursk-oblast: alias 'курск' collides with place:kursk"),
    ],
)
def test_each_problem_is_reported(tmp_path: Path, extra: str, expected: str) -> None:
    got = messages(tmp_path, GOOD + extra)
    assert any(expected in m for m in got), got


def test_marked_collision_is_allowed(tmp_path: Path) -> None:
    text = GOOD + (
        "  - id: place:gwangju\n    kind: place\n    name: Gwangju\n    aliases: [광주]\n    ambiguous: [광주]\n"
        "  - id: place:gwangju-gyeonggi\n    kind: place\n    name: Gwangju Gyeonggi\n    aliases: [광주, 광주시]\n"
        "    ambiguous: [광주]\n"
    )
    assert messages(tmp_path, text) == []


def test_collision_marked_on_one_side_only_is_reported(tmp_path: Path) -> None:
    text = GOOD + (
        "  - id: place:gwangju\n    kind: place\n    name: Gwangju\n    aliases: [광주]\n    ambiguous: [광주]\n"
        "  - id: place:gwangju-gyeonggi\n    kind: place\n    name: Gwangju Gyeonggi\n    aliases: [광주, 광주시]\n"
    )
    got = messages(tmp_path, text)
    assert len(got) == 1 and "place:gwangju-gyeonggi" in got[0] and "collides with place:gwangju" in got[0]


def test_self_inconsistency_is_reported(tmp_path: Path) -> None:
    # neither is the other after normalization, but the rules read both as one name
    text = GOOD + (
        "  - {id: person:sergei-lavrov, kind: person, name: Sergei Lavrov, aliases: [Сергей Лавров]}\n"
        "  - {id: person:sergei-lavrovsky, kind: person, name: Sergei Lavrovsky, aliases: ['LAVROV, Sergei']}\n"
    )
    got = messages(tmp_path, text)
    assert any("person:sergei-lavrovsky" in m and "'LAVROV, Sergei' reads as person:sergei-lavrov" in m for m in got), got


def test_cli_check_exit_status_lines_and_summary(tmp_path: Path) -> None:
    good = write(tmp_path, GOOD)
    r = run_cli("check", str(good))
    assert r.returncode == 0
    out = r.stdout.decode()
    assert "2 entities (place 2)" in out and "Cyrl 2" in out and "ok: no problems" in out
    bad = tmp_path / "bad.yaml"
    broken = GOOD + "  - {id: place:kursk, kind: place, name: K}\n  - {id: place:y, kind: planet, name: Y}\n"
    bad.write_text(broken, encoding="utf-8")
    r = run_cli("check", str(bad))
    assert r.returncode == 2
    lines = r.stdout.decode().splitlines()
    assert lines[0].startswith(f"{bad}:10: place:kursk: duplicate id")
    assert lines[1].startswith(f"{bad}:11: place:y: kind 'planet'")
    r = run_cli("check", str(bad), "--json")
    data = json.loads(r.stdout)
    assert [p["line"] for p in data["problems"]] == [10, 11]


def test_cli_check_unreadable_file(tmp_path: Path) -> None:
    r = run_cli("check", str(tmp_path / "nope.yaml"))
    assert r.returncode == 2 and b"cannot read" in r.stdout and b"Traceback" not in r.stderr


def test_fmt_check_and_rewrite(tmp_path: Path) -> None:
    p = write(tmp_path, "entities:\n- {name: Kursk, id: place:kursk, kind: place, aliases: [Курск]}\n")
    r = run_cli("fmt", "--check", str(p))
    assert r.returncode == 2 and b"not in canonical form" in r.stdout
    assert run_cli("fmt", str(p)).returncode == 0
    assert p.read_text(encoding="utf-8") == (
        "entities:\n  - id: place:kursk\n    kind: place\n    name: Kursk\n    aliases:\n      - Курск\n"
    )
    assert run_cli("fmt", "--check", str(p)).returncode == 0


def test_invisible_characters_and_bare_marks_are_reported(tmp_path: Path) -> None:
    p = tmp_path / "t.jsonl"  # (YAML refuses most control characters itself; JSON escapes let them in)
    p.write_text('{"id": "place:kursk", "kind": "place", "name": "Kursk", "aliases": '
                 '["Kur\\u0007sk", "K\\u00ADursk", "\\u0301\\u0301", "Курск", "Ku\\u200dursk"]}\n', encoding="utf-8")
    problems, _ = check_table(p)
    found = [(x.line, x.message) for x in problems]
    assert (1, "alias 'Kur\\x07sk' holds the invisible character U+0007; remove it") in found
    assert (1, "alias 'K\\xadursk' holds the invisible character U+00AD; remove it") in found
    assert (1, "alias '\u0301\u0301' has no letters or digits; delete it") in found
    assert not any("Курск" in m or "U+200D" in m for _, m in found)  # a joiner is no fault
