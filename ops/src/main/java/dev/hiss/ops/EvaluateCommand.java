package dev.hiss.ops;

import dev.hiss.forecasting.data.CalendarCovariate;
import dev.hiss.forecasting.data.SplitFractions;
import dev.hiss.forecasting.evaluate.BadRequestException;
import dev.hiss.forecasting.evaluate.EvaluateRequest;
import dev.hiss.forecasting.evaluate.EvaluationJson;
import dev.hiss.forecasting.evaluate.EvaluationResult;
import dev.hiss.forecasting.evaluate.Evaluator;
import dev.hiss.forecasting.evaluate.HtmlReport;
import dev.hiss.forecasting.evaluate.ModelKind;
import dev.hiss.forecasting.evaluate.ModelResult;
import dev.hiss.forecasting.metric.ChannelMetrics;
import dev.hiss.model.hiss.OutputHead;
import dev.hiss.model.hiss.QuantileLevels;
import dev.hiss.model.hiss.TrainingLoss;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hiss evaluate}: trains and scores models on a numeric CSV (engine: {@link Evaluator}).
 * Bad arguments print one line and exit with 2.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Train and score models on any numeric CSV with a header: seq2seq (inputs at the sample"
          + " rate, one target per chunk of k samples, at the chunk's end) or forecast (the next"
          + " h target rows). Splits every series in time order, normalizes with training"
          + " statistics, selects each neural model's epoch on validation, scores on test."
    })
public final class EvaluateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--csv", required = true, description = "The CSV file.")
  Path csv;

  @Option(names = "--time-col", description = "Time-label column (kept as text).")
  String timeCol;

  @Option(names = "--series-col", description = "Column naming the series of a row.")
  String seriesCol;

  @Option(
      names = "--dt-from-time",
      description =
          "Seq2seq: feed the neural models with S4/S4D/S5/Mamba levels a per-row Δt scale, the"
              + " gap to the previous row (--time-col: numbers or ISO-8601 date-times) over the"
              + " median gap of the training part; a non-positive gap is an error naming the row.")
  boolean dtFromTime;

  @Option(names = "--inputs", split = ",", description = "Input columns, comma-separated.")
  List<String> inputs = List.of();

  @Option(
      names = "--targets",
      required = true,
      split = ",",
      description = "Target columns, comma-separated.")
  List<String> targets;

  @Option(names = "--task", defaultValue = "seq2seq", description = "seq2seq or forecast.")
  String task;

  @Option(names = "--chunk", defaultValue = "10", description = "k (seq2seq; default 10).")
  int chunk;

  @Option(names = "--horizon", defaultValue = "1", description = "h (forecast; default 1).")
  int horizon;

  @Option(
      names = "--models",
      defaultValue = "hiss,s4d,naive,ar",
      description =
          "Comma-separated; available: naive,seasonal,mean,ar,arx,hiss,s4d,s4,mamba,s5,lstm,"
              + "transformer (arx needs covariates).")
  String models;

  @Option(names = "--seed", defaultValue = "5", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--epochs", defaultValue = "20", description = "Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(
      names = "--episode-length",
      description =
          "Seq2seq episode rows (default 20·k). Forecast: the history rows every model sees"
              + " (default 4096; 20·k with a neural model, which forecasts all h rows at once"
              + " from them).")
  Integer episodeLength;

  @Option(names = "--split", defaultValue = "0.6,0.2,0.2", description = "Train,validation,test.")
  String split;

  @Option(
      names = "--budget-minutes",
      defaultValue = "10",
      description = "Bound on the total training time (default: ${DEFAULT-VALUE}).")
  double budgetMinutes;

  @Option(names = "--period", defaultValue = "24", description = "Seasonal period in targets.")
  int period;

  @Option(names = "--ar-order", defaultValue = "4", description = "Lags of the ar model.")
  int arOrder;

  @Option(names = "--hiss-preset", defaultValue = "tiny", description = "tiny, small-s4, ...")
  String hissPreset;

  @Option(names = "--lr", defaultValue = "0.003", description = "Adam learning rate.")
  double lr;

  @Option(names = "--batch-size", defaultValue = "8", description = "Episodes per step.")
  int batchSize;

  @Option(
      names = "--head",
      defaultValue = "point",
      description =
          "Output head of the neural models: point, gaussian (mean and std; adds CRPS and 90%%"
              + " interval coverage) or quantile (the --quantiles, non-crossing, trained with the"
              + " pinball loss; adds pinball, per-level coverage and CRPS approximated from the"
              + " quantiles). Default: ${DEFAULT-VALUE}.")
  String head;

  @Option(
      names = "--quantiles",
      description =
          "Levels of --head quantile, strictly increasing in (0,1). Default: 0.1,0.5,0.9.")
  String quantiles;

  @Option(
      names = "--loss",
      description =
          "Training loss of --head gaussian: nll (default) or crps. Point trains with mse,"
              + " quantile with pinball.")
  String loss;

  @Option(
      names = "--covariates",
      split = ",",
      description =
          "Forecast task: known-ahead covariate columns (e.g. hour of day); arx and the neural"
              + " models read their values at the forecast rows, never a future target.")
  List<String> covariates = List.of();

  @Option(
      names = "--calendar-covariates",
      description =
          "Forecast task: time-of-day and/or day-of-week (comma-separated), derived from"
              + " --time-col (ISO date-times or dates; step numbers with --steps-per-day) as"
              + " Fourier terms.")
  String calendarCovariates;

  @Option(
      names = "--steps-per-day",
      defaultValue = "0",
      description = "Rows per day of a numeric --time-col, for --calendar-covariates.")
  int stepsPerDay;

  @Option(names = "--json", description = "Write the result as JSON here.")
  Path json;

  @Option(names = "--report", description = "Write a self-contained HTML report here.")
  Path report;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    EvaluationResult res;
    try {
      res = Evaluator.run(request());
    } catch (BadRequestException e) {
      err.println("hiss evaluate: " + e.getMessage());
      err.flush();
      return 2;
    }
    PrintWriter out = spec.commandLine().getOut();
    printTable(out, res);
    if (json != null) {
      Files.writeString(json, EvaluationJson.write(res), StandardCharsets.UTF_8);
      out.println("wrote " + json);
    }
    if (report != null) {
      Files.writeString(report, HtmlReport.write(res), StandardCharsets.UTF_8);
      out.println("wrote " + report);
    }
    out.flush();
    return 0;
  }

  private EvaluateRequest request() {
    EvaluateRequest.Task t =
        Arrays.stream(EvaluateRequest.Task.values())
            .filter(v -> v.cliName().equals(task))
            .findFirst()
            .orElseThrow(
                () ->
                    new BadRequestException(
                        "Invalid --task = '" + task + "'; must be seq2seq or forecast"));
    SplitFractions fractions;
    try {
      fractions = SplitFractions.parse(split);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid --split: " + e.getMessage(), e);
    }
    OutputHead h;
    try {
      h = OutputHead.parse(head);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage().replace("Invalid head", "Invalid --head"), e);
    }
    QuantileLevels q = null;
    if (quantiles != null) {
      try {
        q = QuantileLevels.parse(quantiles);
      } catch (IllegalArgumentException e) {
        throw new BadRequestException(
            e.getMessage().replace("Invalid quantiles", "Invalid --quantiles"), e);
      }
    }
    TrainingLoss l = null;
    if (loss != null) {
      try {
        l = TrainingLoss.parse(loss);
      } catch (IllegalArgumentException e) {
        throw new BadRequestException(e.getMessage().replace("Invalid loss", "Invalid --loss"), e);
      }
    }
    List<CalendarCovariate> calendar;
    try {
      calendar =
          calendarCovariates == null ? List.of() : CalendarCovariate.parseList(calendarCovariates);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          e.getMessage().replace("Invalid calendar covariate", "Invalid --calendar-covariates"), e);
    }
    List<ModelKind> kinds = ModelKind.parseList(models);
    boolean neural = kinds.stream().anyMatch(ModelKind::neural);
    int defaultLength =
        t == EvaluateRequest.Task.SEQ2SEQ || neural ? 20 * Math.max(1, chunk) : 4096;
    return new EvaluateRequest(
        csv,
        timeCol,
        seriesCol,
        inputs,
        targets,
        t,
        chunk,
        horizon,
        kinds,
        seed,
        epochs,
        episodeLength == null ? defaultLength : episodeLength,
        fractions,
        budgetMinutes,
        period,
        arOrder,
        hissPreset,
        lr,
        batchSize,
        h,
        q,
        l,
        covariates,
        calendar,
        stepsPerDay,
        dtFromTime);
  }

  static void printTable(PrintWriter out, EvaluationResult res) {
    var d = res.data();
    out.printf(
        Locale.ROOT,
        "%s: %d rows, %d series, episodes train/validation/test %d/%d/%d%s%n",
        res.request().csv().getFileName(),
        d.rows(),
        d.series(),
        d.trainEpisodes(),
        d.validationEpisodes(),
        d.testEpisodes(),
        res.budgetCut() ? "; the time budget cut training short" : "");
    out.printf(
        Locale.ROOT,
        "%-11s %12s %12s %12s %8s %8s %10s %8s %8s %6s%s%n",
        "model",
        "mse",
        "rmse",
        "mae",
        "mase",
        "smape",
        "norm_mse",
        "params",
        "train_s",
        "epoch",
        res.models().stream().anyMatch(ModelResult::probabilistic)
            ? String.format(Locale.ROOT, " %12s %6s %12s", "crps", "cov90", "pinball")
            : "");
    boolean prob = res.models().stream().anyMatch(ModelResult::probabilistic);
    for (ModelResult m : res.models()) {
      ChannelMetrics o = m.metrics().overall();
      String extra =
          !prob
              ? ""
              : m.probabilistic()
                  ? String.format(
                      Locale.ROOT,
                      " %12.5g %6s %12s",
                      o.original().crps(),
                      m.quantile() ? "-" : String.format(Locale.ROOT, "%.3f", o.intervalCoverage()),
                      m.quantile()
                          ? String.format(Locale.ROOT, "%.5g", o.original().pinball())
                          : "-")
                  : String.format(Locale.ROOT, " %12s %6s %12s", "-", "-", "-");
      out.printf(
          Locale.ROOT,
          "%-11s %12.5g %12.5g %12.5g %8.4f %8.3f %10.5f %8d %8.1f %6s%s%n",
          m.name(),
          o.original().mse(),
          o.original().rmse(),
          o.original().mae(),
          o.mase(),
          o.smape(),
          o.normalized().mse(),
          m.params(),
          m.trainSeconds(),
          m.trainLoss().isEmpty() ? "-" : m.bestEpoch() + (m.budgetCut() ? "*" : ""),
          extra);
    }
  }
}
