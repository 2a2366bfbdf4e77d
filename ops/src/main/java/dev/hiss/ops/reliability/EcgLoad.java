package dev.hiss.ops.reliability;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.replay.FleetReplay;
import dev.hiss.ingestion.replay.Recording;
import dev.hiss.ingestion.replay.ReplayRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A load of exactly {@code events} sensor events cut from the bundled real ECG recording (MIT-BIH
 * 208, 108,000 samples): the recording is replayed in rounds, round {@code r} as {@code devices}
 * devices {@code r<r>-0 .. r<r>-(devices-1)} (see {@link FleetReplay}), the last round shorter, so
 * any size is real signal and every device id is distinct.
 */
public final class EcgLoad {
  /** Event time of every device's first sample: 2026-01-01T00:00:00Z. */
  public static final long T0_NS = 1_767_225_600L * 1_000_000_000L;

  private final Recording ecg = Recording.bundledEcg();
  private final List<FleetReplay> rounds;
  private final long events;

  /**
   * @param events total events, at least {@code devices}
   * @param devices devices per round, 1..1000
   * @param prefix device-id prefix (device ids are {@code <prefix><round>-<i>})
   */
  public EcgLoad(long events, int devices, String prefix) {
    if (devices < 1 || devices > 1000) {
      throw new IllegalArgumentException("Invalid devices = " + devices + "; must be in [1, 1000]");
    }
    if (events < devices) {
      throw new IllegalArgumentException(
          "Invalid events = " + events + "; must be >= devices (" + devices + ")");
    }
    int perRound = ecg.length() / devices;
    List<FleetReplay> r = new ArrayList<>();
    long left = events;
    while (left >= devices) {
      int per = (int) Math.min(perRound, left / devices);
      r.add(new FleetReplay(ecg, devices, per, prefix + r.size(), T0_NS));
      left -= (long) devices * per;
    }
    this.rounds = List.copyOf(r);
    this.events = events - left;
  }

  /** Events this load sends ({@code events} rounded down to a multiple of the devices). */
  public long events() {
    return events;
  }

  /** Devices over all rounds. */
  public int devices() {
    return rounds.stream().mapToInt(FleetReplay::devices).sum();
  }

  /** Sends every round, one after the other, as fast as the broker takes them. */
  public void sendAll(String bootstrapServers, String topic) {
    send(bootstrapServers, topic, 0);
  }

  /**
   * Sends every round, one after the other, paced at about {@code eventsPerSecond} in event time
   * ({@link ReplayRunner} speed factor), so that the stream is still flowing when a fault hits.
   *
   * @param eventsPerSecond target rate; 0 = as fast as possible
   */
  public void send(String bootstrapServers, String topic, double eventsPerSecond) {
    if (!(eventsPerSecond >= 0) || Double.isInfinite(eventsPerSecond)) {
      throw new IllegalArgumentException(
          "Invalid eventsPerSecond = " + eventsPerSecond + "; must be >= 0 (0 = max)");
    }
    for (FleetReplay f : rounds) {
      double natural = f.devices() * ecg.sampleRateHz();
      ReplayRunner.run(
          f.toDeviceSeries(), bootstrapServers, topic, eventsPerSecond / natural, 0, null);
    }
  }

  /**
   * What the scorer must predict from this load: for each device, one forecast whenever its sample
   * count reaches a multiple of {@code chunk} and at least {@code model.order()} samples are in.
   *
   * @return {@code deviceId/seq} to the predicted value
   */
  public Map<String, Double> expectedPredictions(LinearAutoregression model, int chunk) {
    Map<String, Double> out = new HashMap<>();
    for (FleetReplay f : rounds) {
      for (int d = 0; d < f.devices(); d++) {
        double[] x = new double[f.samplesPerDevice()];
        for (int s = 0; s < x.length; s++) {
          x[s] = f.value(d, s);
        }
        for (int s = model.order() - 1; s < x.length; s++) {
          if ((s + 1) % chunk == 0) {
            out.put(f.deviceId(d) + "/" + s, model.predict(x, s));
          }
        }
      }
    }
    return out;
  }
}
