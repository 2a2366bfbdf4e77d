#!/usr/bin/python3
"""PyTorch peer of `./hiss bench ssm` (dev.hiss.model.ssm.bench.S4DBench and the S4, S5, Mamba
benches it runs): the same four layers, shapes and parameter counts, CPU float32.

Shapes: batch 16, length 2048, 64 channels (d_model 64 for Mamba). Per layer it times forward,
backward (autograd, y.backward(dy) with fixed Gaussian u and dy) and one streaming step of one
series under torch.no_grad(), with torch.set_num_threads(2). Medians after 2 warm-up rounds.

* S4D (N = 32 complex modes, S4D-Lin, ZOH): as state-spaces s4d.py: Vandermonde kernel
  K = 2 Re(sum_n C_n dB_n exp(dt A_n l)), causal FFT convolution of length 2L (rfft/irfft) + D u.
  Parameters as S4DParams: log_dt [H], a_real, a_imag, b_re, b_im, c_re, c_im [H, N], d [H].
* S4 DPLR (N = 32 kept modes = d_state 64, A = Lambda - P P^H on [x; conj x], bilinear): the kernel
  is materialized, not computed by Cauchy/Woodbury: per channel the real 2N x 2N matrix of the
  real-linear map A, the bilinear dA = (I - dt/2 A)^-1 (I + dt/2 A) and dB by a batched solve,
  then K_l = C dA^l dB for l < L by Krylov doubling (state-spaces' `krylov`: log2 L rounds of
  batched matmuls), then the same FFT convolution. Parameters as S4Params (log_dt, Lambda, P, B, C
  complex [H, N], d). The step is x <- dA x + dB u with the dense dA (one bmm for all channels).
* S5 (P = 64, M = 32 stored modes, conjugate symmetry, ZOH, per-mode dt): Bu = u B_bar^T, then the
  linear recurrence x_k = Lambda_bar x_{k-1} + Bu_k by a parallel (Hillis-Steele, log2 L rounds)
  scan over the length axis, y = 2 Re(x C~^T) + D u. Parameters as S5Params.
* Mamba mixer (d_state 16, d_conv 4, expand 2, dt_rank 4): mamba_simple Mamba.forward with
  selective_scan_ref (a Python loop over the 2048 steps; per-step slices by unbind, see
  selective_scan_ref below), the step as Mamba.step.

Usage: /usr/bin/python3 benchmarks/peers/ssm_layers_torch.py [reps [threads [s4d,s4,s5,mamba]]]
       /usr/bin/python3 benchmarks/peers/ssm_layers_torch.py --check   (forward == step, each layer)
"""
import math
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

B, L, H = 16, 2048, 64


def fft_conv(u, k, d):
    """y = K * u + D u causally; u [B, L, H], k [H, L], d [H]."""
    n = 2 * u.shape[1]
    uf = torch.fft.rfft(u.transpose(1, 2), n=n)
    kf = torch.fft.rfft(k, n=n)
    y = torch.fft.irfft(uf * kf, n=n)[..., : u.shape[1]].transpose(1, 2)
    return y + u * d


class S4D(nn.Module):
    def __init__(self, h=H, n=32):
        super().__init__()
        self.log_dt = nn.Parameter(torch.rand(h) * (math.log(0.1) - math.log(1e-3)) + math.log(1e-3))
        self.a_real = nn.Parameter(torch.full((h, n), math.log(0.5)))
        self.a_imag = nn.Parameter(math.pi * torch.arange(n).float().repeat(h, 1))
        self.b_re = nn.Parameter(torch.ones(h, n))
        self.b_im = nn.Parameter(torch.zeros(h, n))
        self.c_re = nn.Parameter(torch.randn(h, n) * math.sqrt(0.5))
        self.c_im = nn.Parameter(torch.randn(h, n) * math.sqrt(0.5))
        self.d = nn.Parameter(torch.randn(h))

    def discrete(self):
        a = torch.complex(-torch.exp(self.a_real), self.a_imag)
        dt_a = a * torch.exp(self.log_dt)[:, None]
        d_a = torch.exp(dt_a)
        d_b = (d_a - 1) / a * torch.complex(self.b_re, self.b_im)
        return dt_a, d_a, d_b

    def forward(self, u):
        dt_a, _, d_b = self.discrete()
        w = torch.complex(self.c_re, self.c_im) * d_b
        powers = torch.exp(dt_a[:, :, None] * torch.arange(u.shape[1], device=u.device))
        k = 2 * torch.einsum("hn,hnl->hl", w, powers).real
        return fft_conv(u, k, self.d)

    def stepper(self):
        _, d_a, d_b = self.discrete()
        c = torch.complex(self.c_re, self.c_im)
        x = torch.zeros_like(d_a)

        def step(u):  # u [H]
            nonlocal x
            x = d_a * x + d_b * u[:, None]
            return 2 * (c * x).sum(-1).real + self.d * u

        return step


class S4(nn.Module):
    """DPLR S4 with a materialized kernel (see the module docstring)."""

    def __init__(self, h=H, n=32):
        super().__init__()
        self.log_dt = nn.Parameter(torch.rand(h) * (math.log(0.1) - math.log(1e-3)) + math.log(1e-3))
        # initial values do not change the cost: S4D-Lin-like Lambda, small random rank-1 P
        self.a_real = nn.Parameter(torch.full((h, n), math.log(0.5)))
        self.a_imag = nn.Parameter(math.pi * torch.arange(n).float().repeat(h, 1))
        self.p_re = nn.Parameter(0.1 * torch.randn(h, n))
        self.p_im = nn.Parameter(0.1 * torch.randn(h, n))
        self.b_re = nn.Parameter(torch.ones(h, n))
        self.b_im = nn.Parameter(torch.zeros(h, n))
        self.c_re = nn.Parameter(torch.randn(h, n) * math.sqrt(0.5))
        self.c_im = nn.Parameter(torch.randn(h, n) * math.sqrt(0.5))
        self.d = nn.Parameter(torch.randn(h))

    def discrete(self):
        h, n = self.a_real.shape
        lr, li = -torch.exp(self.a_real), self.a_imag
        top = torch.cat([torch.diag_embed(lr), -torch.diag_embed(li)], -1)
        bottom = torch.cat([torch.diag_embed(li), torch.diag_embed(lr)], -1)
        p = torch.cat([self.p_re, self.p_im], -1)  # [H, 2N]
        a = torch.cat([top, bottom], -2) - 2 * p[:, :, None] * p[:, None, :]
        dt = torch.exp(self.log_dt)[:, None, None]
        eye = torch.eye(2 * n).expand(h, 2 * n, 2 * n)
        lhs = eye - dt / 2 * a
        d_a = torch.linalg.solve(lhs, eye + dt / 2 * a)
        d_b = torch.linalg.solve(lhs, dt * torch.cat([self.b_re, self.b_im], -1)[:, :, None])
        c = 2 * torch.cat([self.c_re, -self.c_im], -1)  # y = 2 (Cr xr - Ci xi)
        return d_a, d_b[..., 0], c

    @staticmethod
    def krylov(length, a, b):
        """[b, a b, a^2 b, ...] of length `length`: a [H, S, S], b [H, S] -> [H, S, length]."""
        v = b[:, :, None]
        power = a
        while v.shape[-1] < length:
            v = torch.cat([v, power @ v], -1)
            power = power @ power
        return v[..., :length]

    def forward(self, u):
        d_a, d_b, c = self.discrete()
        k = torch.einsum("hs,hsl->hl", c, self.krylov(u.shape[1], d_a, d_b))
        return fft_conv(u, k, self.d)

    def stepper(self):
        d_a, d_b, c = self.discrete()
        x = torch.zeros_like(d_b)

        def step(u):
            nonlocal x
            x = torch.bmm(d_a, x[:, :, None])[..., 0] + d_b * u[:, None]
            return (c * x).sum(-1) + self.d * u

        return step


class S5(nn.Module):
    def __init__(self, h=H, m=32):
        super().__init__()
        self.lambda_re = nn.Parameter(torch.full((m,), -0.5))
        self.lambda_im = nn.Parameter(math.pi * torch.arange(m).float())
        self.b_re = nn.Parameter(torch.randn(m, h) / math.sqrt(h))
        self.b_im = nn.Parameter(torch.randn(m, h) / math.sqrt(h))
        self.c_re = nn.Parameter(torch.randn(h, m) / math.sqrt(m))
        self.c_im = nn.Parameter(torch.randn(h, m) / math.sqrt(m))
        self.d = nn.Parameter(torch.randn(h))
        self.log_dt = nn.Parameter(torch.rand(m) * (math.log(0.1) - math.log(1e-3)) + math.log(1e-3))

    def discrete(self):
        lam = torch.complex(self.lambda_re, self.lambda_im)
        lam_bar = torch.exp(lam * torch.exp(self.log_dt))
        b_bar = ((lam_bar - 1) / lam)[:, None] * torch.complex(self.b_re, self.b_im)
        return lam_bar, b_bar, torch.complex(self.c_re, self.c_im)

    def forward(self, u):
        lam_bar, b_bar, c = self.discrete()
        x = u.to(torch.complex64) @ b_bar.T  # [B, L, M]
        a = lam_bar.expand(x.shape[1], -1)  # running products of the recurrence
        shift = 1
        while shift < x.shape[1]:  # Hillis-Steele scan of (a, x) pairs
            x = torch.cat([x[:, :shift], x[:, shift:] + a[shift:] * x[:, :-shift]], 1)
            a = torch.cat([a[:shift], a[shift:] * a[:-shift]], 0)
            shift *= 2
        return 2 * (x @ c.T).real + u * self.d

    def stepper(self):
        lam_bar, b_bar, c = self.discrete()
        x = torch.zeros_like(lam_bar)

        def step(u):
            nonlocal x
            x = lam_bar * x + b_bar @ u.to(torch.complex64)
            return 2 * (c @ x).real + self.d * u

        return step


def selective_scan_ref(u, delta, a, b, c, d):
    """mamba_ssm selective_scan_ref (real A, input-dependent B, C; no z here)."""
    delta_a = torch.exp(torch.einsum("bdl,dn->bdln", delta, a))
    delta_b_u = torch.einsum("bdl,bnl,bdl->bdln", delta, b, u)
    x = u.new_zeros((u.shape[0], u.shape[1], a.shape[1]))
    ys = []
    # the reference indexes deltaA[:, :, i]; its backward then writes a full-size zero gradient per
    # step (quadratic in L: > 5.5 min per fwd + bwd here). unbind gives the same per-step slices
    # with one stacked gradient.
    steps = zip(delta_a.unbind(2), delta_b_u.unbind(2), c.unbind(2))
    for da, dbu, ci in steps:
        x = da * x + dbu
        ys.append(torch.einsum("bdn,bn->bd", x, ci))
    return torch.stack(ys, dim=2) + u * d[:, None]


class Mamba(nn.Module):
    def __init__(self, d_model=H, d_state=16, d_conv=4, expand=2):
        super().__init__()
        self.d_inner = expand * d_model
        self.dt_rank = math.ceil(d_model / 16)
        self.d_state, self.d_conv = d_state, d_conv
        self.in_proj = nn.Linear(d_model, 2 * self.d_inner, bias=False)
        self.conv1d = nn.Conv1d(self.d_inner, self.d_inner, d_conv, groups=self.d_inner, padding=d_conv - 1)
        self.x_proj = nn.Linear(self.d_inner, self.dt_rank + 2 * d_state, bias=False)
        self.dt_proj = nn.Linear(self.dt_rank, self.d_inner, bias=True)
        dt = torch.exp(torch.rand(self.d_inner) * (math.log(0.1) - math.log(1e-3)) + math.log(1e-3))
        dt = dt.clamp(min=1e-4)
        with torch.no_grad():
            self.dt_proj.bias.copy_(dt + torch.log(-torch.expm1(-dt)))
        self.a_log = nn.Parameter(torch.log(torch.arange(1, d_state + 1).float().repeat(self.d_inner, 1)))
        self.d = nn.Parameter(torch.ones(self.d_inner))
        self.out_proj = nn.Linear(self.d_inner, d_model, bias=False)

    def forward(self, u):  # [B, L, D]
        length = u.shape[1]
        x, z = self.in_proj(u).transpose(1, 2).chunk(2, dim=1)  # [B, I, L] each
        x = F.silu(self.conv1d(x)[..., :length])
        dbc = self.x_proj(x.transpose(1, 2))  # [B, L, R + 2N]
        dt, b, c = torch.split(dbc, [self.dt_rank, self.d_state, self.d_state], dim=-1)
        delta = F.softplus(self.dt_proj(dt)).transpose(1, 2)  # [B, I, L]
        a = -torch.exp(self.a_log)
        y = selective_scan_ref(x, delta, a, b.transpose(1, 2), c.transpose(1, 2), self.d)
        y = y * F.silu(z)
        return self.out_proj(y.transpose(1, 2))

    def stepper(self):
        conv_state = torch.zeros(1, self.d_inner, self.d_conv)
        ssm_state = torch.zeros(1, self.d_inner, self.d_state)
        a = -torch.exp(self.a_log)

        def step(u):  # u [D], as mamba_simple Mamba.step for one series
            xz = self.in_proj(u[None])
            x, z = xz.chunk(2, dim=-1)
            conv_state.copy_(torch.roll(conv_state, shifts=-1, dims=-1))
            conv_state[:, :, -1] = x
            x = F.silu(torch.sum(conv_state * self.conv1d.weight[:, 0], dim=-1) + self.conv1d.bias)
            dt, b, c = torch.split(self.x_proj(x), [self.dt_rank, self.d_state, self.d_state], dim=-1)
            dt = F.softplus(F.linear(dt, self.dt_proj.weight) + self.dt_proj.bias)
            d_a = torch.exp(torch.einsum("bd,dn->bdn", dt, a))
            d_b = torch.einsum("bd,bn->bdn", dt, b)
            ssm_state.copy_(ssm_state * d_a + x[..., None] * d_b)
            y = torch.einsum("bdn,bn->bd", ssm_state, c) + self.d * x
            return self.out_proj(y * F.silu(z))[0]

        return step


def measure(name, layer, reps, steps):
    g = torch.Generator().manual_seed(2)
    u = torch.randn(B, L, H, generator=g)
    dy = torch.randn(B, L, H, generator=g)
    fwd, bwd = [], []
    for i in range(reps + 2):
        layer.zero_grad(set_to_none=True)
        t0 = time.perf_counter()
        y = layer(u)
        t1 = time.perf_counter()
        y.backward(dy)
        t2 = time.perf_counter()
        if i >= 2:
            fwd.append((t1 - t0) * 1e3)
            bwd.append((t2 - t1) * 1e3)
    with torch.no_grad():
        step = layer.stepper()
        x = torch.zeros(H)
        out = step(x)
        for _ in range(steps // 10):
            out = step(x)
        t0 = time.perf_counter()
        for i in range(steps):
            x[i % H] = out[(i + 1) % H] * 1e-3
            out = step(x)
        step_us = (time.perf_counter() - t0) / steps * 1e6
    params = sum(p.numel() for p in layer.parameters())
    f, b = statistics.median(fwd), statistics.median(bwd)
    print(
        f"{name} B={B} L={L} H={H}, {params} parameters, torch {torch.__version__}, "
        f"{torch.get_num_threads()} threads: forward {f:.1f} ms, backward {b:.1f} ms, "
        f"fwd+bwd {f + b:.1f} ms (medians of {reps}); streaming step (1 series) {step_us:.2f} us",
        flush=True,
    )


def check():
    """Each layer's batch forward against its own streaming step (length 64, one series)."""
    torch.manual_seed(3)
    for name, layer in [("S4D", S4D()), ("S4", S4()), ("S5", S5()), ("Mamba", Mamba())]:
        u = torch.randn(1, 64, H)
        with torch.no_grad():
            y = layer(u)[0]
            step = layer.stepper()
            ys = torch.stack([step(u[0, t]) for t in range(u.shape[1])])
        err = ((y - ys).abs().max() / ys.abs().max()).item()
        print(f"{name}: forward vs step max relative error {err:.2e}")
        assert err < 1e-4, name


def main():
    if sys.argv[1:] == ["--check"]:
        check()
        return
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
    only = sys.argv[3].split(",") if len(sys.argv) > 3 else ["s4d", "s4", "s5", "mamba"]
    torch.manual_seed(1)
    if "s4d" in only:
        measure("S4D (FFT conv) N=32", S4D(), reps, 20000)
    if "s4" in only:
        measure("S4 (DPLR, materialized kernel) N=32", S4(), max(1, reps // 2), 20000)
    if "s5" in only:
        measure("S5 (parallel scan) P=64 M=32", S5(), max(1, reps // 2), 20000)
    if "mamba" in only:
        measure("Mamba (selective_scan_ref) N=16 K=4 E=2 R=4", Mamba(), max(1, reps // 2), 5000)


if __name__ == "__main__":
    main()
