package dev.hiss.model.hiss;

import java.util.SplittableRandom;

/**
 * A seq2seq task with a known answer: each chunk j of k samples holds a level c_j ~ U(−1, 1) per
 * input channel plus noise of std 0.3, and the target of chunk j is y_j = sin(2·m0_j) + 0.5·m1_j²,
 * where m_j is the chunk's input mean (so the answer depends on chunk j only, through a nonlinear
 * function of its mean). The last target step of every third episode is masked out and set to NaN,
 * so a loss that ignores the mask turns into NaN.
 */
final class SyntheticTask {

  private SyntheticTask() {}

  static Seq2SeqData generate(int episodes, int chunks, int k, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int length = chunks * k;
    float[] x = new float[episodes * length * 2];
    float[] y = new float[episodes * chunks];
    boolean[] mask = new boolean[episodes * chunks];
    for (int e = 0; e < episodes; e++) {
      for (int j = 0; j < chunks; j++) {
        double c0 = 2 * r.nextDouble() - 1;
        double c1 = 2 * r.nextDouble() - 1;
        double m0 = 0;
        double m1 = 0;
        for (int t = j * k; t < (j + 1) * k; t++) {
          float a = (float) (c0 + 0.3 * r.nextGaussian());
          float b = (float) (c1 + 0.3 * r.nextGaussian());
          x[(e * length + t) * 2] = a;
          x[(e * length + t) * 2 + 1] = b;
          m0 += a;
          m1 += b;
        }
        m0 /= k;
        m1 /= k;
        int s = e * chunks + j;
        boolean valid = !(e % 3 == 2 && j == chunks - 1);
        mask[s] = valid;
        y[s] = valid ? (float) (Math.sin(2 * m0) + 0.5 * m1 * m1) : Float.NaN;
      }
    }
    return new Seq2SeqData(x, y, mask, episodes, length, 2, chunks, 1);
  }

  /** The masked MSE of always predicting the mean valid target (the trivial baseline). */
  static double baseline(Seq2SeqData d) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < d.mask().length; i++) {
      if (d.mask()[i]) {
        sum += d.targets()[i];
        n++;
      }
    }
    double mean = sum / n;
    double se = 0;
    for (int i = 0; i < d.mask().length; i++) {
      if (d.mask()[i]) {
        se += (d.targets()[i] - mean) * (d.targets()[i] - mean);
      }
    }
    return se / n;
  }
}
