package dev.hiss.ops.reliability;

import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import dev.hiss.ingestion.hostile.HostileCategory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hiss hostile-input}: generated hostile sensor records through Kafka and the scorer, with
 * every record accounted for. Exit code 1 when a hostile record was accepted, dead-lettered under
 * another rule, or an exception escaped the scorer's topology.
 */
@Command(
    name = "hostile-input",
    mixinStandardHelpOptions = true,
    description = {
      "Produce generated hostile sensor records (malformed JSON, deep nesting, huge payloads,"
          + " NaN/Inf, wrong types, extreme timestamps, 10 MB device ids, unicode tricks, header and"
          + " key abuse) with valid records interleaved to an embedded broker, run the scorer"
          + " topology (exactly-once, RocksDB) in this process, and account for every record."
    })
public final class HostileCommand implements Runnable {
  @Option(
      names = "--records",
      defaultValue = "10000",
      description = "Hostile records (default: ${DEFAULT-VALUE}).")
  int records;

  @Option(names = "--seed", defaultValue = "20261128", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--valid-every",
      defaultValue = "5",
      description =
          "One valid record after this many hostile ones; 0 = none (default: ${DEFAULT-VALUE}).")
  int validEvery;

  @Option(
      names = "--giant-period",
      defaultValue = "100",
      description =
          "One giant (10 MB id, 4 MB value, near-limit value or header) per this many records of"
              + " a giant category; 0 = none (default: ${DEFAULT-VALUE}).")
  int giantPeriod;

  @Option(
      names = "--settle-seconds",
      defaultValue = "60",
      description =
          "Stop waiting for dead letters after this long without one (default: ${DEFAULT-VALUE}).")
  int settleSeconds;

  @Override
  public void run() {
    requireOption(records >= 1, "--records", records, ">= 1");
    requireOption(validEvery >= 0, "--valid-every", validEvery, ">= 0");
    requireOption(giantPeriod >= 0, "--giant-period", giantPeriod, ">= 0");
    requireOption(settleSeconds >= 1, "--settle-seconds", settleSeconds, ">= 1");
    long heapBefore = usedHeapAfterGc();
    HostileRun.Report r;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(4)) {
      broker.createTopics(
          4, List.of(Topics.SENSORS, Topics.PREDICTIONS, Topics.DEAD_LETTER, Topics.ALERTS));
      Path state = Files.createTempDirectory("hiss-hostile-state");
      System.err.printf(
          "[hiss] producing %,d hostile records (seed %d) to %s; scorer topology in process%n",
          records, seed, broker.bootstrapServers());
      r =
          HostileRun.run(
              broker.bootstrapServers(),
              state,
              seed,
              records,
              validEvery,
              giantPeriod,
              Duration.ofSeconds(settleSeconds));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long heapAfter = usedHeapAfterGc();
    print(r, heapBefore, heapAfter);
    HostileRun.Counts t = r.total();
    if (t.accepted > 0 || t.wrongRule > 0 || r.escaped() > 0 || r.validDeadLettered() > 0) {
      throw new IllegalStateException(
          "hostile input got through: "
              + t.accepted
              + " accepted, "
              + t.wrongRule
              + " under another rule, "
              + r.validDeadLettered()
              + " valid records dead-lettered, "
              + r.escaped()
              + " escaped exceptions");
    }
  }

  private static void print(HostileRun.Report r, long heapBefore, long heapAfter) {
    System.out.printf(
        "%-18s %9s %9s %9s %9s %9s%n",
        "category", "generated", "refused*", "dead-lett", "wrongrule", "accepted");
    for (Map.Entry<HostileCategory, HostileRun.Counts> e : r.perCategory().entrySet()) {
      row(e.getKey().name(), e.getValue());
    }
    row("TOTAL", r.total());
    System.out.println(
        "* refused at produce: over max.request.size (1 MiB), never entered Kafka; accepted ="
            + " produced but never in the dead-letter topic");
    System.out.printf(
        "valid records interleaved: %,d (dead-lettered: %,d); predictions: %,d%n",
        r.valid(), r.validDeadLettered(), r.predictions());
    System.out.printf(
        "scorer dead-letter counter: %,d; escaped exceptions (stream-thread failures): %d%n",
        r.scorerCounted(), r.escaped());
    System.out.printf(
        "largest dead-letter record: %,d bytes; wall time %.1f s%n",
        r.deadLetterMaxBytes(), r.seconds());
    System.out.printf(
        "heap used after GC: before %.1f MiB, after %.1f MiB (max heap %.0f MiB)%n",
        heapBefore / 1048576.0,
        heapAfter / 1048576.0,
        Runtime.getRuntime().maxMemory() / 1048576.0);
  }

  private static void row(String name, HostileRun.Counts c) {
    System.out.printf(
        "%-18s %,9d %,9d %,9d %,9d %,9d%n",
        name, c.generated, c.refusedAtProduce, c.deadLettered, c.wrongRule, c.accepted);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void requireOption(boolean ok, String option, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("Invalid " + option + " = " + value + "; must be " + rule);
    }
  }
}
