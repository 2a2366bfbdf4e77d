package dev.hiss.ingestion.simulate;

import dev.hiss.ingestion.replay.DeviceSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Simulated devices whose physics is known, so models can be checked against the truth.
 *
 * <p><b>Tactile</b> (a magnetometer skin under load, like the ReSkin sensors of the HiSS paper): a
 * true normal force {@code f(t) >= 0} made of presses (raised-cosine pulses of random depth and
 * length) on a slow sway; three magnetic channels respond non-linearly, {@code b_i = g_i tanh(f /
 * s_i) + drift_i(t) + noise}, with a slow random-walk drift per channel. Truth channel {@code
 * force_N}.
 *
 * <p><b>IMU</b>: a known planar trajectory (a Lissajous figure with per-device frequencies); the
 * accelerometer reads the second derivative plus a constant bias and noise, the gyroscope the
 * heading rate plus noise. Truth channels {@code x_m, y_m}.
 *
 * <p>Sensor and truth series share device ids, times and sequence numbers.
 *
 * @param kind which physics
 * @param devices number of devices (>= 1)
 * @param rateHz sample rate (> 0)
 * @param samples samples per device (>= 1)
 * @param noise standard deviation of the measurement noise, in sensor units (>= 0)
 * @param drift random-walk step of the slow drift per second (>= 0; tactile only)
 * @param seed random seed: the same seed gives the same fleet
 * @param start event time of the first sample
 */
public record SimulatedFleet(
    Kind kind,
    int devices,
    double rateHz,
    int samples,
    double noise,
    double drift,
    long seed,
    Instant start) {
  /** The simulated physics. */
  public enum Kind {
    tactile,
    imu
  }

  /** Channel gains (sensor units) and force scales (N) of the tactile channels. */
  static final double[] GAIN = {120, 80, 200};

  static final double[] SCALE = {4, 6, 10};

  /** Validates every field. */
  public SimulatedFleet {
    if (devices < 1) {
      throw new IllegalArgumentException("Invalid devices = " + devices + "; must be >= 1");
    }
    if (!(rateHz > 0) || Double.isInfinite(rateHz)) {
      throw new IllegalArgumentException("Invalid rateHz = " + rateHz + "; must be > 0");
    }
    if (samples < 1) {
      throw new IllegalArgumentException("Invalid samples = " + samples + "; must be >= 1");
    }
    if (!(noise >= 0) || !(drift >= 0)) {
      throw new IllegalArgumentException(
          "Invalid noise = " + noise + " / drift = " + drift + "; must be >= 0");
    }
  }

  /** Sensor series, one per device: {@code [sensors, truth]} pairs in device order. */
  public List<DeviceSeries[]> generate() {
    List<DeviceSeries[]> out = new ArrayList<>();
    SplittableRandom root = new SplittableRandom(seed);
    for (int d = 0; d < devices; d++) {
      SplittableRandom r = root.split();
      String id = kind + "-" + d;
      long[] ts = new long[samples];
      long t0 = start.getEpochSecond() * 1_000_000_000L + start.getNano();
      for (int i = 0; i < samples; i++) {
        ts[i] = t0 + Math.round(i * 1e9 / rateHz);
      }
      out.add(kind == Kind.tactile ? tactile(id, ts, r) : imu(id, ts, r));
    }
    return out;
  }

  private DeviceSeries[] tactile(String id, long[] ts, SplittableRandom r) {
    double dt = 1 / rateHz;
    double[] force = new double[samples];
    double sway = 0.5 + r.nextDouble();
    double swayHz = 0.05 + 0.1 * r.nextDouble();
    int i = 0;
    while (i < samples) {
      int gap = (int) (rateHz * (0.5 + 2 * r.nextDouble()));
      int len = (int) (rateHz * (0.3 + 1.2 * r.nextDouble()));
      double depth = 2 + 18 * r.nextDouble();
      for (int k = 0; k < len && i + gap + k < samples; k++) {
        force[i + gap + k] += depth * 0.5 * (1 - Math.cos(2 * Math.PI * k / len));
      }
      i += gap + len;
    }
    double[][] b = new double[samples][3];
    double[][] truth = new double[samples][1];
    double[] walk = new double[3];
    for (int s = 0; s < samples; s++) {
      double t = s * dt;
      force[s] += sway * (1 + Math.sin(2 * Math.PI * swayHz * t));
      truth[s][0] = force[s];
      for (int c = 0; c < 3; c++) {
        walk[c] += drift * Math.sqrt(dt) * r.nextGaussian();
        b[s][c] = GAIN[c] * Math.tanh(force[s] / SCALE[c]) + walk[c] + noise * r.nextGaussian();
      }
    }
    return new DeviceSeries[] {
      new DeviceSeries(id, ts, List.of("bx", "by", "bz"), b),
      new DeviceSeries(id, ts, List.of("force_N"), truth)
    };
  }

  private DeviceSeries[] imu(String id, long[] ts, SplittableRandom r) {
    double ax = 1 + 2 * r.nextDouble();
    double ay = 1 + 2 * r.nextDouble();
    double wx = 2 * Math.PI * (0.1 + 0.2 * r.nextDouble());
    double wy = 2 * Math.PI * (0.1 + 0.2 * r.nextDouble());
    double phase = 2 * Math.PI * r.nextDouble();
    double biasX = 0.05 * r.nextGaussian();
    double biasY = 0.05 * r.nextGaussian();
    double[][] sensor = new double[samples][3];
    double[][] truth = new double[samples][2];
    for (int s = 0; s < samples; s++) {
      double t = s / rateHz;
      double x = ax * Math.sin(wx * t + phase);
      double y = ay * Math.sin(wy * t);
      double vx = ax * wx * Math.cos(wx * t + phase);
      double vy = ay * wy * Math.cos(wy * t);
      double accX = -ax * wx * wx * Math.sin(wx * t + phase);
      double accY = -ay * wy * wy * Math.sin(wy * t);
      // heading rate of the velocity vector: (vx ay' - vy ax') / |v|^2
      double speed2 = Math.max(1e-9, vx * vx + vy * vy);
      double yawRate = (vx * accY - vy * accX) / speed2;
      sensor[s][0] = accX + biasX + noise * r.nextGaussian();
      sensor[s][1] = accY + biasY + noise * r.nextGaussian();
      sensor[s][2] = yawRate + noise * r.nextGaussian();
      truth[s][0] = x;
      truth[s][1] = y;
    }
    return new DeviceSeries[] {
      new DeviceSeries(id, ts, List.of("acc_x", "acc_y", "gyro_z"), sensor),
      new DeviceSeries(id, ts, List.of("x_m", "y_m"), truth)
    };
  }
}
