"""The live preview in a real browser: the system's headless Chromium, driven by Selenium.

Open the page, edit the case, see the new text; break it, see the error at its line over
the report marked out of date; fix it, see the error go. Skipped, with the reason, where
Chromium or its driver is missing (``apt-get install chromium chromium-driver``).

``FORANKRING_SCREENSHOT=1`` also writes the README's screenshot, ``docs/images/preview.png``.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from forankring_docs.preview.server import PreviewServer
from tests.browser import chromium, missing
from tests.conftest import REPO, SOLHOEJ

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

pytestmark = pytest.mark.skipif(missing() is not None, reason=str(missing()))

SCREENSHOT = REPO / "docs" / "images" / "preview.png"
TIMEOUT = 10  # seconds for the page to follow a save


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


@pytest.fixture
def case(tmp_path: Path) -> Path:
    path = tmp_path / "solhoej.yaml"
    shutil.copy(SOLHOEJ, path)
    return path


@pytest.fixture
def preview(case: Path, browser: WebDriver) -> Iterator[PreviewServer]:
    with PreviewServer(case, display="solhoej.yaml") as server:
        browser.get(server.url)
        yield server


def wait_for(browser: WebDriver, script: str, *args: object) -> object:
    """The script's value once it is true (it runs in the page)."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, TIMEOUT, poll_frequency=0.02).until(
        lambda driver: driver.execute_script(script, *args)
    )


def edit(case: Path, old: str, new: str) -> None:
    text = case.read_text(encoding="utf-8")
    assert old in text, old
    case.write_text(text.replace(old, new, 1), encoding="utf-8")


REPORT_TEXT = "return document.getElementById('fp-report').textContent.includes(arguments[0])"
ERRORS = "return document.querySelector('#fp-status .fp-errors')?.textContent"


def test_the_page_follows_each_save_and_shows_errors_at_their_lines(
    preview: PreviewServer, case: Path, browser: WebDriver
) -> None:
    assert wait_for(browser, REPORT_TEXT, "Forankringsstrategi for Helhedsplan Solhøj")
    browser.execute_script("window.notReloaded = true; window.scrollTo(0, 1500)")

    edit(case, "indsats: Helhedsplan Solhøj 2023–2027", "indsats: Helhedsplan Solhøj Nord")
    assert wait_for(browser, REPORT_TEXT, "Helhedsplan Solhøj Nord")
    assert browser.execute_script("return window.notReloaded && window.scrollY") == 1500

    # What the reader looks at stays where it is when the errors appear above it.
    browser.execute_script(
        "window.probe = document.elementFromPoint(innerWidth / 2, 600);"
        "window.probeTop = probe.getBoundingClientRect().top"
    )
    edit(case, "  kommune: Egeby Kommune", "  komune: Egeby Kommune")
    line = case.read_text(encoding="utf-8").splitlines().index("  komune: Egeby Kommune") + 1
    errors = str(wait_for(browser, ERRORS))
    assert f"solhoej.yaml:{line}:3" in errors
    assert f"{line} |   komune: Egeby Kommune" in errors  # the line itself
    assert "hint: did you mean 'kommune'?" in errors
    assert "out of date" in errors
    assert browser.execute_script(
        "return probe.isConnected && Math.abs(probe.getBoundingClientRect().top - probeTop) < 1"
    )
    assert browser.execute_script(
        "return document.getElementById('fp-report').classList.contains('fp-stale')"
    )
    assert wait_for(browser, REPORT_TEXT, "Helhedsplan Solhøj Nord")  # the last good report
    if os.environ.get("FORANKRING_SCREENSHOT"):
        browser.execute_script("window.scrollTo(0, 0)")
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(SCREENSHOT))

    edit(case, "  komune: Egeby Kommune", "  kommune: Egeby Kommune")
    wait_for(browser, "return !document.querySelector('#fp-status .fp-errors')")
    assert not browser.execute_script(
        "return document.getElementById('fp-report').classList.contains('fp-stale')"
    )
    assert browser.execute_script("return window.notReloaded")


def test_folded_warnings_stay_folded_across_saves(
    preview: PreviewServer, case: Path, browser: WebDriver
) -> None:
    summary = "#fp-status details.fp-warnings > summary"
    wait_for(browser, f"return document.querySelector('{summary}')")
    browser.find_element("css selector", summary).click()
    assert not browser.execute_script("return document.querySelector('details.fp-warnings').open")
    edit(case, "indsats: Helhedsplan Solhøj 2023–2027", "indsats: Helhedsplan Solhøj Syd")
    assert wait_for(browser, REPORT_TEXT, "Helhedsplan Solhøj Syd")
    assert not browser.execute_script("return document.querySelector('details.fp-warnings').open")


def test_the_table_of_contents_links_to_the_sections(
    preview: PreviewServer, browser: WebDriver
) -> None:
    links = browser.execute_script(
        "return Array.from(document.querySelectorAll('nav.toc a'), a => a.hash)"
    )
    assert len(links) > 10
    for link in links:
        assert browser.execute_script("return !!document.getElementById(arguments[0])", link[1:])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_printing_gives_a4_pages_with_each_phase_on_a_new_one(
    preview: PreviewServer, browser: WebDriver, tmp_path: Path
) -> None:
    headings = browser.execute_script(
        "return Array.from(document.querySelectorAll('#fp-report h1'), h => h.textContent)"
    )
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    path = tmp_path / "report.pdf"
    path.write_bytes(base64.b64decode(pdf["data"]))
    pages = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    firsts = [next((ln.strip() for ln in page.splitlines() if ln.strip()), "") for page in pages]
    for heading in headings:
        assert heading in firsts, heading
    assert "" not in firsts[:-1]  # no blank page
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "(A4)" in info
