package dev.hiss.forecasting.evaluate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The models {@link Evaluator} can train and score, by their command-line names. */
public enum ModelKind {
  /** Last observed target value (persistence). */
  NAIVE("naive", false),
  /** Target value one period earlier ({@code --period}). */
  SEASONAL("seasonal", false),
  /** Mean of the training targets. */
  MEAN("mean", false),
  /** Direct linear autoregression on past targets ({@code --ar-order}). */
  AR("ar", false),
  /**
   * Direct linear autoregression on past targets plus the known-ahead covariates at each target row
   * ({@code --covariates}, {@code --calendar-covariates}; forecast task).
   */
  ARX("arx", false),
  /** Two-level HiSS (HissModel) on the inputs. */
  HISS("hiss", true),
  /** Flat S4D stack over the full-rate inputs, read at input index k·j. */
  S4D("s4d", true),
  /** Flat S4 (DPLR) stack over the full-rate inputs, read at input index k·j. */
  S4("s4", true),
  /** Flat Mamba stack over the full-rate inputs, read at input index k·j. */
  MAMBA("mamba", true),
  /**
   * Flat S5 stack (one MIMO state of H modes) over the full-rate inputs, read at input index k·j.
   */
  S5("s5", true),
  /** Flat stack of pre-norm residual LSTM blocks over the full-rate inputs, read at index k·j. */
  LSTM("lstm", true),
  /**
   * Flat stack of causal pre-LayerNorm Transformer blocks (ALiBi attention over the last 256
   * full-rate positions, GELU MLP) over the full-rate inputs, read at index k·j.
   */
  TRANSFORMER("transformer", true);

  private final String cliName;
  private final boolean neural;

  ModelKind(String cliName, boolean neural) {
    this.cliName = cliName;
    this.neural = neural;
  }

  /** The command-line name, e.g. {@code "hiss"}. */
  public String cliName() {
    return cliName;
  }

  /**
   * Whether the model is trained by gradient descent (seq2seq: on the inputs; forecast: history).
   */
  public boolean neural() {
    return neural;
  }

  /** The names of the models, comma-separated. */
  public static String available() {
    return Arrays.stream(values()).map(ModelKind::cliName).collect(Collectors.joining(","));
  }

  /**
   * Parses one model name.
   *
   * @throws BadRequestException for an unknown model
   */
  public static ModelKind parse(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (ModelKind m : values()) {
      if (m.cliName.equals(n)) {
        return m;
      }
    }
    throw new BadRequestException("Unknown model '" + name + "'; available: " + available());
  }

  /** Parses a comma-separated list such as {@code "hiss,naive"}; duplicates are an error. */
  public static List<ModelKind> parseList(String names) {
    List<ModelKind> out =
        Arrays.stream(names.split(",", -1)).map(ModelKind::parse).collect(Collectors.toList());
    if (out.stream().distinct().count() != out.size()) {
      throw new BadRequestException("Invalid --models '" + names + "'; a model is listed twice");
    }
    return List.copyOf(out);
  }
}
