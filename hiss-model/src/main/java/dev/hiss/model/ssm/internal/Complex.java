package dev.hiss.model.ssm.internal;

/**
 * An immutable double-precision complex number for the set-up maths (discretization, its
 * derivatives, the HiPPO eigenvectors) and the slow reference. The hot loops of {@code S4DLayer} do
 * not allocate these; they work on split real/imaginary {@code float[]} arrays.
 *
 * <p>Gradient convention used throughout the S4D code: for a real loss L and a complex quantity z =
 * a + ib, the "gradient" of L with respect to z is the complex number dL/da + i dL/db. With this
 * convention, z = w·s gives grad(w) = conj(s)·grad(z), and for holomorphic z = f(w), grad(w) =
 * conj(f'(w))·grad(z).
 *
 * @param re real part
 * @param im imaginary part
 */
public record Complex(double re, double im) {

  /** Zero. */
  public static final Complex ZERO = new Complex(0, 0);

  /** One. */
  public static final Complex ONE = new Complex(1, 0);

  /** Returns the real number x as a complex number. */
  public static Complex real(double x) {
    return new Complex(x, 0);
  }

  /** Returns this + o. */
  public Complex plus(Complex o) {
    return new Complex(re + o.re, im + o.im);
  }

  /** Returns this - o. */
  public Complex minus(Complex o) {
    return new Complex(re - o.re, im - o.im);
  }

  /** Returns this · o. */
  public Complex times(Complex o) {
    return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
  }

  /** Returns this · s for a real s. */
  public Complex times(double s) {
    return new Complex(re * s, im * s);
  }

  /** Returns this / o (Smith's algorithm, avoids overflow in |o|²). */
  public Complex div(Complex o) {
    if (Math.abs(o.re) >= Math.abs(o.im)) {
      double r = o.im / o.re;
      double den = o.re + o.im * r;
      return new Complex((re + im * r) / den, (im - re * r) / den);
    }
    double r = o.re / o.im;
    double den = o.re * r + o.im;
    return new Complex((re * r + im) / den, (im * r - re) / den);
  }

  /** Returns the complex conjugate. */
  public Complex conj() {
    return new Complex(re, -im);
  }

  /** Returns |this|. */
  public double abs() {
    return Math.hypot(re, im);
  }

  /** Returns exp(this). */
  public Complex exp() {
    double m = Math.exp(re);
    return new Complex(m * Math.cos(im), m * Math.sin(im));
  }

  /**
   * Returns exp(this) − 1 without cancellation for small |this|.
   *
   * <p>For z = x + iy: Re(e^z − 1) = e^x·cos y − 1 = expm1(x)·cos y − 2·sin²(y/2), and Im(e^z − 1)
   * = e^x·sin y. Both terms of the real part are accurate to a few ulps relative to their own size
   * (Math.expm1 for the first, the half-angle identity cos y − 1 = −2 sin²(y/2) for the second), so
   * the result has no catastrophic cancellation when |z| is tiny, unlike exp(z) − 1.
   */
  public Complex expm1() {
    double em1 = Math.expm1(re);
    double s = Math.sin(0.5 * im);
    double realPart = em1 * Math.cos(im) - 2.0 * s * s;
    double imagPart = (em1 + 1.0) * Math.sin(im);
    return new Complex(realPart, imagPart);
  }

  /** Returns this^n for an integer n ≥ 0 in polar form (|z|^n, n·arg z). */
  public Complex pow(int n) {
    if (n == 0) {
      return ONE;
    }
    double mag = Math.pow(abs(), n);
    double ang = n * Math.atan2(im, re);
    return new Complex(mag * Math.cos(ang), mag * Math.sin(ang));
  }
}
