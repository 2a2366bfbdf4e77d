package dev.hiss.forecasting.evaluate.internal;

import dev.hiss.forecasting.evaluate.BadRequestException;
import dev.hiss.forecasting.evaluate.ModelKind;
import dev.hiss.model.attention.TransformerConfig;
import dev.hiss.model.hiss.HissConfig;
import dev.hiss.model.hiss.HissPresets;
import dev.hiss.model.hiss.LevelConfig;
import dev.hiss.model.hiss.OutputHead;
import dev.hiss.model.hiss.QuantileLevels;
import dev.hiss.model.hiss.TrainConfig;
import dev.hiss.model.hiss.TrainingLoss;

/**
 * Builds the neural models from a two-level {@link HissPresets} preset. HiSS uses the preset's
 * levels with the requested chunk k. A flat model gets the preset's low-level width H, as many
 * blocks as both levels together, and the requested kernel type, so that its size is comparable to
 * the HiSS model's. Its state size is the preset's low-level one for S4, S4D and Mamba (a state per
 * channel); S5, whose one MIMO state is shared by all channels, gets M = H stored complex modes (P
 * = 2H, the S5 paper's usual P ≥ H); the LSTM's hidden size is H; the Transformer attends over the
 * last {@link TransformerConfig#DEFAULT_WINDOW} full-rate positions with heads of size 16. Dropout
 * is 0.1 except for Mamba and the Transformer, whose blocks have none.
 */
public final class Nets {
  private Nets() {}

  /**
   * A freshly initialized network with the given output head, without Δt.
   *
   * @throws BadRequestException for an unknown or non-two-level preset
   */
  public static NeuralNet create(
      ModelKind kind,
      String preset,
      int inputDim,
      int outputDim,
      int chunk,
      long seed,
      TrainConfig train,
      OutputHead head) {
    return create(kind, preset, inputDim, outputDim, chunk, seed, train, head, false);
  }

  /**
   * A freshly initialized network with the given output head (default levels and loss); with {@code
   * dt} a model whose levels all have a step size reads a Δt-scale channel.
   *
   * @throws BadRequestException for an unknown or non-two-level preset
   */
  public static NeuralNet create(
      ModelKind kind,
      String preset,
      int inputDim,
      int outputDim,
      int chunk,
      long seed,
      TrainConfig train,
      OutputHead head,
      boolean dt) {
    return create(
        kind,
        preset,
        inputDim,
        outputDim,
        chunk,
        seed,
        train,
        head,
        head == OutputHead.QUANTILE ? QuantileLevels.DEFAULT : null,
        TrainingLoss.defaultFor(head),
        dt);
  }

  /**
   * A freshly initialized network with the given head, quantile levels and training loss, without
   * Δt.
   *
   * @throws BadRequestException for an unknown or non-two-level preset
   */
  public static NeuralNet create(
      ModelKind kind,
      String preset,
      int inputDim,
      int outputDim,
      int chunk,
      long seed,
      TrainConfig train,
      OutputHead head,
      QuantileLevels quantiles,
      TrainingLoss loss) {
    return create(
        kind, preset, inputDim, outputDim, chunk, seed, train, head, quantiles, loss, false);
  }

  /**
   * A freshly initialized network with the given head, quantile levels and training loss; with
   * {@code dt} a model whose levels all have a step size (S4, S4D, S5, Mamba) reads a Δt-scale
   * channel after the inputs ({@link NeuralNet#usesDt()}); LSTM and Transformer models never do.
   *
   * @param quantiles the levels of a QUANTILE head, else null
   * @param loss a loss of the head
   * @throws BadRequestException for an unknown or non-two-level preset
   */
  public static NeuralNet create(
      ModelKind kind,
      String preset,
      int inputDim,
      int outputDim,
      int chunk,
      long seed,
      TrainConfig train,
      OutputHead head,
      QuantileLevels quantiles,
      TrainingLoss loss,
      boolean dt) {
    HeadChoice hc = new HeadChoice(head, quantiles, loss);
    HissConfig p;
    try {
      p = HissPresets.preset(preset, inputDim, outputDim);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid --hiss-preset: " + e.getMessage(), e);
    }
    if (p.levels().size() != 2) {
      throw new BadRequestException(
          "Invalid --hiss-preset = '" + preset + "'; evaluate needs a two-level preset");
    }
    LevelConfig low = p.levels().get(0);
    LevelConfig high = p.levels().get(1);
    int depth = low.depth() + high.depth();
    return switch (kind) {
      case HISS -> {
        boolean useDt = dt && hasStepSize(low) && hasStepSize(high);
        yield new HissNet(
            withHead(HissConfig.twoLevel(inputDim, outputDim, low, high, chunk), hc).withDt(useDt),
            loss,
            "hiss " + preset + " k=" + chunk + suffix(hc) + (useDt ? ", Δt from time" : ""),
            seed,
            train);
      }
      case S4D ->
          flat(
              new LevelConfig(LevelConfig.LayerType.S4D, low.width(), depth, 0.1, low.stateSize()),
              inputDim,
              outputDim,
              chunk,
              hc,
              seed,
              train,
              dt);
      case S4 ->
          flat(
              new LevelConfig(LevelConfig.LayerType.S4, low.width(), depth, 0.1, low.stateSize()),
              inputDim,
              outputDim,
              chunk,
              hc,
              seed,
              train,
              dt);
      case MAMBA ->
          flat(
              new LevelConfig(LevelConfig.LayerType.MAMBA, low.width(), depth, 0, low.stateSize()),
              inputDim,
              outputDim,
              chunk,
              hc,
              seed,
              train,
              dt);
      case S5 ->
          flat(
              LevelConfig.s5(low.width(), depth, 0.1, low.width()),
              inputDim,
              outputDim,
              chunk,
              hc,
              seed,
              train,
              dt);
      case LSTM ->
          flat(
              LevelConfig.lstm(low.width(), depth, 0.1),
              inputDim,
              outputDim,
              chunk,
              hc,
              seed,
              train,
              dt);
      case TRANSFORMER ->
          flat(
              LevelConfig.transformer(low.width(), depth, TransformerConfig.DEFAULT_WINDOW),
              inputDim,
              outputDim,
              chunk,
              hc,
              seed,
              train,
              dt);
      default -> throw new IllegalArgumentException("Not a neural model: " + kind);
    };
  }

  /** The head, its levels and its loss. */
  private record HeadChoice(OutputHead head, QuantileLevels quantiles, TrainingLoss loss) {}

  private static HissConfig withHead(HissConfig c, HeadChoice hc) {
    return hc.head() == OutputHead.QUANTILE
        ? c.withQuantiles(hc.quantiles())
        : c.withHead(hc.head());
  }

  private static String suffix(HeadChoice hc) {
    return switch (hc.head()) {
      case POINT -> "";
      case GAUSSIAN ->
          ", gaussian head (" + hc.loss().name().toLowerCase(java.util.Locale.ROOT) + ")";
      case QUANTILE -> ", quantile head " + hc.quantiles().text();
    };
  }

  private static boolean hasStepSize(LevelConfig c) {
    return c.type() != LevelConfig.LayerType.LSTM && c.type() != LevelConfig.LayerType.TRANSFORMER;
  }

  private static NeuralNet flat(
      LevelConfig c,
      int inputDim,
      int outputDim,
      int chunk,
      HeadChoice hc,
      long seed,
      TrainConfig train,
      boolean dt) {
    boolean useDt = dt && hasStepSize(c);
    String d =
        "flat "
            + c.type().name().toLowerCase(java.util.Locale.ROOT)
            + " "
            + c.width()
            + "x"
            + c.depth()
            + switch (c.type()) {
              case LSTM -> "";
              case TRANSFORMER ->
                  " W="
                      + c.stateSize()
                      + " heads="
                      + LevelConfig.LayerType.transformerHeads(c.width());
              default -> " N=" + c.stateSize();
            }
            + " read at k·j, k="
            + chunk
            + suffix(hc)
            + (useDt ? ", Δt from time" : "");
    return new FlatNet(
        c, inputDim, outputDim, chunk, hc.head(), hc.quantiles(), hc.loss(), d, seed, train, useDt);
  }
}
