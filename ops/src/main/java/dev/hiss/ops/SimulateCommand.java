package dev.hiss.ops;

import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.replay.DeviceSeries;
import dev.hiss.ingestion.replay.ReplayRunner;
import dev.hiss.ingestion.simulate.SimulatedFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hiss simulate}: devices with known physics, their ground truth on a truth topic. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Run simulated devices whose physics is known: 'tactile' (a drifting, non-linear, noisy"
          + " magnetic skin; truth: force_N) or 'imu' (accelerometer + gyro on a known path;"
          + " truth: x_m, y_m). Sensor events go to the sensor topic, truth to the truth topic,"
          + " with the same device ids and sequence numbers."
    })
public final class SimulateCommand implements Runnable {
  @Option(
      names = "--bootstrap-server",
      description =
          "Kafka bootstrap servers (default: kafka.bootstrap.servers of the configuration).")
  String bootstrap;

  @Option(
      names = "--kind",
      defaultValue = "tactile",
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  SimulatedFleet.Kind kind;

  @Option(names = "--devices", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
  int devices;

  @Option(
      names = "--rate",
      defaultValue = "50",
      description = "Samples per second (default: ${DEFAULT-VALUE}).")
  double rateHz;

  @Option(
      names = "--duration",
      defaultValue = "PT1M",
      description = "Simulated time (ISO-8601, default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--noise",
      defaultValue = "1.0",
      description = "Measurement noise std (default: ${DEFAULT-VALUE}).")
  double noise;

  @Option(
      names = "--drift",
      defaultValue = "0.5",
      description = "Drift random-walk step per second (default: ${DEFAULT-VALUE}).")
  double drift;

  @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--start", description = "Event time of the first sample (default: now).")
  Instant start;

  @Option(
      names = "--speed",
      defaultValue = "1",
      description = "1 = real time, 0 = as fast as possible.")
  double speed;

  @Option(
      names = "--topic",
      defaultValue = Topics.SENSORS,
      description = "Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(
      names = "--truth-topic",
      defaultValue = Topics.TRUTH,
      description = "Default: ${DEFAULT-VALUE}.")
  String truthTopic;

  @Override
  public void run() {
    Hiss.requireOption(speed >= 0 && speed < Double.POSITIVE_INFINITY, "--speed", speed, ">= 0");
    Hiss.requireOption(rateHz > 0 && rateHz < Double.POSITIVE_INFINITY, "--rate", rateHz, "> 0");
    Hiss.requireOption(devices >= 1, "--devices", devices, ">= 1");
    Hiss.requireOption(noise >= 0 && noise < Double.POSITIVE_INFINITY, "--noise", noise, ">= 0");
    Hiss.requireOption(drift >= 0 && drift < Double.POSITIVE_INFINITY, "--drift", drift, ">= 0");
    Hiss.requireOption(!duration.isNegative() && !duration.isZero(), "--duration", duration, "> 0");
    Hiss.requireBootstrap(bootstrap);
    long samples = Math.round(duration.toNanos() / 1e9 * rateHz);
    if (samples < 1 || samples > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "Invalid --duration " + duration + " at --rate " + rateHz + ": " + samples + " samples");
    }
    SimulatedFleet fleet =
        new SimulatedFleet(
            kind,
            devices,
            rateHz,
            (int) samples,
            noise,
            drift,
            seed,
            start != null ? start : Instant.now());
    List<DeviceSeries> series = new ArrayList<>();
    List<String> topics = new ArrayList<>();
    for (DeviceSeries[] pair : fleet.generate()) {
      series.add(pair[0]);
      topics.add(topic);
      series.add(pair[1]);
      topics.add(truthTopic);
    }
    System.err.printf(
        "[hiss] simulating %d %s devices, %,d samples each at %.0f Hz -> %s (truth -> %s)%n",
        devices, kind, samples, rateHz, topic, truthTopic);
    Map<String, Long> sent =
        ReplayRunner.run(
            series,
            topics,
            bootstrap,
            speed,
            0,
            p ->
                System.err.printf(
                    "[hiss] sent %,d / %,d records (%,.0f/s), event time %s%n",
                    p.sent(),
                    p.total(),
                    p.eventsPerSecond(),
                    Instant.ofEpochSecond(0, p.eventTimeNs())),
            Hiss.settings().kafkaClientProperties());
    System.out.printf(
        "sent %,d records for %d devices%n",
        sent.values().stream().mapToLong(Long::longValue).sum(), devices);
  }
}
