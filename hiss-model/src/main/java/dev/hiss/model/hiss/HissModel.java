package dev.hiss.model.hiss;

import dev.hiss.model.hiss.internal.DtScales;
import dev.hiss.model.hiss.internal.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A HiSS model (Bhirangi et al. 2024; HISS-MATH §1.1) over float arrays, with backward.
 *
 * <p>Forward on x [batch, L_in, D_in]: level 0 runs on every chunk of k_0 samples as an independent
 * sequence from a zero state (x reshaped to [batch·L_in/k_0, k_0, D_in]); its decoder output at
 * each chunk's last step is the chunk feature, giving [batch, L_in/k_0, H_1]. Middle levels repeat
 * this on chunks of features. The top level runs over the whole feature sequence with persistent
 * state and its head gives [batch, L_in/Π k, D_out]: prediction j depends on raw samples up to the
 * end of chunk j only.
 *
 * <p>A flat configuration ({@link HissConfig#isFlat()}) runs its one level over the whole input
 * with persistent state and keeps the output at input indices 0, k, 2k, … ({@code pred[:, ::k]}).
 *
 * <p>The head ({@link HissConfig#head()}) gives H = {@link HissConfig#headWidth()} raw outputs per
 * prediction: D_out values for a {@link OutputHead#POINT} head, D_out means then D_out raw variance
 * parameters for a {@link OutputHead#GAUSSIAN} head ({@link GaussianLoss}), Q·D_out raw level
 * values for a {@link OutputHead#QUANTILE} head ({@link QuantileLoss}). {@link #forward} and {@link
 * #backward} work on that raw output; {@link #predict} returns the point predictions (the means, or
 * the median-level quantiles) for any head, {@link #predictDistribution} the means and standard
 * deviations and {@link #predictQuantiles} the quantiles.
 *
 * <p>With {@link HissConfig#dt()} every input x is [batch, L_in, D_in + 1] ({@link
 * HissConfig#inputWidth()}): the last channel is the per-sample Δt scale (finite, &gt; 0), which
 * scales the step size of level 0 per sample and of each higher level per chunk (the mean of the
 * chunk's Δt scales; see {@link HissConfig}). The dL/dx of {@link #backward} has the same width,
 * with zeros in the Δt channel (Δt is data, not differentiated).
 *
 * <p>{@link #forward(float[], int, int, SplittableRandom)} caches activations for {@link
 * #backward(float[])}, which accumulates into the gradients of {@link #parameters()}. Instances are
 * not thread-safe.
 */
public final class HissModel {

  private final HissConfig config;
  private final List<Level> levels = new ArrayList<>();
  private final List<Parameter> parameters;
  private int[] lengths;
  private int batch;
  private int fullLength;

  /**
   * A freshly initialized model (PyTorch-default Linear init, LayerNorm γ = 1, β = 0, kernel inits
   * of {@code dev.hiss.model.ssm}); deterministic for a given seed.
   *
   * @param config the shape
   * @param seed initialization seed
   */
  public HissModel(HissConfig config, long seed) {
    this.config = config;
    SplittableRandom rnd = new SplittableRandom(seed);
    List<LevelConfig> lc = config.levels();
    for (int i = 0; i < lc.size(); i++) {
      boolean top = i == lc.size() - 1;
      int in = i == 0 ? config.inputDim() : lc.get(i).width();
      int out = top ? config.headWidth() : lc.get(i + 1).width();
      levels.add(new Level(lc.get(i), in, out, i == 0, rnd));
    }
    List<Parameter> ps = new ArrayList<>();
    for (int i = 0; i < levels.size(); i++) {
      levels.get(i).parameters("level" + i, ps);
    }
    parameters = Collections.unmodifiableList(ps);
  }

  /** Returns the configuration. */
  public HissConfig config() {
    return config;
  }

  /**
   * Every trainable tensor with its gradient accumulator, in a fixed order with unique names.
   *
   * @return the live parameters
   */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** Returns the total number of scalar parameters. */
  public long parameterCount() {
    return parameters.stream().mapToLong(p -> p.value().length).sum();
  }

  /** Sets every gradient accumulator to zero. */
  public void zeroGrad() {
    parameters.forEach(p -> Arrays.fill(p.grad(), 0f));
  }

  /**
   * Inference forward (no dropout): the point predictions, i.e. the means of a GAUSSIAN head and
   * the quantile nearest the median ({@link QuantileLevels#medianIndex()}) of a QUANTILE head.
   *
   * @param x input [batch, L_in, D_in] ([batch, L_in, D_in + 1] with Δt, {@link HissConfig#dt()})
   * @param batch batch size
   * @param inputLength L_in, a multiple of Π k_i
   * @return predictions [batch, L_in/Π k_i, D_out]
   */
  public float[] predict(float[] x, int batch, int inputLength) {
    return pointOf(config, forward(x, batch, inputLength, null));
  }

  /** The point predictions [rows, D_out] of a raw head output [rows, H]. */
  static float[] pointOf(HissConfig c, float[] h) {
    return switch (c.head()) {
      case POINT -> h;
      case GAUSSIAN -> GaussianLoss.means(h, c.outputDim());
      case QUANTILE -> QuantileLoss.medians(h, c.outputDim(), c.quantiles());
    };
  }

  /**
   * Inference forward of a {@link OutputHead#QUANTILE} model: the quantiles at the levels of {@link
   * HissConfig#quantiles()}, non-crossing ({@link QuantileLoss}).
   *
   * @param x input [batch, L_in, D_in]
   * @param batch batch size
   * @param inputLength L_in, a multiple of Π k_i
   * @return [batch, L_in/Π k_i, Q, D_out], strictly increasing along Q
   * @throws IllegalStateException if the head is not QUANTILE
   */
  public float[] predictQuantiles(float[] x, int batch, int inputLength) {
    requireQuantile(config);
    return QuantileLoss.quantiles(
        forward(x, batch, inputLength, null), config.outputDim(), config.quantiles());
  }

  static void requireQuantile(HissConfig c) {
    if (c.head() != OutputHead.QUANTILE) {
      throw new IllegalStateException(
          "This model has a " + c.head() + " head; quantiles need a QUANTILE head");
    }
  }

  /**
   * Inference forward of a {@link OutputHead#GAUSSIAN} model: mean and standard deviation of each
   * prediction, σ = √(softplus(r) + {@value GaussianLoss#VARIANCE_FLOOR}).
   *
   * @param x input [batch, L_in, D_in] ([batch, L_in, D_in + 1] with Δt, {@link HissConfig#dt()})
   * @param batch batch size
   * @param inputLength L_in, a multiple of Π k_i
   * @return mean and std, each [batch, L_in/Π k_i, D_out]
   * @throws IllegalStateException if the head is not GAUSSIAN
   */
  public GaussianPrediction predictDistribution(float[] x, int batch, int inputLength) {
    requireGaussian(config);
    return GaussianLoss.distribution(forward(x, batch, inputLength, null), config.outputDim());
  }

  static void requireGaussian(HissConfig c) {
    if (c.head() != OutputHead.GAUSSIAN) {
      throw new IllegalStateException(
          "This model has a " + c.head() + " head; distributions need a GAUSSIAN head");
    }
  }

  /**
   * Forward pass; caches activations for {@link #backward(float[])}.
   *
   * @param x input [batch, L_in, D_in] ([batch, L_in, D_in + 1] with Δt, {@link HissConfig#dt()})
   * @param batch batch size
   * @param inputLength L_in, a multiple of Π k_i
   * @param dropoutRng dropout random source (training), or null for inference
   * @return raw head output [batch, L_in/Π k_i, H] (H = {@link HissConfig#headWidth()}; = D_out for
   *     a POINT head)
   */
  public float[] forward(float[] x, int batch, int inputLength, SplittableRandom dropoutRng) {
    return run(x, batch, inputLength, dropoutRng, levels.size());
  }

  /**
   * The chunk features entering level {@code level} (1 = the LL features that the HL model reads),
   * at inference.
   *
   * @param x input [batch, L_in, D_in] ([batch, L_in, D_in + 1] with Δt, {@link HissConfig#dt()})
   * @param batch batch size
   * @param inputLength L_in
   * @param level 1 … levels − 1
   * @return features [batch, L_in/(k_0·…·k_{level−1}), H_level]
   */
  public float[] chunkFeatures(float[] x, int batch, int inputLength, int level) {
    if (level < 1 || level >= levels.size()) {
      throw new IllegalArgumentException(
          "Invalid level = " + level + "; must be in 1.." + (levels.size() - 1));
    }
    return run(x, batch, inputLength, null, level);
  }

  private float[] run(float[] x, int batch, int inputLength, SplittableRandom rnd, int upTo) {
    if (batch <= 0) {
      throw new IllegalArgumentException("Invalid batch = " + batch + "; must be > 0");
    }
    config.outputLength(inputLength);
    long expected = (long) batch * inputLength * config.inputWidth();
    if (x == null || x.length != expected) {
      throw new IllegalArgumentException(
          "Invalid x length = "
              + (x == null ? "null" : x.length)
              + "; must be batch·L_in·"
              + (config.dt() ? "(D_in + 1 Δt channel)" : "D_in")
              + " = "
              + expected);
    }
    float[] dt = null;
    if (config.dt()) {
      dt = new float[batch * inputLength];
      x = DtScales.split(x, batch * inputLength, config.inputWidth(), dt);
      DtScales.check(dt, inputLength);
    }
    this.batch = batch;
    lengths = new int[levels.size()];
    lengths[0] = inputLength;
    if (config.isFlat()) {
      int k = config.chunks().get(0);
      int lOut = inputLength / k;
      int dOut = config.headWidth();
      float[] full = levels.get(0).forward(x, dt, batch, inputLength, rnd, false);
      float[] out = new float[batch * lOut * dOut];
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < lOut; j++) {
          System.arraycopy(
              full, (b * inputLength + j * k) * dOut, out, (b * lOut + j) * dOut, dOut);
        }
      }
      lengths = new int[] {lOut};
      fullLength = inputLength;
      return out;
    }
    float[] h = x;
    for (int i = 0; i < upTo; i++) {
      if (i < levels.size() - 1) {
        int k = config.chunks().get(i);
        int count = lengths[i] / k;
        h = levels.get(i).forward(h, dt, batch * count, k, rnd, true);
        dt = dt == null ? null : DtScales.chunkMeans(dt, batch * count, k);
        lengths[i + 1] = count;
      } else {
        h = levels.get(i).forward(h, dt, batch, lengths[i], rnd, false);
      }
    }
    return h;
  }

  /**
   * Backward of the last {@link #forward}: adds dL/dθ to every parameter's gradient.
   *
   * @param dy dL/d(raw head output) [batch, L_in/Π k_i, H]
   * @return dL/dx [batch, L_in, D_in] ([batch, L_in, D_in + 1] with Δt: 0 in the Δt channel)
   */
  public float[] backward(float[] dy) {
    if (lengths == null) {
      throw new IllegalStateException("backward without a preceding forward");
    }
    int top = levels.size() - 1;
    long expected = (long) batch * lengths[top] * config.headWidth();
    if (dy == null || dy.length != expected) {
      throw new IllegalArgumentException(
          "Invalid dy length = "
              + (dy == null ? "null" : dy.length)
              + "; must be batch·L_out·H = "
              + expected);
    }
    float[] d = dy;
    if (config.isFlat()) {
      int k = config.chunks().get(0);
      int dOut = config.headWidth();
      d = new float[batch * fullLength * dOut];
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < lengths[0]; j++) {
          System.arraycopy(
              dy, (b * lengths[0] + j) * dOut, d, (b * fullLength + j * k) * dOut, dOut);
        }
      }
    }
    for (int i = top; i >= 0; i--) {
      d = levels.get(i).backward(d);
    }
    if (config.dt()) {
      int rows = d.length / config.inputDim();
      d = DtScales.merge(d, new float[rows], rows, config.inputDim()); // dL/dΔt is not computed
    }
    return d;
  }

  /** Re-derives the kernels' cached discretizations (call after changing parameters directly). */
  public void refresh() {
    levels.forEach(Level::refresh);
  }

  /** The levels, for the streaming model. */
  List<Level> levels() {
    return levels;
  }
}
