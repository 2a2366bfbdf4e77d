package dev.hiss.model.ssm;

import java.util.Map;

/**
 * The chain rule of {@link S4Reference}'s dense bilinear discretization, from the gradients of one
 * (dA, dB) to (logDt, Λ, P, B): for dA = M⁻¹·N₊, dB = M⁻¹·Δb with M = I − Δ/2·A, N₊ = I + Δ/2·A,
 * g(N₊) = M⁻ᵀ·g(dA), g(Δb) = M⁻ᵀ·g(dB), g(M) = −g(N₊)·dAᵀ − g(Δb)·dBᵀ; then A = Λ-blocks − 2·p·pᵀ.
 * Δ = Δ_h·scale, dΔ/dlogDt = Δ.
 */
final class S4DenseChain {

  private S4DenseChain() {}

  static void chain(
      S4Reference ref,
      int h,
      double scale,
      S4Reference.Dense s,
      double[][] gdA,
      double[] gdB,
      Map<String, double[]> g) {
    int nc = ref.config.stateSize();
    int m = 2 * nc;
    double dt = ref.dt(h) * scale;
    double[][] mt = RealMatrix.transpose(s.minv());
    double[][] gNp = RealMatrix.times(mt, gdA);
    double[] gBdt = RealMatrix.times(mt, gdB);
    double[][] gA = new double[m][m];
    double gDt = 0;
    double[] b = new double[m];
    double[] pv = new double[m];
    for (int n = 0; n < nc; n++) {
      int i = h * nc + n;
      b[n] = ref.params.get("bRe")[i];
      b[nc + n] = ref.params.get("bIm")[i];
      pv[n] = ref.params.get("pRe")[i];
      pv[nc + n] = ref.params.get("pIm")[i];
    }
    for (int i = 0; i < m; i++) {
      gDt += b[i] * gBdt[i];
      for (int j = 0; j < m; j++) {
        double gM = 0;
        for (int k = 0; k < m; k++) {
          gM -= gNp[i][k] * s.dA()[j][k];
        }
        gM -= gBdt[i] * s.dB()[j];
        gA[i][j] = 0.5 * dt * (gNp[i][j] - gM);
        gDt += 0.5 * s.a()[i][j] * (gNp[i][j] - gM);
      }
    }
    g.get("logDt")[h] += gDt * dt;
    for (int n = 0; n < nc; n++) {
      int i = h * nc + n;
      double gpr = 0;
      double gpi = 0;
      for (int j = 0; j < m; j++) {
        gpr -= 2 * (gA[n][j] + gA[j][n]) * pv[j];
        gpi -= 2 * (gA[nc + n][j] + gA[j][nc + n]) * pv[j];
      }
      double glr = gA[n][n] + gA[nc + n][nc + n];
      double gli = gA[nc + n][n] - gA[n][nc + n];
      g.get("aReal")[i] += -Math.exp(ref.params.get("aReal")[i]) * glr;
      g.get("aImag")[i] += gli;
      g.get("pRe")[i] += gpr;
      g.get("pIm")[i] += gpi;
      g.get("bRe")[i] += dt * gBdt[n];
      g.get("bIm")[i] += dt * gBdt[nc + n];
    }
  }
}
