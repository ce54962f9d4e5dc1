"""Neo4j Browser, served by the test Neo4j server, driven by headless Debian Chromium: open the link the app's
Graph page gives for a query (here the guide's "a topic's posts with their photos and sentiments"), log in, run
it, see the graph drawn, and save a screenshot (into FEEDLENS_SCREENSHOTS, e.g. docs/screenshots, else tmp)."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from graph.queries.browser_guide import EXPLORATIONS
from graph.queries.literals import inline_params
from tests.support.chromium import chromium_driver, chromium_skip_reason
from tests.support.ui_collection import sample_analyses
from tests.support.ui_fixtures import open_ui_graph
from ui.graph_view import browser_url

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]

ROOT = Path(__file__).resolve().parents[2]
TOPIC_POSTS = next(e for e in EXPLORATIONS if e.slug == "02-topic-posts")


@pytest.fixture(scope="module")
def loaded(neo4j_endpoint, tmp_path_factory):
    if neo4j_endpoint.kind != "maven":
        pytest.skip("the Browser test drives the Maven-built server's Browser")
    home = tmp_path_factory.mktemp("neo4j-browser")
    yield from open_ui_graph(home, sample_analyses(home / "photos"), neo4j=neo4j_endpoint)


@pytest.fixture(scope="module")
def chromium():
    reason = chromium_skip_reason()
    if reason:
        pytest.skip(reason)
    yield from chromium_driver()


def _wait(driver, css: str, timeout: float = 60):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(ec.element_to_be_clickable((By.CSS_SELECTOR, css)))


def _wait_text(driver, text: str, timeout: float = 60) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout, poll_frequency=0.3).until(
        lambda d: text in d.find_element(By.TAG_NAME, "body").text, message=f"text {text!r} never appeared")


def test_browser_logs_in_and_draws_a_topics_posts(loaded, neo4j_endpoint, chromium, tmp_path) -> None:
    from selenium.webdriver.common.by import By

    cypher = inline_params(TOPIC_POSTS.cypher, {"topic": "beach"}, quote='"')
    chromium.get(browser_url(cypher, neo4j_endpoint.bolt_uri, neo4j_endpoint.browser_url))
    address = _wait(chromium, '[data-testid="boltaddress"]')
    assert address.get_attribute("value") == neo4j_endpoint.bolt_uri.split("://", 1)[1]  # from the link
    _wait(chromium, '[data-testid="username"]').send_keys(neo4j_endpoint.reader_username)
    _wait(chromium, '[data-testid="password"]').send_keys(neo4j_endpoint.reader_password)
    _wait(chromium, '[data-testid="connect"]').click()
    _wait_text(chromium, "You are connected as user feedlens_reader")
    editor = chromium.find_element(By.CSS_SELECTOR, '[data-testid="activeEditor"]').text
    assert 'MATCH (t:Topic {name: "beach"})' in editor  # the link put the query in the editor
    _wait(chromium, '[data-testid="editor-Run"]').click()
    _wait_text(chromium, "Displaying ")
    time.sleep(3)  # let the force layout settle before the picture
    body = chromium.find_element(By.TAG_NAME, "body").text
    assert "Topic" in body and "Post" in body and "Image" in body and "Sentiment" in body
    assert chromium.find_elements(By.CSS_SELECTOR, "svg g.node")  # the graph is drawn, not a table
    target = os.environ.get("FEEDLENS_SCREENSHOTS")
    shots = (ROOT / target) if target and not Path(target).is_absolute() else Path(target or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    assert chromium.save_screenshot(str(shots / "neo4j_browser.png"))
