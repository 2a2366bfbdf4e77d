#!/usr/bin/python3
"""PyTorch reference for the LSTM layer (golden values for LstmGoldenTest).

Writes golden_lstm.json next to this script. Run with Debian's python3-torch:
    /usr/bin/python3 golden_lstm.py
The Java tests only read the JSON; this script is not needed to run them.

It runs torch.nn.LSTM itself (one layer, batch_first, float64) with parameters drawn once, rounded
to float32 and stored in torch's own layout, which is the layout of dev.hiss.model.rnn.LstmParams:
  wIh = weight_ih_l0 [4H, I], wHh = weight_hh_l0 [4H, H], bIh = bias_ih_l0 [4H],
  bHh = bias_hh_l0 [4H], gate blocks in torch's order i, f, g, o.
Both series start from a given (h0, c0). A HiSS reset before step t (h and c zeroed) is emulated
by running the two segments of that series as separate sequences, the second from zero.
Gradients are those of loss = sum(y * w) for a fixed w, by autograd.
"""
import json
import os

import torch

I, H = 3, 4
BATCH, L = 2, 6
RESETS = {1: [3]}  # series 1: reset before step 3

torch.manual_seed(2024)
dt = torch.float64


def f32(t):
    return t.to(torch.float32).to(dt)


lstm = torch.nn.LSTM(I, H, num_layers=1, batch_first=True).to(dt)
with torch.no_grad():
    for p in lstm.parameters():
        p.copy_(f32(torch.randn_like(p) * 0.6))
x = f32(torch.randn(BATCH, L, I)).requires_grad_(True)
h0 = f32(torch.randn(1, BATCH, H) * 0.5).requires_grad_(True)
c0 = f32(torch.randn(1, BATCH, H) * 0.5).requires_grad_(True)
w = f32(torch.randn(BATCH, L, H))

ys, hn, cn = [], [], []
for b in range(BATCH):
    cuts = [0] + RESETS.get(b, []) + [L]
    h, c = h0[:, b : b + 1], c0[:, b : b + 1]
    parts = []
    for s, e in zip(cuts[:-1], cuts[1:]):
        if s > 0:
            h = torch.zeros(1, 1, H, dtype=dt)
            c = torch.zeros(1, 1, H, dtype=dt)
        out, (h, c) = lstm(x[b : b + 1, s:e], (h, c))
        parts.append(out)
    ys.append(torch.cat(parts, dim=1))
    hn.append(h)
    cn.append(c)
y = torch.cat(ys, dim=0)
loss = (y * w).sum()
loss.backward()


def flat(t):
    return t.detach().reshape(-1).tolist()


reset = [[t in RESETS.get(b, []) for t in range(L)] for b in range(BATCH)]
out = {
    "I": I,
    "H": H,
    "batch": BATCH,
    "L": L,
    "reset": [v for row in reset for v in row],
    "params": {
        "wIh": flat(lstm.weight_ih_l0),
        "wHh": flat(lstm.weight_hh_l0),
        "bIh": flat(lstm.bias_ih_l0),
        "bHh": flat(lstm.bias_hh_l0),
    },
    "u": flat(x),
    "h0": flat(h0),
    "c0": flat(c0),
    "w": flat(w),
    "y": flat(y),
    "final_h": flat(torch.cat(hn, dim=1)),
    "final_c": flat(torch.cat(cn, dim=1)),
    "grads": {
        "wIh": flat(lstm.weight_ih_l0.grad),
        "wHh": flat(lstm.weight_hh_l0.grad),
        "bIh": flat(lstm.bias_ih_l0.grad),
        "bHh": flat(lstm.bias_hh_l0.grad),
        "u": flat(x.grad),
        "h0": flat(h0.grad),
        "c0": flat(c0.grad),
    },
    "torch_version": torch.__version__,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden_lstm.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=1)
    fh.write("\n")
print("wrote", path)
