package dev.hiss.ops.reliability;

import dev.hiss.ingestion.lake.LakeIngestJob;
import dev.hiss.ingestion.lake.LocalSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The lake side of the scenarios: the lake job ({@code ./hiss ingest}) as a child JVM that can be
 * SIGKILLed, its progress read from the outside (the file sink's metadata log and the checkpoint's
 * offset log), and the final exactly-once count of the lake with Spark.
 */
public final class LakeRig {
  private final String bootstrap;
  private final Path dir;
  private final Path lake;
  private final long maxOffsetsPerTrigger;

  /**
   * @param bootstrap the broker
   * @param dir working directory; the lake is {@code dir/lake}
   * @param maxOffsetsPerTrigger records per micro-batch at most
   */
  public LakeRig(String bootstrap, Path dir, long maxOffsetsPerTrigger) {
    if (maxOffsetsPerTrigger < 1) {
      throw new IllegalArgumentException(
          "Invalid maxOffsetsPerTrigger = " + maxOffsetsPerTrigger + "; must be >= 1");
    }
    this.bootstrap = bootstrap;
    this.dir = dir;
    this.lake = dir.resolve("lake");
    this.maxOffsetsPerTrigger = maxOffsetsPerTrigger;
  }

  /**
   * {@code ./hiss ingest} in a child JVM: continuous micro-batches back to back, or with {@code
   * once} everything in the topic now, then exit.
   */
  public ChildJvm startIngest(boolean once) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "ingest",
                "--bootstrap-server",
                bootstrap,
                "--lake",
                lake.toString(),
                "--master",
                "local[2]",
                "--max-offsets-per-trigger",
                Long.toString(maxOffsetsPerTrigger),
                "--trigger-seconds",
                "0"));
    if (once) {
      args.add("--once");
    }
    return ChildJvm.start("1g", dir.resolve("ingest.log"), args);
  }

  /** Batches committed by the file sink: its metadata log holds one file per batch. */
  public int committedBatches() {
    return countFiles(lake.resolve("_spark_metadata"));
  }

  /**
   * Sum over partitions of the sensors-topic offsets up to which the last committed batch read:
   * equal to the topic's record count once the job has caught up.
   */
  public long committedOffsets() {
    Path cp = LakeIngestJob.defaultCheckpoint(lake).resolve("lake");
    long last = -1;
    try (Stream<Path> s = Files.list(cp.resolve("commits"))) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String n = p.getFileName().toString();
        if (n.matches("\\d+")) {
          last = Math.max(last, Long.parseLong(n));
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (last < 0) {
      return 0;
    }
    try {
      List<String> lines = Files.readAllLines(cp.resolve("offsets").resolve(Long.toString(last)));
      long sum = 0;
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\"\\d+\":(\\d+)").matcher(lines.get(lines.size() - 1));
      while (m.find()) {
        sum += Long.parseLong(m.group(1));
      }
      return sum;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Counts the lake with Spark.
   *
   * @return rows, distinct (device, seq), distinct (Kafka partition, offset)
   */
  public long[] count() {
    SparkSession spark = LocalSpark.builder("local[2]", "reliability-lake-check").getOrCreate();
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
      return new long[] {r.getLong(0), r.getLong(1), r.getLong(2)};
    } finally {
      spark.stop();
    }
  }

  /** The lake's exactly-once figures against {@code expected} accepted events. */
  public PredictionCheck check(long expected) {
    long[] c = count();
    long distinct = Math.min(c[1], c[2]);
    return new PredictionCheck(
        expected,
        c[0],
        Math.max(0, expected - distinct),
        c[0] - distinct,
        0,
        Math.max(0, distinct - expected));
  }

  private static int countFiles(Path d) {
    if (!Files.isDirectory(d)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(d)) {
      return (int) s.filter(f -> !f.getFileName().toString().startsWith(".")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
