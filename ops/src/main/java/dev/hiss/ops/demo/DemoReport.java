package dev.hiss.ops.demo;

import dev.hiss.forecasting.metric.PointMetrics;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.replay.FleetReplay;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The demo's prediction table and error summary. */
final class DemoReport {
  static final double HOLDOUT = 0.2;

  private DemoReport() {}

  static void print(PrintStream out, FleetReplay replay, DemoPipeline.Result r, int rows) {
    // the training job held out the last 20 % of each device's sequence range: score only that
    long holdoutStart = (long) ((replay.samplesPerDevice() - 1) * (1 - HOLDOUT));
    Map<String, List<Prediction>> byDevice = new TreeMap<>();
    for (Prediction p : r.predictions()) {
      byDevice.computeIfAbsent(p.deviceId(), k -> new ArrayList<>()).add(p);
    }
    out.println();
    out.printf(
        "%-10s %8s %8s %12s %12s %10s%n",
        "device", "seq", "target", "predicted", "actual", "error");
    PointMetrics all = new PointMetrics();
    PointMetrics naive = new PointMetrics();
    Map<String, double[]> perDevice = new TreeMap<>();
    for (int d = 0; d < replay.devices(); d++) {
      String id = replay.deviceId(d);
      List<Prediction> ps = byDevice.getOrDefault(id, List.of());
      ps.sort(Comparator.comparingLong(Prediction::seq));
      PointMetrics m = new PointMetrics();
      PointMetrics n = new PointMetrics();
      int shown = 0;
      for (Prediction p : ps) {
        if (p.seq() <= holdoutStart || p.targetSeq() >= replay.samplesPerDevice()) {
          continue; // in the training range, or beyond the end of the recording (no actual)
        }
        double actual = replay.value(d, p.targetSeq());
        m.add(p.predicted(), actual);
        n.add(replay.value(d, p.seq()), actual);
        if (shown < rows) {
          out.printf(
              "%-10s %8d %8d %12.4f %12.4f %+10.4f%n",
              id, p.seq(), p.targetSeq(), p.predicted(), actual, p.predicted() - actual);
          shown++;
        }
      }
      all.merge(m);
      naive.merge(n);
      perDevice.put(id, new double[] {m.count(), m.rmse(), n.rmse()});
    }
    out.println();
    out.printf("%-10s %12s %14s %14s%n", "device", "predictions", "RMSE model", "RMSE naive");
    perDevice.forEach(
        (id, v) -> out.printf("%-10s %12d %14.4f %14.4f%n", id, (long) v[0], v[1], v[2]));
    out.printf(
        "%-10s %12d %14.4f %14.4f   (mV, held-out last 20%% of each device; naive = last value)%n",
        "all", all.count(), all.rmse(), naive.rmse());
  }
}
