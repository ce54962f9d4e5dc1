"""Old command names only (`python -m extractors.evaluation.topic_study`, `... .finetune_probe`): the evaluation
code lives in research/evaluation and nothing imports this package."""
