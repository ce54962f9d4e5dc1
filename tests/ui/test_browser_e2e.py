"""End to end: `streamlit run ui/app.py` on a free localhost port over a real embedded graph, driven by headless
Debian Chromium through selenium. Asks a chat question (scripted LLM), filters the grid, looks at Insights
and Graph, and takes screenshots (into FEEDLENS_SCREENSHOTS, e.g. docs/screenshots, else the test's tmp dir).
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.chromium import chromium_driver, chromium_skip_reason
from tests.support.ui_collection import sample_analyses
from tests.support.ui_fake_llm import DEFAULT_REPLIES
from tests.support.ui_fixtures import open_ui_graph

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
# demo photos (scikit-image's bundled samples) for the sample posts, so screenshots show real pictures
PHOTOS = {"p01": "astronaut", "p02": "grass", "p03": "chelsea", "p04": "chelsea", "p05": "coffee", "p06": "coffee",
          "p07": "rocket", "p08": "coffee", "p10": "moon", "p11": "chelsea", "p12": "motorcycle_left"}





def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _use_demo_photos(items: list) -> None:
    try:
        from core.errors import MissingDependency
        from data.demo import load_photo
    except ImportError:
        return
    for item in items:
        if item.post.images and item.post.id in PHOTOS:
            try:
                photo = load_photo(PHOTOS[item.post.id])
            except MissingDependency:  # scikit-image missing: keep the plain test images
                return
            photo.save(item.post.images[0], "JPEG", quality=85)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    reason = chromium_skip_reason()
    if reason:
        pytest.skip(reason)
    home = tmp_path_factory.mktemp("e2e")
    items = sample_analyses(home / "photos")
    _use_demo_photos(items)
    graph = open_ui_graph(home, items)
    next(graph)  # this process owns the FalkorDB server; streamlit reuses it through the socket
    port = _free_port()
    env = {**os.environ, "FEEDLENS_HOME": str(home), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT),
           "FEEDLENS_UI_LLM_FACTORY": "tests.support.ui_fake_llm:build_llm",
           "FEEDLENS_UI_FAKE_REPLIES": json.dumps(DEFAULT_REPLIES)}
    with open(home / "streamlit.log", "wb") as log:  # the server writes through its own copy of the handle
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "ui" / "app.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, server, home / "streamlit.log")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        next(graph, None)


def _wait_healthy(url: str, server: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited early:\n{log_path.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail("streamlit did not become healthy in time")


@pytest.fixture(scope="module")
def browser(app_url):
    yield from chromium_driver()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    target = os.environ.get("FEEDLENS_SCREENSHOTS")
    path = (ROOT / target) if target and not Path(target).is_absolute() else Path(target or
                                                                              tmp_path_factory.mktemp("shots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _wait_text(driver, text: str, timeout: float = 45) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout, poll_frequency=0.3).until(
        lambda d: text in d.find_element(By.TAG_NAME, "body").text, message=f"text {text!r} never appeared")


def _find(driver, css: str, timeout: float = 30):
    """The element once it is on the page (Streamlit re-renders widgets on every run)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(ec.element_to_be_clickable((By.CSS_SELECTOR, css)))


def _settle(driver, timeout: float = 30) -> None:
    """Wait until the script run is over (no 'Running' widget) and images had a moment to paint."""
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and driver.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]'):
        time.sleep(0.3)
    time.sleep(1.5)


def test_chat_answers_with_cited_posts(browser, app_url, shots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(app_url)
    _wait_text(browser, "Chat with your photos")
    _settle(browser)
    box = _find(browser, '[data-testid="stChatInput"] textarea')
    box.send_keys("Which posts are about the beach?", Keys.ENTER)
    _wait_text(browser, "3 posts:")  # the parser answers this one
    _settle(browser)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Sunny day at the beach with Anna" in body and "Cypher and 3 rows" in body
    assert len(browser.find_elements(By.CSS_SELECTOR, '[data-testid="stImage"] img')) >= 3
    browser.save_screenshot(str(shots / "chat.png"))


def test_browse_filters_the_grid(browser, app_url, shots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{app_url}/browse")
    _wait_text(browser, "12 posts match")
    field = _find(browser, 'input[aria-label="Caption contains"]')
    field.send_keys("paris", Keys.ENTER)
    _wait_text(browser, "3 posts match")
    _settle(browser)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Dinner in Paris was amazing" in body and "Rainy city streets" not in body
    field = _find(browser, 'input[aria-label="Caption contains"]')
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE, Keys.ENTER)
    _wait_text(browser, "12 posts match")
    _settle(browser)
    browser.save_screenshot(str(shots / "browse.png"))


def test_insights_and_graph_render(browser, app_url, shots):
    from selenium.webdriver.common.by import By

    browser.get(f"{app_url}/insights")
    _wait_text(browser, "Caption vs image")
    _settle(browser, 30)
    assert len(browser.find_elements(By.CSS_SELECTOR, '[data-testid="stVegaLiteChart"]')) == 5
    browser.save_screenshot(str(shots / "insights.png"))
    browser.get(f"{app_url}/graph")
    _wait_text(browser, "nodes,")
    _settle(browser)
    assert browser.find_elements(By.CSS_SELECTOR, "iframe")  # streamlit-agraph's component frame
    time.sleep(3)  # let the physics layout settle before the picture
    browser.save_screenshot(str(shots / "graph.png"))
