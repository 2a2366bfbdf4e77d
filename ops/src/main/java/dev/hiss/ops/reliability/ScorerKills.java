package dev.hiss.ops.reliability;

import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Scenario {@code scorer-kills}: a recording is replayed into the sensors topic while the scorer
 * ({@code ./hiss scorer}, its own JVM) is killed with SIGKILL at random points and restarted; the
 * committed predictions (read_committed) must be exactly those of an uninterrupted run of the same
 * scorer: none lost, none duplicated, bit-identical values. The uninterrupted run is checked
 * against the model's own forecasts too, so an empty or wrong reference cannot pass.
 */
public final class ScorerKills {
  /**
   * @param events sensor events to replay (>= 1,000)
   * @param kills SIGKILLs of the scorer (>= 1)
   * @param seed seed of the kill points
   * @param devices devices per round of the recording
   * @param rate replay rate in events/s, {@code 0} = as fast as possible; a paced replay keeps the
   *     scorer from finishing the whole stream between two kills on a fast idle machine
   */
  public record Settings(long events, int kills, long seed, int devices, double rate) {
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
      if (!(rate >= 0) || Double.isInfinite(rate)) {
        throw new IllegalArgumentException(
            "Invalid rate = " + rate + "; must be >= 0 (0 = as fast as possible)");
      }
    }

    /** Settings replaying as fast as possible. */
    public Settings(long events, int kills, long seed, int devices) {
      this(events, kills, seed, devices, 0);
    }
  }

  private ScorerKills() {}

  /** Runs the scenario on a fresh embedded broker; {@code dir} holds logs and state. */
  public static ScenarioResult run(Settings s, Path dir, PrintStream out) {
    long t0 = System.nanoTime();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(3)) {
      try {
        return run(s, dir, out, broker, t0);
      } catch (RuntimeException e) {
        throw withBrokerLog(e, broker);
      }
    }
  }

  /**
   * {@code e} with the broker's log tail and GC pauses appended, so that a timeout says whether the
   * broker stalled.
   */
  static IllegalStateException withBrokerLog(RuntimeException e, EmbeddedKafkaBroker broker) {
    return new IllegalStateException(
        e.getMessage() + "\n--- embedded broker ---\n" + broker.logTail(), e);
  }

  private static ScenarioResult run(
      Settings s, Path dir, PrintStream out, EmbeddedKafkaBroker broker, long t0) {
    {
      broker.createTopics(3, ScorerRig.TOPICS);
      String bootstrap = broker.bootstrapServers();
      ScorerRig rig = new ScorerRig(bootstrap, dir);
      EcgLoad load = new EcgLoad(s.events(), s.devices(), "ecg");
      Map<String, Double> model = load.expectedPredictions(rig.model(), ScorerRig.CHUNK);
      int expected = model.size();
      out.printf(
          "[reliability] scorer-kills: %,d events (%d devices), %,d predictions expected, %d"
              + " kills, seed %d; broker %s%n",
          load.events(), load.devices(), expected, s.kills(), s.seed(), bootstrap);
      long[] targets = killPoints(s.kills(), expected, s.seed());
      List<Double> recovery = new ArrayList<>();
      Duration patience = Duration.ofMinutes(5);
      try (Background replay =
              Background.start("replay", () -> load.send(bootstrap, Topics.SENSORS, s.rate()));
          CommittedPredictions got = new CommittedPredictions(bootstrap, Topics.PREDICTIONS)) {
        long before = 0;
        for (int k = 0; k < s.kills(); k++) {
          try (ChildJvm scorer = rig.startScorer()) {
            long restarted = System.nanoTime();
            Runnable alive = all(scorer::requireAlive, replay::rethrow);
            if (k > 0) {
              requireRemaining(before, expected);
              require(got.awaitAtLeast(before + 1, patience, alive), "no progress", scorer);
              recovery.add((System.nanoTime() - restarted) / 1e9);
            }
            require(got.awaitAtLeast(targets[k], patience, alive), "no progress", scorer);
            scorer.kill();
          }
          before = got.drainToEnd(Duration.ofSeconds(60));
          out.printf(
              "[reliability] kill %d/%d at %,d committed predictions%s%n",
              k + 1,
              s.kills(),
              before,
              k > 0 ? String.format(" (recovered %.1f s after restart)", recovery.get(k - 1)) : "");
        }
        try (ChildJvm scorer = rig.startScorer()) {
          long restarted = System.nanoTime();
          Runnable alive = all(scorer::requireAlive, replay::rethrow);
          requireRemaining(before, expected);
          require(got.awaitAtLeast(before + 1, patience, alive), "no progress", scorer);
          recovery.add((System.nanoTime() - restarted) / 1e9);
          replay.await(patience);
          got.awaitAtLeast(expected, Duration.ofMinutes(10), alive);
          got.drainToEnd(Duration.ofSeconds(60));
        }
        out.printf(
            "[reliability] chaos run done: %,d committed; reference run ...%n", got.records());
        Map<String, List<Double>> ref = rig.referenceRun(expected, Duration.ofMinutes(10));
        PredictionCheck refVsModel = PredictionCheck.compare(model, ref, 1e-12);
        PredictionCheck check =
            PredictionCheck.compare(PredictionCheck.firstValues(ref), got.values(), 0);
        return result(
            "scorer-kills",
            load.events(),
            s.kills(),
            check,
            refVsModel,
            recovery,
            t0,
            List.of(
                "kill points (committed predictions): " + Arrays.toString(targets),
                "recovery = restart of the killed scorer JVM until its first new committed"
                    + " prediction",
                broker.gcSummary()));
      }
    }
  }

  /** The predictions a chaos run is compared on, and the reference's own check, as a result. */
  static ScenarioResult result(
      String name,
      long events,
      int faults,
      PredictionCheck check,
      PredictionCheck refVsModel,
      List<Double> recovery,
      long t0,
      List<String> extra) {
    List<String> notes = new ArrayList<>(extra);
    notes.add(
        String.format(
            "reference (uninterrupted) run vs the model's forecasts: %,d expected, lost %d,"
                + " duplicated %d, mismatched %d, unexpected %d",
            refVsModel.expected(),
            refVsModel.lost(),
            refVsModel.duplicated(),
            refVsModel.mismatched(),
            refVsModel.unexpected()));
    notes.add(
        String.format(
            "chaos run: %,d committed records, %d unexpected keys",
            check.committed(), check.unexpected()));
    boolean refOk = refVsModel.exact();
    return new ScenarioResult(
        name,
        events,
        faults,
        "predictions",
        refOk ? check.expected() : 0,
        check.lost(),
        check.duplicated(),
        check.mismatched() + check.unexpected(),
        recovery,
        (System.nanoTime() - t0) / 1e9,
        notes);
  }

  /**
   * Fails at once (instead of waiting for a prediction that cannot come) when every prediction was
   * already committed before a restart: recovery could not be measured.
   */
  static void requireRemaining(long committed, long expected) {
    if (committed >= expected) {
      throw new IllegalStateException(
          "All "
              + expected
              + " predictions were committed before the scorer was killed, so its recovery cannot"
              + " be measured; pace the replay (--rate) or use more events");
    }
  }

  /**
   * {@code kills} increasing kill points in (0, 0.9·expected), drawn uniformly with the seed: the
   * last tenth of the stream is left for the final restart, whose recovery is measured too.
   */
  static long[] killPoints(int kills, long expected, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] t = new long[kills];
    long range = Math.max(1, (long) (expected * 0.9) - 1);
    for (int i = 0; i < kills; i++) {
      t[i] = 1 + r.nextLong(range);
    }
    Arrays.sort(t);
    return t;
  }

  static void require(boolean ok, String what, ChildJvm child) {
    if (!ok) {
      throw new IllegalStateException(what + ":\n" + child.tail());
    }
  }

  static Runnable all(Runnable a, Runnable b) {
    return () -> {
      a.run();
      b.run();
    };
  }
}
