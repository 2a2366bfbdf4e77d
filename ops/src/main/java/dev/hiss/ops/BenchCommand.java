package dev.hiss.ops;

import dev.hiss.ops.bench.IngestBenchmark;
import java.io.IOException;
import java.io.UncheckedIOException;
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
            dev.hiss.ops.bench.ScorerBenchmark.run(System.out, devices, events / devices);
        case ssm -> dev.hiss.model.ssm.bench.S4DBench.main(new String[] {Integer.toString(reps)});
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
