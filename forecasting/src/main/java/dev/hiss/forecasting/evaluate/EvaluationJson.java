package dev.hiss.forecasting.evaluate;

import dev.hiss.forecasting.evaluate.EvaluateRequest.Task;
import dev.hiss.forecasting.evaluate.internal.Json;
import dev.hiss.forecasting.metric.ChannelMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of an {@link EvaluationResult}: {@code {"task", "data": {"rows", "series",
 * "episodes", …}, "budget": {"minutes", "cut_short"}, "models": {"<name>": {"mse", "rmse", "mae",
 * "mase", "smape", "normalized_mse", "train_seconds", "params", …}}}}. Metrics are over all target
 * channels of the test part; a metric with nothing to average is {@code null}. A probabilistic
 * model (neural models with {@code --head gaussian}) also has {@code "crps"} (original units),
 * {@code "normalized_crps"} and {@code "coverage_90"} (fraction of test values inside the central
 * 90 % interval), overall and per channel; {@code "head"} and {@code "loss"} at the top level name
 * the head and its training loss. A quantile model ({@code --head quantile}, levels in the
 * top-level {@code "quantiles"}) has {@code "pinball"} and {@code "normalized_pinball"} (mean over
 * values and levels), {@code "coverage"} (per level, e.g. {@code {"0.1": 0.097, …}}: the fraction
 * of test values at or below the predicted quantile) and {@code "crps"}/{@code "normalized_crps"}
 * approximated from the quantiles ({@link dev.hiss.forecasting.metric.Scores#crpsFromQuantiles};
 * {@code "crps_method": "quantiles"}, {@code "closed_form"} for a Gaussian). {@code "covariates"}
 * lists the known-ahead covariates (columns, then calendar covariates) of the forecast task. With
 * {@code --dt-from-time} the top level has {@code "dt": true}, and the description of each neural
 * model that read the Δt scale ends in "Δt from time".
 */
public final class EvaluationJson {
  private EvaluationJson() {}

  /** The result as JSON text. */
  public static String write(EvaluationResult res) {
    EvaluateRequest r = res.request();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("task", r.task().cliName());
    if (r.task() == Task.SEQ2SEQ) {
      root.put("chunk", r.chunk());
      root.put("episode_length", r.episodeLength());
    } else {
      root.put("horizon", r.horizon());
    }
    root.put("csv", r.csv().getFileName().toString());
    root.put("inputs", r.inputs());
    root.put("targets", r.targets());
    root.put("seed", r.seed());
    root.put("head", r.head().cliName());
    if (r.dtFromTime()) {
      root.put("dt", true);
    }
    root.put("loss", r.loss().name().toLowerCase(java.util.Locale.ROOT));
    if (r.quantiles() != null) {
      root.put("quantiles", r.quantiles().levels());
    }
    if (r.task() == Task.FORECAST) {
      List<String> cov = new java.util.ArrayList<>(r.covariates());
      r.calendar().forEach(c -> cov.add(c.cliName()));
      root.put("covariates", cov);
    }
    root.put("split", List.of(r.split().train(), r.split().validation(), r.split().test()));
    DataSummary d = res.data();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("rows", d.rows());
    data.put("series", d.series());
    data.put("episodes", d.episodes());
    data.put("train_episodes", d.trainEpisodes());
    data.put("validation_episodes", d.validationEpisodes());
    data.put("test_episodes", d.testEpisodes());
    Map<String, Object> miss = new LinkedHashMap<>();
    for (String c : r.inputs()) {
      miss.put(c, d.missing().get(c));
    }
    for (String c : r.targets()) {
      miss.put(c, d.missing().get(c));
    }
    data.put("missing", miss);
    data.put("masked_target_steps", d.maskedTargetSteps());
    data.put("unused_rows", d.unusedRows());
    data.put("skipped_series", d.skippedSeries());
    root.put("data", data);
    Map<String, Object> budget = new LinkedHashMap<>();
    budget.put("minutes", r.budgetMinutes());
    budget.put("cut_short", res.budgetCut());
    root.put("budget", budget);
    Map<String, Object> models = new LinkedHashMap<>();
    for (ModelResult m : res.models()) {
      models.put(m.name(), model(m, r));
    }
    root.put("models", models);
    return Json.write(root);
  }

  private static Map<String, Object> model(ModelResult m, EvaluateRequest r) {
    ChannelMetrics o = m.metrics().overall();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mse", o.original().mse());
    out.put("rmse", o.original().rmse());
    out.put("mae", o.original().mae());
    out.put("mase", o.mase());
    out.put("smape", o.smape());
    out.put("normalized_mse", o.normalized().mse());
    out.put("normalized_mae", o.normalized().mae());
    if (m.probabilistic()) {
      putProbabilistic(out, o, m, r);
    }
    out.put("train_seconds", m.trainSeconds());
    out.put("params", m.params());
    out.put("values", o.values());
    out.put("unforecast", o.unforecast());
    out.put("episodes", o.episodes());
    out.put("description", m.description());
    if (!m.trainLoss().isEmpty()) {
      out.put("epochs_run", m.epochsRun());
      out.put("best_epoch", m.bestEpoch());
      out.put("budget_cut", m.budgetCut());
      out.put("train_loss", m.trainLoss());
      out.put("validation_loss", m.validationLoss());
    }
    Map<String, Object> channels = new LinkedHashMap<>();
    for (ChannelMetrics c : m.metrics().channels()) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("mse", c.original().mse());
      cm.put("mae", c.original().mae());
      cm.put("normalized_mse", c.normalized().mse());
      if (m.probabilistic()) {
        putProbabilistic(cm, c, m, r);
      }
      cm.put("values", c.values());
      channels.put(c.channel(), cm);
    }
    out.put("channels", channels);
    return out;
  }

  private static void putProbabilistic(
      Map<String, Object> out, ChannelMetrics c, ModelResult m, EvaluateRequest r) {
    out.put("crps", c.original().crps());
    out.put("normalized_crps", c.normalized().crps());
    if (!m.quantile()) {
      out.put("crps_method", "closed_form");
      out.put("coverage_90", c.intervalCoverage());
      return;
    }
    out.put("crps_method", "quantiles");
    out.put("pinball", c.original().pinball());
    out.put("normalized_pinball", c.normalized().pinball());
    Map<String, Object> cov = new LinkedHashMap<>();
    for (int j = 0; j < c.quantileCoverage().size(); j++) {
      cov.put(String.valueOf(r.quantiles().level(j)), c.quantileCoverage().get(j));
    }
    out.put("coverage", cov);
  }
}
