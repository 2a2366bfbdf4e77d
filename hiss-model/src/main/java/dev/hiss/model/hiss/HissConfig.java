package dev.hiss.model.hiss;

import java.util.List;

/**
 * The shape of a HiSS model (HISS-MATH §1.1): {@code levels.size()} ≥ 2 levels, level 0 the
 * low-level (LL) model on raw samples and the last the high-level (HL) model; {@code chunks.get(i)}
 * is the chunk size k between level i and level i + 1.
 *
 * <p>Level 0 is a flat model Linear(inputDim → H_0) → blocks → Linear(H_0 → H_1) run on every chunk
 * of k_0 samples from a zero state; its output at the chunk's last step is the chunk feature. A
 * middle level i (only with ≥ 3 levels, "chunks of chunks") runs blocks → Linear(H_i → H_{i+1}) on
 * chunks of k_i features of level i, also from a zero state per chunk. The top level runs its
 * blocks over the whole feature sequence with persistent state, followed by the head Linear(H_top →
 * outputDim). An input of length L gives L / Π k_i predictions.
 *
 * <p>A <em>flat</em> configuration ({@link #flat}) has one level and one "chunk" k: the level is a
 * full-rate flat model Linear(inputDim → H) → blocks → Linear(H → outputDim) with persistent state
 * over the whole input, and prediction j is its output at input index k·j (the paper's {@code
 * LowFreqPredictor}, {@code pred[:, ::k]}, HISS-MATH §1.1 point 5) — the fair flat baseline.
 *
 * @param inputDim D_in, raw input channels, &gt; 0
 * @param outputDim D_out, prediction channels, &gt; 0
 * @param levels level configurations, LL first, at least 2 (or exactly 1 for a flat model)
 * @param chunks chunk sizes, one per adjacent pair of levels ({@code levels.size() − 1}), each ≥ 1;
 *     for a flat model exactly one, its output stride
 *     <p><b>Δt</b> ({@code dt}, irregular sampling): the model input has one more channel after the
 *     D_in features, the Δt scale of each sample (its gap to the previous sample divided by the
 *     nominal gap; finite and &gt; 0), so inputs are [batch, L_in, D_in + 1] ({@link
 *     #inputWidth()}). Every level's kernels multiply their step size Δ by it (the kernels' {@code
 *     dtScale}): level 0 takes the per-sample values; level i + 1 takes, for each chunk of k_i
 *     level-i inputs, the mean of their Δt scales — the chunk's elapsed time relative to its
 *     nominal duration of k_i level-i steps (summed in float in time order, then divided by k_i). A
 *     flat model's level takes the per-sample values. Δt needs S4, S4D, S5 or MAMBA levels (LSTM
 *     and Transformer levels have no step size).
 * @param head what the head predicts per target channel ({@link OutputHead#POINT} unless asked);
 *     the head Linear has {@link #headWidth()} = D_out·{@link #outputsPerTarget()} outputs
 * @param quantiles the levels of a {@link OutputHead#QUANTILE} head; null for the other heads
 * @param dt whether the input carries a per-sample Δt scale as its last channel (above)
 */
public record HissConfig(
    int inputDim,
    int outputDim,
    List<LevelConfig> levels,
    List<Integer> chunks,
    OutputHead head,
    QuantileLevels quantiles,
    boolean dt) {

  /** The HiSS chunk size ({@code freq_ratio}). */
  public static final int DEFAULT_CHUNK = 10;

  /**
   * A configuration with a {@link OutputHead#POINT} head (the shape of every model before heads
   * existed).
   */
  public HissConfig(int inputDim, int outputDim, List<LevelConfig> levels, List<Integer> chunks) {
    this(inputDim, outputDim, levels, chunks, OutputHead.POINT);
  }

  /**
   * A configuration without Δt input (the shape of every model before Δt existed); a QUANTILE head
   * gets {@link QuantileLevels#DEFAULT}.
   */
  public HissConfig(
      int inputDim,
      int outputDim,
      List<LevelConfig> levels,
      List<Integer> chunks,
      OutputHead head) {
    this(inputDim, outputDim, levels, chunks, head, false);
  }

  /** A configuration with or without Δt input; a QUANTILE head gets the default levels. */
  public HissConfig(
      int inputDim,
      int outputDim,
      List<LevelConfig> levels,
      List<Integer> chunks,
      OutputHead head,
      boolean dt) {
    this(
        inputDim,
        outputDim,
        levels,
        chunks,
        head,
        head == OutputHead.QUANTILE ? QuantileLevels.DEFAULT : null,
        dt);
  }

  /** A configuration without Δt input, with the given quantile levels (QUANTILE head) or null. */
  public HissConfig(
      int inputDim,
      int outputDim,
      List<LevelConfig> levels,
      List<Integer> chunks,
      OutputHead head,
      QuantileLevels quantiles) {
    this(inputDim, outputDim, levels, chunks, head, quantiles, false);
  }

  /** Validates every field; copies the lists. */
  public HissConfig {
    if (head == null) {
      throw new IllegalArgumentException(
          "Invalid head = null; must be POINT, GAUSSIAN or QUANTILE");
    }
    if (head == OutputHead.QUANTILE && quantiles == null) {
      throw new IllegalArgumentException("Invalid quantiles = null; a QUANTILE head needs levels");
    }
    if (head != OutputHead.QUANTILE && quantiles != null) {
      throw new IllegalArgumentException(
          "Invalid quantiles = " + quantiles.levels() + "; only a QUANTILE head has levels");
    }
    if (inputDim <= 0) {
      throw new IllegalArgumentException("Invalid inputDim = " + inputDim + "; must be > 0");
    }
    if (outputDim <= 0) {
      throw new IllegalArgumentException("Invalid outputDim = " + outputDim + "; must be > 0");
    }
    if (levels == null || levels.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid levels = " + levels + "; need at least 1 (1 = flat, 2+ = hierarchical)");
    }
    if (levels.size() == 1 && (chunks == null || chunks.size() != 1)) {
      throw new IllegalArgumentException(
          "Invalid chunks = "
              + chunks
              + "; a flat model (1 level) needs exactly 1 chunk size, its output stride");
    }
    if (levels.size() > 1 && (chunks == null || chunks.size() != levels.size() - 1)) {
      throw new IllegalArgumentException(
          "Invalid chunks = "
              + chunks
              + "; need exactly levels − 1 = "
              + (levels.size() - 1)
              + " chunk sizes");
    }
    for (int i = 0; i < levels.size(); i++) {
      if (levels.get(i) == null) {
        throw new IllegalArgumentException("Invalid levels[" + i + "] = null");
      }
    }
    long total = 1;
    for (int i = 0; i < chunks.size(); i++) {
      Integer k = chunks.get(i);
      if (k == null || k < 1) {
        throw new IllegalArgumentException(
            "Invalid chunk = " + k + " (level " + i + "); must be >= 1");
      }
      total *= k;
      if (total > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("Invalid chunks = " + chunks + "; product too large");
      }
    }
    for (int i = 0; dt && i < levels.size(); i++) {
      LevelConfig.LayerType t = levels.get(i).type();
      if (t == LevelConfig.LayerType.LSTM || t == LevelConfig.LayerType.TRANSFORMER) {
        throw new IllegalArgumentException(
            "Invalid dt = true with a "
                + t
                + " level (levels["
                + i
                + "]); Δt scaling needs S4, S4D, S5 or MAMBA levels");
      }
    }
    levels = List.copyOf(levels);
    chunks = List.copyOf(chunks);
  }

  /**
   * The standard two-level HiSS: LL on chunks of {@code chunk} samples, HL over chunk features.
   *
   * @param inputDim D_in
   * @param outputDim D_out
   * @param low the LL level
   * @param high the HL level (its width is the chunk-feature width)
   * @param chunk k
   * @return the configuration
   */
  public static HissConfig twoLevel(
      int inputDim, int outputDim, LevelConfig low, LevelConfig high, int chunk) {
    return new HissConfig(inputDim, outputDim, List.of(low, high), List.of(chunk));
  }

  /**
   * A flat (one-level) model with the paper's alignment: prediction j is the level's output at
   * input index {@code stride·j}.
   *
   * @param inputDim D_in
   * @param outputDim D_out
   * @param level the only level, run at the full input rate
   * @param stride k, input samples per prediction
   * @return the configuration
   */
  public static HissConfig flat(int inputDim, int outputDim, LevelConfig level, int stride) {
    return new HissConfig(inputDim, outputDim, List.of(level), List.of(stride));
  }

  /**
   * The same shape with another head.
   *
   * @param newHead the head
   * @return the configuration
   */
  public HissConfig withHead(OutputHead newHead) {
    return new HissConfig(inputDim, outputDim, levels, chunks, newHead, dt);
  }

  /**
   * The same shape with or without the Δt input channel.
   *
   * @param useDt whether the input carries a per-sample Δt scale as its last channel
   * @return the configuration
   */
  public HissConfig withDt(boolean useDt) {
    return new HissConfig(inputDim, outputDim, levels, chunks, head, quantiles, useDt);
  }

  /** Returns the input width: D_in, plus 1 for the Δt channel when {@link #dt()}. */
  public int inputWidth() {
    return inputDim + (dt ? 1 : 0);
  }

  /**
   * The same shape with a QUANTILE head at the given levels.
   *
   * @param newLevels the quantile levels
   * @return the configuration
   */
  public HissConfig withQuantiles(QuantileLevels newLevels) {
    return new HissConfig(inputDim, outputDim, levels, chunks, OutputHead.QUANTILE, newLevels, dt);
  }

  /** Head outputs per target channel: 1 (POINT), 2 (GAUSSIAN) or Q (QUANTILE). */
  public int outputsPerTarget() {
    return head.outputsPerTarget(quantiles);
  }

  /** Returns the width of the raw head output: D_out·{@link #outputsPerTarget()}. */
  public int headWidth() {
    return outputDim * outputsPerTarget();
  }

  /** Returns whether this is a flat (one-level) model. */
  public boolean isFlat() {
    return levels.size() == 1;
  }

  /** Returns Π k_i, the number of raw samples per prediction. */
  public int totalChunk() {
    int t = 1;
    for (int k : chunks) {
      t *= k;
    }
    return t;
  }

  /**
   * Checks an input length and returns the number of predictions.
   *
   * @param inputLength L_in
   * @return L_in / Π k_i
   * @throws IllegalArgumentException naming the chunk that does not divide the length
   */
  public int outputLength(int inputLength) {
    if (inputLength <= 0) {
      throw new IllegalArgumentException("Invalid input length = " + inputLength + "; must be > 0");
    }
    int len = inputLength;
    for (int i = 0; i < chunks.size(); i++) {
      int k = chunks.get(i);
      if (len % k != 0) {
        throw new IllegalArgumentException(
            "Invalid chunk = "
                + k
                + ": "
                + (i == 0 ? "input length " : "level-" + i + " length ")
                + len
                + " is not a multiple of it");
      }
      len /= k;
    }
    return len;
  }

  /** Returns the top (HL) level. */
  public LevelConfig top() {
    return levels.get(levels.size() - 1);
  }
}
