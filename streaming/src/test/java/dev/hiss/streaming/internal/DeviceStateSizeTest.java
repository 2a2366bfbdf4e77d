package dev.hiss.streaming.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.model.hiss.HissConfig;
import dev.hiss.model.hiss.HissForecaster;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissPreprocessing;
import dev.hiss.model.hiss.HissPresets;
import dev.hiss.model.hiss.LevelConfig;
import dev.hiss.model.hiss.QuantileLevels;
import dev.hiss.streaming.HissServing;
import dev.hiss.streaming.ScorerConfig;
import dev.hiss.streaming.ScorerMetrics;
import dev.hiss.streaming.ScorerTopology;
import dev.hiss.streaming.ScoringModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State bytes per device: the size of the value the scorer keeps per device in its state store (and
 * writes to the store's changelog topic on every accepted record), measured through the real
 * topology and checked against the layout of {@link DeviceWindow}:
 *
 * <ul>
 *   <li>autoregression of order p with q forecasts waiting for their sample: {@code 69 + 8·p +
 *       16·q} bytes (q ≤ {@value ResidualMonitor#MAX_PENDING});
 *   <li>HiSS with chunk k = {@code totalChunk()}: {@code 73 + 8·k + 16 + 4·S} bytes once the first
 *       forecast is out (the last k target values for the chunk-mean residual, one forecast waiting
 *       for its chunk), S = the step model's state floats = levels (chunk counters) + 1 (episode
 *       flag) + D_raw (previous raw sample) + the SSM states; an S4D level holds {@code depth · 2 ·
 *       H · N} floats (complex state per channel and mode);
 *   <li>a quantile-head HiSS model whose levels hold a central pair: 24 bytes more per waiting
 *       forecast (the interval's lower, upper and level, layout version 4), so {@code 73 + 8·k + 40
 *       + 4·S}; a Gaussian-head one 8 more (its predicted sd, version 3).
 * </ul>
 *
 * The key (the device id, UTF-8) and the store's own overhead come on top. {@code mvn -pl streaming
 * -am test -Dtest=DeviceStateSizeTest -Dsurefire.failIfNoSpecifiedTests=false} prints the figures
 * for every preset (docs/operations.md quotes them).
 */
class DeviceStateSizeTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  @TempDir Path dir;

  /** Bytes of an autoregression device state (DeviceWindow layout version 2). */
  static int autoregressionBytes(int order, int pending) {
    // version 1 + lastSeq, lastTsNs, count 3·8 + head, order 2·4 + ring 8·p
    // + monitor (pending count 4 + 16 per pending + residuals, mean, var 3·8) + lastRecordMs 8
    return 1 + 24 + 8 + 8 * order + 4 + 16 * pending + 24 + 8;
  }

  /** Bytes of a HiSS device state of {@code stateFloats} floats (chunk k, forecasts pending). */
  static int hissBytes(int stateFloats, int chunk, int pending) {
    return autoregressionBytes(chunk, pending) + 4 + 4 * stateFloats;
  }

  /** Bytes of a quantile-head HiSS device state with a central pair (layout version 4). */
  static int hissQuantileBytes(int stateFloats, int chunk, int pending) {
    return hissBytes(stateFloats, chunk, pending) + 24 * pending;
  }

  /** Floats of a HiSS step model's exported state whose levels are all S4D. */
  static int s4dStateFloats(HissConfig c, int rawInputs) {
    int n = c.levels().size() + 1 + rawInputs;
    for (LevelConfig l : c.levels()) {
      if (l.type() != LevelConfig.LayerType.S4D) {
        throw new IllegalArgumentException("not an S4D level: " + l);
      }
      n += l.depth() * 2 * l.width() * l.stateSize();
    }
    return n;
  }

  @Test
  void autoregressionWindowBytesFollowTheLayout() {
    for (int order : new int[] {1, 12, 36, 200}) {
      for (int pending : new int[] {0, 1, 5, ResidualMonitor.MAX_PENDING}) {
        DeviceWindow w = new DeviceWindow(order);
        for (int i = 0; i < pending; i++) {
          w.monitor.expect(100 + i, i);
        }
        assertEquals(
            autoregressionBytes(order, pending),
            w.toBytes().length,
            "order " + order + ", pending " + pending);
      }
      DeviceWindow full = new DeviceWindow(order);
      for (int i = 0; i < ResidualMonitor.MAX_PENDING + 10; i++) {
        full.monitor.expect(100 + i, i);
      }
      assertEquals(
          autoregressionBytes(order, ResidualMonitor.MAX_PENDING),
          full.toBytes().length,
          "the pending queue is bounded");
    }
  }

  @Test
  void demoAutoregressionStateMeasuredThroughTheScorer() {
    // ./hiss demo: order 36, horizon 18, one prediction per chunk of 36 samples
    LinearAutoregression ar = new LinearAutoregression("ecg_mV", 36, 18, 0.1, new double[36]);
    TreeMap<Long, Integer> sizes = run(new ScoringModel(ar, "ar"), 36, 36 * 10);
    // warm-up before the first forecast (seq 35), then one forecast waits 18 samples per chunk
    assertEquals(autoregressionBytes(36, 0), sizes.get(34L));
    assertEquals(autoregressionBytes(36, 1), sizes.get(35L));
    assertEquals(autoregressionBytes(36, 1), sizes.get(52L));
    assertEquals(autoregressionBytes(36, 0), sizes.get(53L));
    assertEquals(
        new TreeSet<>(List.of(autoregressionBytes(36, 0), autoregressionBytes(36, 1))),
        new TreeSet<>(sizes.values()));
    System.out.printf(
        "state bytes per device, AR order 36 (demo): %d (%d with a forecast pending)%n",
        autoregressionBytes(36, 0), autoregressionBytes(36, 1));
  }

  @Test
  void hissStateOfTheS4dPresetsMeasuredThroughTheScorer() {
    // tiny: the demo's preset; small-s4d: the benchmark preset; three-level: chunks of chunks
    for (String preset : List.of("tiny", "small-s4d", "three-level")) {
      for (int rawInputs : new int[] {1, 2}) {
        HissConfig c = HissPresets.preset(preset, rawInputs, 1);
        int floats = s4dStateFloats(c, rawInputs);
        int bytes = measuredHissBytes(c, rawInputs);
        assertEquals(
            hissBytes(floats, c.totalChunk(), 1), bytes, preset + " with " + rawInputs + " inputs");
        System.out.printf(
            "state bytes per device, HiSS %s, %d input(s): %d (%d state floats)%n",
            preset, rawInputs, bytes, floats);
      }
    }
    assertEquals(697, hissBytes(s4dStateFloats(HissPresets.preset("tiny", 1, 1), 1), 10, 1));
  }

  @Test
  void aQuantileHeadModelsStateAddsItsIntervalOnlyWithACentralPair() {
    HissConfig tiny = HissPresets.preset("tiny", 1, 1);
    int floats = s4dStateFloats(tiny, 1);
    HissConfig quantiles = tiny.withQuantiles(QuantileLevels.DEFAULT); // 0.1, 0.5, 0.9
    assertEquals(hissQuantileBytes(floats, 10, 1), measuredHissBytes(quantiles, 1));
    assertEquals(721, hissQuantileBytes(floats, 10, 1));
    HissConfig noPair = tiny.withQuantiles(QuantileLevels.parse("0.1,0.5,0.8"));
    assertEquals(hissBytes(floats, 10, 1), measuredHissBytes(noPair, 1));
    System.out.printf(
        "state bytes per device, HiSS tiny quantile head (0.1,0.5,0.9), 1 input: %d%n",
        hissQuantileBytes(floats, 10, 1));
  }

  @Test
  void hissStateOfTheS4AndMambaPresetsIsTheStepModelState() {
    for (String preset : List.of("small-s4", "small-s4-mamba", "small-mamba")) {
      HissConfig c = HissPresets.preset(preset, 1, 1);
      int floats = forecaster(c, 1).stepModel(1).stateSize();
      int bytes = measuredHissBytes(c, 1);
      assertEquals(hissBytes(floats, c.totalChunk(), 1), bytes, preset);
      System.out.printf(
          "state bytes per device, HiSS %s, 1 input: %d (%d state floats)%n",
          preset, bytes, floats);
    }
  }

  private static HissForecaster forecaster(HissConfig c, int rawInputs) {
    return new HissForecaster(new HissModel(c, 3), HissPreprocessing.identity(rawInputs, 1));
  }

  /**
   * Streams 3 top-level chunks into one device; from the first forecast on (one forecast always
   * waits for its chunk) the state size must not change.
   */
  private int measuredHissBytes(HissConfig c, int rawInputs) {
    List<String> inputs = rawInputs == 1 ? List.of("ecg_mV") : List.of("ecg_mV", "resp");
    HissServing h = new HissServing(forecaster(c, rawInputs), inputs, "ecg_mV");
    int chunk = c.chunks().stream().reduce(1, (a, b) -> a * b);
    TreeMap<Long, Integer> sizes = run(ScoringModel.hiss(h, "hiss"), chunk, 3 * chunk);
    TreeSet<Integer> distinct = new TreeSet<>(sizes.tailMap((long) chunk - 1).values());
    assertEquals(1, distinct.size(), "HiSS state size is fixed: " + distinct);
    return distinct.first();
  }

  /** Feeds {@code n} samples of one device; returns the stored state size after each seq. */
  private TreeMap<Long, Integer> run(ScoringModel model, int chunk, int n) {
    ScorerConfig c = new ScorerConfig("unused:9092", "size-test", "s", "p", "dlq", chunk, dir);
    TreeMap<Long, Integer> sizes = new TreeMap<>();
    try (TopologyTestDriver d =
        new TopologyTestDriver(
            ScorerTopology.build(
                c,
                () -> model,
                ScorerMetrics.inMemory(),
                Stores.inMemoryKeyValueStore(ScorerTopology.STATE_STORE)),
            c.streamsProperties())) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
      KeyValueStore<String, byte[]> store = d.getKeyValueStore(ScorerTopology.STATE_STORE);
      for (long seq = 0; seq < n; seq++) {
        double v = Math.sin(0.05 * seq);
        in.pipeInput(
            "dev-0",
            SensorEventCodec.encode(
                new SensorEvent(
                    1,
                    "dev-0",
                    T0 + seq * 2_777_778L,
                    seq,
                    new TreeMap<>(java.util.Map.of("ecg_mV", v, "resp", -v)))));
        byte[] state = store.get("dev-0");
        assertNotNull(state, "state stored after seq " + seq);
        sizes.put(seq, state.length);
      }
    }
    return sizes;
  }

  @Test
  void theFormulaCountsEveryField() {
    // a HiSS window round-trips with exactly the bytes the formula gives
    DeviceWindow w = new DeviceWindow(10);
    w.hissState = new float[132];
    Arrays.fill(w.hissState, 0.5f);
    w.monitor.expect(19, 1.5);
    byte[] b = w.toBytes();
    assertEquals(hissBytes(132, 10, 1), b.length);
    assertEquals(132, DeviceWindow.fromBytes(b, 10).hissState.length);
  }
}
