#!/usr/bin/python3
"""Independent NumPy reference for the S5 layer (golden values for S5GoldenTest).

Writes golden_s5.json next to this script. Run with Debian's python3-numpy:
    /usr/bin/python3 golden_s5.py
The Java tests only read the JSON; this script is not needed to run them.

S5 (Smith, Warrington & Linderman, ICLR 2023; lindermanlab/S5 s5/ssm.py), conjugate-symmetric,
M stored modes, H channels. Conventions (same as dev.hiss.model.ssm.S5Params):
  Lambda = lambdaRe + 1j*lambdaIm            [M]   (clip_eigs: Re clipped to <= -1e-4)
  B~ = bRe + 1j*bIm                          [M, H] (row-major m*H + h)
  C~ = cRe + 1j*cIm                          [H, M] (row-major h*M + m)
  Delta = exp(logDt)                         [M]
  ZOH:      Lambda_bar = exp(Lambda*Delta),  B_bar = ((Lambda_bar - 1)/Lambda)[:, None] * B~
  bilinear: BL = 1/(1 - Delta/2*Lambda), Lambda_bar = BL*(1 + Delta/2*Lambda), B_bar = (BL*Delta)[:, None] * B~
  x_k = Lambda_bar * x_{k-1} + B_bar @ u_k,  x_{-1} = x0;   y_k = 2 Re(C~ @ x_k) + D * u_k
computed here with numpy's matrix products over the whole sequence via explicit powers
(x_k = Lambda_bar^(k+1) x0 + sum_j Lambda_bar^(k-j) B_bar u_j), not with a step loop.
Parameters are rounded to float32 first so that Java loads exactly the same values.
Also: the HiPPO-N block eigendecomposition (numpy.linalg.eigh of -1j*S, S = A_LegS + p p^T).
"""
import json
import math
import os

import numpy as np

H, M, L = 2, 3, 10


def f32(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


params = {
    "lambdaRe": f32([-0.5, -1e-4, 0.05]),
    "lambdaIm": f32([-3.0, 1e-4, -0.7]),
    "bRe": f32([0.4, -0.3, 1.0, 0.5, -0.2, 0.8]),
    "bIm": f32([0.1, 0.6, -0.2, 0.0, 0.3, -0.5]),
    "cRe": f32([0.5, -0.7, 0.3, 1.1, -0.2, 0.45]),
    "cIm": f32([-0.25, 0.4, 0.9, -0.6, 0.35, -0.15]),
    "d": f32([0.3, -1.2]),
    "logDt": f32([math.log(0.05), math.log(1e-5), math.log(0.3)]),
}
x0 = f32([0.2, -0.4, 0.1, 0.3, -0.25, 0.5])  # re[M] then im[M]
u = f32(np.cos(0.9 * np.arange(L * H)) + 0.05 * np.arange(L * H)).reshape(L, H)


def phi1(z):
    if abs(z) < 1e-2:
        return sum(z ** k / math.factorial(k + 1) for k in range(12))
    return (np.exp(z) - 1.0) / z


def run(rule, clip):
    lre = params["lambdaRe"].copy()
    if clip:
        lre = np.minimum(lre, -1e-4)
    lam = lre + 1j * params["lambdaIm"]
    delta = np.exp(params["logDt"])
    z = lam * delta
    if rule == "zoh":
        lam_bar = np.exp(z)
        f = np.array([phi1(zz) for zz in z]) * delta  # (exp(z) - 1)/Lambda
    else:
        bl = 1.0 / (1.0 - delta / 2.0 * lam)
        lam_bar = bl * (1.0 + delta / 2.0 * lam)
        f = bl * delta
    b_tilde = (params["bRe"] + 1j * params["bIm"]).reshape(M, H)
    c_tilde = (params["cRe"] + 1j * params["cIm"]).reshape(H, M)
    b_bar = f[:, None] * b_tilde
    xinit = x0[:M] + 1j * x0[M:]
    bu = b_bar @ u.T  # [M, L]
    xs = np.zeros((L, M), dtype=np.complex128)
    for k in range(L):
        acc = lam_bar ** (k + 1) * xinit
        for j in range(k + 1):
            acc = acc + lam_bar ** (k - j) * bu[:, j]
        xs[k] = acc
    y = 2.0 * (xs @ c_tilde.T).real + params["d"][None, :] * u
    return {
        "lambdaBar_re": lam_bar.real.tolist(),
        "lambdaBar_im": lam_bar.imag.tolist(),
        "bBar_re": b_bar.real.ravel().tolist(),
        "bBar_im": b_bar.imag.ravel().tolist(),
        "y": y.ravel().tolist(),
        "final_re": xs[-1].real.tolist(),
        "final_im": xs[-1].imag.tolist(),
    }


def hippo_n(n):
    p = np.sqrt(1 + 2 * np.arange(n))
    a = p[:, None] * p[None, :]
    a = -(np.tril(a) - np.diag(np.arange(n)))
    pp = np.sqrt(np.arange(n) + 0.5)
    s = a + pp[:, None] * pp[None, :]
    lam_im, v = np.linalg.eigh(s * -1j)
    return {
        "blockSize": n,
        "re_mean": float(np.mean(np.diagonal(s))),
        "lambda_im": lam_im.tolist(),
        "v_abs": np.abs(v).ravel().tolist(),  # [n, n] row-major, phase-free
    }


out = {
    "H": H,
    "M": M,
    "L": L,
    "params": {k: v.tolist() for k, v in params.items()},
    "x0": x0.tolist(),
    "u": u.ravel().tolist(),
    "zoh": run("zoh", False),
    "bilinear": run("bilinear", False),
    "zoh_clip": run("zoh", True),
    "hippo_n": hippo_n(8),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden_s5.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=1)
    fh.write("\n")
print("wrote", path)
