package dev.hiss.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import dev.hiss.model.hiss.HissForecaster;
import dev.hiss.model.hiss.HissStepModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer serves a HiSS model with Δt input on irregularly timed events: each event's Δt scale
 * is its gap to the device's previous event over the model's nominal gap (1 at a device's first
 * event), so the predictions equal a step model and the batch forward pass fed the same scales; a
 * non-positive gap is dead-lettered; {@link ScorerConfig#maxGap()} restarts a device.
 */
class HissDtScoringTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  private static final double NOMINAL = 0.01; // seconds
  private static final long[] GAPS_MS = {3, 7, 10, 10, 10, 25, 60};
  @TempDir Path dir;

  private static HissForecaster forecaster() {
    return TinyHiss.forecaster(c -> c.withDt(true)).withNominalGap(NOMINAL);
  }

  /** One device's events: seq, time (ns) and two channels. */
  private record Stream(String device, long[] seq, long[] ts, double[] a, double[] b) {
    byte[] event(int i) {
      return SensorEventCodec.encode(
          new SensorEvent(1, device, ts[i], seq[i], Map.of("a", a[i], "b", b[i])));
    }

    /** The Δt scales the scorer must form: gap / nominal, 1 at the first event. */
    float[] scales() {
      float[] s = new float[ts.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = i == 0 ? 1f : (float) ((ts[i] - ts[i - 1]) / 1e9 / NOMINAL);
      }
      return s;
    }
  }

  private static Stream irregular(String device, int n, long seed, int seqGapAt) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] seq = new long[n];
    long[] ts = new long[n];
    double[] a = new double[n];
    double[] b = new double[n];
    long t = T0 + seed;
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        t += GAPS_MS[r.nextInt(GAPS_MS.length)] * 1_000_000L;
      }
      seq[i] = i < seqGapAt ? i : i + 5; // seq skips 5 numbers at seqGapAt (if < n)
      ts[i] = t;
      double sec = (t - T0) / 1e9;
      a[i] = Math.sin(2 * Math.PI * sec / 0.3) * 2 + 1;
      b[i] = Math.cos(2 * Math.PI * sec / 0.7) * 3 - 1;
    }
    return new Stream(device, seq, ts, a, b);
  }

  /** A step model fed the stream's samples with the given Δt scales, from {@code from}. */
  private static List<Double> stepped(HissForecaster f, Stream s, float[] scales, int from) {
    HissStepModel m = f.stepModel(1);
    List<Double> out = new ArrayList<>();
    for (int i = from; i < s.ts.length; i++) {
      float[] y = m.step(new float[] {(float) s.a[i], (float) s.b[i], scales[i]});
      if (y != null) {
        out.add((double) y[0]);
      }
    }
    return out;
  }

  /** The batch forward pass of the forecaster on the whole stream: [1, n, 2 + Δt]. */
  private static float[] batch(HissForecaster f, Stream s, float[] scales) {
    int n = s.ts.length;
    float[] raw = new float[n * 3];
    for (int i = 0; i < n; i++) {
      raw[3 * i] = (float) s.a[i];
      raw[3 * i + 1] = (float) s.b[i];
      raw[3 * i + 2] = scales[i];
    }
    return f.predict(raw, 1, n);
  }

  private static TopologyTestDriver driver(ScorerConfig c, ScoringModel m, ScorerMetrics metrics) {
    return new TopologyTestDriver(ScorerTopology.build(c, () -> m, metrics), c.streamsProperties());
  }

  private static Map<String, List<Double>> predictions(TestOutputTopic<String, byte[]> out) {
    Map<String, List<Double>> got = new HashMap<>();
    for (byte[] v : out.readValuesToList()) {
      Prediction p = Prediction.decode(v);
      got.computeIfAbsent(p.deviceId(), k -> new ArrayList<>()).add(p.predicted());
    }
    return got;
  }

  private static void assertClose(List<Double> expected, List<Double> got, double tol) {
    assertEquals(expected.size(), got.size(), "predictions " + got);
    for (int i = 0; i < expected.size(); i++) {
      double e = expected.get(i);
      assertEquals(e, got.get(i), tol * Math.max(1, Math.abs(e)), "prediction " + i);
    }
  }

  @Test
  void predictionsEqualTheStepModelAndTheBatchPassFedGapOverNominal() {
    HissForecaster f = forecaster();
    ScoringModel served = ScoringModel.hiss(new HissServing(f, List.of("a", "b"), "y"), "vdt");
    ScorerConfig c = new ScorerConfig("unused:9092", "hiss-dt", "s", "p", "dlq", 1, dir);
    Stream a = irregular("a", 120, 1, Integer.MAX_VALUE);
    Stream bb = irregular("bb", 120, 2, 60); // seq jumps at sample 60: Δt carries it
    try (TopologyTestDriver d = driver(c, served, ScorerMetrics.inMemory())) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> out =
          d.createOutputTopic("p", new StringDeserializer(), new ByteArrayDeserializer());
      for (int i = 0; i < 120; i++) {
        in.pipeInput("a", a.event(i));
        in.pipeInput("bb", bb.event(i));
      }
      Map<String, List<Double>> got = predictions(out);
      for (Stream s : List.of(a, bb)) {
        float[] scales = s.scales();
        List<Double> step = stepped(f, s, scales, 0);
        assertEquals(12, step.size());
        assertClose(step, got.get(s.device), 1e-6);
        List<Double> forward = new ArrayList<>();
        for (float v : batch(f, s, scales)) {
          forward.add((double) v);
        }
        assertClose(forward, got.get(s.device), 1e-5);
        // the scales matter: with Δt = 1 everywhere the predictions differ
        float[] ones = new float[120];
        java.util.Arrays.fill(ones, 1f);
        List<Double> regular = stepped(f, s, ones, 0);
        double diff = 0;
        for (int i = 0; i < regular.size(); i++) {
          diff = Math.max(diff, Math.abs(regular.get(i) - got.get(s.device).get(i)));
        }
        assertTrue(diff > 1e-3, "Δt changes the predictions, max diff " + diff);
      }
    }
  }

  @Test
  void anEventTimeNotAfterTheDevicesPreviousOneIsDeadLettered() {
    HissForecaster f = forecaster();
    ScoringModel served = ScoringModel.hiss(new HissServing(f, List.of("a", "b"), "y"), "vdt");
    ScorerConfig c = new ScorerConfig("unused:9092", "hiss-dt-bad", "s", "p", "dlq", 1, dir);
    Stream s = irregular("a", 40, 3, Integer.MAX_VALUE);
    try (TopologyTestDriver d = driver(c, served, ScorerMetrics.inMemory())) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> out =
          d.createOutputTopic("p", new StringDeserializer(), new ByteArrayDeserializer());
      TestOutputTopic<String, byte[]> dlq =
          d.createOutputTopic("dlq", new StringDeserializer(), new ByteArrayDeserializer());
      for (int i = 0; i < 40; i++) {
        in.pipeInput("a", s.event(i));
        if (i == 14) {
          // a newer seq with the same event time as seq 14: gap 0
          in.pipeInput(
              "a",
              SensorEventCodec.encode(
                  new SensorEvent(1, "a", s.ts[14], 15, Map.of("a", 9.0, "b", 9.0))));
        }
      }
      TestRecord<String, byte[]> dead = dlq.readRecord();
      assertEquals("TIMESTAMP", header(dead, Topics.HEADER_RULE));
      assertEquals("timestampNs", header(dead, Topics.HEADER_FIELD));
      String reason = header(dead, Topics.HEADER_REASON);
      assertTrue(reason.contains("is 0 ns after the previous event time"), reason);
      assertTrue(reason.contains(Long.toString(s.ts[14])), reason);
      assertTrue(dlq.isEmpty());
      // the rejected event left no trace: the device goes on as if it never came
      assertClose(stepped(f, s, s.scales(), 0), predictions(out).get("a"), 1e-6);
    }
  }

  private static String header(TestRecord<String, byte[]> r, String key) {
    return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
  }

  @Test
  void aGapLongerThanTheMaxGapRestartsTheDeviceWithDtOne() {
    HissForecaster f = forecaster();
    ScoringModel served = ScoringModel.hiss(new HissServing(f, List.of("a", "b"), "y"), "vdt");
    ScorerConfig c =
        new ScorerConfig("unused:9092", "hiss-dt-gap", "s", "p", "dlq", 1, dir)
            .withMaxGap(Duration.ofSeconds(1));
    Stream s = irregular("a", 60, 4, Integer.MAX_VALUE);
    long[] ts = s.ts.clone();
    for (int i = 25; i < ts.length; i++) {
      ts[i] += 5_000_000_000L; // 5 s of silence before sample 25
    }
    Stream late = new Stream("a", s.seq, ts, s.a, s.b);
    ScorerMetrics metrics = ScorerMetrics.inMemory();
    try (TopologyTestDriver d = driver(c, served, metrics)) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> out =
          d.createOutputTopic("p", new StringDeserializer(), new ByteArrayDeserializer());
      for (int i = 0; i < 60; i++) {
        in.pipeInput("a", late.event(i));
      }
      // before the gap: one stream; from sample 25: a fresh stream whose first Δt is 1
      float[] scales = late.scales();
      List<Double> expected = new ArrayList<>(stepped(f, cut(late, 25), scales, 0));
      scales[25] = 1f;
      expected.addAll(stepped(f, late, scales, 25));
      assertEquals(2 + 3, expected.size());
      assertClose(expected, predictions(out).get("a"), 1e-6);
      assertEquals(1.0, metrics.registry().get(ScorerMetrics.GAP_RESTARTS).counter().count());
    }
  }

  private static Stream cut(Stream s, int n) {
    return new Stream(
        s.device,
        java.util.Arrays.copyOf(s.seq, n),
        java.util.Arrays.copyOf(s.ts, n),
        java.util.Arrays.copyOf(s.a, n),
        java.util.Arrays.copyOf(s.b, n));
  }

  @Test
  void theMaxGapRestartsTheAutoregressionsWarmUpToo() {
    LinearAutoregression ar = new LinearAutoregression("a", 2, 1, 0.1, new double[] {0.5, 0.25});
    ScoringModel served = new ScoringModel(ar, "var");
    ScorerConfig c =
        new ScorerConfig("unused:9092", "ar-gap", "s", "p", "dlq", 1, dir)
            .withMaxGap(Duration.ofMillis(500));
    ScorerMetrics metrics = ScorerMetrics.inMemory();
    try (TopologyTestDriver d = driver(c, served, metrics)) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> out =
          d.createOutputTopic("p", new StringDeserializer(), new ByteArrayDeserializer());
      long[] ms = {0, 100, 200, 300, 1300, 1400, 1500};
      for (int i = 0; i < ms.length; i++) {
        in.pipeInput(
            "a",
            SensorEventCodec.encode(
                new SensorEvent(1, "a", T0 + ms[i] * 1_000_000L, i, Map.of("a", (double) i))));
      }
      List<Long> seqs = new ArrayList<>();
      for (byte[] v : out.readValuesToList()) {
        seqs.add(Prediction.decode(v).seq());
      }
      // order 2: predictions from the 2nd sample of each run; the 1 s gap before seq 4 restarts
      assertEquals(List.of(1L, 2L, 3L, 5L, 6L), seqs);
      assertEquals(1.0, metrics.registry().get(ScorerMetrics.GAP_RESTARTS).counter().count());
    }
    ScorerConfig none = new ScorerConfig("unused:9092", "ar-nogap", "s", "p", "dlq", 1, dir);
    assertNull(none.maxGap());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> none.withMaxGap(Duration.ZERO));
    assertTrue(e.getMessage().contains("Invalid maxGap = PT0S"), e.getMessage());
  }

  @Test
  void deviceStateInTheVersion2LayoutGivesThePreviousEventTime() {
    HissForecaster f = forecaster();
    ScoringModel served = ScoringModel.hiss(new HissServing(f, List.of("a", "b"), "y"), "vdt");
    ScorerConfig c = new ScorerConfig("unused:9092", "hiss-dt-old", "s", "p", "dlq", 1, dir);
    Stream s = irregular("a", 50, 5, Integer.MAX_VALUE);
    float[] scales = s.scales();
    // the state a scorer left after samples 0..14, in the documented version-2 layout
    HissStepModel m = f.stepModel(1);
    for (int i = 0; i < 15; i++) {
      m.step(new float[] {(float) s.a[i], (float) s.b[i], scales[i]});
    }
    float[] hiss = m.exportState();
    int order = f.model().config().totalChunk();
    java.nio.ByteBuffer b =
        java.nio.ByteBuffer.allocate(
            1 + 8 * 3 + 4 * 2 + 8 * order + 4 + 8 * 3 + 8 + 4 + 4 * hiss.length);
    b.put((byte) 2).putLong(s.seq[14]).putLong(s.ts[14]).putLong(0).putInt(-1).putInt(order);
    for (int i = 0; i < order; i++) {
      b.putDouble(0);
    }
    b.putInt(0).putLong(0).putDouble(0).putDouble(0); // monitor: nothing pending
    b.putLong(1L).putInt(hiss.length);
    for (float v : hiss) {
      b.putFloat(v);
    }
    try (TopologyTestDriver d = driver(c, served, ScorerMetrics.inMemory())) {
      d.<String, byte[]>getKeyValueStore(ScorerTopology.STATE_STORE).put("a", b.array());
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> out =
          d.createOutputTopic("p", new StringDeserializer(), new ByteArrayDeserializer());
      for (int i = 15; i < 50; i++) {
        in.pipeInput("a", s.event(i));
      }
      // predictions at samples 19, 29, 39, 49 of one uninterrupted stream: sample 15's Δt came
      // from the stored time of sample 14
      List<Double> all = stepped(f, s, scales, 0);
      assertClose(all.subList(1, all.size()), predictions(out).get("a"), 1e-6);
    }
  }

  @Test
  void aDtModelWithoutANominalGapIsRefused() {
    HissForecaster f = forecaster();
    HissForecaster noGap = new HissForecaster(f.model(), f.preprocessing());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new HissServing(noGap, List.of("a", "b"), "y"));
    assertTrue(e.getMessage().contains("no nominal sampling gap"), e.getMessage());
    assertTrue(new HissServing(f, List.of("a", "b"), "y").dt());
  }
}
