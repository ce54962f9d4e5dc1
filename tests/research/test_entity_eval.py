"""Entity cleaning evaluation: Wilson intervals, how repaired types are scored, two annotators' agreement."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from research.evaluation.entity_eval import agreement, cohen_kappa, read_labels, score, wilson


def test_wilson_interval_matches_the_textbook_values() -> None:
    low, high = wilson(50, 100)
    assert low == pytest.approx(0.4038, abs=1e-3) and high == pytest.approx(0.5962, abs=1e-3)
    assert wilson(0, 0) == (0.0, 0.0)
    low, high = wilson(10, 10)  # all right: the interval still admits errors
    assert high == 1.0 and low == pytest.approx(0.7225, abs=1e-3)


def _row(entity: str, label: str, verdict: str, gold: str, text: str) -> dict[str, str]:
    return {"row": "0", "entity": entity, "label": label, "verdict": verdict, "gold_label": gold, "text": text}


def test_a_repaired_type_counts_as_right_and_a_kept_wrong_type_as_wrong() -> None:
    rows = [
        _row("Oakville", "ORG", "wrong_type", "GPE", "Man charged with impaired driving in Oakville"),  # -> GPE
        _row("Harry", "PERSON", "correct", "PERSON", "Harry telling us to stomp"),
        _row("Dentist", "NORP", "not_entity", "", "Dentist body bag fury: Dad finds daughter"),  # dropped
        _row("Louis Vuitton", "PERSON", "wrong_type", "ORG", "Authentic Louis Vuitton Wallet"),  # kept, wrong
    ]
    result = score(rows)
    assert result["kept"] == 3 and result["right_kept"] == 2
    assert result["precision"] == pytest.approx(2 / 3)
    assert result["recall"] == 1.0  # the one `correct` row is kept with its type
    assert result["name_recall"] == pytest.approx(2 / 3)  # of 3 real names, 2 kept with the right type
    assert result["raw_precision"] == pytest.approx(1 / 4)


def test_cohen_kappa_matches_a_worked_example() -> None:
    # 50 items, two annotators: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> p_o 0.7, p_e 0.5, kappa 0.4
    first = ["yes"] * 25 + ["no"] * 25
    second = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(first, second) == pytest.approx(0.4)
    assert cohen_kappa(first, first) == 1.0
    with pytest.raises(ValueError):
        cohen_kappa(first, second[:-1])


def test_two_label_files_report_their_agreement(tmp_path: Path) -> None:
    text = "Harry telling us to stomp in Oakville"
    fields = ["row", "entity", "label", "verdict", "gold_label", "text"]
    first = [["0", "Harry", "PERSON", "correct", "PERSON", text], ["1", "Oakville", "ORG", "wrong_type", "GPE", text],
             ["2", "Stomp", "ORG", "not_entity", "", text]]
    second = [first[0], first[1], ["2", "Stomp", "ORG", "fragment", "", text]]
    paths = []
    for name, rows in (("a.csv", first), ("b.csv", second)):
        path = tmp_path / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(fields)
            writer.writerows(rows)
        paths.append(path)
    report = agreement(read_labels(paths[0]), read_labels(paths[1]))
    assert "2/3 = 0.667" in report
    assert f"kappa {cohen_kappa(['c', 'w', 'n'], ['c', 'w', 'f']):.3f}" in report
    with pytest.raises(SystemExit):
        agreement(read_labels(paths[0]), read_labels(paths[1])[:2])


def test_a_draw_can_leave_out_posts_that_repeat_an_earlier_caption(tmp_path: Path, monkeypatch) -> None:
    from types import SimpleNamespace

    from research.evaluation import entity_eval

    rows = [SimpleNamespace(id=str(i), text=text) for i, text in enumerate(["Paris in May", "Paris in May", "Rome"])]
    monkeypatch.setattr(entity_eval, "load_dataset", lambda spec: SimpleNamespace(rows=rows))
    monkeypatch.setattr(entity_eval, "split_of", lambda post_id: "train")
    monkeypatch.setattr(entity_eval, "raw_entities", lambda ids, texts: [
        {"post_id": i, "entity": t.split()[0], "label": "GPE", "key": t.split()[0].lower(), "text": t}
        for i, t in zip(ids, texts, strict=True)])
    earlier = tmp_path / "earlier.csv"
    earlier.write_text("row,post_id,entity,label,key,text\n0,0,Paris,GPE,paris,Paris in May\n", encoding="utf-8")
    out = tmp_path / "sample.csv"
    args = SimpleNamespace(dataset="mvsa:x", exclude=[earlier], split=["train"], seed=1, size=5, draw=out,
                           part=None, exclude_same_text=True)
    entity_eval.draw(args)
    with out.open(encoding="utf-8") as handle:
        drawn = [row["post_id"] for row in csv.DictReader(handle)]
    assert drawn == ["2"]  # post 1 repeats post 0's caption under another id; without the option it is drawn
    args.exclude_same_text = False
    entity_eval.draw(args)
    with out.open(encoding="utf-8") as handle:
        assert sorted(row["post_id"] for row in csv.DictReader(handle)) == ["1", "2"]


def test_a_draw_from_another_source_leaves_out_read_rows_and_texts_of_another_dataset(tmp_path: Path,
                                                                                        monkeypatch) -> None:
    import random
    from types import SimpleNamespace

    from research.evaluation import entity_eval

    tweets = [SimpleNamespace(id=f"semeval-{i}", text=f"Name{i} said hi") for i in range(10)]
    tweets[3] = SimpleNamespace(id="semeval-3", text="Paris in May")  # also an MVSA caption
    mvsa = [SimpleNamespace(id="1", text="Paris in May")]
    monkeypatch.setattr(entity_eval, "load_dataset",
                        lambda spec: SimpleNamespace(rows=mvsa if spec.startswith("mvsa") else tweets))
    monkeypatch.setattr(entity_eval, "split_of", lambda post_id: "train")
    monkeypatch.setattr(entity_eval, "ner_view", lambda text: text)
    monkeypatch.setattr(entity_eval, "raw_entities", lambda ids, texts: [
        {"post_id": i, "entity": t.split()[0], "label": "PERSON", "key": t.split()[0].lower(), "text": t}
        for i, t in zip(ids, texts, strict=True)])
    out = tmp_path / "sample.csv"
    args = SimpleNamespace(dataset="semeval:x", exclude=[], split=["train"], seed=1, size=100, draw=out,
                           part="blind sample 6", exclude_same_text=False, exclude_text_of=["mvsa:y"],
                           exclude_read=["9:4"], posts=None)
    entity_eval.draw(args)
    read = {f"semeval-{i}" for i in random.Random(9).sample(range(10), 4)}
    with out.open(encoding="utf-8") as handle:
        drawn = {row["post_id"] for row in csv.DictReader(handle)}
    assert drawn == {f"semeval-{i}" for i in range(10)} - read - {"semeval-3"}
    args.posts = 2
    entity_eval.draw(args)
    with out.open(encoding="utf-8") as handle:
        assert len({row["post_id"] for row in csv.DictReader(handle)}) == 2
    with pytest.raises(SystemExit):
        entity_eval.read_positions(["nine"], 10)


def test_scoring_with_a_filter_counts_what_the_filter_keeps() -> None:
    import numpy as np

    from extractors.entity_features import FEATURE_NAMES
    from extractors.entity_filter import FilterModel
    from research.evaluation.entity_eval import kept_but_wrong, score

    text = "Barack Obama spoke in Chicago today"
    rows = [{"row": "0", "entity": "Barack Obama", "label": "PERSON", "verdict": "correct", "gold_label": "PERSON",
             "text": text},
            {"row": "1", "entity": "Chicago", "label": "GPE", "verdict": "wrong_type", "gold_label": "ORG",
             "text": text}]
    size = len(FEATURE_NAMES)
    two_words = FilterModel(names=FEATURE_NAMES, mean=np.zeros(size), scale=np.ones(size),
                            coef=np.array([5.0 if n == "words_2" else 0.0 for n in FEATURE_NAMES]),
                            intercept=-1.0, threshold=0.5, mode="with_rules")
    rules = score(rows)
    assert (rules["kept"], rules["right_kept"], rules["recall"]) == (1, 0, 0.0)  # Chicago kept, the wrong type
    assert kept_but_wrong(rows) == ["- row 1: `Chicago` kept as GPE (wrong_type ORG)"]
    filtered = score(rows, two_words)
    assert (filtered["kept"], filtered["right_kept"], filtered["recall"]) == (1, 1, 1.0)
    assert kept_but_wrong(rows, two_words) == []
