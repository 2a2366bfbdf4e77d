package dev.hiss.ops;

import dev.hiss.forecasting.data.CsvDerive;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hiss derive}: writes CSV files derived from a recording, for {@code hiss evaluate}. Bad
 * arguments or data print one line and exit with 2; nothing is written then.
 */
@Command(
    name = "derive",
    mixinStandardHelpOptions = true,
    description = "Write a CSV derived from a recording (for hiss evaluate).",
    subcommands = {DeriveCommand.HeartRateCmd.class, DeriveCommand.LongCmd.class})
public final class DeriveCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reads {@code in}, writes {@code out} through a temporary file; 2 and one line on bad input. */
  private static int derive(CommandLine.Model.CommandSpec spec, Path in, Path out, Deriver deriver)
      throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    String name = spec.qualifiedName(" ");
    if (!Files.isRegularFile(in)) {
      err.println(name + ": Cannot read --csv " + in + ": no such file");
      err.flush();
      return 2;
    }
    Path abs = out.toAbsolutePath();
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
    String summary;
    try (Reader r = Files.newBufferedReader(in, StandardCharsets.UTF_8);
        Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      summary = deriver.derive(r, w, in.getFileName().toString());
    } catch (IllegalArgumentException e) {
      Files.deleteIfExists(tmp);
      err.println(name + ": " + e.getMessage());
      err.flush();
      return 2;
    }
    Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    PrintWriter o = spec.commandLine().getOut();
    o.println("wrote " + out + " (" + summary + ")");
    o.flush();
    return 0;
  }

  @FunctionalInterface
  private interface Deriver {
    String derive(Reader in, Writer out, String source);
  }

  /** {@code derive heart-rate}: appends the heart rate derived from an ECG column. */
  @Command(
      name = "heart-rate",
      mixinStandardHelpOptions = true,
      description = {
        "Copy a raw ECG recording (one row per sample) and append the heart rate derived from it:"
            + " R peaks (Pan-Tompkins-style detector), then 60·fs/RR of the last two peaks,"
            + " held until the next beat; empty before the second peak."
      })
  static final class HeartRateCmd implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--csv", required = true, description = "The recording.")
    Path csv;

    @Option(
        names = "--column",
        defaultValue = "ecg_mV",
        description = "ECG column (default: ecg_mV).")
    String column;

    @Option(
        names = "--fs",
        defaultValue = "360",
        description = "Sampling rate in Hz (default: 360).")
    double fs;

    @Option(
        names = "--name",
        defaultValue = "heart_rate_bpm",
        description = "New column (default: heart_rate_bpm).")
    String name;

    @Option(names = "--out", required = true, description = "The CSV to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
      return derive(
          spec,
          csv,
          out,
          (r, w, src) -> CsvDerive.appendHeartRate(r, w, src, column, fs, name) + " R peaks");
    }
  }

  /** {@code derive long}: wide table (one column per series) to the long form. */
  @Command(
      name = "long",
      mixinStandardHelpOptions = true,
      description = {
        "Turn a wide table (an id/time column, then one column per station) into the long form"
            + " ID,SERIES,VALUE with each station's rows together, for evaluate --series-col."
      })
  static final class LongCmd implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--csv", required = true, description = "The wide CSV.")
    Path csv;

    @Option(names = "--id-col", required = true, description = "Column kept on every row (time).")
    String idCol;

    @Option(names = "--series-name", defaultValue = "series", description = "Default: series.")
    String seriesName;

    @Option(names = "--value-name", defaultValue = "value", description = "Default: value.")
    String valueName;

    @Option(names = "--out", required = true, description = "The CSV to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
      return derive(
          spec,
          csv,
          out,
          (r, w, src) -> CsvDerive.toLong(r, w, src, idCol, seriesName, valueName) + " series");
    }
  }
}
