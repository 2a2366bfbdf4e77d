package dev.hiss.streaming.bench;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.model.hiss.HissForecaster;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissPreprocessing;
import dev.hiss.model.hiss.HissPresets;
import dev.hiss.streaming.HissServing;
import dev.hiss.streaming.ScorerConfig;
import dev.hiss.streaming.ScorerMetrics;
import dev.hiss.streaming.ScorerTopology;
import dev.hiss.streaming.ScoringModel;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.Stores;

/**
 * Throughput and scoring latency of the scorer topology in one thread, without a broker: events go
 * through {@link TopologyTestDriver} (deserialization, the processor, the RocksDB state store, the
 * sinks), round-robin over many devices. A warm-up run (discarded) lets the JIT compile first.
 *
 * <p>The driver commits after every record, and a commit flushes the state store: with the
 * production RocksDB store that is one memtable flush per record, which measures the driver, not
 * the scorer. So the main figure uses the same topology with the in-memory store ({@code memory},
 * the default); {@code rocksdb} runs the production store for comparison (use few events).
 *
 * <p>Run: {@code mvn -pl streaming -am test-compile} then {@code java -cp
 * streaming/target/test-classes:streaming/target/classes:$(cat cp.txt)
 * dev.hiss.streaming.bench.ScorerBench [devices] [eventsPerDevice] [memory|rocksdb] [ar|hiss]}
 * where {@code cp.txt} comes from {@code mvn -pl streaming dependency:build-classpath
 * -Dmdep.outputFile=cp.txt}.
 */
public final class ScorerBench {
  private static final long T0 = 1_767_225_600_000_000_000L;
  private static final int ORDER = 16;
  private static final int CHUNK = 36;

  /** Figures of one run. */
  public record Result(
      long events,
      long predictions,
      double seconds,
      long timedEvents,
      double p50Micros,
      double p95Micros,
      double p99Micros,
      double meanMicros,
      double maxMicros) {
    /** Events per second through the whole driver. */
    public double eventsPerSecond() {
      return events / seconds;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%,d events, %,d predictions in %.2f s: %,.0f events/s through the topology;"
              + " scoring latency p50 %.1f us, p95 %.1f us, p99 %.1f us, mean %.1f us, max %.1f us",
          events,
          predictions,
          seconds,
          eventsPerSecond(),
          p50Micros,
          p95Micros,
          p99Micros,
          meanMicros,
          maxMicros);
    }
  }

  private ScorerBench() {}

  /**
   * Args: devices (default 10000), events per device (default 72), memory | rocksdb (default
   * memory), ar | hiss (default ar; hiss = preset {@code tiny}, untrained, seed 1, as {@code ./hiss
   * bench scorer --model hiss} serves).
   */
  public static void main(String[] args) {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int perDevice = args.length > 1 ? Integer.parseInt(args[1]) : 72;
    boolean rocksDb = args.length > 2 && args[2].equals("rocksdb");
    boolean hiss = args.length > 3 && args[3].equals("hiss");
    System.out.println("warm-up: " + run(Math.min(devices, 1_000), perDevice, rocksDb, hiss));
    Result r = run(devices, perDevice, rocksDb, hiss);
    System.out.printf(
        Locale.ROOT,
        "ScorerBench %,d devices x %d events (%s, %s store), %s %s%n",
        devices,
        perDevice,
        hiss ? "HiSS tiny, chunk 10" : "AR order " + ORDER + ", chunk " + CHUNK,
        rocksDb ? "RocksDB" : "in-memory",
        System.getProperty("java.vm.name"),
        Runtime.version());
    System.out.println(r);
  }

  /** Runs {@code devices × eventsPerDevice} events through a fresh topology (autoregression). */
  public static Result run(int devices, int eventsPerDevice, boolean rocksDb) {
    return run(devices, eventsPerDevice, rocksDb, false);
  }

  /**
   * Runs {@code devices × eventsPerDevice} events through a fresh topology serving the
   * autoregression or (with {@code hiss}) the HiSS preset {@code tiny}.
   */
  public static Result run(int devices, int eventsPerDevice, boolean rocksDb, boolean hiss) {
    double[] coefficients = new double[ORDER];
    for (int i = 0; i < ORDER; i++) {
      coefficients[i] = 0.5 / (i + 1);
    }
    ScoringModel model =
        hiss
            ? ScoringModel.hiss(
                new HissServing(
                    new HissForecaster(
                        new HissModel(HissPresets.preset("tiny", 1, 1), 1),
                        HissPreprocessing.identity(1, 1)),
                    List.of("x"),
                    "x"),
                "bench")
            : new ScoringModel(new LinearAutoregression("x", ORDER, 1, 0.1, coefficients), "bench");
    ScorerMetrics metrics = ScorerMetrics.inMemory();
    Path stateDir = tempDir();
    ScorerConfig c =
        new ScorerConfig("unused:9092", "scorer-bench", "s", "p", "d", CHUNK, stateDir);
    String[] ids = new String[devices];
    for (int d = 0; d < devices; d++) {
      ids[d] = "device-" + d;
    }
    long predictions = 0;
    long started;
    long elapsed;
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            ScorerTopology.build(
                c,
                () -> model,
                metrics,
                rocksDb
                    ? Stores.persistentKeyValueStore(ScorerTopology.STATE_STORE)
                    : Stores.inMemoryKeyValueStore(ScorerTopology.STATE_STORE)),
            c.streamsProperties())) {
      TestInputTopic<String, byte[]> in =
          driver.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> out =
          driver.createOutputTopic("p", new StringDeserializer(), new ByteArrayDeserializer());
      started = System.nanoTime();
      for (int s = 0; s < eventsPerDevice; s++) {
        for (int d = 0; d < devices; d++) {
          double v = Math.sin(0.01 * s * (1 + d % 7)) + d % 13;
          SensorEvent e = SensorEvent.of(ids[d], T0 + 2_777_777L * s, s, "x", v);
          in.pipeInput(ids[d], SensorEventCodec.encode(e));
        }
        predictions += out.getQueueSize();
        out.readRecordsToList(); // keep the captured output small
      }
      elapsed = System.nanoTime() - started;
    } finally {
      deleteRecursively(stateDir);
    }
    Timer t = metrics.latency();
    HistogramSnapshot h = t.takeSnapshot();
    double p50 = 0;
    double p95 = 0;
    double p99 = 0;
    for (ValueAtPercentile v : h.percentileValues()) {
      double us = v.value(TimeUnit.MICROSECONDS);
      if (v.percentile() == 0.5) {
        p50 = us;
      } else if (v.percentile() == 0.95) {
        p95 = us;
      } else if (v.percentile() == 0.99) {
        p99 = us;
      }
    }
    return new Result(
        (long) devices * eventsPerDevice,
        predictions,
        elapsed / 1e9,
        t.count(),
        p50,
        p95,
        p99,
        t.mean(TimeUnit.MICROSECONDS),
        t.max(TimeUnit.MICROSECONDS));
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("hiss-scorer-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("Could not delete " + dir + ": " + e.getMessage());
    }
  }
}
