package dev.hiss.model.ssm.internal;

/**
 * Scalar activations of the Mamba mixer and their derivatives, in double precision, with PyTorch's
 * conventions (softplus with beta 1 and threshold 20).
 */
public final class Activations {

  /** Above this input, softplus is the identity (PyTorch and the mamba CUDA kernel). */
  public static final double SOFTPLUS_THRESHOLD = 20;

  private Activations() {}

  /** σ(x) = 1/(1 + e^−x). */
  public static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** SiLU(x) = x·σ(x). */
  public static double silu(double x) {
    return x * sigmoid(x);
  }

  /** d SiLU/dx = σ(x)·(1 + x·(1 − σ(x))). */
  public static double siluGrad(double x) {
    double s = sigmoid(x);
    return s * (1 + x * (1 - s));
  }

  /** softplus(x) = log(1 + e^x), or x when x &gt; 20. */
  public static double softplus(double x) {
    return x > SOFTPLUS_THRESHOLD ? x : Math.log1p(Math.exp(x));
  }

  /** d softplus/dx = σ(x), or 1 when x &gt; 20 (consistent with the thresholded forward). */
  public static double softplusGrad(double x) {
    return x > SOFTPLUS_THRESHOLD ? 1 : sigmoid(x);
  }

  /** softplus⁻¹(y) = y + log(−expm1(−y)) for y &gt; 0 (mamba's dt_proj bias init). */
  public static double inverseSoftplus(double y) {
    return y + Math.log(-Math.expm1(-y));
  }
}
