package dev.hiss.model.hiss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A GAUSSIAN HiSS model trained on data with known, input-dependent noise recovers the noise std
 * and gives calibrated intervals on held-out episodes.
 *
 * <p>Task: chunk j of k samples holds two constant input channels, a level c_j ~ U(−1, 1) and a
 * regime s_j = ±1; the target is y_j = c_j + σ(s_j)·ε with ε ~ N(0, 1), σ(−1) = 0.2 and σ(+1) =
 * 0.5. The best possible forecast is N(c_j, σ(s_j)²), so a model trained with a proper loss must
 * predict std ≈ σ(s_j) in each regime. A wrong NLL or CRPS (or a wrong variance gradient, which
 * moves the loss minimum) gives the wrong std; a constant std (ignoring the regime) would be off by
 * about 40 % in both regimes. The last target of every third episode is masked and set to NaN.
 */
class GaussianTrainingTest {

  private static final int CHUNK = 4;
  private static final int CHUNKS = 8;
  private static final double LOW = 0.2;
  private static final double HIGH = 0.5;

  static Seq2SeqData data(int episodes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int length = CHUNKS * CHUNK;
    float[] x = new float[episodes * length * 2];
    float[] y = new float[episodes * CHUNKS];
    boolean[] mask = new boolean[episodes * CHUNKS];
    for (int e = 0; e < episodes; e++) {
      for (int j = 0; j < CHUNKS; j++) {
        double c = 2 * r.nextDouble() - 1;
        int s = r.nextBoolean() ? 1 : -1;
        for (int t = j * CHUNK; t < (j + 1) * CHUNK; t++) {
          x[(e * length + t) * 2] = (float) c;
          x[(e * length + t) * 2 + 1] = s;
        }
        int i = e * CHUNKS + j;
        mask[i] = !(e % 3 == 2 && j == CHUNKS - 1);
        y[i] = mask[i] ? (float) (c + (s > 0 ? HIGH : LOW) * r.nextGaussian()) : Float.NaN;
      }
    }
    return new Seq2SeqData(x, y, mask, episodes, length, 2, CHUNKS, 1);
  }

  @ParameterizedTest
  @EnumSource(
      value = TrainingLoss.class,
      names = {"GAUSSIAN_NLL", "GAUSSIAN_CRPS"})
  void recoversTheNoiseStdPerRegimeAndCalibratedIntervals(TrainingLoss loss) {
    HissConfig config =
        HissConfig.twoLevel(
                2,
                1,
                new LevelConfig(LevelConfig.LayerType.S4D, 8, 1, 0, 4),
                new LevelConfig(LevelConfig.LayerType.S4D, 8, 1, 0, 4),
                CHUNK)
            .withHead(OutputHead.GAUSSIAN);
    HissModel model = new HissModel(config, 3);
    HissTrainer trainer =
        new HissTrainer(model, new TrainConfig(5e-3, 0.9, 0.999, 1e-8, 16, 40, 7)).withLoss(loss);
    trainer.fit(data(400, 1), data(100, 2), 40, null);

    Seq2SeqData test = data(400, 3);
    GaussianPrediction g =
        model.predictDistribution(test.inputs(), test.count(), test.inputLength());
    double[] stdSum = new double[2];
    int[] n = new int[2];
    int inside = 0;
    int valid = 0;
    double z = GaussianPrediction.zScore(0.9);
    for (int i = 0; i < test.mask().length; i++) {
      if (!test.mask()[i]) {
        continue;
      }
      int e = i / CHUNKS;
      int j = i % CHUNKS;
      int regime = test.inputs()[(e * test.inputLength() + j * CHUNK) * 2 + 1] > 0 ? 1 : 0;
      stdSum[regime] += g.std()[i];
      n[regime]++;
      valid++;
      inside += Math.abs(test.targets()[i] - g.mean()[i]) <= z * g.std()[i] ? 1 : 0;
    }
    double lowStd = stdSum[0] / n[0];
    double highStd = stdSum[1] / n[1];
    double coverage = (double) inside / valid;
    System.out.printf(
        "%s: mean predicted std %.4f (true %.1f), %.4f (true %.1f); 90%% coverage %.4f of %d%n",
        loss, lowStd, LOW, highStd, HIGH, coverage, valid);
    assertEquals(LOW, lowStd, 0.1 * LOW, "std in the low-noise regime");
    assertEquals(HIGH, highStd, 0.1 * HIGH, "std in the high-noise regime");
    assertEquals(0.9, coverage, 0.03, "90 % interval coverage on held-out episodes");
  }
}
