"""Gate A of the captioner-backbone image head: the conditions read the right figures (no models, no data)."""
from __future__ import annotations

from research.training.image_backbone_heads import gate_row, passes


def record(cv: float, dev: float, gate: float | None) -> tuple[dict, dict]:
    scores = {"accuracy": cv, "macro_f1": cv - 0.1, "criterion": cv - 0.05}
    image = {"selected": {"C": 0.001, "class_weight": None, "variant": "embedding"},
             "cue_variants": [{"variant": "embedding+colour", "train_cv": {"accuracy": 0.0, "macro_f1": 0.0},
                               "dev": {"accuracy": 0.0, "macro_f1": 0.0}},
                              {"variant": "embedding", "train_cv": scores,
                               "dev": {"accuracy": dev, "macro_f1": dev - 0.1}}]}
    fusion = {"selected": {"kind": "gated+offsets"},
              "caption_gate": {"selected": gate, "cross_validation": [
                  {"caption_gate": float("inf"), "accuracy": 0.70, "macro_f1": 0.59},
                  {"caption_gate": 0.3, "accuracy": 0.68, "macro_f1": 0.57}]}}
    return image, fusion


def test_gate_row_reads_the_selected_variant_and_the_fusion_at_its_gate() -> None:
    row = gate_row(*record(0.62, 0.71, 0.3))
    assert (row["cv_accuracy"], row["dev_accuracy"], row["fusion_cv_accuracy"]) == (0.62, 0.71, 0.68)
    assert gate_row(*record(0.62, 0.71, None))["fusion_cv_macro_f1"] == 0.59  # no gate selected: the ungated CV


def test_a_candidate_needs_a_full_point_on_cv_and_dev_and_no_fusion_loss() -> None:
    current = gate_row(*record(0.62, 0.71, 0.3))
    assert all(passes(gate_row(*record(0.63, 0.72, 0.3)), current).values())  # +0.01 exactly passes
    failed = passes(gate_row(*record(0.629, 0.72, None)), current)
    assert [k for k, ok in failed.items() if not ok] == ["cv_accuracy >= current + 0.01",
                                                         "cv_macro_f1 >= current + 0.01"]
    assert not passes(gate_row(*record(0.63, 0.72, 0.3)) | {"fusion_cv_macro_f1": 0.569}, current)[
        "fusion_cv_macro_f1 >= current"]
