"""The agent's evaluation: question suites (dev, demo, mvsa .jsonl), the hand-written fixture graph they are
asked on, execution-accuracy scoring, and the `python -m research.agent_eval.evaluate` CLI."""
