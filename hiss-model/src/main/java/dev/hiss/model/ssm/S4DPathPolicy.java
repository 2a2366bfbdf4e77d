package dev.hiss.model.ssm;

import java.util.Objects;

/**
 * How {@link S4DLayer} chooses between its sequential scan and its FFT convolution for a forward or
 * backward pass that both can run (no reset mask, zero initial state, no per-step Δ; otherwise the
 * scan always runs).
 *
 * <p>{@link Mode#AUTO} compares two per-channel cost estimates for fwd + bwd, fitted by least
 * squares to {@code S4DPathBench} timings (B ∈ {1, 4, 16}, N ∈ {4, 16, 64}, L ∈ {128 … 4096}, H =
 * 64) on the shared 2-core development machine (see BENCHMARKS.md, "S4D: scan or FFT"):
 *
 * <ul>
 *   <li>scan: {@code scanNs}·B·L·N;
 *   <li>FFT: {@code fftNs}·B·F·log2(F) for the real FFTs of size F = 2^⌈log2 2L⌉ and {@code
 *       kernelNs}·L·N for the Vandermonde kernel (built in forward and backward) and its
 *       vector-Jacobian product, paid once per call and channel.
 * </ul>
 *
 * <p>Only the ratios matter (the machine was loaded, so the absolute values are ~3× the quiet
 * figures). The FFT wins when B·N is large, because the kernel is shared by the batch; with N = 4
 * the scan wins or ties at every B and L measured. The final-state recurrence (forward) and the
 * initial-state gradient (backward) cost the FFT path about 0.09·scanNs·B·L·N more when asked for;
 * they are left out of the estimate so that a forward and its backward always take the same path.
 * {@link Mode#SCAN} and {@link Mode#FFT} override the estimate.
 *
 * @param mode AUTO, SCAN or FFT
 * @param scanNs scan cost per (series, step, mode), ns, &gt; 0 and finite
 * @param fftNs FFT cost per (series, F·log2 F), ns, &gt; 0 and finite
 * @param kernelNs kernel cost per (step, mode), ns, &gt; 0 and finite
 */
public record S4DPathPolicy(Mode mode, double scanNs, double fftNs, double kernelNs) {

  /** Who decides. */
  public enum Mode {
    /** The cheaper path by the cost estimate. */
    AUTO,
    /** Always the scan. */
    SCAN,
    /** The FFT convolution whenever it applies. */
    FFT
  }

  /** The algorithm chosen for one call. */
  public enum Path {
    /** Sequential scan. */
    SCAN,
    /** FFT convolution. */
    FFT
  }

  /** AUTO with the constants measured on the development machine. */
  public static final S4DPathPolicy AUTO = new S4DPathPolicy(Mode.AUTO, 10.5, 3.7, 4.0);

  /** Always the scan. */
  public static final S4DPathPolicy SCAN = AUTO.withMode(Mode.SCAN);

  /** The FFT convolution whenever it applies. */
  public static final S4DPathPolicy FFT = AUTO.withMode(Mode.FFT);

  /** Validates every field; messages name the field and its value. */
  public S4DPathPolicy {
    Objects.requireNonNull(mode, "Invalid mode = null; must be one of AUTO, SCAN, FFT");
    check("scanNs", scanNs);
    check("fftNs", fftNs);
    check("kernelNs", kernelNs);
  }

  private static void check(String name, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(
          "Invalid " + name + " = " + v + "; must be > 0 and finite");
    }
  }

  /** Returns a copy with another mode. */
  public S4DPathPolicy withMode(Mode newMode) {
    return new S4DPathPolicy(newMode, scanNs, fftNs, kernelNs);
  }

  /**
   * The path for a call the FFT convolution can run.
   *
   * @param batch B &gt; 0
   * @param length L &gt; 0
   * @param stateSize N &gt; 0
   * @return SCAN or FFT
   */
  public Path choose(int batch, int length, int stateSize) {
    if (batch <= 0 || length <= 0 || stateSize <= 0) {
      throw new IllegalArgumentException(
          "Invalid batch/length/stateSize = "
              + batch
              + "/"
              + length
              + "/"
              + stateSize
              + "; must be > 0");
    }
    return switch (mode) {
      case SCAN -> Path.SCAN;
      case FFT -> Path.FFT;
      case AUTO ->
          fftCost(batch, length, stateSize) < scanCost(batch, length, stateSize)
              ? Path.FFT
              : Path.SCAN;
    };
  }

  /** The scan estimate per channel, ns. */
  public double scanCost(int batch, int length, int stateSize) {
    return scanNs * batch * (double) length * stateSize;
  }

  /** The FFT estimate per channel, ns. */
  public double fftCost(int batch, int length, int stateSize) {
    double f = S4DConvolution.fftSize(length);
    double log2 = Math.log(f) / Math.log(2);
    return fftNs * batch * f * log2 + kernelNs * (double) length * stateSize;
  }
}
