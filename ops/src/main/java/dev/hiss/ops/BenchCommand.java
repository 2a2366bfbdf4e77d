package dev.hiss.ops;

import dev.hiss.ops.bench.BenchModel;
import dev.hiss.ops.bench.IngestBenchmark;
import dev.hiss.ops.bench.ScorerBenchSettings;
import dev.hiss.ops.bench.ScorerBenchmark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./hiss bench}: benchmarks that print figures (see BENCHMARKS.md). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run a benchmark and print its figures. Suites: ingest, scorer, ssm.")
public final class BenchCommand implements Runnable {
  @Parameters(index = "0", description = "Suite: ${COMPLETION-CANDIDATES}.")
  Suite suite;

  @Option(
      names = "--events",
      defaultValue = "100000",
      description = "Events (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(
      names = "--master",
      defaultValue = "local[*]",
      description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(
      names = "--reps",
      defaultValue = "10",
      description = "Timed repetitions of the ssm suite (default: ${DEFAULT-VALUE}).")
  int reps;

  @Option(
      names = "--devices",
      defaultValue = "1000",
      description = "Devices of the scorer suite (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Scorer suite: stream threads of the scorer (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--model",
      defaultValue = "ar",
      description =
          "Scorer suite: the model served, ${COMPLETION-CANDIDATES} (ar: order 16, chunk 36;"
              + " hiss: preset tiny) (default: ${DEFAULT-VALUE}).")
  BenchModel.Kind model;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description =
          "Scorer suite: produce this many events/s while the scorer runs and measure end-to-end"
              + " latency; 0 = backlog mode: --events are produced first, then drained"
              + " (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--duration",
      defaultValue = "PT60S",
      description = "Scorer suite, with --rate: how long to produce (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--commit-interval",
      description =
          "Scorer suite: the scorer's exactly-once commit interval (ISO-8601, e.g. PT0.01S;"
              + " default: Kafka Streams', 100 ms).")
  Duration commitInterval;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description = "Scorer suite: partitions of the topics (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--state-cache",
      defaultValue = "67108864",
      description =
          "Scorer suite: bytes of the scorer's state cache; 0 = off, every event writes its"
              + " device's state to the store and the changelog (default: ${DEFAULT-VALUE}).")
  long stateCache;

  @Option(
      names = "--warmup",
      defaultValue = "PT20S",
      description =
          "Scorer suite, with --rate: leave predictions of events sent this early out of the"
              + " steady-state latency (JIT, first writes of every device) (default:"
              + " ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--scorer-config",
      paramLabel = "KEY=VALUE",
      description =
          "Scorer suite: a Kafka Streams or client property for the scorer, e.g."
              + " producer.batch.size=16384 (repeatable; the scorer's exactly-once settings"
              + " cannot be changed).")
  Map<String, String> scorerConfig = new LinkedHashMap<>();

  @Option(
      names = "--stagger",
      description =
          "Scorer suite, with --rate: devices join over one prediction period, so their chunk ends"
              + " are spread over time, as in a fleet started at different times (default: all"
              + " devices reach their chunk ends in the same round, a burst per round).")
  boolean stagger;

  /** The benchmark suites. */
  enum Suite {
    ingest,
    scorer,
    ssm
  }

  @Override
  public void run() {
    try {
      switch (suite) {
        case ingest -> IngestBenchmark.run(System.out, events, master);
        case scorer ->
            ScorerBenchmark.run(
                System.out,
                new ScorerBenchSettings(
                    devices,
                    Math.max(1, events / Math.max(1, devices)),
                    threads,
                    model,
                    rate,
                    duration,
                    commitInterval,
                    partitions,
                    stateCache,
                    rate > 0 ? warmup : Duration.ZERO,
                    stagger),
                scorerConfig);
        case ssm -> dev.hiss.model.ssm.bench.S4DBench.main(new String[] {Integer.toString(reps)});
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
