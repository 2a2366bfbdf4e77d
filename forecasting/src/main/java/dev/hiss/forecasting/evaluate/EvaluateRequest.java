package dev.hiss.forecasting.evaluate;

import dev.hiss.forecasting.data.CalendarCovariate;
import dev.hiss.forecasting.data.SplitFractions;
import dev.hiss.model.hiss.OutputHead;
import dev.hiss.model.hiss.QuantileLevels;
import dev.hiss.model.hiss.TrainingLoss;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Evaluator} runs. The constructor checks everything that does not need the data and
 * throws {@link BadRequestException} with a one-line message naming the option.
 *
 * @param csv the CSV file (numeric columns, header row)
 * @param timeColumn time-label column, or null
 * @param seriesColumn column that names the series of a row, or null for one series
 * @param inputs input columns (at least one for seq2seq; unused by the forecast task, whose models
 *     all read the past targets)
 * @param targets target columns (at least one)
 * @param task seq2seq or forecast
 * @param chunk k, input samples per target (seq2seq)
 * @param horizon h, rows ahead (forecast)
 * @param models the models to train and score, in report order
 * @param seed seed of initialization, shuffling and dropout
 * @param epochs maximum training epochs of the neural models
 * @param episodeLength seq2seq episode length in input rows (a multiple of k); forecast: the most
 *     history rows a baseline sees, and the history rows L of the neural models' windows (a
 *     multiple of k when a neural model is chosen)
 * @param split train/validation/test fractions, in time order
 * @param budgetMinutes bound on the total training time, &gt; 0
 * @param period seasonal period of the {@code seasonal} model (in target steps)
 * @param arOrder lags of the {@code ar} model
 * @param hissPreset HissPresets name whose level shapes the neural models use
 * @param learningRate Adam learning rate of the neural models
 * @param batchSize episodes per training step
 * @param head output head of the neural models: POINT, GAUSSIAN (mean and std, trained with the
 *     Gaussian NLL or CRPS, scored with CRPS and 90 % interval coverage too) or QUANTILE (quantiles
 *     at {@code quantiles}, trained with the pinball loss, scored with pinball, per-level coverage
 *     and CRPS approximated from the quantiles); the baselines stay point forecasts
 * @param quantiles the levels of a QUANTILE head (null picks {@link QuantileLevels#DEFAULT}); must
 *     be null for the other heads
 * @param loss the neural models' training loss, one of the head's (null: {@link
 *     TrainingLoss#defaultFor} the head)
 * @param covariates forecast task only: exogenous known-ahead covariate columns (e.g. the hour of
 *     day); models may read their values at the forecast rows, never a future target
 * @param calendar forecast task only: covariates derived from {@code timeColumn} ({@link
 *     CalendarCovariate}), after {@code covariates}
 * @param stepsPerDay rows per day of a numeric time column for {@code calendar} (0 when the time
 *     labels are dates)
 * @param dtFromTime seq2seq: feed the neural models that support it (HiSS and flat models with S4,
 *     S4D, S5 or Mamba levels) a per-row Δt scale read from {@code timeColumn}: the row's gap to
 *     the previous row of its series divided by the median gap of the training part (1 for a
 *     series' first row). Needs {@code timeColumn}; times must be numbers or ISO-8601 date-times
 *     and strictly increasing within a series
 */
public record EvaluateRequest(
    Path csv,
    String timeColumn,
    String seriesColumn,
    List<String> inputs,
    List<String> targets,
    Task task,
    int chunk,
    int horizon,
    List<ModelKind> models,
    long seed,
    int epochs,
    int episodeLength,
    SplitFractions split,
    double budgetMinutes,
    int period,
    int arOrder,
    String hissPreset,
    double learningRate,
    int batchSize,
    OutputHead head,
    QuantileLevels quantiles,
    TrainingLoss loss,
    List<String> covariates,
    List<CalendarCovariate> calendar,
    int stepsPerDay,
    boolean dtFromTime) {

  /** The task families. */
  public enum Task {
    /** Continuous sequence-to-sequence: inputs at the sample rate, one target per chunk of k. */
    SEQ2SEQ,
    /** Multi-horizon forecasting of the next h target rows. */
    FORECAST;

    /** The command-line name. */
    public String cliName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A request without Δt from the time column. */
  public EvaluateRequest(
      Path csv,
      String timeColumn,
      String seriesColumn,
      List<String> inputs,
      List<String> targets,
      Task task,
      int chunk,
      int horizon,
      List<ModelKind> models,
      long seed,
      int epochs,
      int episodeLength,
      SplitFractions split,
      double budgetMinutes,
      int period,
      int arOrder,
      String hissPreset,
      double learningRate,
      int batchSize,
      OutputHead head,
      QuantileLevels quantiles,
      TrainingLoss loss,
      List<String> covariates,
      List<CalendarCovariate> calendar,
      int stepsPerDay) {
    this(
        csv,
        timeColumn,
        seriesColumn,
        inputs,
        targets,
        task,
        chunk,
        horizon,
        models,
        seed,
        epochs,
        episodeLength,
        split,
        budgetMinutes,
        period,
        arOrder,
        hissPreset,
        learningRate,
        batchSize,
        head,
        quantiles,
        loss,
        covariates,
        calendar,
        stepsPerDay,
        false);
  }

  /** A request without covariates, with the head's default loss (and default levels). */
  public EvaluateRequest(
      Path csv,
      String timeColumn,
      String seriesColumn,
      List<String> inputs,
      List<String> targets,
      Task task,
      int chunk,
      int horizon,
      List<ModelKind> models,
      long seed,
      int epochs,
      int episodeLength,
      SplitFractions split,
      double budgetMinutes,
      int period,
      int arOrder,
      String hissPreset,
      double learningRate,
      int batchSize,
      OutputHead head) {
    this(
        csv,
        timeColumn,
        seriesColumn,
        inputs,
        targets,
        task,
        chunk,
        horizon,
        models,
        seed,
        epochs,
        episodeLength,
        split,
        budgetMinutes,
        period,
        arOrder,
        hissPreset,
        learningRate,
        batchSize,
        head,
        null,
        null,
        List.of(),
        List.of(),
        0);
  }

  /** A request whose neural models have a POINT head. */
  public EvaluateRequest(
      Path csv,
      String timeColumn,
      String seriesColumn,
      List<String> inputs,
      List<String> targets,
      Task task,
      int chunk,
      int horizon,
      List<ModelKind> models,
      long seed,
      int epochs,
      int episodeLength,
      SplitFractions split,
      double budgetMinutes,
      int period,
      int arOrder,
      String hissPreset,
      double learningRate,
      int batchSize) {
    this(
        csv,
        timeColumn,
        seriesColumn,
        inputs,
        targets,
        task,
        chunk,
        horizon,
        models,
        seed,
        epochs,
        episodeLength,
        split,
        budgetMinutes,
        period,
        arOrder,
        hissPreset,
        learningRate,
        batchSize,
        OutputHead.POINT);
  }

  /** Validates the options. */
  public EvaluateRequest {
    if (head == null) {
      throw new BadRequestException("Invalid --head = null; must be point, gaussian or quantile");
    }
    if (head == OutputHead.QUANTILE && quantiles == null) {
      quantiles = QuantileLevels.DEFAULT;
    }
    if (head != OutputHead.QUANTILE && quantiles != null) {
      throw new BadRequestException(
          "Invalid --quantiles = " + quantiles.text() + ": only --head quantile has levels");
    }
    if (loss == null) {
      loss = TrainingLoss.defaultFor(head);
    }
    if (loss.head() != head) {
      throw new BadRequestException(
          "Invalid --loss = "
              + loss.name().toLowerCase(java.util.Locale.ROOT)
              + " for --head "
              + head.cliName()
              + "; it trains with "
              + (head == OutputHead.GAUSSIAN
                  ? "nll or crps"
                  : TrainingLoss.defaultFor(head).name().toLowerCase(java.util.Locale.ROOT)));
    }
    if (dtFromTime && timeColumn == null) {
      throw new BadRequestException(
          "Invalid --dt-from-time: it needs --time-col (the column the gaps are read from)");
    }
    if (dtFromTime && task == Task.FORECAST) {
      throw new BadRequestException(
          "Invalid --dt-from-time with --task forecast; only the seq2seq task feeds Δt");
    }
    covariates = List.copyOf(covariates);
    calendar = List.copyOf(calendar);
    checkCovariates(task, timeColumn, targets, covariates, calendar, stepsPerDay, models);
    inputs = List.copyOf(inputs);
    targets = List.copyOf(targets);
    models = List.copyOf(models);
    if (targets.isEmpty()) {
      throw new BadRequestException("Invalid --targets: name at least one column");
    }
    if (task == Task.SEQ2SEQ && inputs.isEmpty()) {
      throw new BadRequestException("Invalid --inputs: the seq2seq task needs at least one column");
    }
    if (models.isEmpty()) {
      throw new BadRequestException("Invalid --models: name at least one model");
    }
    positive("--chunk", chunk);
    positive("--horizon", horizon);
    positive("--epochs", epochs);
    positive("--episode-length", episodeLength);
    positive("--period", period);
    positive("--ar-order", arOrder);
    positive("--batch-size", batchSize);
    if (!(budgetMinutes > 0) || !Double.isFinite(budgetMinutes)) {
      throw new BadRequestException(
          "Invalid --budget-minutes = " + budgetMinutes + "; must be > 0");
    }
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new BadRequestException("Invalid --lr = " + learningRate + "; must be > 0");
    }
    if (task == Task.SEQ2SEQ && episodeLength % chunk != 0) {
      throw new BadRequestException(
          "Invalid --chunk = "
              + chunk
              + ": it does not divide --episode-length = "
              + episodeLength);
    }
    if (split.validation() <= 0 || split.test() <= 0) {
      throw new BadRequestException(
          "Invalid --split = "
              + split.train()
              + ","
              + split.validation()
              + ","
              + split.test()
              + ": validation and test must not be empty");
    }
    if (task == Task.FORECAST
        && models.stream().anyMatch(ModelKind::neural)
        && episodeLength % chunk != 0) {
      throw new BadRequestException(
          "Invalid --chunk = "
              + chunk
              + ": it does not divide --episode-length = "
              + episodeLength
              + " (the history rows of the neural forecast models)");
    }
  }

  private static void checkCovariates(
      Task task,
      String timeColumn,
      List<String> targets,
      List<String> covariates,
      List<CalendarCovariate> calendar,
      int stepsPerDay,
      List<ModelKind> models) {
    boolean any = !covariates.isEmpty() || !calendar.isEmpty();
    if (any && task != Task.FORECAST) {
      throw new BadRequestException(
          "Invalid --covariates/--calendar-covariates: only --task forecast uses known-ahead"
              + " covariates");
    }
    for (String c : covariates) {
      if (targets.contains(c)) {
        throw new BadRequestException(
            "Invalid --covariates = "
                + c
                + ": it is a target, whose future values are not known ahead");
      }
    }
    if (covariates.stream().distinct().count() != covariates.size()) {
      throw new BadRequestException("Invalid --covariates = " + covariates + "; duplicate column");
    }
    if (!calendar.isEmpty() && timeColumn == null) {
      throw new BadRequestException(
          "Invalid --calendar-covariates: they are derived from --time-col, which is not given");
    }
    if (stepsPerDay < 0) {
      throw new BadRequestException(
          "Invalid --steps-per-day = " + stepsPerDay + "; must be >= 1 (or 0 for date labels)");
    }
    if (!any && models.contains(ModelKind.ARX)) {
      throw new BadRequestException(
          "Invalid --models: arx needs --covariates or --calendar-covariates");
    }
  }

  /**
   * The same request with or without Δt from the time column.
   *
   * @param useDt whether to feed the per-row Δt scale
   * @return the request
   */
  public EvaluateRequest withDtFromTime(boolean useDt) {
    return new EvaluateRequest(
        csv,
        timeColumn,
        seriesColumn,
        inputs,
        targets,
        task,
        chunk,
        horizon,
        models,
        seed,
        epochs,
        episodeLength,
        split,
        budgetMinutes,
        period,
        arOrder,
        hissPreset,
        learningRate,
        batchSize,
        head,
        quantiles,
        loss,
        covariates,
        calendar,
        stepsPerDay,
        useDt);
  }

  /** The number of covariate columns K (given columns plus derived calendar columns). */
  public int covariateCount() {
    return covariates.size() + calendar.stream().mapToInt(CalendarCovariate::width).sum();
  }

  private static void positive(String option, int value) {
    if (value < 1) {
      throw new BadRequestException("Invalid " + option + " = " + value + "; must be >= 1");
    }
  }

  /** Whether any chosen model is a neural one. */
  public boolean hasNeuralModel() {
    return models.stream().anyMatch(ModelKind::neural);
  }
}
