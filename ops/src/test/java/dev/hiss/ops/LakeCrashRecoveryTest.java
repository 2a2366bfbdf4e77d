package dev.hiss.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import dev.hiss.ingestion.lake.LocalSpark;
import dev.hiss.ingestion.replay.FleetReplay;
import dev.hiss.ingestion.replay.Recording;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake job ({@code ./hiss ingest}) in its own JVM is killed with SIGKILL in the middle of the
 * stream, twice, and restarted; afterwards every accepted event is in the lake exactly once.
 */
@Tag("integration")
@Timeout(420)
class LakeCrashRecoveryTest {
  private static final long T0 = 1_767_225_600L * 1_000_000_000L;
  private static EmbeddedKafkaBroker broker;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    broker = EmbeddedKafkaBroker.start(3);
    broker.createTopics(3, List.of(Topics.SENSORS, Topics.DEAD_LETTER));
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void killedMidStreamAndRestartedTheLakeHoldsEveryEventOnce() throws Exception {
    Recording ecg = Recording.bundledEcg();
    new FleetReplay(ecg, 4, 12_000, "ecg", T0).sendAll(broker.bootstrapServers(), Topics.SENSORS);
    Path lake = dir.resolve("lake");
    Path log = dir.resolve("ingest.log");

    for (int kill = 1; kill <= 2; kill++) {
      Process p = ingest(lake, log, false);
      int committedBefore = committedBatches(lake);
      awaitCommittedBatches(p, lake, committedBefore + 2, log);
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      // more events arrive while the job is down
      new FleetReplay(ecg, 4, 1_000, "late" + kill, T0)
          .sendAll(broker.bootstrapServers(), Topics.SENSORS);
    }
    Process last = ingest(lake, log, true);
    assertTrue(last.waitFor(300, TimeUnit.SECONDS), "restarted job did not finish");
    assertEquals(0, last.exitValue(), tail(log));

    long expected = 4 * 12_000L + 2 * 4 * 1_000L;
    SparkSession spark = LocalSpark.builder("local[1]", "crash-test").getOrCreate();
    try {
      Row r =
          spark
              .read()
              .parquet(lake.toString())
              .selectExpr(
                  "count(*)",
                  "count(distinct device, seq)",
                  "count(distinct kafka_partition, kafka_offset)")
              .first();
      assertEquals(expected, r.getLong(0), "rows");
      assertEquals(expected, r.getLong(1), "distinct (device, seq)");
      assertEquals(expected, r.getLong(2), "distinct (partition, offset)");
    } finally {
      spark.stop();
    }
  }

  private static Process ingest(Path lake, Path log, boolean once) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-D") || arg.startsWith("-XX")) {
        cmd.add(arg);
      }
    }
    cmd.add("-Xmx1g");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Hiss.class.getName());
    cmd.addAll(
        List.of(
            "ingest",
            "--bootstrap-server",
            broker.bootstrapServers(),
            "--lake",
            lake.toString(),
            "--master",
            "local[2]",
            "--max-offsets-per-trigger",
            "3000",
            "--trigger-seconds",
            "0"));
    if (once) {
      cmd.add("--once");
    }
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** Batches committed by the file sink: its metadata log holds one file per batch. */
  private static int committedBatches(Path lake) throws Exception {
    Path meta = lake.resolve("_spark_metadata");
    if (!Files.isDirectory(meta)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(meta)) {
      return (int) s.filter(f -> !f.getFileName().toString().startsWith(".")).count();
    }
  }

  private static void awaitCommittedBatches(Process p, Path lake, int n, Path log)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (committedBatches(lake) < n) {
      assertTrue(p.isAlive(), "ingest exited early:\n" + tail(log));
      assertTrue(System.nanoTime() < deadline, "no progress:\n" + tail(log));
      Thread.sleep(50); // polling a directory another process writes: nothing to await on
    }
  }

  private static String tail(Path log) throws Exception {
    if (!log.toFile().exists()) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
