package dev.hiss.model.hiss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On irregularly sampled oscillations ({@link IrregularOscillation}) a HiSS model that reads the Δt
 * channel ({@link HissConfig#dt()}) beats the same model and training without it by a clear margin
 * (fixed seeds), and both beat the naive last-value forecast.
 */
class HissDtTrainingTest {

  private static final int K = 4;
  private static final int CHUNKS = 12;

  @Test
  void dtModelBeatsTheSameModelWithoutDt() {
    Seq2SeqData train = IrregularOscillation.generate(192, CHUNKS, K, 1);
    Seq2SeqData test = IrregularOscillation.generate(64, CHUNKS, K, 2);
    HissConfig plain =
        HissConfig.twoLevel(
            1,
            1,
            LevelConfig.s4d(16, 1, 0).withStateSize(8),
            LevelConfig.s4d(16, 1, 0).withStateSize(8),
            K);
    TrainConfig tc = new TrainConfig(5e-3, 0.9, 0.999, 1e-8, 16, 25, 5);

    HissModel withDt = new HissModel(plain.withDt(true), 3);
    List<Double> h1 = new HissTrainer(withDt, tc).fit(train);
    double mseDt = HissTrainer.evaluate(withDt, test);

    HissModel without = new HissModel(plain, 3);
    Seq2SeqData trainPlain = IrregularOscillation.withoutDt(train);
    List<Double> h2 = new HissTrainer(without, tc).fit(trainPlain);
    double msePlain = HissTrainer.evaluate(without, IrregularOscillation.withoutDt(test));

    double naive = IrregularOscillation.naive(test);
    System.out.printf(
        "irregular oscillation: test MSE with Δt %.5f, without %.5f, naive %.5f%n"
            + "train loss with Δt %s%nwithout %s%n",
        mseDt, msePlain, naive, h1, h2);
    assertTrue(mseDt < 0.5 * msePlain, "with Δt " + mseDt + " vs without " + msePlain);
    assertTrue(msePlain < naive, "without Δt " + msePlain + " vs naive " + naive);
  }
}
