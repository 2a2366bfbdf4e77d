package dev.hiss.model.hiss;

import java.util.Arrays;

/**
 * The HiSS input and target transforms (HISS-MATH §1.4–1.5), stored with a model so that it takes
 * raw units in and gives raw units out. Inputs: optionally append deltas, {@code [u_t, u_t −
 * u_{t−1}]} with the delta at t = 0 set to 0; clip every feature to [−clip, clip]; then {@code (x −
 * mean)/std} per feature. Targets: {@code (y − mean)/std} per channel for training, the inverse for
 * predictions. Every std is clamped at ≥ {@value #MIN_STD}.
 *
 * <p>{@link #fit} computes the statistics on training episodes only (population mean and std over
 * every input step, and over the valid target steps), unlike the HiSS code, which uses the whole
 * file that holds the training data.
 *
 * @param rawInputDim raw input channels D_raw, &gt; 0
 * @param inputDeltas whether deltas are appended (model input width 2·D_raw, else D_raw)
 * @param clip clip value, &gt; 0 ({@link Double#POSITIVE_INFINITY} for none; HiSS uses 3000)
 * @param inputMean per model-input feature, length {@link #featureDim()}
 * @param inputStd per model-input feature, each ≥ {@value #MIN_STD}
 * @param targetMean per target channel
 * @param targetStd per target channel, each ≥ {@value #MIN_STD}
 */
public record HissPreprocessing(
    int rawInputDim,
    boolean inputDeltas,
    double clip,
    float[] inputMean,
    float[] inputStd,
    float[] targetMean,
    float[] targetStd) {

  /** The HiSS clip value. */
  public static final double DEFAULT_CLIP = 3000;

  /** The smallest stored std (HiSS clamps at 1e-5). */
  public static final float MIN_STD = 1e-5f;

  /** Validates every field and copies the arrays. */
  public HissPreprocessing {
    if (rawInputDim <= 0) {
      throw new IllegalArgumentException("Invalid rawInputDim = " + rawInputDim + "; must be > 0");
    }
    if (!(clip > 0)) {
      throw new IllegalArgumentException("Invalid clip = " + clip + "; must be > 0");
    }
    int features = inputDeltas ? 2 * rawInputDim : rawInputDim;
    inputMean = checked("inputMean", inputMean, features, false);
    inputStd = checked("inputStd", inputStd, features, true);
    if (targetMean == null || targetMean.length == 0) {
      throw new IllegalArgumentException("Invalid targetMean; must be non-empty");
    }
    targetMean = checked("targetMean", targetMean, targetMean.length, false);
    targetStd = checked("targetStd", targetStd, targetMean.length, true);
  }

  private static float[] checked(String name, float[] a, int length, boolean std) {
    if (a == null || a.length != length) {
      throw new IllegalArgumentException(
          "Invalid "
              + name
              + " length = "
              + (a == null ? "null" : a.length)
              + "; must be "
              + length);
    }
    for (float v : a) {
      if (!Float.isFinite(v) || (std && v < MIN_STD)) {
        throw new IllegalArgumentException(
            "Invalid " + name + " value = " + v + (std ? "; must be finite and >= 1e-5" : ""));
      }
    }
    return a.clone();
  }

  /**
   * The transform that changes nothing (no deltas, no clip, mean 0, std 1): what models saved
   * without preprocessing use.
   *
   * @param rawInputDim D_raw
   * @param outputDim D_out
   * @return the identity
   */
  public static HissPreprocessing identity(int rawInputDim, int outputDim) {
    float[] ones = new float[outputDim];
    Arrays.fill(ones, 1f);
    float[] inOnes = new float[rawInputDim];
    Arrays.fill(inOnes, 1f);
    return new HissPreprocessing(
        rawInputDim,
        false,
        Double.POSITIVE_INFINITY,
        new float[rawInputDim],
        inOnes,
        new float[outputDim],
        ones);
  }

  /**
   * Fits the statistics on raw training episodes.
   *
   * @param rawTrain training episodes in raw units (inputs [n, L, D_raw], targets [n, L_out,
   *     D_out])
   * @param inputDeltas whether to append deltas
   * @param clip clip value (e.g. {@link #DEFAULT_CLIP})
   * @return the fitted preprocessing
   */
  public static HissPreprocessing fit(Seq2SeqData rawTrain, boolean inputDeltas, double clip) {
    int raw = rawTrain.inputDim();
    float[] zeros = new float[inputDeltas ? 2 * raw : raw];
    float[] ones = new float[zeros.length];
    Arrays.fill(ones, 1f);
    float[] tz = new float[rawTrain.outputDim()];
    float[] to = new float[tz.length];
    Arrays.fill(to, 1f);
    HissPreprocessing unscaled = new HissPreprocessing(raw, inputDeltas, clip, zeros, ones, tz, to);
    float[] features =
        unscaled.features(rawTrain.inputs(), rawTrain.count(), rawTrain.inputLength());
    float[][] in = stats(features, null, zeros.length);
    float[][] out = stats(rawTrain.targets(), rawTrain.mask(), tz.length);
    return new HissPreprocessing(raw, inputDeltas, clip, in[0], in[1], out[0], out[1]);
  }

  private static float[][] stats(float[] x, boolean[] mask, int dim) {
    double[] sum = new double[dim];
    double[] sq = new double[dim];
    long n = 0;
    for (int s = 0; s < x.length / dim; s++) {
      if (mask != null && !mask[s]) {
        continue;
      }
      n++;
      for (int d = 0; d < dim; d++) {
        sum[d] += x[s * dim + d];
      }
    }
    float[] mean = new float[dim];
    float[] std = new float[dim];
    for (int d = 0; d < dim; d++) {
      mean[d] = n == 0 ? 0f : (float) (sum[d] / n);
    }
    for (int s = 0; s < x.length / dim; s++) {
      if (mask == null || mask[s]) {
        for (int d = 0; d < dim; d++) {
          double e = x[s * dim + d] - mean[d];
          sq[d] += e * e;
        }
      }
    }
    for (int d = 0; d < dim; d++) {
      std[d] = (float) Math.max(MIN_STD, n == 0 ? 1 : Math.sqrt(sq[d] / n));
    }
    return new float[][] {mean, std};
  }

  /** Returns the model's input width: 2·D_raw with deltas, else D_raw. */
  public int featureDim() {
    return inputDeltas ? 2 * rawInputDim : rawInputDim;
  }

  /** Returns D_out. */
  public int outputDim() {
    return targetMean.length;
  }

  /**
   * Raw inputs to model inputs (deltas, clip, normalize).
   *
   * @param raw [batch, L, D_raw]
   * @param batch number of episodes
   * @param length L
   * @return [batch, L, {@link #featureDim()}]
   */
  public float[] features(float[] raw, int batch, int length) {
    if (raw == null || raw.length != (long) batch * length * rawInputDim) {
      throw new IllegalArgumentException(
          "Invalid raw input length = "
              + (raw == null ? "null" : raw.length)
              + "; must be batch·L·D_raw = "
              + (long) batch * length * rawInputDim);
    }
    int f = featureDim();
    float[] out = new float[batch * length * f];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < length; t++) {
        int at = (b * length + t) * rawInputDim;
        featureStep(raw, at, t == 0 ? -1 : at - rawInputDim, out, (b * length + t) * f);
      }
    }
    return out;
  }

  void featureStep(float[] raw, int at, int prev, float[] out, int to) {
    featureStep(raw, at, raw, prev, out, to);
  }

  /**
   * One sample's features: {@code out[to .. to + featureDim)} from {@code raw[at .. at + D_raw)}
   * and the previous raw sample at {@code prevRaw[prev ..]} (prev = −1 at the start of an episode:
   * delta 0).
   */
  void featureStep(float[] raw, int at, float[] prevRaw, int prev, float[] out, int to) {
    for (int d = 0; d < rawInputDim; d++) {
      out[to + d] = normalized(raw[at + d], d);
      if (inputDeltas) {
        float delta = prev < 0 ? 0f : raw[at + d] - prevRaw[prev + d];
        out[to + rawInputDim + d] = normalized(delta, rawInputDim + d);
      }
    }
  }

  private float normalized(float v, int feature) {
    float c = (float) Math.max(-clip, Math.min(clip, v));
    return (c - inputMean[feature]) / inputStd[feature];
  }

  /**
   * Raw targets to training units, {@code (y − mean)/std}.
   *
   * @param y [.., D_out] raw (NaN entries stay NaN)
   * @return normalized copy
   */
  public float[] normalizeTargets(float[] y) {
    int dOut = outputDim();
    float[] out = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      out[i] = (y[i] - targetMean[i % dOut]) / targetStd[i % dOut];
    }
    return out;
  }

  /**
   * Model outputs to raw units, {@code ŷ·std + mean}, in place.
   *
   * @param y [.., D_out]
   * @return {@code y}
   */
  public float[] denormalizeTargets(float[] y) {
    int dOut = outputDim();
    for (int i = 0; i < y.length; i++) {
      y[i] = y[i] * targetStd[i % dOut] + targetMean[i % dOut];
    }
    return y;
  }

  /**
   * Standard deviations of normalized predictions to raw units, {@code σ·std}, in place (the mean
   * shift does not change a spread).
   *
   * @param std [.., D_out]
   * @return {@code std}
   */
  public float[] denormalizeStd(float[] std) {
    int dOut = outputDim();
    for (int i = 0; i < std.length; i++) {
      std[i] = std[i] * targetStd[i % dOut];
    }
    return std;
  }

  /**
   * Raw episodes to training units (model-input features and normalized targets).
   *
   * @param raw raw episodes with D_in = D_raw
   * @return the transformed episodes
   */
  public Seq2SeqData apply(Seq2SeqData raw) {
    if (raw.inputDim() != rawInputDim || raw.outputDim() != outputDim()) {
      throw new IllegalArgumentException(
          "Invalid data D_in/D_out = "
              + raw.inputDim()
              + "/"
              + raw.outputDim()
              + "; must be "
              + rawInputDim
              + "/"
              + outputDim());
    }
    return new Seq2SeqData(
        features(raw.inputs(), raw.count(), raw.inputLength()),
        normalizeTargets(raw.targets()),
        raw.mask(),
        raw.count(),
        raw.inputLength(),
        featureDim(),
        raw.outputLength(),
        raw.outputDim());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HissPreprocessing p
        && p.rawInputDim == rawInputDim
        && p.inputDeltas == inputDeltas
        && Double.compare(p.clip, clip) == 0
        && Arrays.equals(p.inputMean, inputMean)
        && Arrays.equals(p.inputStd, inputStd)
        && Arrays.equals(p.targetMean, targetMean)
        && Arrays.equals(p.targetStd, targetStd);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(
        new int[] {
          rawInputDim,
          Boolean.hashCode(inputDeltas),
          Double.hashCode(clip),
          Arrays.hashCode(inputMean),
          Arrays.hashCode(inputStd),
          Arrays.hashCode(targetMean),
          Arrays.hashCode(targetStd)
        });
  }

  @Override
  public String toString() {
    return "HissPreprocessing[rawInputDim="
        + rawInputDim
        + ", inputDeltas="
        + inputDeltas
        + ", clip="
        + clip
        + ", inputMean="
        + Arrays.toString(inputMean)
        + ", inputStd="
        + Arrays.toString(inputStd)
        + ", targetMean="
        + Arrays.toString(targetMean)
        + ", targetStd="
        + Arrays.toString(targetStd)
        + "]";
  }
}
