package dev.hiss.model.hiss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A QUANTILE HiSS model trained with the pinball loss on data with known, input-dependent noise
 * ({@link GaussianTrainingTest#data}: y_j = c_j + σ(s_j)·ε, σ = 0.2 or 0.5 by regime, ε ~ N(0, 1);
 * every third episode's last target masked and NaN) recovers the true quantiles c_j + σ·Φ⁻¹(τ) per
 * regime, and the held-out fraction of targets at or below each predicted quantile is τ.
 *
 * <p>What a broken loss gives: swapping τ and 1 − τ in the gradient reverses the levels (the
 * non-crossing map then collapses the outer quantiles onto each other, coverage of 0.1 near 0.5); a
 * symmetric loss puts every level at the median (coverages 0.5); a constant spread ignoring the
 * regime is off by about 40 % in both regimes. The bounds below (offset within 12 % of σ·|z|,
 * coverage within 0.03) miss none of these.
 */
class QuantileTrainingTest {
  private static final QuantileLevels LEVELS = QuantileLevels.parse("0.1,0.5,0.9");

  @Test
  void recoversTheNoiseQuantilesPerRegimeWithCalibratedCoverage() {
    HissConfig config =
        HissConfig.twoLevel(
                2,
                1,
                new LevelConfig(LevelConfig.LayerType.S4D, 8, 1, 0, 4),
                new LevelConfig(LevelConfig.LayerType.S4D, 8, 1, 0, 4),
                4)
            .withQuantiles(LEVELS);
    HissModel model = new HissModel(config, 3);
    HissTrainer trainer =
        new HissTrainer(model, new TrainConfig(5e-3, 0.9, 0.999, 1e-8, 16, 40, 7));
    assertEquals(TrainingLoss.PINBALL, trainer.loss());
    trainer.fit(GaussianTrainingTest.data(400, 1), GaussianTrainingTest.data(100, 2), 40, null);

    Seq2SeqData test = GaussianTrainingTest.data(400, 3);
    float[] q = model.predictQuantiles(test.inputs(), test.count(), test.inputLength());
    int nq = LEVELS.count();
    double[][] offset = new double[2][nq];
    int[] n = new int[2];
    int[] below = new int[nq];
    int valid = 0;
    int chunks = test.outputLength();
    for (int i = 0; i < test.mask().length; i++) {
      if (!test.mask()[i]) {
        continue;
      }
      int e = i / chunks;
      int j = i % chunks;
      int at = (e * test.inputLength() + j * 4) * 2;
      double c = test.inputs()[at];
      int regime = test.inputs()[at + 1] > 0 ? 1 : 0;
      n[regime]++;
      valid++;
      for (int l = 0; l < nq; l++) {
        offset[regime][l] += q[i * nq + l] - c;
        below[l] += test.targets()[i] <= q[i * nq + l] ? 1 : 0;
      }
    }
    double[] sigma = {0.2, 0.5};
    for (int l = 0; l < nq; l++) {
      double tau = LEVELS.level(l);
      double z =
          tau == 0.5
              ? 0
              : Math.signum(tau - 0.5) * GaussianPrediction.zScore(2 * Math.abs(tau - 0.5));
      for (int reg = 0; reg < 2; reg++) {
        double got = offset[reg][l] / n[reg];
        double want = sigma[reg] * z;
        System.out.printf(
            "tau %.2f regime σ=%.1f: mean q − c = %.4f (true %.4f)%n", tau, sigma[reg], got, want);
        assertEquals(want, got, 0.12 * sigma[reg] * Math.max(Math.abs(z), 0.5), "tau " + tau);
      }
      double coverage = (double) below[l] / valid;
      System.out.printf("tau %.2f: fraction below %.4f of %d%n", tau, coverage, valid);
      assertEquals(tau, coverage, 0.03, "coverage of level " + tau);
    }
  }
}
