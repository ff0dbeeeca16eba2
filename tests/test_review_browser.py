"""The review page in a real browser: Debian's headless Chromium driven by Selenium through Debian's chromedriver.

Nothing is downloaded: the browser and the driver are given by path (Selenium Manager is never
asked for one, and ``SE_OFFLINE`` forbids it to fetch anything). Without them the tests skip;
``.ci/run`` installs them, so CI runs these tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakellm import FakeLLM
from reviewblog import FAILING, PARKED_POST, make_blog, translate_and_park

from translate.config import load_settings
from translate.review.server import ReviewServer
from translate.run.pipeline import RunOptions, run

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--window-size=1280,1000")
"""Headless, and nothing sent anywhere on its own (the machine's network is closed: it would only wait)."""

pytestmark = pytest.mark.skipif(not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()),
                                reason="no /usr/bin/chromium or /usr/bin/chromedriver (apt-get install chromium chromium-driver)")


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A headless Chromium under chromedriver, with a fresh profile."""
    monkeypatch.setenv("SE_OFFLINE", "true")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()


def follow(browser: Any, element: Any) -> None:
    """Click ``element`` and wait until the page it leads to has replaced this one."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    old = browser.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(driver: Any) -> bool:
        # Asked while the new page is loading, chromedriver may report the old page's node as no longer in
        # "the document" rather than as stale (expected_conditions.staleness_of knows only the latter).
        try:
            old.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as exc:
            if "does not belong to the document" in str(exc.msg):
                return True
            raise
        return False

    wait = WebDriverWait(browser, 60)
    wait.until(replaced)
    wait.until(lambda driver: driver.execute_script("return document.readyState") == "complete")


@pytest.fixture
def served_blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeLLM) -> Iterator[tuple[Path, ReviewServer]]:
    root = make_blog(tmp_path / "blog")
    monkeypatch.chdir(root)
    translate_and_park(root, fake)
    with ReviewServer(load_settings(cwd=root)) as server:
        yield root, server


def test_a_person_fixes_a_parked_segment_and_approves_a_glossary_entry(browser: Any, served_blog: tuple[Path, ReviewServer],
                                                                       fake: FakeLLM) -> None:
    from selenium.webdriver.common.by import By

    root, server = served_blog
    english = root / "content/en/_posts/2024-03-01-a-year.md"

    # The attention list names the parked segment and its post.
    browser.get(server.url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Needs attention"
    parked_table = browser.find_element(By.ID, "parked").find_element(By.XPATH, "following-sibling::table")
    assert FAILING in parked_table.text and "Chinese text left untranslated" in parked_table.text

    # Open the post: its parked segment stands beside the rejected reply, with the link shown as a link.
    follow(browser, browser.find_element(By.LINK_TEXT, PARKED_POST))
    row = browser.find_element(By.CSS_SELECTOR, 'tr[data-state="parked"]')
    assert "rejected reply" in row.text
    assert row.find_element(By.CSS_SELECTOR, "td.zh a").get_attribute("href") == "https://example.com/docs"

    # Edit it: first with Chinese left in (refused, nothing written), then properly.
    assert row.find_element(By.TAG_NAME, "details").get_attribute("open") is not None  # its editor waits open
    box = row.find_element(By.TAG_NAME, "textarea")
    assert box.get_attribute("value").endswith("<l1>zh</l1>. 中文")  # prefilled with the rejected reply, tags and all
    box.clear()
    box.send_keys("Still 中文 here: see <l1>the docs</l1>.")
    follow(browser, row.find_element(By.XPATH, ".//button[text()='Save translation']"))
    assert "Not saved" in browser.find_element(By.CSS_SELECTOR, ".notice.error").text
    assert not english.exists()
    row = browser.find_element(By.CSS_SELECTOR, 'tr[data-state="parked"]')
    box = row.find_element(By.TAG_NAME, "textarea")  # the form is open again, with what was typed
    assert box.get_attribute("value") == "Still 中文 here: see <l1>the docs</l1>."
    box.clear()
    box.send_keys("This paragraph is always refused: see <l1>the docs</l1>.")
    follow(browser, row.find_element(By.XPATH, ".//button[text()='Save translation']"))

    # Saved: the English post is written, and the page says so.
    assert "English post written" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert browser.find_elements(By.CSS_SELECTOR, 'tr[data-state="parked"]') == []
    assert "This paragraph is always refused: see [the docs](https://example.com/docs)." in english.read_text(encoding="utf-8")

    # A re-run sends nothing: everything is in the lock and the cache.
    sent = len(fake.requests)
    settings = load_settings(cwd=root)
    report = run(settings, [settings.path(p) for p in settings.content], RunOptions())
    assert len(fake.requests) == sent and {p.state for p in report.posts} == {"up to date"}

    # Approve the proposed glossary entry with a rendering.
    follow(browser, browser.find_element(By.LINK_TEXT, "Glossary"))
    entry = browser.find_element(By.CSS_SELECTOR, 'tr[data-term="交大"]')
    assert "2 times" in entry.text and "交大的图书馆很大" in entry.text
    entry.find_element(By.NAME, "rendering").send_keys("SJTU")
    follow(browser, entry.find_element(By.XPATH, ".//button[text()='Approve']"))
    assert "Approved 交大 → SJTU" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert browser.find_elements(By.CSS_SELECTOR, 'tr[data-term="交大"]') == []
    glossary = (root / "glossary.yaml").read_text(encoding="utf-8")
    assert "rendering: SJTU\n    status: approved" in glossary and "# proper noun, 2x in 1 posts" in glossary
