#!/usr/bin/python3
"""PyTorch peer of `dev.hiss.model.hiss.bench.HissBench` (training throughput only).

Implements the HiSS preset `small-s4d` of hiss-model in plain PyTorch (CPU, float32):

* LL level: Linear(D_in -> 32) -> 2 S4D residual blocks (width 32, N = 16) -> Linear(32 -> 32),
  run on every chunk of k = 10 samples as an independent sequence (x reshaped to
  [B*L/k, k, D_in]); the decoder output at the chunk's last step is the chunk feature.
* HL level: 2 S4D residual blocks (width 32, N = 16) over the chunk features, then the head
  Linear(32 -> D_out).
* Residual block (HiSS S4Model, prenorm): z = LayerNorm(x); z = S4D(z); Dropout; GELU (erf);
  Dropout; Linear(H -> 2H) + GLU; Dropout; x + z. Dropout 0.1.
* S4D kernel: the same parameters as hiss-model's S4DParams (log dt per channel, A = -exp(a_real)
  + i a_imag with S4D-Lin init, complex B and C, D; all trainable), ZOH discretisation
  (dA = exp(dt A), dB = (dA - 1) / A * B), kernel K_l = 2 Re(sum_n C_n dB_n dA_n^l) by Vandermonde,
  applied as a causal FFT convolution of length 2L (as in state-spaces S4D) plus D*u.
  hiss-model runs the same recurrence as a sequential scan instead; the maths is the same.
* Loss: MSE over all outputs; Adam(lr 1e-4); one step = zero_grad, forward, backward, step.

Prints the median ms/step and input samples/s (B*L per step). Usage:
  /usr/bin/python3 benchmarks/peers/hiss_torch.py [batch [length [reps [threads [device]]]]]
device is cpu (default) or cuda; on cuda each timed step ends with torch.cuda.synchronize().
"""
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class S4DKernel(nn.Module):
    def __init__(self, h, n, dt_min=1e-3, dt_max=1e-1):
        super().__init__()
        log_dt = torch.rand(h) * (math.log(dt_max) - math.log(dt_min)) + math.log(dt_min)
        self.log_dt = nn.Parameter(log_dt)
        self.a_real = nn.Parameter(torch.full((h, n), math.log(0.5)))
        self.a_imag = nn.Parameter(math.pi * torch.arange(n).float().repeat(h, 1))
        self.b_re = nn.Parameter(torch.ones(h, n))
        self.b_im = nn.Parameter(torch.zeros(h, n))
        self.c_re = nn.Parameter(torch.randn(h, n) * math.sqrt(0.5))
        self.c_im = nn.Parameter(torch.randn(h, n) * math.sqrt(0.5))
        self.d = nn.Parameter(torch.randn(h))

    def forward(self, u):  # u [B, L, H]
        length = u.shape[1]
        a = torch.complex(-torch.exp(self.a_real), self.a_imag)
        dt_a = a * torch.exp(self.log_dt)[:, None]
        d_a = torch.exp(dt_a)
        d_b = (d_a - 1) / a * torch.complex(self.b_re, self.b_im)
        cb = torch.complex(self.c_re, self.c_im) * d_b
        pos = torch.arange(length, dtype=torch.float32, device=u.device)
        vander = torch.exp(dt_a[:, :, None] * pos)  # [H, N, L]
        k = 2 * torch.einsum("hn,hnl->hl", cb, vander).real  # [H, L]
        n_fft = 2 * length
        uf = torch.fft.rfft(u.transpose(1, 2), n=n_fft)  # [B, H, F]
        kf = torch.fft.rfft(k, n=n_fft)
        y = torch.fft.irfft(uf * kf, n=n_fft)[..., :length].transpose(1, 2)
        return y + u * self.d


class S4DBlock(nn.Module):
    def __init__(self, h, n, p):
        super().__init__()
        self.norm = nn.LayerNorm(h)
        self.kernel = S4DKernel(h, n)
        self.drop = nn.Dropout(p)
        self.out = nn.Linear(h, 2 * h)

    def forward(self, x):
        z = self.kernel(self.norm(x))
        z = self.drop(F.gelu(self.drop(z)))
        z = F.glu(self.out(z), dim=-1)
        return x + self.drop(z)


class Hiss(nn.Module):
    def __init__(self, d_in, d_out, h_ll=32, h_hl=32, depth=2, n=16, p=0.1, k=10):
        super().__init__()
        self.k = k
        self.embed = nn.Linear(d_in, h_ll)
        self.ll = nn.Sequential(*[S4DBlock(h_ll, n, p) for _ in range(depth)])
        self.decoder = nn.Linear(h_ll, h_hl)
        self.hl = nn.Sequential(*[S4DBlock(h_hl, n, p) for _ in range(depth)])
        self.head = nn.Linear(h_hl, d_out)

    def forward(self, x):  # [B, L, D_in]
        b, length, d = x.shape
        chunks = length // self.k
        z = self.ll(self.embed(x.reshape(b * chunks, self.k, d)))
        feats = self.decoder(z[:, -1]).reshape(b, chunks, -1)
        return self.head(self.hl(feats))


def main():
    batch = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    length = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    device = torch.device(sys.argv[5] if len(sys.argv) > 5 else "cpu")
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = Hiss(2, 1).to(device)
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    x = torch.randn(batch, length, 2, device=device)
    y = torch.randn(batch, length // 10, 1, device=device)
    times = []
    for i in range(reps + 3):  # 3 warm-up steps
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        if device.type == "cuda":
            torch.cuda.synchronize()
        if i >= 3:
            times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    ms = times[len(times) // 2]
    print(
        "PyTorch %s HiSS small-s4d (%d params) training B=%d L=%d D_in=2 D_out=1, %d threads:"
        " %.1f ms/step (median of %d), %.0f samples/s on %s"
        % (torch.__version__, params, batch, length, threads, ms, reps, batch * length / (ms / 1e3),
           torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu")
    )


if __name__ == "__main__":
    main()
