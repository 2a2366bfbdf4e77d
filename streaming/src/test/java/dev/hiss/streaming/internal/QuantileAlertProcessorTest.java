package dev.hiss.streaming.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.Alert;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.model.hiss.HissForecaster;
import dev.hiss.model.hiss.HissStepModel;
import dev.hiss.model.hiss.QuantileLevels;
import dev.hiss.streaming.AnomalySettings;
import dev.hiss.streaming.HissServing;
import dev.hiss.streaming.ScorerMetrics;
import dev.hiss.streaming.ScoringModel;
import dev.hiss.streaming.TinyHiss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The quantile-interval anomaly rule, on the processor alone with Kafka Streams' mock context: a
 * quantile-head HiSS model's chunk forecasts (reproduced by a twin step model) are met by chunk
 * means placed just inside or just outside the widest central interval (0.05/0.95 of the levels
 * 0.05, 0.1, 0.5, 0.9, 0.95), and only those outside alert, once each, with kind {@code
 * quantile-interval}; a chunk mean between the 0.9 and 0.95 quantiles, or between the median and a
 * bound, does not. Levels without a central pair keep the running rule on the median.
 */
class QuantileAlertProcessorTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  private static final String STORE = "device-state";
  private static final String LEVELS = "0.05,0.1,0.5,0.9,0.95";

  private static HissForecaster forecaster(String levels) {
    return TinyHiss.forecaster(c -> c.withQuantiles(QuantileLevels.parse(levels)));
  }

  private static double a(long s) {
    return Math.sin(0.1 * s) * 2 + 1;
  }

  private static double b(long s) {
    return Math.cos(0.07 * s) * 3 - 1;
  }

  /** The twin's quantiles of each forecast (one per chunk, the first at seq k − 1). */
  private static List<double[]> twinQuantiles(HissForecaster f, int chunks) {
    HissStepModel twin = f.stepModel(1);
    List<double[]> out = new ArrayList<>();
    int k = f.model().config().totalChunk();
    for (int s = 0; s < chunks * k; s++) {
      float[] q = twin.stepQuantiles(new float[] {(float) a(s), (float) b(s)});
      if (q != null) {
        double[] d = new double[q.length];
        for (int i = 0; i < q.length; i++) {
          d[i] = q[i];
        }
        out.add(d);
      }
    }
    return out;
  }

  /** Feeds one device; chunk c (samples c·k .. c·k + k − 1) has the constant target means[c]. */
  private static List<Alert> alerts(HissForecaster f, double[] means, AnomalySettings settings) {
    MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
    KeyValueStore<String, byte[]> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    ScoringModel served = ScoringModel.hiss(new HissServing(f, List.of("a", "b"), "y"), "vq");
    ScoringProcessor p =
        new ScoringProcessor(() -> served, ScorerMetrics.inMemory(), 1, STORE, settings, null);
    p.init(context);
    int k = f.model().config().totalChunk();
    for (int s = 0; s < means.length * k; s++) {
      byte[] v =
          SensorEventCodec.encode(
              new SensorEvent(
                  1,
                  "dev",
                  T0 + s * 1_000_000L,
                  s,
                  Map.of("a", a(s), "b", b(s), "y", means[s / k])));
      p.process(new Record<>("dev", v, 1000 + s));
    }
    return context.forwarded().stream()
        .filter(c -> c.childName().orElseThrow().equals(ScoringProcessor.ALERTS_CHILD))
        .map(c -> Alert.decode(c.record().value()))
        .toList();
  }

  /** The chunk mean the scorer computes from k equal samples. */
  private static double chunkMean(double v, int k) {
    double sum = 0;
    for (int i = 0; i < k; i++) {
      sum += v;
    }
    return sum / k;
  }

  @Test
  void onlyChunkMeansOutsideTheWidestCentralIntervalAlertOnceEach() {
    HissForecaster f = forecaster(LEVELS);
    int k = f.model().config().totalChunk();
    List<double[]> q = twinQuantiles(f, 5); // forecasts for chunks 1..4 (and one for chunk 5)
    for (double[] v : q.subList(0, 4)) {
      assertTrue(v[0] < v[1] && v[1] < v[2] && v[2] < v[3] && v[3] < v[4], "a real spread");
    }
    double[] means = new double[5];
    means[0] = q.get(0)[2];
    // chunk 1: between the 0.9 and 0.95 quantiles: outside the 80 % interval, inside the 90 % one
    means[1] = (q.get(0)[3] + q.get(0)[4]) / 2;
    // chunk 2: just below the 0.05 quantile
    means[2] = q.get(1)[0] - 0.01 * (q.get(1)[2] - q.get(1)[0]);
    // chunk 3: just above the 0.05 quantile (below the median)
    means[3] = q.get(2)[0] + 0.01 * (q.get(2)[2] - q.get(2)[0]);
    // chunk 4: just above the 0.95 quantile
    means[4] = q.get(3)[4] + 0.01 * (q.get(3)[4] - q.get(3)[2]);
    List<Alert> got = alerts(f, means, new AnomalySettings(4, 30, 0.05, 4, 1));
    assertEquals(2, got.size(), got.toString());
    assertAlert(got.get(0), q.get(1), chunkMean(means[2], k), 3L * k - 1, k, 1);
    assertAlert(got.get(1), q.get(3), chunkMean(means[4], k), 5L * k - 1, k, 1);
    assertTrue(got.get(0).value() < 0 && got.get(1).value() > 0);
  }

  @Test
  void theWideningFactorMovesTheBoundsAboutTheMedian() {
    HissForecaster f = forecaster(LEVELS);
    int k = f.model().config().totalChunk();
    List<double[]> q = twinQuantiles(f, 4);
    double[] means = new double[4];
    means[0] = q.get(0)[2];
    // outside the model's own 90 % interval, inside it widened twice about the median
    means[1] = q.get(0)[4] + 0.9 * (q.get(0)[4] - q.get(0)[2]);
    means[2] = q.get(1)[2] - 1.9 * (q.get(1)[2] - q.get(1)[0]);
    // beyond the twice-widened upper bound
    means[3] = q.get(2)[4] + 1.1 * (q.get(2)[4] - q.get(2)[2]);
    List<Alert> got = alerts(f, means, new AnomalySettings(4, 30, 0.05, 4, 2));
    assertEquals(1, got.size(), got.toString());
    assertAlert(got.get(0), q.get(2), chunkMean(means[3], k), 4L * k - 1, k, 2);
    // under the default widening (3) nothing here alerts
    assertEquals(List.of(), alerts(f, means, AnomalySettings.DEFAULT));
  }

  /** The alert of a forecast with quantiles {@code v} (levels {@link #LEVELS}) met by {@code m}. */
  private static void assertAlert(
      Alert a, double[] v, double mean, long seq, int k, double intervalK) {
    double median = v[2];
    double r = mean - median;
    double threshold = intervalK * (r > 0 ? v[4] - median : median - v[0]);
    assertEquals("quantile-interval", a.kind());
    assertEquals("dev", a.deviceId());
    assertEquals(seq, a.seq());
    assertEquals(T0 + seq * 1_000_000L, a.timestampNs());
    assertEquals(mean, a.actual(), 0);
    assertEquals(median, a.predicted(), 0);
    assertEquals(r, a.value(), 0);
    assertEquals(threshold, a.threshold(), 1e-12 * Math.max(1, threshold));
    assertTrue(
        Math.abs(a.value()) > a.threshold(), "an anomaly's |residual| exceeds the threshold");
    assertEquals("vq", a.modelVersion());
    String interval =
        intervalK == 1
            ? String.format("outside the 90 %% quantile interval [%.4g, %.4g]", v[0], v[4])
            : String.format(
                "outside %.1f × the 90 %% quantile interval [%.4g, %.4g] about the median",
                intervalK, v[0], v[4]);
    assertEquals(
        String.format(
            "mean of y over the last %d samples = %.4g, forecast median %.4g: residual %.3g"
                + " beyond %.3g (%s)",
            k, mean, median, r, threshold, interval),
        a.message());
  }

  @Test
  void levelsWithoutACentralPairKeepTheRunningRuleOnTheMedian() {
    HissForecaster f = forecaster("0.1,0.5,0.8");
    int k = f.model().config().totalChunk();
    List<double[]> q = twinQuantiles(f, 4);
    double[] means = new double[4];
    means[0] = q.get(0)[1];
    // far outside [q0.1, q0.8] from the first residual on: the running rule still warms up
    means[1] = q.get(0)[1] + 50;
    means[2] = q.get(1)[1] + 51;
    means[3] = q.get(2)[1] + 1000;
    List<Alert> got = alerts(f, means, new AnomalySettings(4, 2, 0.05, 4, 1));
    assertEquals(1, got.size(), got.toString());
    Alert a = got.get(0);
    assertEquals("residual", a.kind());
    assertEquals(4L * k - 1, a.seq());
    assertEquals(q.get(2)[1], a.predicted(), 0);
    assertTrue(
        a.message().contains(", forecast " + String.format("%.4g", q.get(2)[1])), a.message());
    assertTrue(a.message().endsWith("(4.0 running sd)"), a.message());
  }

  @Test
  void theWidestCentralPairIsFoundWithinTheTolerance() {
    assertArrayEquals(
        new int[] {0, 4}, CentralInterval.pair(new double[] {0.05, 0.1, 0.5, 0.9, 0.95}));
    assertArrayEquals(new int[] {1, 3}, CentralInterval.pair(new double[] {0.05, 0.1, 0.5, 0.9}));
    assertArrayEquals(new int[] {0, 2}, CentralInterval.pair(new double[] {0.1, 0.5, 0.9 + 5e-10}));
    assertArrayEquals(new int[] {0, 1}, CentralInterval.pair(new double[] {0.3, 0.7}));
    assertArrayEquals(
        new int[] {-1, -1}, CentralInterval.pair(new double[] {0.1, 0.5, 0.9 + 1e-8}));
    assertArrayEquals(new int[] {-1, -1}, CentralInterval.pair(new double[] {0.1, 0.5, 0.8}));
    assertArrayEquals(new int[] {-1, -1}, CentralInterval.pair(new double[] {0.5}));
    assertEquals("90", CentralInterval.percent(0.95 - 0.05));
    assertEquals("80", CentralInterval.percent(0.9 - 0.1));
    assertEquals("99.5", CentralInterval.percent(0.9975 - 0.0025));
  }
}
