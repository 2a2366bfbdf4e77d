package dev.hiss.forecasting.evaluate;

import dev.hiss.forecasting.evaluate.internal.Svg;
import dev.hiss.forecasting.metric.ChannelMetrics;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page of an {@link EvaluationResult}: the metrics table (with CRPS and 90 %
 * interval coverage when a model is probabilistic), per model the actual and predicted first target
 * channel on one test episode (with the shaded 90 % interval of a probabilistic model), and the
 * training curves of the neural models, as inline SVG.
 */
public final class HtmlReport {
  private static final List<String> COLORS = List.of("#1f77b4", "#d62728", "#2ca02c", "#9467bd");

  private HtmlReport() {}

  /** The page. */
  public static String write(EvaluationResult res) {
    EvaluateRequest r = res.request();
    DataSummary d = res.data();
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>HiSS evaluate: ")
        .append(Svg.esc(r.csv().getFileName().toString()))
        .append("</title><style>body{font-family:sans-serif;margin:2em}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;")
        .append("text-align:right}th:first-child,td:first-child{text-align:left}</style>")
        .append("</head><body>\n<h1>HiSS evaluate: ")
        .append(Svg.esc(r.csv().getFileName().toString()))
        .append("</h1>\n<p>Task ")
        .append(r.task().cliName())
        .append(
            r.task() == EvaluateRequest.Task.SEQ2SEQ
                ? " (chunk k = " + r.chunk() + ", episodes of " + r.episodeLength() + " rows)"
                : " (horizon h = " + r.horizon() + ")")
        .append("; inputs ")
        .append(Svg.esc(String.join(", ", r.inputs())))
        .append("; targets ")
        .append(Svg.esc(String.join(", ", r.targets())))
        .append(covariates(r))
        .append(
            String.format(
                Locale.ROOT,
                ". %d rows in %d series; episodes train/validation/test = %d/%d/%d; seed %d;"
                    + " budget %.2f min%s.</p>\n",
                d.rows(),
                d.series(),
                d.trainEpisodes(),
                d.validationEpisodes(),
                d.testEpisodes(),
                r.seed(),
                r.budgetMinutes(),
                res.budgetCut() ? " (cut training short)" : ""));
    boolean prob = res.models().stream().anyMatch(ModelResult::probabilistic);
    boolean quant = res.models().stream().anyMatch(ModelResult::quantile);
    if (quant) {
      sb.append("<p>Quantile head, levels ")
          .append(Svg.esc(r.quantiles().text()))
          .append(
              ": pinball loss averaged over levels; coverage of a level = fraction of test values"
                  + " at or below its quantile (calibrated: the level itself); CRPS approximated"
                  + " from the quantiles (2 Σ w_j·pinball_j, w_j the level's share of (0, 1));"
                  + " the band spans the outer quantiles.</p>\n");
    }
    sb.append("<table><tr><th>model</th><th>MSE</th><th>RMSE</th><th>MAE</th><th>MASE</th>")
        .append("<th>sMAPE %</th><th>normalized MSE</th>")
        .append(prob ? "<th>CRPS</th><th>90 % coverage</th>" : "")
        .append(quant ? "<th>pinball</th><th>coverage per level</th>" : "")
        .append("<th>values</th><th>params</th>")
        .append("<th>train s</th><th>best epoch</th><th>shape</th></tr>\n");
    for (ModelResult m : res.models()) {
      ChannelMetrics o = m.metrics().overall();
      sb.append("<tr><td>")
          .append(Svg.esc(m.name()))
          .append("</td>")
          .append(cell(o.original().mse()))
          .append(cell(o.original().rmse()))
          .append(cell(o.original().mae()))
          .append(cell(o.mase()))
          .append(cell(o.smape()))
          .append(cell(o.normalized().mse()))
          .append(prob ? cell(o.original().crps()) + cell(o.intervalCoverage()) : "")
          .append(quant ? cell(o.original().pinball()) + coverageCell(o, r) : "")
          .append("<td>")
          .append(o.values())
          .append("</td><td>")
          .append(m.params())
          .append("</td>")
          .append(cell(m.trainSeconds()))
          .append("<td>")
          .append(m.trainLoss().isEmpty() ? "" : m.bestEpoch() + "/" + m.epochsRun())
          .append(m.budgetCut() ? " (budget)" : "")
          .append("</td><td>")
          .append(Svg.esc(m.description()))
          .append("</td></tr>\n");
    }
    sb.append("</table>\n<h2>Test episode of series ")
        .append(Svg.esc(res.sampleSeries()))
        .append(": ")
        .append(Svg.esc(r.targets().get(0)))
        .append("</h2>\n");
    for (ModelResult m : res.models()) {
      sb.append(
              Svg.plot(
                  m.name(),
                  List.of(res.sampleActual(), m.samplePrediction()),
                  List.of(
                      "actual",
                      (m.quantile() ? "median (" : m.probabilistic() ? "mean (" : "predicted (")
                          + m.name()
                          + ")"),
                  COLORS,
                  m.probabilistic() ? m.sampleLower() : null,
                  m.probabilistic() ? m.sampleUpper() : null,
                  m.quantile()
                      ? "quantiles "
                          + r.quantiles().level(0)
                          + "–"
                          + r.quantiles().level(r.quantiles().count() - 1)
                      : "90 % interval"))
          .append('\n');
    }
    boolean curves = res.models().stream().anyMatch(m -> !m.trainLoss().isEmpty());
    if (curves) {
      sb.append(
          r.head().probabilistic()
              ? "<h2>Training curves (the "
                  + r.loss().name().toLowerCase(Locale.ROOT)
                  + " loss per epoch, normalized units)</h2>\n"
              : "<h2>Training curves (normalized MSE per epoch)</h2>\n");
      for (ModelResult m : res.models()) {
        if (!m.trainLoss().isEmpty()) {
          sb.append(
                  Svg.plot(
                      m.name() + " (best epoch " + m.bestEpoch() + ")",
                      List.of(array(m.trainLoss()), array(m.validationLoss())),
                      List.of("training", "validation"),
                      COLORS))
              .append('\n');
        }
      }
    }
    return sb.append("</body></html>\n").toString();
  }

  private static String covariates(EvaluateRequest r) {
    if (r.covariateCount() == 0) {
      return "";
    }
    List<String> names = new java.util.ArrayList<>(r.covariates());
    r.calendar().forEach(c -> names.add(c.cliName()));
    return "; known-ahead covariates " + Svg.esc(String.join(", ", names));
  }

  private static String coverageCell(ChannelMetrics o, EvaluateRequest r) {
    if (o.quantileCoverage().isEmpty()) {
      return "<td>–</td>";
    }
    StringBuilder b = new StringBuilder("<td>");
    for (int j = 0; j < o.quantileCoverage().size(); j++) {
      b.append(j == 0 ? "" : ", ")
          .append(r.quantiles().level(j))
          .append(": ")
          .append(String.format(Locale.ROOT, "%.3f", o.quantileCoverage().get(j)));
    }
    return b.append("</td>").toString();
  }

  private static String cell(double v) {
    return "<td>" + (Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "–") + "</td>";
  }

  private static double[] array(List<Double> l) {
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
