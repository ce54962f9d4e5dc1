"""A regenerated report keeps the hand-written sections below the marker and replaces only the generated part."""
from __future__ import annotations

from research.report_file import HAND_WRITTEN_MARKER, write_report


def test_regenerating_keeps_the_hand_written_tail(tmp_path):
    page = tmp_path / "docs" / "eval.md"
    page.parent.mkdir()
    hand = f"{HAND_WRITTEN_MARKER}\n\n## Later measurement\nkept text\n"
    page.write_text("# Report\nold table\n\n" + hand, encoding="utf-8")
    write_report(page, "# Report\nnew table\n")
    text = page.read_text(encoding="utf-8")
    assert "new table" in text and "old table" not in text
    assert text.index("new table") < text.index(HAND_WRITTEN_MARKER) < text.index("kept text")
    write_report(page, "# Report\nnewer table\n")  # a second regeneration keeps it once, not twice
    assert page.read_text(encoding="utf-8").count("kept text") == 1


def test_a_page_without_the_marker_is_replaced_and_a_new_page_created(tmp_path):
    page = tmp_path / "eval.md"
    page.write_text("# Report\nold\n", encoding="utf-8")
    write_report(page, "# Report\nnew\n")
    assert page.read_text(encoding="utf-8") == "# Report\nnew\n"
    fresh = tmp_path / "sub" / "fresh.md"
    write_report(fresh, "generated")
    assert fresh.read_text(encoding="utf-8") == "generated\n"
