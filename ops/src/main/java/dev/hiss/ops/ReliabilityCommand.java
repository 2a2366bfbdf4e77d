package dev.hiss.ops;

import dev.hiss.ops.reliability.BrokerRestart;
import dev.hiss.ops.reliability.LakeKills;
import dev.hiss.ops.reliability.ScenarioResult;
import dev.hiss.ops.reliability.ScorerKills;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hiss reliability}: fault-injection scenarios on the embedded broker (loopback only) that
 * print their figures and exit 1 on any lost, duplicated or mismatched record.
 */
@Command(
    name = "reliability",
    mixinStandardHelpOptions = true,
    description = {
      "Fault injection on loopback with the embedded broker: kill -9 the scorer or the lake job,"
          + " restart the broker, and check that nothing is lost or duplicated (see"
          + " RELIABILITY.md). Exits 1 on any loss, duplicate or mismatch."
    },
    subcommands = {
      ReliabilityCommand.ScorerKillsCommand.class,
      ReliabilityCommand.LakeKillsCommand.class,
      ReliabilityCommand.BrokerRestartCommand.class,
      ReliabilityCommand.AllCommand.class
    })
public final class ReliabilityCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Options every scenario shares. */
  static class Common {
    @Option(
        names = "--seed",
        defaultValue = "1",
        description = "Seed of the fault points (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--devices",
        defaultValue = "4",
        description = "Devices per replay round of the ECG (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(
        names = "--work-dir",
        description = "Where logs, state and the lake go (default: a new temporary directory).")
    Path workDir;

    Path dir(String scenario) {
      try {
        if (workDir == null) {
          return Files.createTempDirectory("hiss-reliability-" + scenario + "-");
        }
        return Files.createDirectories(workDir.resolve(scenario));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create the work directory", e);
      }
    }
  }

  static int report(List<ScenarioResult> results) {
    System.out.println();
    for (ScenarioResult r : results) {
      r.print(System.out);
    }
    System.out.println();
    System.out.println(ScenarioResult.tableHeader());
    for (ScenarioResult r : results) {
      System.out.println(r.tableRow());
    }
    return results.stream().allMatch(ScenarioResult::passed) ? 0 : 1;
  }

  /** {@code ./hiss reliability scorer-kills}. */
  @Command(
      name = "scorer-kills",
      mixinStandardHelpOptions = true,
      description =
          "Replay while the scorer (own JVM) is SIGKILLed at random points and restarted; compare"
              + " the committed predictions with an uninterrupted run.")
  static final class ScorerKillsCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin Common common = new Common();

    @Option(
        names = "--events",
        defaultValue = "1000000",
        description = "Default: ${DEFAULT-VALUE}.")
    long events;

    @Option(names = "--kills", defaultValue = "20", description = "Default: ${DEFAULT-VALUE}.")
    int kills;

    @Option(
        names = "--rate",
        defaultValue = "0",
        description =
            "Replay rate in events/s, 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    ScenarioResult scenario() {
      return ScorerKills.run(
          new ScorerKills.Settings(events, kills, common.seed, common.devices, rate),
          common.dir("scorer-kills"),
          System.out);
    }

    @Override
    public Integer call() {
      return report(List.of(scenario()));
    }
  }

  /** {@code ./hiss reliability lake-kills}. */
  @Command(
      name = "lake-kills",
      mixinStandardHelpOptions = true,
      description =
          "Replay while the lake job (own JVM) is SIGKILLed mid-batch and restarted; count every"
              + " event in the lake.")
  static final class LakeKillsCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin Common common = new Common();

    @Option(
        names = "--events",
        defaultValue = "1000000",
        description = "Default: ${DEFAULT-VALUE}.")
    long events;

    @Option(names = "--kills", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
    int kills;

    @Option(
        names = "--max-offsets-per-trigger",
        defaultValue = "20000",
        description = "Records per micro-batch at most (default: ${DEFAULT-VALUE}).")
    long maxOffsets;

    ScenarioResult scenario() {
      return LakeKills.run(
          new LakeKills.Settings(events, kills, common.seed, common.devices, maxOffsets),
          common.dir("lake-kills"),
          System.out);
    }

    @Override
    public Integer call() {
      return report(List.of(scenario()));
    }
  }

  /** {@code ./hiss reliability broker-restart}. */
  @Command(
      name = "broker-restart",
      mixinStandardHelpOptions = true,
      description =
          "Stop the broker mid-stream and start it again (same port, same log directory) while the"
              + " lake job and the scorer run; they must recover by themselves.")
  static final class BrokerRestartCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin Common common = new Common();

    @Option(
        names = "--events",
        defaultValue = "1000000",
        description = "Default: ${DEFAULT-VALUE}.")
    long events;

    @Option(names = "--restarts", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
    int restarts;

    @Option(
        names = "--downtime",
        defaultValue = "PT10S",
        description = "How long the broker stays down (default: ${DEFAULT-VALUE}).")
    Duration downtime;

    @Option(
        names = "--rate",
        defaultValue = "5000",
        description =
            "Replay rate in events/s; the restarts fall evenly inside the stream (default:"
                + " ${DEFAULT-VALUE}).")
    double rate;

    ScenarioResult scenario() {
      return BrokerRestart.run(
          new BrokerRestart.Settings(events, restarts, downtime, common.devices, rate),
          common.dir("broker-restart"),
          System.out);
    }

    @Override
    public Integer call() {
      return report(List.of(scenario()));
    }
  }

  /** {@code ./hiss reliability all}: the three scenarios with their defaults, one report. */
  @Command(
      name = "all",
      mixinStandardHelpOptions = true,
      description = "scorer-kills, lake-kills and broker-restart with their defaults, one report.")
  static final class AllCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin Common common = new Common();

    @Option(
        names = "--events",
        defaultValue = "1000000",
        description = "Events of each scenario (default: ${DEFAULT-VALUE}).")
    long events;

    @Override
    public Integer call() {
      List<ScenarioResult> results = new ArrayList<>();
      ScorerKillsCommand a = new ScorerKillsCommand();
      a.common = common;
      a.events = events;
      a.kills = 20;
      results.add(a.scenario());
      LakeKillsCommand b = new LakeKillsCommand();
      b.common = common;
      b.events = events;
      b.kills = 10;
      b.maxOffsets = 20_000;
      results.add(b.scenario());
      BrokerRestartCommand c = new BrokerRestartCommand();
      c.common = common;
      c.events = events;
      c.restarts = 2;
      c.downtime = Duration.ofSeconds(10);
      c.rate = 5_000;
      results.add(c.scenario());
      return report(results);
    }
  }
}
