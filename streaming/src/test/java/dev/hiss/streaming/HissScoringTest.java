package dev.hiss.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import dev.hiss.model.hiss.GaussianPrediction;
import dev.hiss.model.hiss.HissForecaster;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissModelFile;
import dev.hiss.model.hiss.HissStepModel;
import dev.hiss.model.hiss.OutputHead;
import dev.hiss.model.io.Provenance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * The scorer serves a HiSS model: each device's step-model state lives in the state store between
 * records, and the predictions equal a step model run on that device alone (raw units).
 */
class HissScoringTest {
  static final long T0 = 1_767_225_600_000_000_000L;
  @TempDir Path dir;

  /** A tiny point model (k = 10) on inputs a, b with target statistics m = 5, s = 0.5. */
  static HissForecaster forecaster() {
    return TinyHiss.forecaster();
  }

  static double a(String d, long s) {
    return Math.sin(0.1 * s + d.length()) * 2 + 1;
  }

  static double b(String d, long s) {
    return Math.cos(0.07 * s) * 3 - 1;
  }

  static byte[] event(String d, long s) {
    return SensorEventCodec.encode(
        new SensorEvent(1, d, T0 + s * 1_000_000L, s, Map.of("a", a(d, s), "b", b(d, s))));
  }

  @Test
  void predictionsEqualAStepModelPerDeviceAcrossRecordsAndGaps() throws Exception {
    HissForecaster f = forecaster();
    ScoringModel served = ScoringModel.hiss(new HissServing(f, List.of("a", "b"), "y"), "vhiss");
    ScorerConfig c = new ScorerConfig("unused:9092", "hiss-test", "s", "p", "dlq", 1, dir);
    try (TopologyTestDriver d =
        new TopologyTestDriver(
            ScorerTopology.build(c, () -> served, ScorerMetrics.inMemory()),
            c.streamsProperties())) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> out =
          d.createOutputTopic("p", new StringDeserializer(), new ByteArrayDeserializer());
      TestOutputTopic<String, byte[]> dlq =
          d.createOutputTopic("dlq", new StringDeserializer(), new ByteArrayDeserializer());
      List<Long> seqsB = new ArrayList<>();
      for (long s = 0; s < 120; s++) {
        seqsB.add(s < 60 ? s : s + 5); // device "bb" skips seq 60..64: a gap
      }
      for (int i = 0; i < 120; i++) {
        in.pipeInput("a", event("a", i));
        in.pipeInput("bb", event("bb", seqsB.get(i)));
      }
      in.pipeInput(
          "a", SensorEventCodec.encode(SensorEvent.of("a", T0 + 999_000_000L, 500, "a", 1)));
      TestRecord<String, byte[]> dead = dlq.readRecord();
      assertEquals(
          "MISSING_CHANNEL",
          new String(
              dead.headers().lastHeader(Topics.HEADER_RULE).value(), StandardCharsets.UTF_8));

      Map<String, List<Prediction>> got = new HashMap<>();
      for (byte[] v : out.readValuesToList()) {
        Prediction p = Prediction.decode(v);
        got.computeIfAbsent(p.deviceId(), k -> new ArrayList<>()).add(p);
      }
      // device a: one uninterrupted stream
      assertEquals(expected(f, "a", range(0, 120)), values(got.get("a")));
      // device bb: the gap restarts the stream at seq 65
      List<Double> bb = expected(f, "bb", range(0, 60));
      bb.addAll(expected(f, "bb", range(65, 125)));
      assertEquals(bb, values(got.get("bb")));
      Prediction p = got.get("a").get(0);
      assertEquals("y", p.channel());
      assertEquals("vhiss", p.modelVersion());
      // a chunk forecast: the mean of the k samples after the chunk that produced it
      int k = f.model().config().totalChunk();
      assertEquals(p.seq() + k, p.targetSeq());
      assertEquals(k, p.targetSpan());
      assertTrue(Double.isNaN(p.stdDev()));
      // a point model publishes no quantiles
      for (List<Prediction> ps : got.values()) {
        ps.forEach(q -> assertNull(q.quantiles(), q::toString));
      }
    }
  }

  @Test
  void aGaussianHeadModelsPredictionsCarryItsStandardDeviation() {
    HissForecaster point = forecaster();
    HissForecaster f =
        new HissForecaster(
            new HissModel(point.model().config().withHead(OutputHead.GAUSSIAN), 11),
            point.preprocessing());
    ScoringModel served = ScoringModel.hiss(new HissServing(f, List.of("a", "b"), "y"), "vg");
    ScorerConfig c = new ScorerConfig("unused:9092", "hiss-gauss", "s", "p", "dlq", 1, dir);
    try (TopologyTestDriver d =
        new TopologyTestDriver(
            ScorerTopology.build(c, () -> served, ScorerMetrics.inMemory()),
            c.streamsProperties())) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> out =
          d.createOutputTopic("p", new StringDeserializer(), new ByteArrayDeserializer());
      for (int s = 0; s < 60; s++) {
        in.pipeInput("g", event("g", s));
      }
      HissStepModel ref = f.stepModel(1);
      List<GaussianPrediction> expected = new ArrayList<>();
      for (int s = 0; s < 60; s++) {
        GaussianPrediction g =
            ref.stepDistribution(new float[] {(float) a("g", s), (float) b("g", s)});
        if (g != null) {
          expected.add(g);
        }
      }
      List<Prediction> got = out.readValuesToList().stream().map(Prediction::decode).toList();
      assertEquals(expected.size(), got.size());
      for (int i = 0; i < got.size(); i++) {
        Prediction p = got.get(i);
        assertTrue(p.probabilistic());
        assertNull(p.quantiles());
        assertEquals(expected.get(i).mean()[0], p.predicted(), 1e-6);
        assertEquals(expected.get(i).std()[0], p.stdDev(), 1e-6);
        assertTrue(p.stdDev() > 0);
        double[] band = p.interval(0.9);
        assertEquals(p.predicted() - 1.6448536 * p.stdDev(), band[0], 1e-5);
      }
    }
  }

  @Test
  void aChunkWhoseMeanMissesTheForecastRaisesOneAlert() {
    HissForecaster f = forecaster();
    int k = f.model().config().totalChunk();
    ScoringModel served = ScoringModel.hiss(new HissServing(f, List.of("a", "b"), "y"), "vhiss");
    ScorerConfig c =
        new ScorerConfig(
            "unused:9092",
            "hiss-alerts",
            "s",
            "p",
            "dlq",
            1,
            dir,
            "alerts",
            new AnomalySettings(6, 5, 0.2),
            null);
    long spikeFrom = 30L * k; // the chunk forecast by the prediction at seq 30k - 1
    try (TopologyTestDriver d =
        new TopologyTestDriver(
            ScorerTopology.build(c, () -> served, ScorerMetrics.inMemory()),
            c.streamsProperties())) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> out =
          d.createOutputTopic("p", new StringDeserializer(), new ByteArrayDeserializer());
      TestOutputTopic<String, byte[]> alerts =
          d.createOutputTopic("alerts", new StringDeserializer(), new ByteArrayDeserializer());
      double[] y = new double[40 * k];
      for (int s = 0; s < y.length; s++) {
        y[s] = 2 + 0.05 * Math.sin(0.3 * s) + (s >= spikeFrom && s < spikeFrom + k ? 50 : 0);
        in.pipeInput(
            "dev",
            SensorEventCodec.encode(
                new SensorEvent(
                    1,
                    "dev",
                    T0 + s * 1_000_000L,
                    s,
                    Map.of("a", a("dev", s), "b", b("dev", s), "y", y[s]))));
      }
      Map<Long, Double> forecastOf = new HashMap<>();
      for (byte[] v : out.readValuesToList()) {
        Prediction p = Prediction.decode(v);
        forecastOf.put(p.targetSeq(), p.predicted());
      }
      List<dev.hiss.ingestion.Alert> got =
          alerts.readValuesToList().stream().map(dev.hiss.ingestion.Alert::decode).toList();
      assertEquals(1, got.size(), got.toString());
      dev.hiss.ingestion.Alert a = got.get(0);
      long end = spikeFrom + k - 1;
      assertEquals(end, a.seq());
      double mean = 0;
      for (long s = spikeFrom; s <= end; s++) {
        mean += y[(int) s];
      }
      mean /= k;
      assertEquals(mean, a.actual(), 1e-9);
      assertEquals(forecastOf.get(end), a.predicted(), 1e-9);
      assertEquals(mean - forecastOf.get(end), a.value(), 1e-9);
    }
  }

  @Test
  void aGaussianModelsMissedChunkAlertsByItsPredictedSd() {
    HissForecaster point = forecaster();
    HissForecaster f =
        new HissForecaster(
            new HissModel(point.model().config().withHead(OutputHead.GAUSSIAN), 11),
            point.preprocessing());
    int k = f.model().config().totalChunk();
    int chunks = 12;
    // the twin's forecasts: chunk j (samples j·k .. j·k + k - 1) was forecast at seq j·k - 1
    HissStepModel twin = f.stepModel(1);
    List<GaussianPrediction> g = new ArrayList<>();
    for (int s = 0; s < chunks * k; s++) {
      GaussianPrediction d =
          twin.stepDistribution(new float[] {(float) a("dev", s), (float) b("dev", s)});
      if (d != null) {
        g.add(d);
      }
    }
    int missed = 7;
    double[] y = new double[chunks * k];
    for (int s = k; s < y.length; s++) {
      GaussianPrediction d = g.get(s / k - 1);
      y[s] = d.mean()[0] + (s / k == missed ? 6 : 0.5) * d.std()[0];
    }
    ScoringModel served = ScoringModel.hiss(new HissServing(f, List.of("a", "b"), "y"), "vg");
    ScorerConfig c =
        new ScorerConfig(
            "unused:9092",
            "hiss-sd-alerts",
            "s",
            "p",
            "dlq",
            1,
            dir,
            "alerts",
            new AnomalySettings(4, 30, 0.05, 4),
            null);
    try (TopologyTestDriver d =
        new TopologyTestDriver(
            ScorerTopology.build(c, () -> served, ScorerMetrics.inMemory()),
            c.streamsProperties())) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> alerts =
          d.createOutputTopic("alerts", new StringDeserializer(), new ByteArrayDeserializer());
      for (int s = 0; s < y.length; s++) {
        in.pipeInput(
            "dev",
            SensorEventCodec.encode(
                new SensorEvent(
                    1,
                    "dev",
                    T0 + s * 1_000_000L,
                    s,
                    Map.of("a", a("dev", s), "b", b("dev", s), "y", y[s]))));
      }
      List<dev.hiss.ingestion.Alert> got =
          alerts.readValuesToList().stream().map(dev.hiss.ingestion.Alert::decode).toList();
      assertEquals(1, got.size(), got.toString());
      dev.hiss.ingestion.Alert a = got.get(0);
      GaussianPrediction forecast = g.get(missed - 1);
      assertEquals((long) missed * k + k - 1, a.seq());
      assertEquals("residual-sd", a.kind());
      assertEquals(4 * forecast.std()[0], a.threshold(), 1e-9);
      assertEquals(6 * forecast.std()[0], a.value(), 1e-4 * forecast.std()[0]);
      assertTrue(
          a.message().endsWith(String.format("(4.0 predicted sd of %.3g)", forecast.std()[0])),
          a.message());
    }
  }

  @Test
  void theWatcherLoadsHissModelFilesWithTheirChannels() throws Exception {
    Path file = dir.resolve("hiss.json");
    String sha =
        HissModelFile.save(
            file,
            forecaster(),
            new Provenance(
                Map.of("inputChannels", "a,b", "targetChannel", "y"),
                1,
                "",
                "",
                "test",
                Provenance.currentCodeVersion(),
                "now"));
    try (ModelWatcher w = ModelWatcher.open(file, ScorerMetrics.inMemory())) {
      ScoringModel m = w.get();
      assertNotNull(m.hiss());
      assertEquals(List.of("a", "b"), m.requiredChannels());
      assertEquals("y", m.targetChannel());
      assertEquals(sha.substring(0, 12), m.version());
      assertTrue(m.sameWindowAs(m));
    }
  }

  private static List<Long> range(long from, long to) {
    List<Long> r = new ArrayList<>();
    for (long s = from; s < to; s++) {
      r.add(s);
    }
    return r;
  }

  private static List<Double> expected(HissForecaster f, String device, List<Long> seqs) {
    HissStepModel m = f.stepModel(1);
    List<Double> out = new ArrayList<>();
    for (long s : seqs) {
      float[] y = m.step(new float[] {(float) a(device, s), (float) b(device, s)});
      if (y != null) {
        out.add((double) y[0]);
      }
    }
    return out;
  }

  private static List<Double> values(List<Prediction> ps) {
    return ps.stream().map(Prediction::predicted).toList();
  }
}
