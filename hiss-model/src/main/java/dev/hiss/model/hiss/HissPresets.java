package dev.hiss.model.hiss;

import java.util.List;
import java.util.Locale;

/**
 * Named, CPU-sized HiSS configurations (all with dropout 0.1 on S4/S4D/S5/LSTM levels as in every
 * HiSS config, small state sizes so that training on a laptop takes seconds to minutes). Names:
 *
 * <ul>
 *   <li>{@code tiny}: LL S4D 8×1 (N 4), HL S4D 8×1 (N 4), k = 10;
 *   <li>{@code small-s4-mamba}: LL S4 32×2 (N 16), HL Mamba 32×2 (d_state 8), k = 10 — the shape of
 *       most paper configs (S4 low level, Mamba high level), scaled down;
 *   <li>{@code small-s4d}: LL S4D 32×2 (N 16), HL S4D 32×2 (N 16), k = 10 — diagonal kernels only,
 *       the preset that {@code benchmarks/peers/hiss_torch.py} re-implements in PyTorch;
 *   <li>{@code small-s4}: LL S4 32×2 (N 16), HL S4 32×2 (N 16), k = 10 ({@code hierarchical_s4});
 *   <li>{@code small-mamba}: LL Mamba 16×2 (d_state 8), HL Mamba 32×2 (d_state 8), k = 10 (as the
 *       VECtor config, scaled down);
 *   <li>{@code three-level}: S4D 16×1, S4D 16×1, S4D 16×1 with chunks 10 and 5;
 *   <li>{@code small-s5}: LL S5 32×2 (M 16, P 32), HL S5 32×2 (M 16), k = 10;
 *   <li>{@code small-lstm}: LL LSTM 16×1, HL LSTM 32×1 (pre-norm residual blocks), k = 10;
 *   <li>{@code small-transformer}: LL Transformer 16×1 (1 head, window 16 ≥ k), HL Transformer 32×1
 *       (2 heads, window 64), causal ALiBi blocks without dropout, k = 10.
 * </ul>
 */
public final class HissPresets {

  /** The preset names, in documentation order. */
  public static final List<String> NAMES =
      List.of(
          "tiny",
          "small-s4-mamba",
          "small-s4d",
          "small-s4",
          "small-mamba",
          "three-level",
          "small-s5",
          "small-lstm",
          "small-transformer");

  private HissPresets() {}

  /**
   * A preset by name.
   *
   * @param name one of {@link #NAMES} (case-insensitive)
   * @param inputDim D_in
   * @param outputDim D_out
   * @return the configuration
   */
  public static HissConfig preset(String name, int inputDim, int outputDim) {
    int k = HissConfig.DEFAULT_CHUNK;
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "tiny" ->
          HissConfig.twoLevel(
              inputDim,
              outputDim,
              LevelConfig.s4d(8, 1, 0.1).withStateSize(4),
              LevelConfig.s4d(8, 1, 0.1).withStateSize(4),
              k);
      case "small-s4-mamba" ->
          HissConfig.twoLevel(
              inputDim,
              outputDim,
              LevelConfig.s4(32, 2, 0.1).withStateSize(16),
              LevelConfig.mamba(32, 2).withStateSize(8),
              k);
      case "small-s4d" ->
          HissConfig.twoLevel(
              inputDim,
              outputDim,
              LevelConfig.s4d(32, 2, 0.1).withStateSize(16),
              LevelConfig.s4d(32, 2, 0.1).withStateSize(16),
              k);
      case "small-s4" ->
          HissConfig.twoLevel(
              inputDim,
              outputDim,
              LevelConfig.s4(32, 2, 0.1).withStateSize(16),
              LevelConfig.s4(32, 2, 0.1).withStateSize(16),
              k);
      case "small-mamba" ->
          HissConfig.twoLevel(
              inputDim,
              outputDim,
              LevelConfig.mamba(16, 2).withStateSize(8),
              LevelConfig.mamba(32, 2).withStateSize(8),
              k);
      case "three-level" ->
          new HissConfig(
              inputDim,
              outputDim,
              List.of(
                  LevelConfig.s4d(16, 1, 0.1).withStateSize(8),
                  LevelConfig.s4d(16, 1, 0.1).withStateSize(8),
                  LevelConfig.s4d(16, 1, 0.1).withStateSize(8)),
              List.of(k, 5));
      case "small-s5" ->
          HissConfig.twoLevel(
              inputDim,
              outputDim,
              LevelConfig.s5(32, 2, 0.1, 16),
              LevelConfig.s5(32, 2, 0.1, 16),
              k);
      case "small-lstm" ->
          HissConfig.twoLevel(
              inputDim, outputDim, LevelConfig.lstm(16, 1, 0.1), LevelConfig.lstm(32, 1, 0.1), k);
      case "small-transformer" ->
          HissConfig.twoLevel(
              inputDim,
              outputDim,
              LevelConfig.transformer(16, 1, 16),
              LevelConfig.transformer(32, 1, 64),
              k);
      default ->
          throw new IllegalArgumentException(
              "Invalid preset name = '" + name + "'; must be one of " + NAMES);
    };
  }
}
