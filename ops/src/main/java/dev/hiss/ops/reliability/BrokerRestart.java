package dev.hiss.ops.reliability;

import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario {@code broker-restart}: while a recording is replayed, the lake job and the scorer (each
 * in its own JVM) run; mid-stream the broker is stopped, left down for a while, and started again
 * on the same port with the same log directory. Nobody touches the clients: the replay, the lake
 * job and the scorer must carry on by themselves, the committed predictions (read_committed) must
 * equal an uninterrupted run's, and every event must be in the lake exactly once.
 */
public final class BrokerRestart {
  /**
   * @param events sensor events to replay (>= 1,000)
   * @param restarts broker restarts (>= 1)
   * @param downtime how long the broker stays down each time
   * @param devices devices per round of the recording
   * @param eventsPerSecond replay rate: the stream lasts about {@code events / eventsPerSecond} and
   *     the restarts fall evenly inside it
   */
  public record Settings(
      long events, int restarts, Duration downtime, int devices, double eventsPerSecond) {
    /** Validates every field. */
    public Settings {
      if (events < 1_000) {
        throw new IllegalArgumentException("Invalid events = " + events + "; must be >= 1000");
      }
      if (restarts < 1) {
        throw new IllegalArgumentException("Invalid restarts = " + restarts + "; must be >= 1");
      }
      if (downtime == null || downtime.isNegative()) {
        throw new IllegalArgumentException("Invalid downtime = " + downtime + "; must be >= 0");
      }
      if (devices < 1 || devices > 1000) {
        throw new IllegalArgumentException(
            "Invalid devices = " + devices + "; must be in [1, 1000]");
      }
      if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
        throw new IllegalArgumentException(
            "Invalid eventsPerSecond = " + eventsPerSecond + "; must be > 0");
      }
    }

    /** How long the paced replay lasts, about. */
    Duration stream() {
      return Duration.ofMillis((long) (events / eventsPerSecond * 1000));
    }
  }

  /** Warm-up samples per device, sent at full speed before the paced stream. */
  static final int WARMUP_PER_DEVICE = 600;

  private BrokerRestart() {}

  /** Runs the scenario on a fresh embedded broker; {@code dir} holds lake, state and logs. */
  public static ScenarioResult run(Settings s, Path dir, PrintStream out) {
    long t0 = System.nanoTime();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(3)) {
      broker.createTopics(3, ScorerRig.TOPICS);
      String bootstrap = broker.bootstrapServers();
      ScorerRig scorerRig = new ScorerRig(bootstrap, dir);
      LakeRig lakeRig = new LakeRig(bootstrap, dir, 20_000);
      // a warm-up at full speed until both consumers commit, then the paced stream
      EcgLoad warm = new EcgLoad(WARMUP_PER_DEVICE * s.devices(), s.devices(), "warm");
      EcgLoad load = new EcgLoad(s.events(), s.devices(), "ecg");
      Map<String, Double> model =
          new java.util.HashMap<>(load.expectedPredictions(scorerRig.model(), ScorerRig.CHUNK));
      model.putAll(warm.expectedPredictions(scorerRig.model(), ScorerRig.CHUNK));
      long events = warm.events() + load.events();
      int expected = model.size();
      out.printf(
          "[reliability] broker-restart: %,d + %,d warm-up events (%d devices) at %,.0f events/s,"
              + " %,d predictions expected, %d restarts, %d s down each; broker %s%n",
          load.events(),
          warm.events(),
          load.devices(),
          s.eventsPerSecond(),
          expected,
          s.restarts(),
          s.downtime().toSeconds(),
          bootstrap);
      List<Double> recovery = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      Duration patience = Duration.ofMinutes(5);
      try (ChildJvm lake = lakeRig.startIngest(false);
          ChildJvm scorer = scorerRig.startScorer();
          CommittedPredictions got = new CommittedPredictions(bootstrap, Topics.PREDICTIONS)) {
        warm.sendAll(bootstrap, Topics.SENSORS);
        Runnable up =
            () -> {
              scorer.requireAlive();
              lake.requireAlive();
            };
        ScorerKills.require(got.awaitAtLeast(1, patience, up), "no prediction", scorer);
        LakeKills.awaitBatch(lakeRig, lake, null, 1, patience.toNanos());
        notes.add(
            String.format(
                "scorer and lake job committing %.1f s after start (warm-up of %,d events)",
                (System.nanoTime() - t0) / 1e9, warm.events()));
        try (Background replay =
            Background.start(
                "replay", () -> load.send(bootstrap, Topics.SENSORS, s.eventsPerSecond()))) {
          Runnable alive =
              () -> {
                up.run();
                replay.rethrow();
              };
          long ready = System.nanoTime();
          for (int k = 1; k <= s.restarts(); k++) {
            long stopAt = ready + s.stream().toNanos() * k / (s.restarts() + 1);
            while (System.nanoTime() < stopAt) {
              got.poll();
              alive.run();
            }
            long before = got.drainToEnd(Duration.ofSeconds(60));
            if (replay.isDone()) {
              throw new IllegalStateException(
                  "The replay ended before restart "
                      + k
                      + ": the fault would not be mid-stream; lower the rate or raise the events");
            }
            broker.stop();
            out.printf(
                "[reliability] broker stopped (%d/%d) at %,d committed predictions, %d lake"
                    + " batches, replay running%n",
                k, s.restarts(), before, lakeRig.committedBatches());
            LakeKills.sleepNanos(s.downtime().toNanos());
            long restarting = System.nanoTime();
            broker.restart();
            long back = System.nanoTime();
            // what was committed before the stop (or finished without the broker) is not
            // recovery: take both baselines now, then wait for a commit past them
            int lakeBefore = lakeRig.committedBatches();
            before = got.drainToEnd(Duration.ofSeconds(60));
            ScorerKills.require(
                got.awaitAtLeast(before + 1, patience, alive), "no progress", scorer);
            double scorerRecovered = (System.nanoTime() - back) / 1e9;
            LakeKills.awaitBatch(lakeRig, lake, replay, lakeBefore + 1, patience.toNanos());
            double lakeRecovered = (System.nanoTime() - back) / 1e9;
            recovery.add(Math.max(scorerRecovered, lakeRecovered));
            String line =
                String.format(
                    "restart %d: broker back in %.1f s; then scorer committing again after %.1f s,"
                        + " lake job after %.1f s",
                    k, (back - restarting) / 1e9, scorerRecovered, lakeRecovered);
            notes.add(line);
            out.println("[reliability] " + line);
          }
          replay.await(Duration.ofMinutes(10));
        }
        got.awaitAtLeast(expected, Duration.ofMinutes(10), up);
        got.drainToEnd(Duration.ofSeconds(60));
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (lakeRig.committedOffsets() < events) {
          up.run();
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("lake job did not catch up:\n" + lake.tail());
          }
          LakeKills.sleepNanos(200_000_000L); // another process writes the checkpoint
        }
        notes.add(
            "no process was restarted by hand: the replay, lake job and scorer JVMs ran"
                + " throughout");
        out.printf(
            "[reliability] chaos run done: %,d committed; reference run ...%n", got.records());
        lake.kill();
        scorer.kill();
        Map<String, List<Double>> ref = scorerRig.referenceRun(expected, Duration.ofMinutes(10));
        PredictionCheck refVsModel = PredictionCheck.compare(model, ref, 1e-12);
        PredictionCheck check =
            PredictionCheck.compare(PredictionCheck.firstValues(ref), got.values(), 0);
        PredictionCheck lakeCheck = lakeRig.check(events);
        notes.add(
            String.format(
                "lake: %,d events expected, %,d rows, lost %d, duplicated %d, not from the replay"
                    + " %d",
                lakeCheck.expected(),
                lakeCheck.committed(),
                lakeCheck.lost(),
                lakeCheck.duplicated(),
                lakeCheck.unexpected()));
        notes.add(
            "recovery = broker answering again until both the scorer and the lake job commit"
                + " again");
        ScenarioResult r =
            ScorerKills.result(
                "broker-restart", events, s.restarts(), check, refVsModel, recovery, t0, notes);
        return new ScenarioResult(
            r.scenario(),
            r.events(),
            r.faults(),
            "predictions + lake rows",
            r.expected() == 0 ? 0 : r.expected() + lakeCheck.expected(),
            r.lost() + lakeCheck.lost(),
            r.duplicated() + lakeCheck.duplicated(),
            r.mismatched() + lakeCheck.unexpected(),
            r.recoverySeconds(),
            r.wallSeconds(),
            r.notes());
      }
    }
  }
}
