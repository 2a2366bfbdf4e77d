package dev.hiss.model.ssm.internal;

import dev.hiss.model.ssm.S4DConfig.Discretization;

/**
 * Per-mode S4D maths in double precision: the continuous A from its parameters, the discretization
 * (dA, dB) of one diagonal mode, and the vector-Jacobian product of that discretization. Shared by
 * {@code S4DLayer} and {@code S4DReference} (the reference is validated against central finite
 * differences, the discretization against an independent NumPy script).
 *
 * <p>ZOH, with z = Δ·A: dA = e^z and dB = Δ·φ1(z)·B, φ1(z) = (e^z − 1)/z. The numerator uses {@link
 * Complex#expm1()} so that dB keeps full relative precision when |ΔA| is tiny (the naive (exp(ΔA) −
 * 1)/A loses about −log10|ΔA| digits). Its derivative dφ1/dz = (z·e^z − (e^z − 1))/z² is evaluated
 * by its Taylor series Σ_k (k+1)/(k+2)!·z^k for |z| < ½ for the same reason.
 *
 * <p>Bilinear, with w = 1/(1 − z/2): dA = (1 + z/2)·w and dB = Δ·w·B.
 */
public final class ModeMath {

  private static final double SERIES_RADIUS = 0.5;
  private static final int SERIES_TERMS = 24;

  private ModeMath() {}

  /**
   * The continuous eigenvalue A = −exp(aReal) + i·aImag.
   *
   * @param aReal log(−Re A)
   * @param aImag Im A
   * @return A
   */
  public static Complex continuousA(double aReal, double aImag) {
    return new Complex(-Math.exp(aReal), aImag);
  }

  /**
   * Discretizes one mode.
   *
   * @param rule discretization rule
   * @param dt step size Δ > 0
   * @param a continuous eigenvalue A
   * @param b input coefficient B
   * @return {dA, dB}
   */
  public static Complex[] discretize(Discretization rule, double dt, Complex a, Complex b) {
    Complex z = a.times(dt);
    if (rule == Discretization.ZOH) {
      return new Complex[] {z.exp(), b.times(phi1(z).times(dt))};
    }
    Complex w = Complex.ONE.div(Complex.ONE.minus(z.times(0.5)));
    return new Complex[] {Complex.ONE.plus(z.times(0.5)).times(w), b.times(w.times(dt))};
  }

  /**
   * Vector-Jacobian product of {@link #discretize}: given the gradients of the loss with respect to
   * dA and dB (convention of {@link Complex}), returns the gradients with respect to Δ, A and B.
   *
   * @param rule discretization rule
   * @param dt step size Δ
   * @param a continuous A
   * @param b B
   * @param gA gradient with respect to dA
   * @param gB gradient with respect to dB
   * @param out receives {dL/dΔ, Re gradA, Im gradA, Re gradB, Im gradB}
   */
  public static void vjp(
      Discretization rule, double dt, Complex a, Complex b, Complex gA, Complex gB, double[] out) {
    Complex z = a.times(dt);
    Complex dAdA; // ∂dA/∂A
    Complex dAdDt; // ∂dA/∂Δ
    Complex dBdA; // ∂dB/∂A
    Complex dBdDt; // ∂dB/∂Δ
    Complex dBdB; // ∂dB/∂B
    if (rule == Discretization.ZOH) {
      Complex ez = z.exp();
      dAdA = ez.times(dt);
      dAdDt = a.times(ez);
      dBdA = b.times(phi1Prime(z)).times(dt * dt);
      dBdDt = b.times(ez);
      dBdB = phi1(z).times(dt);
    } else {
      Complex w = Complex.ONE.div(Complex.ONE.minus(z.times(0.5)));
      Complex w2 = w.times(w);
      dAdA = w2.times(dt);
      dAdDt = a.times(w2);
      dBdA = b.times(w2).times(0.5 * dt * dt);
      dBdDt = b.times(w).plus(b.times(w2).times(a).times(0.5 * dt));
      dBdB = w.times(dt);
    }
    Complex gradA = dAdA.conj().times(gA).plus(dBdA.conj().times(gB));
    Complex gradB = dBdB.conj().times(gB);
    out[0] = realDot(gA, dAdDt) + realDot(gB, dBdDt);
    out[1] = gradA.re();
    out[2] = gradA.im();
    out[3] = gradB.re();
    out[4] = gradB.im();
  }

  /** Re(conj(g)·f): the derivative of L along a real parameter that moves z at velocity f. */
  private static double realDot(Complex g, Complex f) {
    return g.re() * f.re() + g.im() * f.im();
  }

  /** φ1(z) = (e^z − 1)/z, with φ1(0) = 1, via the cancellation-free complex expm1. */
  static Complex phi1(Complex z) {
    if (z.re() == 0 && z.im() == 0) {
      return Complex.ONE;
    }
    return z.expm1().div(z);
  }

  /** φ1'(z) = (z·e^z − (e^z − 1))/z²; Taylor series near 0. */
  static Complex phi1Prime(Complex z) {
    if (z.abs() < SERIES_RADIUS) {
      // Σ_{k≥0} (k+1)/(k+2)! z^k, summed by Horner from the highest term.
      Complex sum = Complex.ZERO;
      for (int k = SERIES_TERMS; k >= 0; k--) {
        sum = sum.times(z).plus(Complex.real((k + 1) / factorial(k + 2)));
      }
      return sum;
    }
    return z.times(z.exp()).minus(z.expm1()).div(z.times(z));
  }

  private static double factorial(int k) {
    double f = 1;
    for (int i = 2; i <= k; i++) {
      f *= i;
    }
    return f;
  }
}
