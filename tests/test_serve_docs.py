"""docs/serve.md stays true: each curl example runs against the service (in process, shipped
table) and gives the JSON shown after it; every option it names is one ``aliasdb serve`` has."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import run_cli
from serve_support import client

DOC = Path(__file__).resolve().parent.parent / "docs" / "serve.md"


def _examples() -> list[tuple[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    pairs = re.findall(r"```sh\n(curl [^\n]*)\n```\s*\n```json\n(.*?)```", text, re.S)
    assert len(pairs) >= 8
    return pairs


@pytest.fixture(scope="module")
def api() -> Any:
    return client()


@pytest.mark.parametrize(("command", "expected"), _examples())
def test_each_curl_example_gives_the_output_shown(api: Any, command: str, expected: str) -> None:
    words = shlex.split(command)[1:]
    method, data, form, url = "GET", None, None, None
    while words:
        w = words.pop(0)
        if w == "-s":
            continue
        if w == "-X":
            method = words.pop(0)
        elif w == "-d":
            data, method = words.pop(0).encode(), "POST" if method == "GET" else method
        elif w == "--data-urlencode":
            key, _, value = words.pop(0).partition("=")
            form, method = {key: value}, "POST"
        else:
            url = w
    assert url and url.startswith("http://127.0.0.1:8000/")
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    if form is not None:
        r = api.post(target, data=form)
    else:
        r = api.request(method, target, content=data)
    assert r.json() == json.loads(expected), command


def test_every_option_the_doc_names_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    named = set(re.findall(r"`(--[a-z-]+)", text)) - {"--duration", "--connections", "--workers", "--batch", "--json"}
    named |= {"--workers"}
    helped = run_cli("serve", "--help").stdout.decode()
    assert named and all(o in helped for o in named), sorted(o for o in named if o not in helped)
