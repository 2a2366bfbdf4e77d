#!/usr/bin/python3
"""PyTorch reference for the Transformer block (golden values for TransformerGoldenTest).

Writes golden_transformer.json next to this script. Run with Debian's python3-torch:
    /usr/bin/python3 golden_transformer.py
The Java tests only read the JSON; this script is not needed to run them.

It runs torch.nn.TransformerEncoderLayer itself (norm_first=True, activation="gelu", dropout=0,
batch_first=True, float64) with parameters drawn once, rounded to float32 and stored in torch's own
layout, which is the layout of dev.hiss.model.attention.TransformerParams:
  norm1W/B = norm1.weight/bias, inProjW/B = self_attn.in_proj_weight/bias [3H, H] (q, k, v rows),
  outProjW/B = self_attn.out_proj.weight/bias, norm2W/B = norm2.weight/bias,
  lin1W/B = linear1.weight/bias [F, H], lin2W/B = linear2.weight/bias [H, F].
Causality, the sliding window W, the HiSS resets and the ALiBi biases are one float attention mask
of shape [batch*heads, L, L] (torch's per-head 3-D attn_mask): -inf where j > t, t - j >= W or a
reset lies in (j, t]; otherwise -m_h * (t - j) with m_h = 2^(-8(h+1)/heads).
Gradients are those of loss = sum(y * w) for a fixed w, by autograd.
"""
import json
import os

import torch

H, HEADS, F, W = 8, 2, 12, 4
BATCH, L = 2, 7
RESETS = {1: [3]}  # series 1: reset before step 3

torch.manual_seed(2025)
dt = torch.float64


def f32(t):
    return t.to(torch.float32).to(dt)


layer = torch.nn.TransformerEncoderLayer(
    H, HEADS, dim_feedforward=F, dropout=0.0, activation="gelu", batch_first=True,
    norm_first=True).to(dt)
with torch.no_grad():
    for name, p in layer.named_parameters():
        scale = 0.2 if "norm" in name and "bias" in name else 0.5
        base = 1.0 if "norm" in name and "weight" in name else 0.0
        p.copy_(f32(base + torch.randn_like(p) * scale))
layer.train()
x = f32(torch.randn(BATCH, L, H)).requires_grad_(True)
w = f32(torch.randn(BATCH, L, H))

mask = torch.full((BATCH * HEADS, L, L), float("-inf"), dtype=dt)
for b in range(BATCH):
    for h in range(HEADS):
        slope = 2.0 ** (-8.0 * (h + 1) / HEADS)
        for t in range(L):
            start = max([r for r in RESETS.get(b, []) if r <= t], default=0)
            for j in range(L):
                if j <= t and j >= start and t - j < W:
                    mask[b * HEADS + h, t, j] = -slope * (t - j)

y = layer(x, src_mask=mask)
loss = (y * w).sum()
loss.backward()


def flat(t):
    return t.detach().reshape(-1).tolist()


names = {
    "norm1W": layer.norm1.weight, "norm1B": layer.norm1.bias,
    "inProjW": layer.self_attn.in_proj_weight, "inProjB": layer.self_attn.in_proj_bias,
    "outProjW": layer.self_attn.out_proj.weight, "outProjB": layer.self_attn.out_proj.bias,
    "norm2W": layer.norm2.weight, "norm2B": layer.norm2.bias,
    "lin1W": layer.linear1.weight, "lin1B": layer.linear1.bias,
    "lin2W": layer.linear2.weight, "lin2B": layer.linear2.bias,
}
reset = [[t in RESETS.get(b, []) for t in range(L)] for b in range(BATCH)]
out = {
    "H": H,
    "heads": HEADS,
    "F": F,
    "W": W,
    "batch": BATCH,
    "L": L,
    "reset": [v for row in reset for v in row],
    "params": {k: flat(v) for k, v in names.items()},
    "u": flat(x),
    "w": flat(w),
    "y": flat(y),
    "grads": dict({k: flat(v.grad) for k, v in names.items()}, u=flat(x.grad)),
    "torch_version": torch.__version__,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden_transformer.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=1)
    fh.write("\n")
print("wrote", path)
