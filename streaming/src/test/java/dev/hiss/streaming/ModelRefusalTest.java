package dev.hiss.streaming;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.model.hiss.HissForecaster;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissModelFile;
import dev.hiss.model.hiss.HissPreprocessing;
import dev.hiss.model.hiss.HissPresets;
import dev.hiss.model.io.ModelFile;
import dev.hiss.model.io.Provenance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.Stores;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scorer serving a HiSS model meets a flipped-byte file, a truncated file, a file of the next
 * format version, a model for another channel and a checksum-valid file whose payload makes the
 * model code throw: each is refused with a log line naming the file and the reason and a count in
 * {@value ScorerMetrics#MODEL_REFUSED}, the scorer keeps predicting with the previous model, and
 * the background poller survives to swap in the next good file.
 */
class ModelRefusalTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  @TempDir Path dir;
  @TempDir Path state;

  /** Collects the watcher's log lines. */
  private static final class Capture extends AbstractAppender {
    final List<String> lines = new CopyOnWriteArrayList<>();

    Capture() {
      super("capture", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent e) {
      lines.add(e.getLevel() + " " + e.getMessage().getFormattedMessage());
    }
  }

  private static String saveHiss(Path file, long seed, String target) throws Exception {
    HissForecaster f =
        new HissForecaster(
            new HissModel(HissPresets.preset("tiny", 2, 1), seed),
            HissPreprocessing.identity(2, 1));
    Provenance p =
        new Provenance(
            Map.of("inputChannels", "a,b", "targetChannel", target),
            seed,
            "",
            "",
            "test",
            Provenance.currentCodeVersion(),
            "2026-11-28T00:00:00Z");
    return HissModelFile.save(file, f, p).substring(0, 12);
  }

  private static void promote(Path dir, String name) throws Exception {
    Files.writeString(dir.resolve(ModelWatcher.PRODUCTION_POINTER), name + "\n");
  }

  private static byte[] event(long seq) {
    return SensorEventCodec.encode(
        new SensorEvent(
            1,
            "a",
            T0 + seq * 1_000_000L,
            seq,
            Map.of("a", Math.sin(seq * 0.2), "b", Math.cos(seq * 0.3))));
  }

  @Test
  void badFilesAreRefusedAndThePreviousModelKeepsScoring() throws Exception {
    String v1 = saveHiss(dir.resolve("h1.json"), 11, "y");
    promote(dir, "h1.json");
    Path h2 = dir.resolve("h2.json");
    String v2 = saveHiss(h2, 12, "y");
    byte[] good2 = Files.readAllBytes(h2);

    byte[] flipped = good2.clone();
    int at = new String(good2, StandardCharsets.UTF_8).indexOf("float32le\" : \"") + 20;
    flipped[at] ^= 0x01; // one bit of one weight
    Files.write(dir.resolve("flipped.json"), flipped);
    Files.write(dir.resolve("truncated.json"), Arrays.copyOf(good2, good2.length * 2 / 3));
    Files.writeString(
        dir.resolve("future.json"),
        new String(good2, StandardCharsets.UTF_8)
            .replace(
                "\"formatVersion\" : " + ModelFile.FORMAT_VERSION,
                "\"formatVersion\" : " + (ModelFile.FORMAT_VERSION + 1)));
    saveHiss(dir.resolve("other-channel.json"), 13, "z");
    var payload = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    payload.put("channel", "y").put("order", 1).put("horizon", 1).put("intercept", 0.0);
    payload.putObject("coefficients").put("0", 1.0); // an object where an array belongs
    ModelFile.write(
        dir.resolve("crafted.json"), LinearAutoregression.KIND, ModelFiles.PROVENANCE, payload);
    Map<String, String> reasons =
        Map.of(
            "flipped", "checksum mismatch",
            "truncated", "not a complete JSON document (truncated or corrupted?)",
            "future", "formatVersion = " + (ModelFile.FORMAT_VERSION + 1),
            "other-channel", "incompatible: forecasts channel 'z', the scorer serves 'y'");

    Capture log = new Capture();
    log.start();
    var logger = LoggerContext.getContext(false).getLogger(ModelWatcher.class.getName());
    logger.addAppender(log);
    ScorerMetrics metrics = ScorerMetrics.inMemory();
    ScorerConfig c = new ScorerConfig("unused:9092", "refusal", "s", "p", "dlq", 3, state);
    java.util.Properties props = c.streamsProperties();
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    try (ModelWatcher w = ModelWatcher.open(dir, metrics);
        TopologyTestDriver d =
            new TopologyTestDriver(
                ScorerTopology.build(
                    c, w, metrics, Stores.inMemoryKeyValueStore(ScorerTopology.STATE_STORE)),
                props)) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> out =
          d.createOutputTopic("p", new StringDeserializer(), new ByteArrayDeserializer());
      long seq = 0;
      int refused = 0;
      for (String bad : List.of("flipped", "truncated", "future", "other-channel")) {
        for (int k = 0; k < 16; k++) {
          in.pipeInput("a", event(seq++));
        }
        promote(dir, bad + ".json");
        assertFalse(w.check(), bad);
        assertEquals(
            ++refused, metrics.registry().get(ScorerMetrics.MODEL_REFUSED).counter().count());
        assertEquals(v1, w.get().version(), bad);
        String expected =
            "WARN Refused model file " + dir.resolve(bad + ".json") + ": " + reasons.get(bad);
        assertTrue(
            log.lines.stream()
                .anyMatch(l -> l.startsWith(expected) && l.endsWith("; keeping model " + v1)),
            bad + ": " + log.lines);
      }
      for (int k = 0; k < 16; k++) {
        in.pipeInput("a", event(seq++));
      }
      List<Prediction> ps = out.readValuesToList().stream().map(Prediction::decode).toList();
      assertEquals(8, ps.size(), "80 records, one prediction per chunk of 10");
      assertTrue(ps.stream().allMatch(p -> p.modelVersion().equals(v1)), "all from " + v1);

      // the background poller meets a file the model code trips over, and lives on
      w.start(Duration.ofMillis(20));
      promote(dir, "crafted.json");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> metrics.registry().get(ScorerMetrics.MODEL_REFUSED).counter().count() == 5);
      assertTrue(
          log.lines.stream().anyMatch(l -> l.contains("crafted.json: invalid model: java.lang.")),
          log.lines.toString());
      promote(dir, "h2.json");
      await().atMost(Duration.ofSeconds(20)).until(() -> w.get().version().equals(v2));
      for (int k = 0; k < 20; k++) {
        in.pipeInput("a", event(seq++));
      }
      List<Prediction> after = out.readValuesToList().stream().map(Prediction::decode).toList();
      assertEquals(2, after.size());
      assertTrue(after.stream().allMatch(p -> p.modelVersion().equals(v2)), after.toString());
    } finally {
      logger.removeAppender(log);
    }
  }
}
