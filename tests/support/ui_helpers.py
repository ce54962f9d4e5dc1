"""Helpers shared by the AppTest UI tests: open the app on a page and read what it shows."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")


def app_on(page: str, timeout: float = 60) -> AppTest:
    """The app, run once on `page` (e.g. "browse")."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    if page != "chat":
        at.switch_page(f"views/{page}.py")
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def texts(at: AppTest) -> list[str]:
    """Markdown, captions, infos, warnings and errors in page order (for content assertions)."""
    out = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return out + [e.value for e in (*at.info, *at.warning, *at.error, *at.success)]
