"""Two loads into one home share topics.json: each process's saves merge into the file instead of replacing it.

Real processes, started together and saving after every new topic, so their read-merge-write cycles interleave.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np

from extractors.topic_vocabulary import TopicVocabulary

REPO = Path(__file__).resolve().parents[2]
DIM = 64

WRITER = """
    import hashlib, sys, time
    from pathlib import Path
    import numpy as np
    from extractors.topic_vocabulary import TopicVocabulary

    path, prefix, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])

    def embed(phrases):  # a fixed random unit vector per phrase: different phrases never merge
        rows = []
        for phrase in phrases:
            seed = int(hashlib.sha1(phrase.encode()).hexdigest()[:8], 16)
            vector = np.random.default_rng(seed).standard_normal(64).astype(np.float32)
            rows.append(vector / np.linalg.norm(vector))
        return np.stack(rows)

    vocab = TopicVocabulary.load(path, "fake", 64, 0.8)  # once, as a load does
    while not go.exists():
        time.sleep(0.001)
    names = ["common"] + [f"{prefix}{i}" for i in range(count)]
    for name in names:
        vocab.assign([name], embed)
        vocab.count([name])
        vocab.save(path)
"""


WORDS = ["dog", "puppy", "cat", "kitten", "beach", "ocean"]


def embed(phrases: list[str]) -> np.ndarray:
    """Orthogonal unit vectors: no two words merge by similarity, only by retire()."""
    return np.stack([np.eye(DIM, dtype=np.float32)[WORDS.index(p)] for p in phrases])


def test_two_processes_saving_at_once_end_with_the_union(tmp_path: Path) -> None:
    path, go = tmp_path / "topics.json", tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [
        subprocess.Popen([sys.executable, "-c", textwrap.dedent(WRITER), str(path), prefix, "40", str(go)],
                         cwd=REPO, env=env, stderr=subprocess.PIPE, text=True)
        for prefix in ("alpha", "beta")
    ]
    time.sleep(1.5)  # both imported and loaded (an empty registry) before either adds a topic
    go.touch()
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    saved = TopicVocabulary.load(path, "fake", DIM, 0.8)
    expected = {"common"} | {f"{p}{i}" for p in ("alpha", "beta") for i in range(40)}
    assert set(saved.names) == expected and len(saved.names) == len(expected)
    assert saved.counts["common"] == 2 and saved.counts["alpha7"] == saved.counts["beta39"] == 1
    assert not list(tmp_path.glob("*.tmp"))


def test_a_save_keeps_topics_another_process_saved_since_this_one_loaded(tmp_path: Path) -> None:
    path = tmp_path / "topics.json"
    mine = TopicVocabulary.load(path, "fake", DIM, 0.8)
    theirs = TopicVocabulary.load(path, "fake", DIM, 0.8)
    theirs.assign(["ocean"], embed)
    theirs.count(["ocean"])
    theirs.save(path)
    mine.assign(["beach"], embed)
    mine.count(["beach"])
    mine.save(path)
    saved = TopicVocabulary.load(path, "fake", DIM, 0.8)
    assert set(saved.names) == {"beach", "ocean"} and saved.counts == {"beach": 1, "ocean": 1}
    assert "ocean" in mine.names  # the merge also taught this process the other's topic


def test_a_topic_retired_by_either_process_stays_retired(tmp_path: Path) -> None:
    path = tmp_path / "topics.json"
    seed = TopicVocabulary(model="fake", dim=DIM, threshold=0.99)
    seed.assign(["dog", "puppy", "cat", "kitten"], embed)
    seed.count(["dog", "puppy", "cat", "kitten"])
    seed.save(path)
    mine = TopicVocabulary.load(path, "fake", DIM, 0.99)
    theirs = TopicVocabulary.load(path, "fake", DIM, 0.99)
    theirs.retire("puppy", into="dog")
    theirs.save(path)
    mine.retire("kitten", into="cat")
    mine.count(["puppy"])  # seen again here before this process learns it was folded
    mine.save(path)
    saved = TopicVocabulary.load(path, "fake", DIM, 0.99)
    assert sorted(saved.names) == ["cat", "dog"]
    assert saved.aliases["puppy"] == "dog" and saved.aliases["kitten"] == "cat"
    assert saved.counts == {"dog": 3, "cat": 2}
    assert json.loads(path.read_text())["format"] == 1
