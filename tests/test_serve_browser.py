"""The look-up page in a real browser: Debian's chromium, headless, driven by Selenium through
Debian's chromedriver (nothing is downloaded). Names typed in three scripts, a paragraph
annotated, the keyboard alone, labelled controls, a narrow screen."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from serve_support import Served, start

CHROMIUM, DRIVER = shutil.which("chromium") or "/usr/bin/chromium", shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):  # (CI installs them: .ci/run)
    pytest.skip("needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver",
                allow_module_level=True)

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never fetch a browser or a driver
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    s = start(log=tmp_path_factory.mktemp("browser") / "serve.log")
    yield s
    s.proc.send_signal(signal.SIGTERM)
    s.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    profile = tempfile.mkdtemp(prefix="aliasdb-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1100,900", "--lang=en"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _wait_text(browser: Any, css: str, text: str) -> None:
    WebDriverWait(browser, 20).until(lambda b: any(text in e.text for e in b.find_elements(By.CSS_SELECTOR, css)))


def _look_up(browser: Any, name: str) -> None:
    box = browser.find_element(By.ID, "name")
    box.clear()
    box.send_keys(name, Keys.ENTER)  # the keyboard alone


@pytest.mark.parametrize(("name", "entity", "shown", "method"), [
    ("Andreï Biélooussov", "person:andrei-belousov", "Andrei Belousov", "transliterated"),
    ("Владимир Путин", "person:vladimir-putin", "Vladimir Putin", "exact"),
    ("김정은", "person:kim-jong-un", "Kim Jong-un", "exact"),
])
def test_a_name_in_any_script_shows_its_match_and_how(served: Served, browser: Any, name: str, entity: str, shown: str,
                                                       method: str) -> None:
    browser.get(served.url + "/")
    _look_up(browser, name)
    _wait_text(browser, "#match-id", entity)
    assert browser.find_element(By.ID, "match-name").text == shown
    assert browser.find_element(By.ID, "match-method").text == method
    link = browser.find_element(By.CSS_SELECTOR, "#match-id a").get_attribute("href")
    assert link == f"{served.url}/entities/{quote(entity, safe='')}"
    steps = browser.find_element(By.ID, "explain-steps").text
    assert f"Decision: {entity} (matched at tier" in steps and "Normalized" in steps


def test_a_name_of_several_entities_shows_no_match_and_the_candidates(served: Served, browser: Any) -> None:
    browser.get(served.url + "/")
    _look_up(browser, "Choe")
    _wait_text(browser, "#no-match", "No confident match for “Choe”.")
    table = browser.find_element(By.ID, "candidates").text
    assert "person:choe-son-hui" in table and "person:choe-ryong-hae" in table
    assert "Decision: no match (ambiguous at tier" in browser.find_element(By.ID, "explain-steps").text


def test_a_paragraph_is_annotated_with_each_mention_linked(served: Served, browser: Any) -> None:
    browser.get(served.url + "/")
    text = browser.find_element(By.ID, "text")
    text.send_keys("M. Belooussov a rencontré Kim Jong-un à Pyongyang, puis Путин est arrivé.")
    text.send_keys(Keys.TAB, Keys.ENTER)  # to the button, and press it
    _wait_text(browser, "#annotate-result h3", "4 mentions")
    marks = browser.find_elements(By.CSS_SELECTOR, "#annotated mark")
    assert [(m.text, m.get_attribute("data-id")) for m in marks] == [
        ("Belooussov", "person:andrei-belousov"), ("Kim Jong-un", "person:kim-jong-un"), ("Pyongyang", "place:pyongyang"),
        ("Путин", "person:vladimir-putin")]
    assert marks[0].find_element(By.TAG_NAME, "a").get_attribute("href") == (
        f"{served.url}/entities/person%3Aandrei-belousov")
    assert browser.find_element(By.ID, "annotated").text.startswith("M. Belooussov a rencontré")
    shot = os.environ.get("ALIASDB_SCREENSHOT")  # (docs/serve.png is made so: see docs/serve.md)
    if shot:
        _look_up(browser, "Andreï Biélooussov")
        _wait_text(browser, "#match-id", "person:andrei-belousov")
        browser.set_window_size(1100, 1500)
        browser.save_screenshot(shot)
        browser.set_window_size(1100, 900)


def test_every_control_is_labelled_and_a_narrow_screen_needs_no_sideways_scroll(served: Served, browser: Any) -> None:
    browser.get(served.url + "/")
    unlabelled = browser.execute_script(
        "return [...document.querySelectorAll('input, select, textarea')].filter(e => !e.labels.length).map(e => e.id)")
    assert unlabelled == []
    browser.set_window_size(360, 800)
    try:
        _look_up(browser, "Choe")
        _wait_text(browser, "#no-match", "Choe")
        width = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], width
    finally:
        browser.set_window_size(1100, 900)


def test_the_api_docs_page_lists_every_operation_and_tries_one(served: Served, browser: Any) -> None:
    browser.get(served.url + "/docs")
    WebDriverWait(browser, 20).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#operations section")) == 12)
    section = next(s for s in browser.find_elements(By.CSS_SELECTOR, "#operations section")
                   if s.find_element(By.TAG_NAME, "h2").text.startswith("GET /resolve "))
    section.find_element(By.CSS_SELECTOR, "input[name=name]").send_keys("Moscou", Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda b: "place:moscow" in section.find_element(By.TAG_NAME, "pre").text)
    assert section.find_element(By.TAG_NAME, "pre").text.startswith("200 OK")


def test_the_screenshot_in_the_docs_exists() -> None:
    assert (Path(__file__).resolve().parent.parent / "docs" / "serve.png").stat().st_size > 10_000
