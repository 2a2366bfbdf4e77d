#!/usr/bin/python3
"""Independent PyTorch reference for the Mamba mixer (golden values for MambaGoldenTest).

Writes golden_mamba.json next to this script. Run with Debian's python3-torch:
    /usr/bin/python3 golden_mamba.py
The Java tests only read the JSON; this script is not needed to run them.

It re-implements the slow path of mamba_ssm 1.x `Mamba.forward` (mamba_simple.py: in_proj,
depthwise causal conv1d with padding d_conv-1 and [..., :L], SiLU, x_proj, dt_proj weight without
bias) and `selective_scan_ref` (selective_scan_interface.py: delta + delta_bias, softplus,
deltaA = exp(delta A), deltaB_u = delta B u, sequential scan, y + D u, * silu(z)), then out_proj,
in float64. A HiSS chunk reset before step t (state AND conv buffer zeroed) is emulated by running
the two segments of that series as independent sequences and concatenating.
Parameters are drawn once, rounded to float32 and stored in the Java layouts of MambaParams:
  inProj [2I, D], convWeight [I, K], convBias [I], xProj [R+2N, I], dtProjWeight [I, R],
  dtProjBias [I], aLog [I, N], d [I], outProj [D, I].
Gradients are those of loss = sum(y * w) for a fixed w, by autograd.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

D_MODEL, D_STATE, D_CONV, EXPAND, DT_RANK = 4, 3, 4, 2, 2
I = EXPAND * D_MODEL
BATCH, L = 2, 7
RESETS = {1: [3]}  # series 1: reset before step 3

torch.manual_seed(1234)


def f32(t):
    return t.to(torch.float32).to(torch.float64)


def uni(shape, bound):
    return f32((torch.rand(shape, dtype=torch.float64) * 2 - 1) * bound)


params = {
    "inProj": uni((2 * I, D_MODEL), 1 / math.sqrt(D_MODEL)),
    "convWeight": uni((I, D_CONV), 1 / math.sqrt(D_CONV)),
    "convBias": uni((I,), 1 / math.sqrt(D_CONV)),
    "xProj": uni((DT_RANK + 2 * D_STATE, I), 1 / math.sqrt(I)) * 2,
    "dtProjWeight": uni((I, DT_RANK), DT_RANK ** -0.5),
    "dtProjBias": f32(torch.log(torch.expm1(torch.linspace(0.05, 0.8, I, dtype=torch.float64)))),
    "aLog": f32(torch.log(torch.arange(1, D_STATE + 1, dtype=torch.float64)).repeat(I, 1)
                + 0.3 * torch.randn(I, D_STATE, dtype=torch.float64)),
    "d": f32(1 + 0.5 * torch.randn(I, dtype=torch.float64)),
    "outProj": uni((D_MODEL, I), 1 / math.sqrt(I)),
}
params["dtProjBias"][5] = 21.0  # above the softplus threshold: identity branch
u = f32(torch.randn(BATCH, L, D_MODEL, dtype=torch.float64))
w = f32(torch.randn(BATCH, L, D_MODEL, dtype=torch.float64))


def selective_scan_ref(u, delta, A, B, C, D, z, delta_bias, delta_softplus=True):
    delta = delta + delta_bias[..., None]
    if delta_softplus:
        delta = F.softplus(delta)
    batch, dim, dstate = u.shape[0], A.shape[0], A.shape[1]
    deltaA = torch.exp(torch.einsum("bdl,dn->bdln", delta, A))
    deltaB_u = torch.einsum("bdl,bnl,bdl->bdln", delta, B, u)
    x = A.new_zeros((batch, dim, dstate))
    ys = []
    for i in range(u.shape[2]):
        x = deltaA[:, :, i] * x + deltaB_u[:, :, i]
        ys.append(torch.einsum("bdn,bn->bd", x, C[:, :, i]))
    y = torch.stack(ys, dim=2)
    out = y + u * D[:, None]
    return out * F.silu(z)


def mamba(P, h):  # h: (b, l, D) -> (b, l, D)
    bsz, seqlen, _ = h.shape
    xz = torch.einsum("od,bld->bol", P["inProj"], h)
    x, z = xz.chunk(2, dim=1)
    x = F.conv1d(x, P["convWeight"].unsqueeze(1), P["convBias"], padding=D_CONV - 1, groups=I)
    x = F.silu(x[..., :seqlen])
    x_dbl = F.linear(x.transpose(1, 2).reshape(bsz * seqlen, I), P["xProj"])
    dt, B, C = torch.split(x_dbl, [DT_RANK, D_STATE, D_STATE], dim=-1)
    dt = (P["dtProjWeight"] @ dt.t()).reshape(I, bsz, seqlen).permute(1, 0, 2)
    B = B.reshape(bsz, seqlen, D_STATE).permute(0, 2, 1)
    C = C.reshape(bsz, seqlen, D_STATE).permute(0, 2, 1)
    A = -torch.exp(P["aLog"])
    y = selective_scan_ref(x, dt, A, B, C, P["d"], z, P["dtProjBias"])
    return F.linear(y.transpose(1, 2), P["outProj"])


P = {k: v.clone().requires_grad_(True) for k, v in params.items()}
uu = u.clone().requires_grad_(True)
outs = []
for b in range(BATCH):
    cuts = [0] + RESETS.get(b, []) + [L]
    segs = [mamba(P, uu[b:b + 1, s:e]) for s, e in zip(cuts[:-1], cuts[1:])]
    outs.append(torch.cat(segs, dim=1))
y = torch.cat(outs, dim=0)
(y * w).sum().backward()

reset = [[t in RESETS.get(b, []) for t in range(L)] for b in range(BATCH)]
flat = lambda t: t.detach().reshape(-1).tolist()
out = {
    "dModel": D_MODEL, "dState": D_STATE, "dConv": D_CONV, "expand": EXPAND, "dtRank": DT_RANK,
    "batch": BATCH, "length": L,
    "torch": torch.__version__,
    "params": {k: flat(v) for k, v in params.items()},
    "u": flat(u), "w": flat(w), "reset": [r for row in reset for r in row],
    "y": flat(y),
    "grads": {k: flat(v.grad) for k, v in P.items()},
    "du": flat(uu.grad),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden_mamba.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", path)
