package dev.hiss.streaming.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.Alert;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.model.hiss.GaussianPrediction;
import dev.hiss.model.hiss.HissForecaster;
import dev.hiss.model.hiss.HissStepModel;
import dev.hiss.model.hiss.OutputHead;
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
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The predicted-sd anomaly rule, on the processor alone with Kafka Streams' mock context: a
 * Gaussian-head HiSS model's chunk forecast is missed by 5 predicted sd (one alert, its exact
 * content reproduced from a twin step model) after a chunk missed by 3 predicted sd (no alert); the
 * same data under a point model raises nothing, since the running rule is still warming up.
 */
class SdAlertProcessorTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  private static final String STORE = "device-state";
  private static final AnomalySettings SETTINGS = new AnomalySettings(4, 30, 0.05, 4);

  private static HissForecaster forecaster(OutputHead head) {
    return TinyHiss.forecaster(c -> c.withHead(head));
  }

  private static double a(long s) {
    return Math.sin(0.1 * s) * 2 + 1;
  }

  private static double b(long s) {
    return Math.cos(0.07 * s) * 3 - 1;
  }

  private static List<CapturedForward<? extends String, ? extends byte[]>> run(
      HissForecaster f, double[] y) {
    MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
    KeyValueStore<String, byte[]> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    ScoringModel served = ScoringModel.hiss(new HissServing(f, List.of("a", "b"), "y"), "vg");
    ScoringProcessor p =
        new ScoringProcessor(() -> served, ScorerMetrics.inMemory(), 1, STORE, SETTINGS, null);
    p.init(context);
    for (int s = 0; s < y.length; s++) {
      byte[] v =
          SensorEventCodec.encode(
              new SensorEvent(
                  1, "dev", T0 + s * 1_000_000L, s, Map.of("a", a(s), "b", b(s), "y", y[s])));
      p.process(new Record<>("dev", v, 1000 + s));
    }
    return context.forwarded();
  }

  @Test
  void aChunkMeanBeyondFourPredictedSdRaisesExactlyOneAlertOfThatRule() {
    HissForecaster f = forecaster(OutputHead.GAUSSIAN);
    int k = f.model().config().totalChunk();
    HissStepModel twin = f.stepModel(1);
    List<GaussianPrediction> g = new ArrayList<>();
    for (int s = 0; s < 3 * k; s++) {
      GaussianPrediction d = twin.stepDistribution(new float[] {(float) a(s), (float) b(s)});
      if (d != null) {
        g.add(d);
      }
    }
    // forecasts at seq k-1 (for the chunk k..2k-1) and 2k-1 (for 2k..3k-1)
    double m1 = g.get(0).mean()[0];
    double sd1 = g.get(0).std()[0];
    double m2 = g.get(1).mean()[0];
    double sd2 = g.get(1).std()[0];
    assertTrue(sd1 > 0 && sd2 > 0);
    double[] y = new double[3 * k];
    for (int s = 0; s < 3 * k; s++) {
      y[s] = s < k ? m1 : s < 2 * k ? m1 + 3 * sd1 : m2 + 5 * sd2; // constant within each chunk
    }
    List<CapturedForward<? extends String, ? extends byte[]>> out = run(f, y);
    List<CapturedForward<? extends String, ? extends byte[]>> alerts =
        out.stream()
            .filter(c -> c.childName().orElseThrow().equals(ScoringProcessor.ALERTS_CHILD))
            .toList();
    assertEquals(1, alerts.size(), "3 sd: no alert; 5 sd: one");
    double mean = y[3 * k - 1];
    double r = mean - m2;
    long seq = 3L * k - 1;
    Alert expected =
        new Alert(
            "dev",
            seq,
            T0 + seq * 1_000_000L,
            "residual-sd",
            String.format(
                "mean of y over the last %d samples = %.4g, forecast %.4g: residual %.3g beyond"
                    + " %.3g (4.0 predicted sd of %.3g)",
                k, mean, m2, r, 4 * sd2, sd2),
            r,
            m2,
            mean,
            4 * sd2,
            "vg");
    assertEquals(expected, Alert.decode(alerts.get(0).record().value()));
    assertEquals("dev", alerts.get(0).record().key());
    assertEquals(1000 + seq, alerts.get(0).record().timestamp());
  }

  @Test
  void aPointModelKeepsTheRunningRuleAndItsWarmUp() {
    HissForecaster f = forecaster(OutputHead.POINT);
    int k = f.model().config().totalChunk();
    double[] y = new double[3 * k];
    for (int s = 0; s < y.length; s++) {
      y[s] = s < 2 * k ? 5 : 500; // a huge miss, but only the second residual of the device
    }
    long alerts =
        run(f, y).stream()
            .filter(c -> c.childName().orElseThrow().equals(ScoringProcessor.ALERTS_CHILD))
            .count();
    assertEquals(0, alerts);
  }
}
