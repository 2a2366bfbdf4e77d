package dev.hiss.model.hiss;

import java.util.List;
import java.util.SplittableRandom;

/** Shared tiny configurations and random data for the HiSS tests. */
final class HissTestSupport {

  private HissTestSupport() {}

  static float[] randomFloats(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  static double[] randomDoubles(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextGaussian();
    }
    return x;
  }

  /** LL S4D → HL Mamba, with dropout in the LL level. */
  static HissConfig s4dMamba(int inputDim, int outputDim, int chunk) {
    return HissConfig.twoLevel(
        inputDim,
        outputDim,
        new LevelConfig(LevelConfig.LayerType.S4D, 4, 2, 0.2, 3),
        new LevelConfig(LevelConfig.LayerType.MAMBA, 4, 1, 0, 3),
        chunk);
  }

  /** LL S4 (DPLR) → HL S4D. */
  static HissConfig s4S4d(int inputDim, int outputDim, int chunk) {
    return HissConfig.twoLevel(
        inputDim,
        outputDim,
        new LevelConfig(LevelConfig.LayerType.S4, 4, 1, 0.1, 3),
        new LevelConfig(LevelConfig.LayerType.S4D, 3, 2, 0.1, 2),
        chunk);
  }

  /** LL Mamba → HL S4 (DPLR). */
  static HissConfig mambaS4(int inputDim, int outputDim, int chunk) {
    return HissConfig.twoLevel(
        inputDim,
        outputDim,
        new LevelConfig(LevelConfig.LayerType.MAMBA, 4, 2, 0, 2),
        new LevelConfig(LevelConfig.LayerType.S4, 4, 1, 0.1, 3),
        chunk);
  }

  /** Three levels (chunk of chunks): S4D → Mamba → S4D. */
  static HissConfig threeLevel(int inputDim, int outputDim, int k0, int k1) {
    return new HissConfig(
        inputDim,
        outputDim,
        List.of(
            new LevelConfig(LevelConfig.LayerType.S4D, 3, 1, 0.1, 2),
            new LevelConfig(LevelConfig.LayerType.MAMBA, 4, 1, 0, 2),
            new LevelConfig(LevelConfig.LayerType.S4D, 3, 1, 0.1, 2)),
        List.of(k0, k1));
  }

  /** A flat S4D model (2 blocks) with output stride {@code stride}. */
  static HissConfig flatS4d(int inputDim, int outputDim, int stride) {
    return HissConfig.flat(
        inputDim, outputDim, new LevelConfig(LevelConfig.LayerType.S4D, 4, 2, 0.2, 3), stride);
  }

  /** A flat Mamba model (1 block) with output stride {@code stride}. */
  static HissConfig flatMamba(int inputDim, int outputDim, int stride) {
    return HissConfig.flat(
        inputDim, outputDim, new LevelConfig(LevelConfig.LayerType.MAMBA, 4, 1, 0, 2), stride);
  }

  /** LL S5 (2 blocks, 2 stored modes) → HL LSTM, with dropout in both levels. */
  static HissConfig s5Lstm(int inputDim, int outputDim, int chunk) {
    return HissConfig.twoLevel(
        inputDim, outputDim, LevelConfig.s5(4, 2, 0.1, 2), LevelConfig.lstm(4, 1, 0.2), chunk);
  }

  /** LL LSTM (2 blocks) → HL S5 (3 stored modes). */
  static HissConfig lstmS5(int inputDim, int outputDim, int chunk) {
    return HissConfig.twoLevel(
        inputDim, outputDim, LevelConfig.lstm(3, 2, 0.1), LevelConfig.s5(4, 1, 0.1, 3), chunk);
  }

  /** A flat S5 model (2 blocks) with output stride {@code stride}. */
  static HissConfig flatS5(int inputDim, int outputDim, int stride) {
    return HissConfig.flat(inputDim, outputDim, LevelConfig.s5(4, 2, 0.2, 3), stride);
  }

  /** A flat LSTM model (2 blocks) with output stride {@code stride}. */
  static HissConfig flatLstm(int inputDim, int outputDim, int stride) {
    return HissConfig.flat(inputDim, outputDim, LevelConfig.lstm(4, 2, 0.2), stride);
  }

  /** LL Transformer (2 blocks, window 3 &lt; chunk, so the KV ring wraps) → HL S4D. */
  static HissConfig transformerS4d(int inputDim, int outputDim, int chunk) {
    return HissConfig.twoLevel(
        inputDim,
        outputDim,
        LevelConfig.transformer(4, 2, 3),
        LevelConfig.s4d(4, 1, 0.1).withStateSize(2),
        chunk);
  }

  /** LL LSTM → HL Transformer (2 heads of size 16, window 4). */
  static HissConfig lstmTransformer(int inputDim, int outputDim, int chunk) {
    return HissConfig.twoLevel(
        inputDim, outputDim, LevelConfig.lstm(3, 1, 0.1), LevelConfig.transformer(32, 1, 4), chunk);
  }

  /** LL Transformer (2 blocks, window 3, dropout 0.3 on both branches) → HL S4D with dropout. */
  static HissConfig transformerDropoutS4d(int inputDim, int outputDim, int chunk) {
    return HissConfig.twoLevel(
        inputDim,
        outputDim,
        LevelConfig.transformer(4, 2, 3, 0.3),
        LevelConfig.s4d(4, 1, 0.1).withStateSize(2),
        chunk);
  }

  /**
   * A flat Transformer model (2 blocks, window 3, dropout 0.3) with output stride {@code stride}.
   */
  static HissConfig flatTransformerDropout(int inputDim, int outputDim, int stride) {
    return HissConfig.flat(inputDim, outputDim, LevelConfig.transformer(4, 2, 3, 0.3), stride);
  }

  /** A flat Transformer model (2 blocks, window 3) with output stride {@code stride}. */
  static HissConfig flatTransformer(int inputDim, int outputDim, int stride) {
    return HissConfig.flat(inputDim, outputDim, LevelConfig.transformer(4, 2, 3), stride);
  }
}
