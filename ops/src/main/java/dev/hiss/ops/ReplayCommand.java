package dev.hiss.ops;

import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.replay.CsvReplay;
import dev.hiss.ingestion.replay.CsvTable;
import dev.hiss.ingestion.replay.DeviceSeries;
import dev.hiss.ingestion.replay.Recording;
import dev.hiss.ingestion.replay.ReplayRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hiss replay}: stream a CSV recording into Kafka as one or many devices. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Stream a CSV recording (default: the bundled MIT-BIH ECG) into Kafka as sensor events, at"
          + " real time, at a speed factor, or as fast as possible.",
      "Layouts: --device-col (one row per sample of a named device), --wide CHANNEL (every column"
          + " is a device), or --devices N (cut the rows into N devices)."
    })
public final class ReplayCommand implements Runnable {
  @Option(
      names = "--bootstrap-server",
      description =
          "Kafka bootstrap servers (default: kafka.bootstrap.servers of the configuration).")
  String bootstrap;

  @Option(
      names = "--topic",
      defaultValue = Topics.SENSORS,
      description = "Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(names = "--csv", description = "CSV file with a header row (.gz accepted).")
  Path csv;

  @Option(names = "--time-col", description = "Time column (numbers or ISO-8601).")
  String timeCol;

  @Option(
      names = "--time-unit-seconds",
      defaultValue = "1",
      description = "Seconds per unit of a numeric time column (default: ${DEFAULT-VALUE}).")
  double secondsPerUnit;

  @Option(
      names = "--rate",
      defaultValue = "1",
      description = "Samples per second when there is no time column (default: ${DEFAULT-VALUE}).")
  double rateHz;

  @Option(
      names = "--start",
      defaultValue = "2026-01-01T00:00:00Z",
      description = "Event time of numeric time 0 (default: ${DEFAULT-VALUE}).")
  Instant start;

  @Option(names = "--device-col", description = "Column naming the device of each row.")
  String deviceCol;

  @Option(names = "--wide", paramLabel = "CHANNEL", description = "Every value column is a device.")
  String wideChannel;

  @Option(names = "--channels", split = ",", description = "Value columns to send (default: all).")
  List<String> channels;

  @Option(
      names = "--device-prefix",
      description = "Device id prefix (default: dev, ecg for the bundled ECG).")
  String devicePrefix;

  @Option(names = "--devices", defaultValue = "1", description = "Devices to cut the rows into.")
  int devices;

  @Option(
      names = "--speed",
      defaultValue = "1",
      description = "1 = real time, 10 = ten times faster, 0 = as fast as possible.")
  double speed;

  @Option(names = "--max-speed", description = "As fast as possible (same as --speed 0).")
  boolean maxSpeed;

  @Option(names = "--limit", defaultValue = "0", description = "Stop after this many events.")
  long limit;

  @Override
  public void run() {
    Hiss.requireOption(speed >= 0 && speed < Double.POSITIVE_INFINITY, "--speed", speed, ">= 0");
    Hiss.requireOption(rateHz > 0 && rateHz < Double.POSITIVE_INFINITY, "--rate", rateHz, "> 0");
    Hiss.requireOption(
        secondsPerUnit > 0 && secondsPerUnit < Double.POSITIVE_INFINITY,
        "--time-unit-seconds",
        secondsPerUnit,
        "> 0");
    Hiss.requireOption(devices >= 1, "--devices", devices, ">= 1");
    Hiss.requireOption(limit >= 0, "--limit", limit, ">= 0 (0 = no limit)");
    Hiss.requireBootstrap(bootstrap);
    CsvTable table;
    boolean bundled = csv == null;
    try {
      if (bundled) {
        try (InputStream in =
            new GZIPInputStream(
                Recording.class.getResourceAsStream(Recording.BUNDLED_ECG_RESOURCE))) {
          table = CsvTable.read("ecg_mitbih208_360hz.csv", in);
        }
      } else {
        table = CsvTable.read(csv);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read " + (bundled ? "bundled ECG" : csv) + ": " + e.getMessage(), e);
    }
    CsvReplay layout =
        new CsvReplay(
            bundled && timeCol == null ? "t_s" : timeCol,
            secondsPerUnit,
            rateHz,
            start,
            deviceCol,
            wideChannel,
            channels,
            devicePrefix != null ? devicePrefix : bundled ? "ecg" : "dev",
            devices);
    List<DeviceSeries> series = layout.series(table);
    double s = maxSpeed ? 0 : speed;
    System.err.printf(
        "[hiss] replaying %s: %,d rows as %d devices to %s at %s%n",
        table.name(), table.rows(), series.size(), topic, s == 0 ? "max speed" : s + "x real time");
    Map<String, Long> sent =
        ReplayRunner.run(
            series,
            java.util.Collections.nCopies(series.size(), topic),
            bootstrap,
            s,
            limit,
            p ->
                System.err.printf(
                    "[hiss] sent %,d / %,d events (%,.0f/s), %,d skipped (all missing), event time %s%n",
                    p.sent(),
                    p.total(),
                    p.eventsPerSecond(),
                    p.skipped(),
                    Instant.ofEpochSecond(0, p.eventTimeNs())),
            Hiss.settings().kafkaClientProperties());
    long total = sent.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("replayed %,d events from %d devices to %s%n", total, sent.size(), topic);
  }
}
