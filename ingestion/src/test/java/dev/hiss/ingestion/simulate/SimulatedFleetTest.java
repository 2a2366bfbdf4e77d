package dev.hiss.ingestion.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.replay.DeviceSeries;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedFleetTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static SimulatedFleet tactile(double noise, double drift, long seed) {
    return new SimulatedFleet(SimulatedFleet.Kind.tactile, 3, 50, 2000, noise, drift, seed, T0);
  }

  @Test
  void noiseFreeTactileReadingsInvertExactlyToTheTrueForce() {
    for (DeviceSeries[] pair : tactile(0, 0, 1).generate()) {
      DeviceSeries sensor = pair[0];
      DeviceSeries truth = pair[1];
      assertEquals(sensor.deviceId(), truth.deviceId());
      assertArrayEquals(sensor.timesNs(), truth.timesNs());
      for (int i = 0; i < sensor.length(); i++) {
        double f = truth.values()[i][0];
        assertTrue(f >= 0, "force must be non-negative");
        // channel 2 has the largest scale: its inverse is well conditioned across the range
        double recovered =
            SimulatedFleet.SCALE[2] * atanh(sensor.values()[i][2] / SimulatedFleet.GAIN[2]);
        assertEquals(f, recovered, 1e-9 * Math.max(1, f));
      }
    }
  }

  @Test
  void noiseHasTheConfiguredSpreadAndSeedsReproduce() {
    List<DeviceSeries[]> clean = tactile(0, 0, 7).generate();
    List<DeviceSeries[]> noisy = tactile(0.5, 0, 7).generate();
    double sum = 0;
    double sq = 0;
    int n = 0;
    for (int d = 0; d < clean.size(); d++) {
      for (int i = 0; i < clean.get(d)[0].length(); i++) {
        double e = noisy.get(d)[0].values()[i][0] - clean.get(d)[0].values()[i][0];
        sum += e;
        sq += e * e;
        n++;
      }
    }
    assertEquals(0, sum / n, 0.03);
    assertEquals(0.5, Math.sqrt(sq / n), 0.02);
    assertArrayEquals(
        tactile(0.5, 0.1, 7).generate().get(1)[0].values()[100],
        tactile(0.5, 0.1, 7).generate().get(1)[0].values()[100]);
  }

  @Test
  void imuAccelerationIsTheSecondDerivativeOfTheTruePosition() {
    SimulatedFleet f = new SimulatedFleet(SimulatedFleet.Kind.imu, 2, 1000, 3000, 0, 0, 3, T0);
    for (DeviceSeries[] pair : f.generate()) {
      double[][] pos = pair[1].values();
      double[][] acc = pair[0].values();
      double dt = 1e-3;
      for (int i = 1; i < pos.length - 1; i += 97) {
        double ax = (pos[i + 1][0] - 2 * pos[i][0] + pos[i - 1][0]) / (dt * dt);
        // the constant bias is the only difference (noise 0): it is the same at every step
        double bias = acc[1][0] - (pos[2][0] - 2 * pos[1][0] + pos[0][0]) / (dt * dt);
        assertEquals(ax, acc[i][0] - bias, 1e-3);
      }
    }
  }

  @Test
  void invalidSettingsNameTheField() {
    IllegalArgumentException ex =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SimulatedFleet(SimulatedFleet.Kind.imu, 0, 50, 10, 0, 0, 1, T0));
    assertEquals("Invalid devices = 0; must be >= 1", ex.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new SimulatedFleet(SimulatedFleet.Kind.imu, 1, -1, 10, 0, 0, 1, T0));
  }

  private static double atanh(double x) {
    return 0.5 * Math.log((1 + x) / (1 - x));
  }
}
