#!/usr/bin/python3
"""Independent NumPy reference for the S4D layer kernel (golden values for S4DGoldenTest).

Writes golden_s4d.json next to this script. Run with Debian's python3-numpy:
    /usr/bin/python3 golden_s4d.py
The Java tests only read the JSON; this script is not needed to run them.

Conventions (same as dev.hiss.model.ssm.S4DParams), channel h, mode n (index h*N + n):
  dt = exp(logDt[h]);  A = -exp(aReal) + 1j*aImag;  B = bRe + 1j*bIm;  C = cRe + 1j*cIm
  ZOH:      dA = exp(dt*A),  dB = (exp(dt*A) - 1)/A * B   (series for tiny |dt*A|)
  bilinear: dA = (1 + dt*A/2)/(1 - dt*A/2),  dB = dt/(1 - dt*A/2) * B
  kernel:   K[h, l] = 2 Re sum_n C dB dA^l
  y[t, h] = sum_{l<=t} K[h, l] u[t-l, h] + D[h] u[t, h]   (one series, layout [L, H])
Parameters are rounded to float32 first so that Java loads exactly the same values.
Also: S4D-LegS modes (eigenvalues of the skew part of HiPPO-LegS + P P^T) via numpy.linalg.eigh.
"""
import json
import math
import os

import numpy as np

H, N, L = 2, 3, 12


def f32(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


params = {
    "logDt": f32([math.log(0.05), math.log(1e-5)]),
    "aReal": f32([math.log(0.5), math.log(0.3), math.log(1.7), math.log(1e-4), math.log(0.5), math.log(2.0)]),
    "aImag": f32([0.0, math.pi, 7.5, 1e-4, -2.0, 4000.0]),
    "bRe": f32([1.0, 0.8, -0.3, 1.0, 0.25, 1.5]),
    "bIm": f32([0.0, 0.2, 0.6, 0.0, -0.4, 0.1]),
    "cRe": f32([0.5, -0.7, 0.3, 1.1, -0.2, 0.45]),
    "cIm": f32([-0.25, 0.4, 0.9, -0.6, 0.35, -0.15]),
    "d": f32([0.3, -1.2]),
}
u = f32(np.sin(0.7 * np.arange(L * H)) + 0.1 * np.arange(L * H) / (L * H)).reshape(L, H)


def phi1(z):
    if abs(z) < 1e-2:
        return sum(z ** k / math.factorial(k + 1) for k in range(12))
    return (np.exp(z) - 1.0) / z


def discretize(rule):
    dA = np.zeros((H, N), dtype=np.complex128)
    dB = np.zeros((H, N), dtype=np.complex128)
    for h in range(H):
        dt = math.exp(params["logDt"][h])
        for n in range(N):
            i = h * N + n
            A = -math.exp(params["aReal"][i]) + 1j * params["aImag"][i]
            B = params["bRe"][i] + 1j * params["bIm"][i]
            z = dt * A
            if rule == "zoh":
                dA[h, n] = np.exp(z)
                dB[h, n] = dt * phi1(z) * B
            else:
                dA[h, n] = (1 + z / 2) / (1 - z / 2)
                dB[h, n] = dt / (1 - z / 2) * B
    return dA, dB


def run(rule):
    dA, dB = discretize(rule)
    C = (params["cRe"] + 1j * params["cIm"]).reshape(H, N)
    ls = np.arange(L)
    K = 2 * np.real(np.einsum("hn,hnl->hl", C * dB, dA[:, :, None] ** ls[None, None, :]))
    y = np.zeros((L, H))
    for h in range(H):
        full = np.convolve(u[:, h], K[h])[:L]
        y[:, h] = full + params["d"][h] * u[:, h]
    return {
        "dA_re": dA.real.ravel().tolist(),
        "dA_im": dA.imag.ravel().tolist(),
        "dB_re": dB.real.ravel().tolist(),
        "dB_im": dB.imag.ravel().tolist(),
        "kernel": K.ravel().tolist(),
        "y": y.ravel().tolist(),
    }


def legs(state_size):
    m = 2 * state_size
    q = np.arange(m, dtype=np.float64)
    col, row = np.meshgrid(q, q)
    r = 2 * q + 1
    Mt = -(np.where(row >= col, r, 0) - np.diag(q))
    T = np.sqrt(np.diag(2 * q + 1))
    A = T @ Mt @ np.linalg.inv(T)
    Bl = np.diag(T)
    P = np.sqrt(q + 0.5)
    AP = A + np.outer(P, P)
    w, V = np.linalg.eigh(AP * -1j)  # eigh reads the lower triangle: the Hermitian -iS
    idx = np.argsort(w)
    w, V = w[idx][:state_size], V[:, idx][:, :state_size]
    b = V.conj().T @ Bl
    return {"stateSize": state_size, "omega": w.tolist(), "b_abs": np.abs(b).tolist(),
            "re_mean": float(np.mean(np.diag(AP)))}


out = {
    "H": H, "N": N, "L": L,
    "params": {k: v.tolist() for k, v in params.items()},
    "u": u.ravel().tolist(),
    "zoh": run("zoh"),
    "bilinear": run("bilinear"),
    "legs": legs(4),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden_s4d.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", path)
