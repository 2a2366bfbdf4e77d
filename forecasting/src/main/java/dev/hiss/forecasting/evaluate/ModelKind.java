package dev.hiss.forecasting.evaluate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The models {@link Evaluator} can train and score, by their command-line names. */
public enum ModelKind {
  /** Last observed target value (persistence). */
  NAIVE("naive", false, true),
  /** Target value one period earlier ({@code --period}). */
  SEASONAL("seasonal", false, true),
  /** Mean of the training targets. */
  MEAN("mean", false, true),
  /** Direct linear autoregression on past targets ({@code --ar-order}). */
  AR("ar", false, true),
  /** Two-level HiSS (HissModel) on the inputs. */
  HISS("hiss", true, true),
  /** Flat S4D stack over the full-rate inputs, read at input index k·j. */
  S4D("s4d", true, true),
  /** Flat S4 (DPLR) stack over the full-rate inputs, read at input index k·j. */
  S4("s4", true, true),
  /** Flat Mamba stack over the full-rate inputs, read at input index k·j. */
  MAMBA("mamba", true, true),
  /**
   * Flat S5 stack (one MIMO state of H modes) over the full-rate inputs, read at input index k·j.
   */
  S5("s5", true, true),
  /** Flat stack of pre-norm residual LSTM blocks over the full-rate inputs, read at index k·j. */
  LSTM("lstm", true, true),
  /** Not implemented yet: rejected with a clear message. */
  TRANSFORMER("transformer", true, false);

  private final String cliName;
  private final boolean neural;
  private final boolean implemented;

  ModelKind(String cliName, boolean neural, boolean implemented) {
    this.cliName = cliName;
    this.neural = neural;
    this.implemented = implemented;
  }

  /** The command-line name, e.g. {@code "hiss"}. */
  public String cliName() {
    return cliName;
  }

  /** Whether the model is trained by gradient descent on the inputs (seq2seq only for now). */
  public boolean neural() {
    return neural;
  }

  /** The names of the implemented models, comma-separated. */
  public static String available() {
    return Arrays.stream(values())
        .filter(m -> m.implemented)
        .map(ModelKind::cliName)
        .collect(Collectors.joining(","));
  }

  /**
   * Parses one model name.
   *
   * @throws BadRequestException for an unknown or not yet implemented model
   */
  public static ModelKind parse(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (ModelKind m : values()) {
      if (m.cliName.equals(n)) {
        if (!m.implemented) {
          throw new BadRequestException(
              "Model '" + n + "' is not implemented yet; available: " + available());
        }
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
