"""Which rows the caption evaluation scores: never rows an evaluated backend trained or tuned on."""
from __future__ import annotations

from pathlib import Path

from research.evaluation.caption_eval import ALWAYS_SPLIT, HEAD_SPLIT, evaluation_rows
from research.evaluation.datasets import load_dataset, split_of


def _tweeteval(tmp_path: Path) -> Path:
    path = tmp_path / "val.csv"
    path.write_text("text,label\n" + "".join(f"tweet number {i},{i % 3}\n" for i in range(200)))
    return path


def test_tweeteval_is_scored_whole_without_the_head_and_only_its_test_part_with_it(tmp_path: Path) -> None:
    dataset = load_dataset(f"tweeteval:{_tweeteval(tmp_path)}")
    whole, note = evaluation_rows(dataset, set(), 13, ALWAYS_SPLIT)
    assert len(whole) == 200 and "all 200 rows" in note
    test, note = evaluation_rows(dataset, set(), 13, ALWAYS_SPLIT + HEAD_SPLIT)
    assert 0 < len(test) < 200 and all(split_of(row.id) == "test" for row in test)
    assert "test part" in note


def test_mvsa_is_always_split(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text("id,image,text,label\n" + "".join(f"{i},images/{i}.jpg,post {i},positive\n" for i in range(100)))
    rows, _ = evaluation_rows(load_dataset(f"mvsa:{path}"), set(), 13, ALWAYS_SPLIT)
    assert rows and all(split_of(row.id) == "test" for row in rows)


def test_semeval_loader_reads_text_label_source(tmp_path: Path) -> None:
    path = tmp_path / "train.csv"
    path.write_text('text,label,source\n"good, very good",positive,twitter-2013\nmeh,neutral,twitter-2016\n')
    dataset = load_dataset(f"semeval:{path}")
    assert [(r.id, r.text, r.label) for r in dataset.rows] == [("semeval-0", "good, very good", "positive"),
                                                               ("semeval-1", "meh", "neutral")]
