"""Two caption decoders over a fixed backbone feature grid, behind one step interface for greedy and beam search.

- `AttentionLSTM`: Show-Attend-Tell (Xu et al., 2015), soft additive attention over the grid cells, a gate on
  the context, LSTM state initialised from the mean cell, doubly stochastic attention penalty in training.
- `TransformerCaptioner`: a small pre-norm Transformer decoder cross-attending to the projected cells.

Both expose `encode(grid) -> memory`, `start_state(memory)`, `step(memory, state, tokens) -> (log_probs, state)`
and `reorder(memory, state, index)`, so one beam search drives either.
"""
from __future__ import annotations

from typing import Any

import torch
from torch import nn
from torch.nn import functional as F


class AttentionLSTM(nn.Module):
    """Show-Attend-Tell soft attention decoder."""

    kind = "lstm"

    def __init__(self, vocab_size: int, feature_dim: int = 1280, cells: int = 49, embed_dim: int = 192,
                 hidden: int = 384, attention_dim: int = 256, dropout: float = 0.5) -> None:
        super().__init__()
        self.config = {"vocab_size": vocab_size, "feature_dim": feature_dim, "cells": cells, "embed_dim": embed_dim,
                       "hidden": hidden, "attention_dim": attention_dim, "dropout": dropout}
        self.project = nn.Sequential(nn.Linear(feature_dim, hidden), nn.ReLU(), nn.Dropout(0.2))
        self.embed = nn.Embedding(vocab_size, embed_dim)
        self.att_features = nn.Linear(hidden, attention_dim)
        self.att_hidden = nn.Linear(hidden, attention_dim)
        self.att_score = nn.Linear(attention_dim, 1)
        self.gate = nn.Linear(hidden, hidden)
        self.init_h = nn.Linear(hidden, hidden)
        self.init_c = nn.Linear(hidden, hidden)
        self.cell = nn.LSTMCell(embed_dim + hidden, hidden)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(hidden, vocab_size)

    def encode(self, grid: torch.Tensor) -> dict[str, torch.Tensor]:
        cells = self.project(grid.float())
        return {"cells": cells, "keys": self.att_features(cells)}

    def start_state(self, memory: dict[str, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
        mean = memory["cells"].mean(1)
        return torch.tanh(self.init_h(mean)), torch.tanh(self.init_c(mean))

    def _attend(self, memory: dict[str, torch.Tensor], h: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        scores = self.att_score(torch.tanh(memory["keys"] + self.att_hidden(h).unsqueeze(1))).squeeze(2)
        alpha = scores.softmax(1)
        context = (alpha.unsqueeze(2) * memory["cells"]).sum(1)
        return torch.sigmoid(self.gate(h)) * context, alpha

    def _advance(self, memory: dict[str, torch.Tensor], state: tuple[torch.Tensor, torch.Tensor],
                 token: torch.Tensor) -> tuple[torch.Tensor, tuple[torch.Tensor, torch.Tensor], torch.Tensor]:
        h, c = state
        context, alpha = self._attend(memory, h)
        h, c = self.cell(torch.cat([self.embed(token), context], 1), (h, c))
        return self.out(self.drop(h)), (h, c), alpha

    def forward(self, grid: torch.Tensor, tokens: torch.Tensor, rows: torch.Tensor | None = None
                ) -> tuple[torch.Tensor, torch.Tensor]:
        """Teacher-forced logits (N, T-1, V) for tokens[:, 1:], and the doubly stochastic attention penalty.

        `rows[i]` is the grid row of caption i (images encoded once for their five captions). Captions must be
        sorted longest first: step t then only runs the rows still inside their caption (no work on padding).
        """
        memory = self.encode(grid)
        if rows is not None:
            memory = {k: v.index_select(0, rows) for k, v in memory.items()}
        h, c = self.start_state(memory)
        lengths = (tokens != 0).sum(1)
        steps = tokens.size(1) - 1
        logits = torch.zeros(tokens.size(0), steps, self.out.out_features)
        attention = torch.zeros(tokens.size(0), steps, memory["cells"].size(1))
        for t in range(steps):
            k = int((lengths > t + 1).sum())
            if k == 0:
                break
            sub = {name: v[:k] for name, v in memory.items()}
            step_logits, (hk, ck), alpha = self._advance(sub, (h[:k], c[:k]), tokens[:k, t])
            h = torch.cat([hk, h[k:]]) if k < h.size(0) else hk
            c = torch.cat([ck, c[k:]]) if k < c.size(0) else ck
            logits[:k, t] = step_logits
            attention[:k, t] = alpha
        penalty = ((1.0 - attention.sum(1)) ** 2).mean()
        return logits, penalty

    def step(self, memory: dict[str, torch.Tensor], state: Any, tokens: torch.Tensor) -> tuple[torch.Tensor, Any]:
        logits, state, _ = self._advance(memory, state, tokens[:, -1])
        return F.log_softmax(logits, -1), state

    def reorder(self, memory: dict[str, torch.Tensor], state: Any, index: torch.Tensor) -> tuple[dict, Any]:
        return {k: v.index_select(0, index) for k, v in memory.items()}, tuple(s.index_select(0, index) for s in state)


class TransformerCaptioner(nn.Module):
    """A small pre-norm Transformer decoder with cross-attention to the projected grid cells."""

    kind = "transformer"

    def __init__(self, vocab_size: int, feature_dim: int = 1280, cells: int = 49, d_model: int = 256,
                 layers: int = 2, heads: int = 8, ff: int = 1024, dropout: float = 0.2, max_len: int = 40) -> None:
        super().__init__()
        self.config = {"vocab_size": vocab_size, "feature_dim": feature_dim, "cells": cells, "d_model": d_model,
                       "layers": layers, "heads": heads, "ff": ff, "dropout": dropout, "max_len": max_len}
        self.project = nn.Sequential(nn.Linear(feature_dim, d_model), nn.ReLU(), nn.Dropout(0.1),
                                     nn.LayerNorm(d_model))
        self.cell_position = nn.Parameter(torch.zeros(1, cells, d_model))
        self.embed = nn.Embedding(vocab_size, d_model)
        self.position = nn.Embedding(max_len + 2, d_model)
        layer = nn.TransformerDecoderLayer(d_model, heads, ff, dropout, batch_first=True, norm_first=True)
        self.decoder = nn.TransformerDecoder(layer, layers)
        self.norm = nn.LayerNorm(d_model)
        self.out = nn.Linear(d_model, vocab_size)
        self.max_len = max_len

    def encode(self, grid: torch.Tensor) -> dict[str, torch.Tensor]:
        return {"cells": self.project(grid.float()) + self.cell_position}

    def _logits(self, memory: dict[str, torch.Tensor], tokens: torch.Tensor) -> torch.Tensor:
        length = tokens.size(1)
        positions = torch.arange(length, device=tokens.device).clamp(max=self.max_len + 1)
        x = self.embed(tokens) * (self.embed.embedding_dim ** 0.5) + self.position(positions)
        causal = torch.triu(torch.full((length, length), float("-inf"), device=tokens.device), 1)
        hidden = self.decoder(x, memory["cells"], tgt_mask=causal, tgt_key_padding_mask=None)
        return self.out(self.norm(hidden))

    def forward(self, grid: torch.Tensor, tokens: torch.Tensor, rows: torch.Tensor | None = None
                ) -> tuple[torch.Tensor, torch.Tensor]:
        memory = self.encode(grid)
        if rows is not None:
            memory = {k: v.index_select(0, rows) for k, v in memory.items()}
        return self._logits(memory, tokens[:, :-1]), torch.zeros(())

    def start_state(self, memory: dict[str, torch.Tensor]) -> None:
        return None

    def step(self, memory: dict[str, torch.Tensor], state: Any, tokens: torch.Tensor) -> tuple[torch.Tensor, Any]:
        return F.log_softmax(self._logits(memory, tokens)[:, -1], -1), state

    def reorder(self, memory: dict[str, torch.Tensor], state: Any, index: torch.Tensor) -> tuple[dict, Any]:
        return {k: v.index_select(0, index) for k, v in memory.items()}, state


DECODERS: dict[str, type[nn.Module]] = {"lstm": AttentionLSTM, "transformer": TransformerCaptioner}


def build_decoder(kind: str, config: dict[str, Any]) -> nn.Module:
    if kind not in DECODERS:
        raise ValueError(f"unknown caption decoder {kind!r}; one of {sorted(DECODERS)}")
    return DECODERS[kind](**config)
