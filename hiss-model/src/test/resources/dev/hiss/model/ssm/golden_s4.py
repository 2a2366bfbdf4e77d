#!/usr/bin/python3
"""Independent NumPy reference for the S4 (DPLR) layer kernel (golden values for S4GoldenTest).

Writes golden_s4.json next to this script. Run with Debian's python3-numpy:
    /usr/bin/python3 golden_s4.py
The Java tests only read the JSON; this script is not needed to run them.

Part "dplr": fixed small parameters (conventions of dev.hiss.model.ssm.S4Params, index h*N + n):
  dt = exp(logDt[h]);  Lambda = -exp(aReal) + 1j*aImag;  P = pRe + 1j*pIm;  B, C likewise
  full conjugate-expanded system (2N x 2N complex), as s4.py's SSMKernelDPLR:
    A = diag([Lambda, conj(Lambda)]) - [P; conj(P)] [P; conj(P)]^H
  bilinear with an explicit inverse: dA = inv(I - dt/2 A) (I + dt/2 A), dB = inv(I - dt/2 A) dt [B; conj(B)]
  kernel K[h, l] = Re([C; conj(C)] . dA^l dB),  y = K * u + D u (one series, layout [L, H]).
Part "legs": the dense real HiPPO-LegS matrix (size M = 2N) with B_legs, its bilinear
  discretization for a fixed dt and a fixed real output vector c_legs, the kernel
  K[l] = c_legs . dA^l dB and y for a fixed input. No eigen-decomposition is involved: Java must
  reproduce it from its DPLR form (Lambda, P, B from HiPPO-LegS, C = c_legs V).
Parameters are rounded to float32 first so that Java loads exactly the same values.
"""
import json
import math
import os

import numpy as np

H, N, L = 2, 3, 16


def f32(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


params = {
    "logDt": f32([math.log(0.05), math.log(0.7)]),
    "aReal": f32([math.log(0.5), math.log(0.3), math.log(1.7), math.log(0.5), math.log(0.05), math.log(2.0)]),
    "aImag": f32([-0.8, 3.1, -7.5, -0.4, 2.0, -11.0]),
    "pRe": f32([0.6, -0.3, 1.1, 0.9, 0.2, -0.5]),
    "pIm": f32([0.1, 0.4, -0.2, 0.0, -0.7, 0.3]),
    "bRe": f32([1.0, 0.8, -0.3, 1.0, 0.25, 1.5]),
    "bIm": f32([0.0, 0.2, 0.6, 0.0, -0.4, 0.1]),
    "cRe": f32([0.5, -0.7, 0.3, 1.1, -0.2, 0.45]),
    "cIm": f32([-0.25, 0.4, 0.9, -0.6, 0.35, -0.15]),
    "d": f32([0.3, -1.2]),
}
u = f32(np.sin(0.7 * np.arange(L * H)) + 0.1 * np.arange(L * H) / (L * H)).reshape(L, H)


def bilinear(A, B, dt):
    eye = np.eye(A.shape[0])
    minv = np.linalg.inv(eye - dt / 2 * A)
    return minv @ (eye + dt / 2 * A), minv @ (dt * B)


def kernel(dA, dB, C, length):
    out, v = [], dB.copy()
    for _ in range(length):
        out.append(np.real(C @ v))
        v = dA @ v
    return np.array(out)


def dplr():
    K = np.zeros((H, L))
    y = np.zeros((L, H))
    for h in range(H):
        sl = slice(h * N, (h + 1) * N)
        lam = -np.exp(params["aReal"][sl]) + 1j * params["aImag"][sl]
        P = params["pRe"][sl] + 1j * params["pIm"][sl]
        B = params["bRe"][sl] + 1j * params["bIm"][sl]
        C = params["cRe"][sl] + 1j * params["cIm"][sl]
        Pf = np.concatenate([P, P.conj()])
        A = np.diag(np.concatenate([lam, lam.conj()])) - np.outer(Pf, Pf.conj())
        dA, dB = bilinear(A, np.concatenate([B, B.conj()]), math.exp(params["logDt"][h]))
        K[h] = kernel(dA, dB, np.concatenate([C, C.conj()]), L)
        y[:, h] = np.convolve(u[:, h], K[h])[:L] + params["d"][h] * u[:, h]
    return {"kernel": K.ravel().tolist(), "y": y.ravel().tolist()}


def legs(state_size, length):
    m = 2 * state_size
    q = np.arange(m, dtype=np.float64)
    A = np.zeros((m, m))
    for n in range(m):
        for k in range(m):
            if n > k:
                A[n, k] = -math.sqrt(2 * n + 1) * math.sqrt(2 * k + 1)
            elif n == k:
                A[n, k] = -(n + 1)
    b = np.sqrt(2 * q + 1)
    dt = float(f32(0.03))
    c = f32(np.cos(1.3 * q) / np.sqrt(q + 1))
    dA, dB = bilinear(A, b, dt)
    K = kernel(dA, dB, c, length)
    x = f32(np.cos(0.45 * np.arange(length)) + 0.05 * np.arange(length))
    y = np.convolve(x, K)[:length]  # D = 0
    return {"stateSize": state_size, "L": length, "dt": dt, "c": c.tolist(), "u": x.tolist(),
            "A": A.ravel().tolist(), "dA": dA.ravel().tolist(), "kernel": K.tolist(),
            "y": y.tolist()}


out = {
    "H": H, "N": N, "L": L,
    "params": {k: v.tolist() for k, v in params.items()},
    "u": u.ravel().tolist(),
    "dplr": dplr(),
    "legs": legs(4, 40),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden_s4.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", path)
