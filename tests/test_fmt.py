"""aliasdb fmt never loses or changes information, and writes a file safely: refused files are left
byte for byte, a failed write leaves no temporary file, links and permission bits are kept."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from aliasdb.table import fmt
from aliasdb.table.fmt import FormatError, format_file, write_file

from conftest import run_cli

LOSSY = """\
# header
entities:
  # comment about b
  - id: person:b-b
    kind: person
    name: B B   # trailing comment
    aliases:
      - Bb Bb   # why
  - id: person:a-a
    kind: person
    name: A A
    aliases: [Aa Aa]
    note: null
    flag: true
    num: 0x1F
    extra: {nested: [1, 2, {deep: x}]}
version: 2
metadata: {owner: me}
"""

UNSORTED = "# kept\nentities:\n- {name: Kursk, id: place:kursk, kind: place, aliases: [Курск]}\n" \
           "- {name: Busan, id: place:busan, kind: place, aliases: [부산]}\n"


def _write(tmp_path: Path, text: str, name: str = "t.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_format_file_refuses_what_it_would_lose(tmp_path: Path) -> None:
    p = _write(tmp_path, LOSSY, "c.yaml")
    with pytest.raises(FormatError) as exc:
        format_file(str(p))
    lines = str(exc.value).splitlines()[1:]
    assert [int(line.split(":")[1]) for line in lines] == [3, 6, 8, 13, 14, 15, 16, 17]
    assert "comment would be lost" in lines[0] and "move it to the top or remove it" in lines[0]
    assert "'note': null is read as null, not text" in lines[3] and "'num': 0x1F is read as int" in lines[5]
    assert "'extra' holds a list or mapping inside" in lines[6] and "'version': 2" in lines[7]
    assert p.read_text(encoding="utf-8") == LOSSY


def test_format_keeps_text_top_level_keys_hashes_in_text_and_empty_lists(tmp_path: Path) -> None:
    text = ("  # indented header\n\nentities:\n  - id: person:b-b\n    kind: person\n    name: \"B #B\"\n"
            "    aliases: ['x #y', z#w]\n    note: |\n      one\n      # not a comment\n    historical: {}\n"
            "  - {id: person:a-a, kind: person, name: A A, aliases: []}\nversion: \"2\"\nmetadata: {owner: me}\n")
    before, pretty = format_file(str(_write(tmp_path, text)))
    assert before == text and pretty.startswith("# indented header\nmetadata:\n  owner: me\nversion: \"2\"\n")
    data = yaml.safe_load(text)
    assert yaml.safe_load(pretty) == {**data, "entities": data["entities"][::-1]}
    assert format_file(str(_write(tmp_path, pretty)))[1] == pretty  # canonical is a fixed point


def test_format_table_refuses_values_that_would_read_back_differently() -> None:
    with pytest.raises(FormatError):
        fmt.format_table({"entities": [{"id": "person:a", "note": None}]})
    assert fmt.format_table({"entities": []}) == "entities: []\n"


def test_write_file_keeps_mode_and_follows_a_link(tmp_path: Path) -> None:
    real = _write(tmp_path, "old\n", "real.yaml")
    real.chmod(0o600)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_file(str(link), "new\n")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new\n" and stat.S_IMODE(real.stat().st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == ["link.yaml", "real.yaml"]


def test_write_file_does_not_trip_on_the_old_temp_name(tmp_path: Path) -> None:
    p = _write(tmp_path, "old\n")
    (tmp_path / "t.yaml.aliasdb-fmt.tmp").mkdir()
    write_file(str(p), "new\n")
    assert p.read_text() == "new\n" and sorted(os.listdir(tmp_path)) == ["t.yaml", "t.yaml.aliasdb-fmt.tmp"]


def test_write_file_failure_is_one_line_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = _write(tmp_path, "old\n")

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(fmt.os, "replace", refuse)
    with pytest.raises(FormatError, match=r"t\.yaml: cannot write the formatted table \(Operation not permitted\)"):
        write_file(str(p), "new\n")
    assert p.read_text() == "old\n" and os.listdir(tmp_path) == ["t.yaml"]


# the command, end to end


@pytest.mark.parametrize("check", [False, True])
def test_cli_fmt_refuses_a_table_it_would_lose_information_of(tmp_path: Path, check: bool) -> None:
    p = _write(tmp_path, LOSSY, "c.yaml")
    r = run_cli("fmt", *(["--check"] if check else []), str(p))
    err = r.stderr.decode()
    assert r.returncode == 2 and "Traceback" not in err and not r.stdout, err
    assert f"{p}:3: this comment would be lost" in err and f"{p}:13: 'note': null is read as null" in err
    assert p.read_bytes() == LOSSY.encode() and os.listdir(tmp_path) == ["c.yaml"]


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[list[Path]]:
    """Paths to make immutable with chattr +i (root is not stopped by chmod), made mutable again after."""
    if os.geteuid() != 0 or not shutil.which("chattr"):
        pytest.skip("needs root and chattr")
    paths: list[Path] = []
    yield paths
    for path in paths:
        subprocess.run(["chattr", "-i", str(path)], check=False)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_cli_fmt_read_only(tmp_path: Path, immutable: list[Path], what: str) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    p = _write(folder, UNSORTED)
    target = p if what == "file" else folder
    if subprocess.run(["chattr", "+i", str(target)], capture_output=True).returncode:
        pytest.skip("chattr +i does not work here")
    immutable.append(target)
    r = run_cli("fmt", str(p))
    err = r.stderr.decode()
    assert r.returncode == 2 and "Traceback" not in err and len(err.splitlines()) == 1, err
    assert f"{p}: cannot write the formatted table (Operation not permitted)" in err
    assert p.read_text(encoding="utf-8") == UNSORTED and os.listdir(folder) == ["t.yaml"]


def test_cli_fmt_temp_name_taken_by_a_folder(tmp_path: Path) -> None:
    p = _write(tmp_path, UNSORTED)
    (tmp_path / "t.yaml.aliasdb-fmt.tmp").mkdir()
    r = run_cli("fmt", str(p))
    assert r.returncode == 0 and b"reformatted" in r.stdout, r.stderr
    assert p.read_text(encoding="utf-8").startswith("# kept\nentities:\n  - id: place:busan\n")
    assert sorted(os.listdir(tmp_path)) == ["t.yaml", "t.yaml.aliasdb-fmt.tmp"]


def test_cli_fmt_rewrites_a_links_target_and_keeps_its_mode(tmp_path: Path) -> None:
    real = _write(tmp_path, UNSORTED, "real.yaml")
    real.chmod(0o600)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    r = run_cli("fmt", str(link))
    assert r.returncode == 0 and b"reformatted" in r.stdout, r.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert real.read_text(encoding="utf-8").startswith("# kept\nentities:\n  - id: place:busan\n")
    assert run_cli("fmt", "--check", str(link)).returncode == 0


def test_cli_fmt_leaves_the_shipped_table_as_it_is(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parent.parent / "aliases.yaml"
    copy = tmp_path / "aliases.yaml"
    shutil.copyfile(shipped, copy)
    assert run_cli("fmt", "--check", str(copy)).returncode == 0
    r = run_cli("fmt", str(copy))
    assert r.returncode == 0 and b"already canonical" in r.stdout
    assert copy.read_bytes() == shipped.read_bytes()
