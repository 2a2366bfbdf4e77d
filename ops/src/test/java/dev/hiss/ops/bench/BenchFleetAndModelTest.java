package dev.hiss.ops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.replay.Recording;
import dev.hiss.model.hiss.HissForecaster;
import dev.hiss.model.hiss.HissModelFile;
import dev.hiss.model.hiss.HissStepModel;
import dev.hiss.model.io.ModelFile;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchFleetAndModelTest {
  private static final Recording ECG = Recording.bundledEcg();
  @TempDir Path dir;

  @Test
  void tenThousandDevicesReplayTheRecordingFromTheirOwnOffsetAndWrapAround() {
    BenchFleet f = new BenchFleet(ECG, 10_000, ScorerBenchmark.START_NS);
    int n = ECG.length();
    double[] v = ECG.values();
    // device d starts at d * n / devices and carries on past the 10 samples it would otherwise get
    assertEquals(v[0], f.value(0, 0));
    assertEquals(v[10], f.value(0, 10));
    assertEquals(v[(int) (1234L * n / 10_000) + 50], f.value(1234, 50));
    // the last device wraps around to the start of the recording
    assertEquals(v[(int) ((9999L * n / 10_000 + 500) % n)], f.value(9999, 500));
    SensorEvent e = f.event(7, 360);
    assertEquals("dev-7", e.deviceId());
    assertEquals(360, e.seq());
    assertEquals(f.value(7, 360), e.channel(ECG.channel()));
    // 360 samples at the recording's 360 Hz: 1 s after the start
    assertEquals(1e9, e.timestampNs() - ScorerBenchmark.START_NS, 1e9 / ECG.sampleRateHz() * 0.01);
    assertEquals(e, SensorEventCodec.decode(f.encoded(7, 360)));
    assertNotEquals(f.value(1, 0), f.value(2, 0));
  }

  @Test
  void deviceIdsMapBackToTheirIndexAndForeignIdsToMinusOne() {
    BenchFleet f = new BenchFleet(ECG, 100, 0);
    for (int d = 0; d < 100; d++) {
      assertEquals(d, f.deviceIndex(f.deviceId(d)));
    }
    for (String bad :
        new String[] {"dev-100", "dev--1", "dev-007", "x-1", "dev-", null, "dev-9x"}) {
      assertEquals(-1, f.deviceIndex(bad), bad);
    }
  }

  @Test
  void theAutoregressionFileLoadsAndItsPredictionCountFollowsTheScorersRule() throws Exception {
    BenchModel m = BenchModel.write(BenchModel.Kind.ar, ECG, dir);
    LinearAutoregression ar =
        LinearAutoregression.fromPayload(
            ModelFile.read(m.file(), LinearAutoregression.KIND).payload());
    assertEquals(BenchModel.AR_ORDER, ar.order());
    assertEquals(ECG.channel(), ar.channel());
    // ScoringProcessor: a prediction at seq when seq + 1 >= order and (seq + 1) % chunk == 0
    for (int chunk : new int[] {1, 5, 16, 36, 40}) {
      for (long samples = 0; samples < 200; samples++) {
        long expected = 0;
        for (long seq = 0; seq < samples; seq++) {
          expected += seq + 1 >= BenchModel.AR_ORDER && (seq + 1) % chunk == 0 ? 1 : 0;
        }
        assertEquals(
            expected,
            BenchModel.predictions(BenchModel.Kind.ar, chunk, samples),
            "chunk " + chunk + ", samples " + samples);
      }
    }
  }

  @Test
  void theHissFileServesTheTinyPresetAndPredictsOncePerChunk() throws Exception {
    BenchModel m = BenchModel.write(BenchModel.Kind.hiss, ECG, dir);
    HissForecaster f = HissModelFile.loadForecaster(m.file());
    assertEquals(1, f.rawInputDim());
    assertEquals(10, m.samplesPerPrediction());
    HissStepModel step = f.stepModel(1);
    BenchFleet fleet = new BenchFleet(ECG, 3, 0);
    for (int samples : new int[] {0, 9, 10, 11, 108, 250}) {
      step.reset();
      long got = 0;
      for (int seq = 0; seq < samples; seq++) {
        float[] y = step.step(new float[] {(float) fleet.value(1, seq)});
        if (y != null) {
          assertTrue(Float.isFinite(y[0]));
          got++;
        }
      }
      assertEquals(got, m.predictions(samples), "samples " + samples);
    }
  }

  @Test
  void settingsRefuseWhatCannotRun() {
    assertEquals(
        "Invalid threads = 0; must be >= 1",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new ScorerBenchSettings(
                        10,
                        10,
                        0,
                        BenchModel.Kind.ar,
                        0,
                        Duration.ofSeconds(1),
                        null,
                        4,
                        1L << 20,
                        Duration.ZERO,
                        false))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ScorerBenchSettings(
                10_000,
                10,
                1,
                BenchModel.Kind.ar,
                100,
                Duration.ofSeconds(60),
                null,
                4,
                1L << 20,
                Duration.ZERO,
                false));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ScorerBenchSettings(
                10,
                10,
                1,
                BenchModel.Kind.ar,
                -1,
                Duration.ofSeconds(60),
                null,
                4,
                1L << 20,
                Duration.ZERO,
                false));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ScorerBenchSettings(
                10,
                10,
                1,
                BenchModel.Kind.ar,
                100,
                Duration.ofSeconds(60),
                null,
                4,
                0,
                Duration.ofSeconds(60),
                false));
    assertTrue(
        new ScorerBenchSettings(
                10_000,
                10,
                2,
                BenchModel.Kind.hiss,
                12_000,
                Duration.ofSeconds(60),
                null,
                4,
                1L << 20,
                Duration.ofSeconds(20),
                true)
            .paced());
  }
}
