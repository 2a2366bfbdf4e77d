package dev.hiss.ops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.ValidationPolicy;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import dev.hiss.ingestion.lake.Lake;
import dev.hiss.ingestion.lake.LakeIngestConfig;
import dev.hiss.ingestion.lake.LakeIngestJob;
import dev.hiss.ingestion.lake.LocalSpark;
import dev.hiss.ingestion.replay.FleetReplay;
import dev.hiss.ingestion.replay.Recording;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Ingestion throughput on this machine: validation per core (against plain JSON parsing as the
 * peer), production to the embedded broker, and Kafka → Parquet lake. Prints one line per figure.
 */
public final class IngestBenchmark {
  private IngestBenchmark() {}

  /** Runs every measurement with {@code events} real ECG events. */
  public static void run(PrintStream out, int events, String master) throws IOException {
    Recording ecg = Recording.bundledEcg();
    long t0 = 1_767_225_600L * 1_000_000_000L;
    int devices = 8;
    FleetReplay fleet =
        new FleetReplay(ecg, devices, Math.min(events / devices, 13_500), "ecg", t0);
    byte[][] payloads = new byte[(int) fleet.totalEvents()][];
    for (int i = 0; i < payloads.length; i++) {
      payloads[i] = SensorEventCodec.encode(fleet.event(i % devices, i / devices));
    }
    out.printf(
        "ingest benchmark: %,d real ECG events (%d devices), %d cores%n",
        payloads.length, devices, Runtime.getRuntime().availableProcessors());

    ObjectMapper plain = new ObjectMapper();
    double parsePerSec = 0;
    double validatePerSec = 0;
    for (int round = 0; round < 5; round++) { // rounds 0-1 warm the JIT; keep the best of 2-4
      long a = System.nanoTime();
      long sink = 0;
      for (byte[] p : payloads) {
        sink += plain.readTree(p).size();
      }
      double parse = payloads.length / ((System.nanoTime() - a) / 1e9);
      long b = System.nanoTime();
      for (byte[] p : payloads) {
        SensorEvent e = SensorEventCodec.decode(p, ValidationPolicy.DEFAULT);
        sink += e.seq();
      }
      double validate = payloads.length / ((System.nanoTime() - b) / 1e9);
      if (round >= 2) {
        parsePerSec = Math.max(parsePerSec, parse);
        validatePerSec = Math.max(validatePerSec, validate);
      }
      if (sink == 42) {
        out.print("");
      }
    }
    out.printf(
        "validate (decode + every rule), 1 thread: %,.0f events/s; peer: Jackson readTree alone"
            + " %,.0f events/s; ratio %.2f%n",
        validatePerSec, parsePerSec, validatePerSec / parsePerSec);

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(4)) {
      broker.createTopics(4, List.of(Topics.SENSORS, Topics.DEAD_LETTER));
      fleet.sendAll(broker.bootstrapServers(), Topics.SENSORS); // warm-up of the producer path
      long a = System.nanoTime();
      fleet.sendAll(broker.bootstrapServers(), Topics.SENSORS);
      double produce = fleet.totalEvents() / ((System.nanoTime() - a) / 1e9);
      out.printf(
          "encode + produce to the embedded broker (acks=all, idempotent, lz4): %,.0f events/s%n",
          produce);

      Path dir = Files.createTempDirectory("hiss-bench-lake");
      SparkSession spark = LocalSpark.builder(master, "hiss-bench").getOrCreate();
      try {
        LakeIngestConfig c =
            new LakeIngestConfig(
                broker.bootstrapServers(),
                Topics.SENSORS,
                Topics.DEAD_LETTER,
                dir.resolve("lake"),
                dir.resolve("checkpoints"),
                16,
                1_000_000,
                ValidationPolicy.DEFAULT);
        long b = System.nanoTime();
        new LakeIngestJob(spark, c).runAvailableNow();
        double secs = (System.nanoTime() - b) / 1e9;
        long rows = Lake.read(spark, c.lake()).count();
        out.printf(
            "Kafka -> Parquet lake (Spark %s, one AvailableNow run incl. query start): %,d rows in"
                + " %.1f s = %,.0f events/s%n",
            master, rows, secs, rows / secs);
      } finally {
        spark.stop();
      }
    }
  }
}
