"""A one-shot ``aliasdb lookup`` is mostly Python's start-up and imports: the lookup path must
not pull in the heavy standard modules it was freed from (dataclasses imports inspect, hashlib
loads OpenSSL, pathlib, typing and threading each cost milliseconds; argparse with gettext and
shutil too: `aliasdb lookup NAME` is read without it)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("dataclasses", "inspect", "typing", "pathlib", "hashlib", "_hashlib", "threading", "csv", "yaml", "numpy",
         "argparse", "gettext", "shutil")


def _imported_by(code: str) -> set[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_a_lookup_imports_no_heavy_module() -> None:
    lookup = ("import aliasdb.cli as c\n"
              "sys.argv = ['aliasdb', 'lookup', 'Andreï Biélooussov']\n"
              "import contextlib, io\n"
              "with contextlib.redirect_stdout(io.StringIO()):\n"
              "    c.main()")
    _imported_by(lookup)  # the first run may build the table's cached index (YAML and NumPy then)
    loaded = _imported_by(lookup)
    assert "aliasdb.resolver.front" in loaded  # the probe did run the lookup
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_the_probe_sees_heavy_modules_when_they_are_imported() -> None:
    assert {"dataclasses", "pathlib"} <= _imported_by("import dataclasses, pathlib")
