package dev.hiss.streaming.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.ValidationRule;
import dev.hiss.streaming.AnomalySettings;
import dev.hiss.streaming.ScorerMetrics;
import dev.hiss.streaming.ScoringModel;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The processor alone, with Kafka Streams' mock context: exact forwards, children and meters. */
class ScoringProcessorTest {
  private static final String STORE = "device-state";
  private static final long T0 = 1_767_225_600_000_000_000L;
  private static final int CHUNK = 3;
  private static final ScoringModel V1 =
      new ScoringModel(new LinearAutoregression("x", 2, 1, 0.25, new double[] {0.5, -0.3}), "v1");
  private static final ScoringModel V2 =
      new ScoringModel(new LinearAutoregression("x", 2, 1, -1.0, new double[] {0.9, 0.2}), "v2");
  private static final ScoringModel V3 =
      new ScoringModel(
          new LinearAutoregression("x", 4, 1, 0.0, new double[] {0.1, 0.2, 0.3, 0.4}), "v3");

  private final AtomicReference<ScoringModel> model = new AtomicReference<>(V1);
  private final List<String> mdcSeen = new ArrayList<>();
  private MockProcessorContext<String, byte[]> context;
  private ScorerMetrics metrics;
  private ScoringProcessor processor;

  @BeforeEach
  void setUp() {
    context = new MockProcessorContext<>();
    KeyValueStore<String, byte[]> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    metrics = ScorerMetrics.inMemory();
    processor =
        new ScoringProcessor(
            () -> {
              mdcSeen.add(MDC.get(ScoringProcessor.MDC_DEVICE));
              return model.get();
            },
            metrics,
            CHUNK,
            STORE);
    processor.init(context);
  }

  private static double signal(long seq) {
    return Math.cos(seq * 0.7) + 0.1 * seq;
  }

  private void send(String device, long seq) {
    byte[] v = SensorEventCodec.encode(SensorEvent.of(device, T0 + seq, seq, "x", signal(seq)));
    processor.process(new Record<>(device, v, 1000 + seq));
  }

  private double counter(String name, String... tags) {
    return metrics.registry().get(name).tags(tags).counter().count();
  }

  @Test
  void forwardsExactlyOnePredictionPerChunkAfterWarmUpToThePredictionsChild() {
    for (long s = 0; s < 6; s++) {
      send("a", s);
    }
    List<CapturedForward<? extends String, ? extends byte[]>> out = context.forwarded();
    assertEquals(2, out.size());
    double[] series = new double[6];
    for (int s = 0; s < 6; s++) {
      series[s] = signal(s);
    }
    for (int i = 0; i < 2; i++) {
      CapturedForward<? extends String, ? extends byte[]> f = out.get(i);
      long seq = 2 + 3L * i;
      assertEquals(ScoringProcessor.PREDICTIONS_CHILD, f.childName().orElseThrow());
      assertEquals("a", f.record().key());
      assertEquals(1000 + seq, f.record().timestamp());
      assertEquals(0, f.record().headers().toArray().length);
      Prediction p = Prediction.decode(f.record().value());
      Prediction expected =
          new Prediction(
              "a",
              seq,
              T0 + seq,
              seq + 1,
              "x",
              V1.model().predict(series, (int) seq),
              "v1",
              p.scoringNanos());
      assertEquals(expected, p);
    }
    assertEquals(6, counter(ScorerMetrics.EVENTS_SCORED));
    assertEquals(2, counter(ScorerMetrics.PREDICTIONS));
    assertEquals(6, metrics.latency().count());
  }

  @Test
  void forwardsABadRecordUnchangedToTheDeadLetterChildWithItsHeadersAndTheReason() {
    Headers in = new RecordHeaders().add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
    byte[] bad = "{oops".getBytes(StandardCharsets.UTF_8);
    processor.process(new Record<>("a", bad, 77L, in));
    List<CapturedForward<? extends String, ? extends byte[]>> out = context.forwarded();
    assertEquals(1, out.size());
    CapturedForward<? extends String, ? extends byte[]> f = out.get(0);
    assertEquals(ScoringProcessor.DEAD_LETTER_CHILD, f.childName().orElseThrow());
    assertEquals("a", f.record().key());
    assertArrayEquals(bad, f.record().value());
    assertEquals(77L, f.record().timestamp());
    List<String> names = new ArrayList<>();
    for (Header h : f.record().headers()) {
      names.add(h.key());
    }
    assertEquals(
        List.of(
            "trace",
            Topics.HEADER_RULE,
            Topics.HEADER_FIELD,
            Topics.HEADER_REASON,
            Topics.HEADER_SOURCE),
        names);
    assertEquals("JSON_SYNTAX", header(f, Topics.HEADER_RULE));
    assertEquals("value", header(f, Topics.HEADER_FIELD));
    assertEquals("scorer", header(f, Topics.HEADER_SOURCE));
    assertEquals(1, counter(ScorerMetrics.DEAD_LETTERED, "rule", "JSON_SYNTAX"));
    assertEquals(0, counter(ScorerMetrics.DEAD_LETTERED, "rule", "DUPLICATE_SEQUENCE"));
    assertEquals(0, counter(ScorerMetrics.EVENTS_SCORED));
  }

  @Test
  void countsADuplicateUnderItsRuleAndDoesNotScoreIt() {
    send("a", 0);
    send("a", 1);
    send("a", 1);
    List<CapturedForward<? extends String, ? extends byte[]>> out = context.forwarded();
    assertEquals(1, out.size());
    assertEquals(ScoringProcessor.DEAD_LETTER_CHILD, out.get(0).childName().orElseThrow());
    assertEquals("DUPLICATE_SEQUENCE", header(out.get(0), Topics.HEADER_RULE));
    assertEquals(1, counter(ScorerMetrics.DEAD_LETTERED, "rule", "DUPLICATE_SEQUENCE"));
    assertEquals(2, counter(ScorerMetrics.EVENTS_SCORED));
    for (ValidationRule r : ValidationRule.values()) {
      if (r != ValidationRule.DUPLICATE_SEQUENCE) {
        assertEquals(0, counter(ScorerMetrics.DEAD_LETTERED, "rule", r.name()), r.name());
      }
    }
  }

  @Test
  void holdsTheDeviceIdInTheMdcOnlyWhileProcessing() {
    MDC.clear();
    send("dev-1", 0);
    send("dev-2", 0);
    processor.process(new Record<>("dev-3", "{".getBytes(StandardCharsets.UTF_8), 0L));
    assertEquals(List.of("dev-1", "dev-2", "dev-3"), mdcSeen);
    assertNull(MDC.get(ScoringProcessor.MDC_DEVICE));
    assertNull(MDC.get(ScoringProcessor.MDC_MODEL));
  }

  @Test
  void aSwapBetweenRecordsCarriesStateForTheSameOrderAndReWarmsForAnother() {
    for (long s = 0; s < 3; s++) {
      send("a", s); // prediction at seq 2 by v1
    }
    model.set(V2);
    for (long s = 3; s < 6; s++) {
      send("a", s); // same order: the window carries over, prediction at seq 5 by v2
    }
    model.set(V3);
    for (long s = 6; s < 12; s++) {
      send("a", s); // order 4: re-warms from seq 6 (needs 6..9), so seq 8 is skipped, 11 is not
    }
    double[] series = new double[12];
    for (int s = 0; s < 12; s++) {
      series[s] = signal(s);
    }
    List<Prediction> ps =
        context.forwarded().stream().map(f -> Prediction.decode(f.record().value())).toList();
    assertEquals(List.of(2L, 5L, 11L), ps.stream().map(Prediction::seq).toList());
    assertEquals(List.of("v1", "v2", "v3"), ps.stream().map(Prediction::modelVersion).toList());
    assertEquals(V1.model().predict(series, 2), ps.get(0).predicted(), 0);
    assertEquals(V2.model().predict(series, 5), ps.get(1).predicted(), 0);
    assertEquals(V3.model().predict(series, 11), ps.get(2).predicted(), 0);
  }

  private static String header(CapturedForward<? extends String, ? extends byte[]> f, String n) {
    return new String(f.record().headers().lastHeader(n).value(), StandardCharsets.UTF_8);
  }

  @Test
  void countsDeviceStatesAndTimesPredictionsFromTheirEventsKafkaTimestamp() {
    ScoringProcessor ttl =
        new ScoringProcessor(
            model::get, metrics, CHUNK, STORE, AnomalySettings.DEFAULT, Duration.ofMinutes(1));
    processor.close();
    assertEquals(0, metrics.deviceStates(), "a closed task holds nothing");
    ttl.init(context);
    long now = System.currentTimeMillis();
    for (long s = 0; s < 6; s++) { // two predictions, completed by events sent 5 s ago
      byte[] v = SensorEventCodec.encode(SensorEvent.of("a", T0 + s, s, "x", signal(s)));
      ttl.process(new Record<>("a", v, now - 5_000));
    }
    byte[] b = SensorEventCodec.encode(SensorEvent.of("b", T0, 0, "x", 1.0));
    ttl.process(new Record<>("b", b, 1_000)); // warm-up only: no prediction
    ttl.process(new Record<>("c", "{".getBytes(StandardCharsets.UTF_8), now)); // dead-lettered
    assertEquals(2, metrics.deviceStates(), "a and b; the rejected record made no state");
    Timer e2e = metrics.endToEnd();
    assertEquals(2, e2e.count());
    assertTrue(e2e.max(TimeUnit.SECONDS) >= 5.0, "max " + e2e.max(TimeUnit.SECONDS));
    assertTrue(e2e.max(TimeUnit.SECONDS) < 65.0, "max " + e2e.max(TimeUnit.SECONDS));
    ttl.expireDevices(now - 4_000); // b's last record is older than the 1 min TTL, a's is not
    assertEquals(1, metrics.deviceStates());
    // a task that starts over the same store (after a restart or a rebalance) counts what is there
    ttl.close();
    ScoringProcessor again = new ScoringProcessor(model::get, metrics, CHUNK, STORE);
    again.init(context);
    assertEquals(1, metrics.deviceStates());
    again.close();
  }
}
