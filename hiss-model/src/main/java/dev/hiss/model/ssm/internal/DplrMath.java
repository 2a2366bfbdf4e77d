package dev.hiss.model.ssm.internal;

/**
 * Per-channel S4 (DPLR) discretization maths in double precision: the bilinear step coefficients of
 * A = diag(Λ) − P·P^H and the vector-Jacobian product back to Δ, Λ and P. Shared by {@code
 * S4Layer}; the dense {@code S4Reference} does not use it (it inverts the dense matrix instead).
 *
 * <p>On the kept half x of a conjugate-symmetric state, A·x = Λ∘x − P·2Re(P^H x). Multiplying the
 * bilinear rule (I − Δ/2·A)·x' = (I + Δ/2·A)·x + Δ·B·u by 2/Δ gives, with q = 2/Δ:
 *
 * <pre>
 *   (q − Λ)∘x' + P·2Re(P^H x') = w,   w = (q + Λ)∘x − P·2Re(P^H x) + 2·B·u.
 * </pre>
 *
 * The rank-1 Woodbury identity solves it in O(N): with Dg = 1/(q − Λ), den = 1 + 2·Σ|P_n|²·Re(Dg_n)
 * (≥ 1 because Re Λ &lt; 0) and R = conj(P)∘Dg/den, x' = Dg∘(w − P·r) where r = 2Re(Σ R_n w_n).
 * This is s4.py's {@code _step_state_linear} (E = q + Λ, D = Dg, R as here).
 */
public final class DplrMath {

  private DplrMath() {}

  /**
   * Step coefficients of one channel.
   *
   * @param dt Δ &gt; 0
   * @param lambda Λ, length N
   * @param p P, length N
   * @param e receives E = 2/Δ + Λ
   * @param dg receives Dg = 1/(2/Δ − Λ)
   * @param r receives R = conj(P)∘Dg / den
   */
  public static void coefficients(
      double dt, Complex[] lambda, Complex[] p, Complex[] e, Complex[] dg, Complex[] r) {
    double q = 2.0 / dt;
    double den = 1.0;
    for (int n = 0; n < lambda.length; n++) {
      e[n] = lambda[n].plus(Complex.real(q));
      dg[n] = Complex.ONE.div(Complex.real(q).minus(lambda[n]));
      double pp = p[n].re() * p[n].re() + p[n].im() * p[n].im();
      den += 2.0 * pp * dg[n].re();
    }
    for (int n = 0; n < lambda.length; n++) {
      r[n] = p[n].conj().times(dg[n]).times(1.0 / den);
    }
  }

  /**
   * Vector-Jacobian product of {@link #coefficients}: given the gradients (convention dL/dRe +
   * i·dL/dIm) with respect to E, Dg and R, adds the gradients with respect to Λ and P and returns
   * dL/dΔ.
   *
   * @param dt Δ
   * @param lambda Λ, length N
   * @param p P, length N
   * @param gradE dL/dE
   * @param gradDg dL/dDg (not modified)
   * @param gradR dL/dR
   * @param gradLambda receives dL/dΛ (overwritten)
   * @param gradP dL/dP, added to in place
   * @return dL/dΔ
   */
  public static double vjp(
      double dt,
      Complex[] lambda,
      Complex[] p,
      Complex[] gradE,
      Complex[] gradDg,
      Complex[] gradR,
      Complex[] gradLambda,
      Complex[] gradP) {
    int nCount = lambda.length;
    double q = 2.0 / dt;
    Complex[] dg = new Complex[nCount];
    double den = 1.0;
    for (int n = 0; n < nCount; n++) {
      dg[n] = Complex.ONE.div(Complex.real(q).minus(lambda[n]));
      den += 2.0 * (p[n].re() * p[n].re() + p[n].im() * p[n].im()) * dg[n].re();
    }
    // R_n = a_n / den, a_n = conj(P_n)·Dg_n
    Complex[] gDg = gradDg.clone();
    double gInvDen = 0;
    for (int n = 0; n < nCount; n++) {
      Complex a = p[n].conj().times(dg[n]);
      gInvDen += a.re() * gradR[n].re() + a.im() * gradR[n].im();
      Complex ga = gradR[n].times(1.0 / den);
      gradP[n] = gradP[n].plus(dg[n].times(ga.conj()));
      gDg[n] = gDg[n].plus(p[n].times(ga));
    }
    double gDen = -gInvDen / (den * den);
    // den = 1 + 2·Σ |P_n|²·Re(Dg_n)
    double gq = 0;
    for (int n = 0; n < nCount; n++) {
      double pp = p[n].re() * p[n].re() + p[n].im() * p[n].im();
      gradP[n] = gradP[n].plus(p[n].times(4.0 * gDen * dg[n].re()));
      gDg[n] = gDg[n].plus(Complex.real(2.0 * gDen * pp));
      // Dg = 1/(q − Λ): dDg/dΛ = Dg², dDg/dq = −Dg²;  E = q + Λ
      Complex d2 = dg[n].times(dg[n]).conj().times(gDg[n]);
      gradLambda[n] = d2.plus(gradE[n]);
      gq += gradE[n].re() - d2.re();
    }
    return gq * (-2.0 / (dt * dt));
  }
}
