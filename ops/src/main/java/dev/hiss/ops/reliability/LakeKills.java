package dev.hiss.ops.reliability;

import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Scenario {@code lake-kills}: a recording is replayed into the sensors topic while the lake job
 * ({@code ./hiss ingest}, its own JVM, micro-batches back to back) is killed with SIGKILL in the
 * middle of a micro-batch, again and again, and restarted; finally a {@code --once} run drains what
 * is left. Every accepted event must be in the lake exactly once: as many rows as events, as many
 * distinct (device, seq) and distinct (Kafka partition, offset) as rows.
 */
public final class LakeKills {
  /**
   * @param events sensor events to replay (>= 1,000)
   * @param kills SIGKILLs of the lake job (>= 1)
   * @param seed seed of the kill points inside a micro-batch
   * @param devices devices per round of the recording
   * @param maxOffsetsPerTrigger records per micro-batch at most
   */
  public record Settings(
      long events, int kills, long seed, int devices, long maxOffsetsPerTrigger) {
    /** Validates every field. */
    public Settings {
      if (events < 1_000) {
        throw new IllegalArgumentException("Invalid events = " + events + "; must be >= 1000");
      }
      if (kills < 1) {
        throw new IllegalArgumentException("Invalid kills = " + kills + "; must be >= 1");
      }
      if (devices < 1 || devices > 1000) {
        throw new IllegalArgumentException(
            "Invalid devices = " + devices + "; must be in [1, 1000]");
      }
      if (maxOffsetsPerTrigger < 1) {
        throw new IllegalArgumentException(
            "Invalid maxOffsetsPerTrigger = " + maxOffsetsPerTrigger + "; must be >= 1");
      }
      if (events / maxOffsetsPerTrigger < 2L * kills + 2) {
        throw new IllegalArgumentException(
            "Invalid events = "
                + events
                + " for "
                + kills
                + " kills of "
                + maxOffsetsPerTrigger
                + " records per batch: each kill needs two batches of backlog; give at least "
                + (2L * kills + 2) * maxOffsetsPerTrigger
                + " events");
      }
    }
  }

  private LakeKills() {}

  /** Runs the scenario on a fresh embedded broker; {@code dir} holds the lake and the logs. */
  public static ScenarioResult run(Settings s, Path dir, PrintStream out) {
    long t0 = System.nanoTime();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(3)) {
      broker.createTopics(3, List.of(Topics.SENSORS, Topics.DEAD_LETTER));
      String bootstrap = broker.bootstrapServers();
      EcgLoad load = new EcgLoad(s.events(), s.devices(), "ecg");
      LakeRig rig = new LakeRig(bootstrap, dir, s.maxOffsetsPerTrigger());
      out.printf(
          "[reliability] lake-kills: %,d events (%d devices), %d kills, %,d records per batch at"
              + " most, seed %d; broker %s%n",
          load.events(), load.devices(), s.kills(), s.maxOffsetsPerTrigger(), s.seed(), bootstrap);
      SplittableRandom r = new SplittableRandom(s.seed());
      List<Double> recovery = new ArrayList<>();
      long patience = Duration.ofMinutes(5).toNanos();
      try (Background replay =
          Background.start("replay", () -> load.sendAll(bootstrap, Topics.SENSORS))) {
        for (int k = 0; k < s.kills(); k++) {
          try (ChildJvm job = rig.startIngest(false)) {
            long started = System.nanoTime();
            int before = rig.committedBatches();
            // one batch to see the job work (and time a batch), then kill inside the next one
            long first = awaitBatch(rig, job, replay, before + 1, patience);
            if (k > 0) {
              recovery.add((first - started) / 1e9);
            }
            long second = awaitBatch(rig, job, replay, before + 2, patience);
            long batchNanos = second - first;
            long delay = (long) (r.nextDouble() * batchNanos);
            sleepNanos(delay);
            int atKill = rig.committedBatches();
            job.kill();
            out.printf(
                "[reliability] kill %d/%d %.2f s into a micro-batch of ~%.2f s (%d batches"
                    + " committed)%s%n",
                k + 1,
                s.kills(),
                delay / 1e9,
                batchNanos / 1e9,
                atKill,
                k > 0
                    ? String.format("; recovered %.1f s after restart", recovery.get(k - 1))
                    : "");
          }
        }
        replay.await(Duration.ofMinutes(10));
      }
      try (ChildJvm job = rig.startIngest(false)) {
        long started = System.nanoTime();
        awaitBatch(rig, job, null, rig.committedBatches() + 1, patience);
        recovery.add((System.nanoTime() - started) / 1e9);
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (rig.committedOffsets() < load.events()) {
          job.requireAlive();
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("lake job did not catch up:\n" + job.tail());
          }
          sleepNanos(200_000_000L); // another process writes the checkpoint: nothing to await on
        }
      }
      PredictionCheck c = rig.check(load.events());
      return new ScenarioResult(
          "lake-kills",
          load.events(),
          s.kills(),
          "lake rows",
          c.expected(),
          c.lost(),
          c.duplicated(),
          c.unexpected(),
          recovery,
          (System.nanoTime() - t0) / 1e9,
          List.of(
              String.format(
                  "lake: %,d rows, %d rows not from the replay; kill points drawn uniformly"
                      + " inside a micro-batch",
                  c.committed(), c.unexpected()),
              "recovery = restart of the killed lake JVM (Spark start-up included) until its"
                  + " first committed micro-batch"));
    }
  }

  /** Waits until {@code n} batches are committed; returns the time it saw that. */
  static long awaitBatch(LakeRig rig, ChildJvm job, Background replay, int n, long patience) {
    long deadline = System.nanoTime() + patience;
    while (rig.committedBatches() < n) {
      job.requireAlive();
      if (replay != null) {
        replay.rethrow();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("lake job made no progress:\n" + job.tail());
      }
      sleepNanos(20_000_000L); // another process writes the lake: nothing to await on
    }
    return System.nanoTime();
  }

  static void sleepNanos(long nanos) {
    try {
      java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
