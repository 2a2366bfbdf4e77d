package dev.hiss.streaming;

import static dev.hiss.streaming.HissScoringTest.a;
import static dev.hiss.streaming.HissScoringTest.b;
import static dev.hiss.streaming.HissScoringTest.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.Prediction;
import dev.hiss.model.hiss.HissForecaster;
import dev.hiss.model.hiss.HissPreprocessing;
import dev.hiss.model.hiss.HissStepModel;
import dev.hiss.model.hiss.QuantileLevels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A QUANTILE-head HiSS model's predictions carry all its quantiles in the target's units: equal to
 * the step model's {@link HissStepModel#stepQuantiles} on the same events, and to the batch
 * forward's normalized quantiles de-normalized by hand (q·s + m).
 */
class HissQuantileScoringTest {
  private static final double[] LEVELS = {0.05, 0.1, 0.5, 0.9, 0.95};
  private static final int EVENTS = 80; // 8 chunks of the tiny model (k = 10)
  @TempDir Path dir;

  @Test
  void aQuantileHeadModelsPredictionsCarryItsDenormalizedQuantiles() {
    HissForecaster f =
        TinyHiss.forecaster(c -> c.withQuantiles(QuantileLevels.parse("0.05,0.1,0.5,0.9,0.95")));
    HissPreprocessing pre = f.preprocessing();
    ScoringModel served = ScoringModel.hiss(new HissServing(f, List.of("a", "b"), "y"), "vq");
    ScorerConfig c = new ScorerConfig("unused:9092", "hiss-quantiles", "s", "p", "dlq", 1, dir);
    Map<String, List<Prediction>> got = new TreeMap<>();
    try (TopologyTestDriver d =
        new TopologyTestDriver(
            ScorerTopology.build(c, () -> served, ScorerMetrics.inMemory()),
            c.streamsProperties())) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> out =
          d.createOutputTopic("p", new StringDeserializer(), new ByteArrayDeserializer());
      for (int s = 0; s < EVENTS; s++) { // two devices interleaved: each keeps its own state
        in.pipeInput("q", event("q", s));
        in.pipeInput("qq", event("qq", s));
      }
      for (byte[] v : out.readValuesToList()) {
        Prediction p = Prediction.decode(v);
        got.computeIfAbsent(p.deviceId(), k -> new ArrayList<>()).add(p);
      }
    }
    int k = f.model().config().totalChunk();
    for (String device : List.of("q", "qq")) {
      // twin 1: a step model stepped with stepQuantiles on the device's events
      HissStepModel twin = f.stepModel(1);
      HissStepModel medianTwin = f.stepModel(1); // what the scorer published before: step()
      List<float[]> stepped = new ArrayList<>();
      List<Float> medians = new ArrayList<>();
      float[] raw = new float[EVENTS * 2];
      for (int s = 0; s < EVENTS; s++) {
        raw[2 * s] = (float) a(device, s);
        raw[2 * s + 1] = (float) b(device, s);
        float[] q = twin.stepQuantiles(new float[] {raw[2 * s], raw[2 * s + 1]});
        if (q != null) {
          stepped.add(q);
        }
        float[] y = medianTwin.step(new float[] {raw[2 * s], raw[2 * s + 1]});
        if (y != null) {
          medians.add(y[0]);
        }
      }
      // twin 2: the batch forward in normalized units, de-normalized here with the target's
      // statistics m = targetMean, s = targetStd of the preprocessing
      float[] normalized =
          f.model().predictQuantiles(pre.features(raw, 1, EVENTS), 1, EVENTS); // [1, 8, Q, 1]
      double m = pre.targetMean()[0];
      double sd = pre.targetStd()[0];
      assertTrue(Math.abs(m) > 1 && Math.abs(sd - 1) > 0.1, "the de-normalization must matter");

      List<Prediction> ps = got.get(device);
      assertNotNull(ps, device);
      assertEquals(EVENTS / k, ps.size());
      assertEquals(stepped.size(), ps.size());
      for (int j = 0; j < ps.size(); j++) {
        Prediction p = ps.get(j);
        Prediction.Quantiles q = p.quantiles();
        assertNotNull(q, p::toString);
        assertArrayEquals(LEVELS, q.levels());
        assertFalse(p.probabilistic()); // no Gaussian standard deviation
        double[] v = q.values();
        for (int i = 0; i < LEVELS.length; i++) {
          double want = stepped.get(j)[i];
          assertEquals(want, v[i], 1e-6 * Math.max(1, Math.abs(want)), device + " " + j + " " + i);
          double batch = normalized[j * LEVELS.length + i] * sd + m;
          assertEquals(
              batch, v[i], 1e-4 * Math.max(1, Math.abs(batch)), device + " " + j + " " + i);
          if (i > 0) {
            assertTrue(v[i] >= v[i - 1], q.toString());
          }
        }
        assertTrue(v[LEVELS.length - 1] > v[0], q.toString()); // a real spread
        // the point forecast is the median, as HissStepModel.step returns it
        assertEquals(v[2], p.predicted(), 0);
        assertEquals(medians.get(j), p.predicted(), 0);
        assertEquals(k, p.targetSpan());
        assertEquals(p.seq() + k, p.targetSeq());
        // the 80 % and 90 % central intervals come from the quantiles
        assertArrayEquals(new double[] {v[1], v[3]}, p.interval(0.8), 0);
        assertArrayEquals(new double[] {v[0], v[4]}, p.interval(0.9), 0);
      }
    }
    // the two devices' streams differ, so their forecasts do
    assertFalse(got.get("q").get(1).quantiles().equals(got.get("qq").get(1).quantiles()));
  }
}
