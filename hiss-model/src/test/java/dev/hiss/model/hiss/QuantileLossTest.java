package dev.hiss.model.hiss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The pinball loss and the non-crossing quantile map of the QUANTILE head: level validation, a
 * double-precision finite-difference check of the loss through the cumulative-softplus map,
 * non-crossing for any raw output, the minimizer being the empirical quantile, and masking.
 */
class QuantileLossTest {

  @Test
  void levelsAreValidatedWithClearMessages() {
    assertEquals(List.of(0.1, 0.5, 0.9), QuantileLevels.parse(" 0.1, 0.5 ,0.9").levels());
    assertEquals(1, QuantileLevels.parse("0.1,0.45,0.6,0.9").medianIndex());
    assertEquals("0.1,0.5,0.9", QuantileLevels.DEFAULT.text());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> QuantileLevels.parse("0.5,0.1"));
    assertEquals("Invalid quantiles = [0.5, 0.1]; must be strictly increasing", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> QuantileLevels.parse("0.5,0.5"));
    assertEquals("Invalid quantiles = [0.5, 0.5]; must be strictly increasing", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> QuantileLevels.parse("0.1,1"));
    assertEquals("Invalid quantile = 1.0; must be in (0, 1)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> QuantileLevels.parse("0,0.5"));
    assertEquals("Invalid quantile = 0.0; must be in (0, 1)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> QuantileLevels.parse("0.1,x"));
    assertEquals("Invalid quantile = 'x'; must be a number in (0, 1)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> QuantileLevels.parse("NaN"));
    assertEquals("Invalid quantile = NaN; must be in (0, 1)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new QuantileLevels(List.of()));
    assertTrue(e.getMessage().startsWith("Invalid quantiles = []"), e.getMessage());
    HissConfig c = HissTestSupport.s4dMamba(2, 3, 4);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new HissConfig(2, 3, c.levels(), c.chunks(), OutputHead.QUANTILE, null));
    assertEquals("Invalid quantiles = null; a QUANTILE head needs levels", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new HissConfig(
                    2, 3, c.levels(), c.chunks(), OutputHead.POINT, QuantileLevels.DEFAULT));
    assertEquals(
        "Invalid quantiles = [0.1, 0.5, 0.9]; only a QUANTILE head has levels", e.getMessage());
    HissConfig q = c.withQuantiles(QuantileLevels.parse("0.05,0.25,0.5,0.75,0.95"));
    assertEquals(15, q.headWidth());
    assertEquals(9, c.withHead(OutputHead.QUANTILE).headWidth());
    assertEquals(TrainingLoss.PINBALL, TrainingLoss.defaultFor(OutputHead.QUANTILE));
    assertEquals(TrainingLoss.PINBALL, TrainingLoss.parse("pinball"));
    assertThrows(IllegalStateException.class, () -> OutputHead.QUANTILE.outputsPerTarget());
  }

  /**
   * Central differences (step 1e-6) in double of the level-averaged pinball loss through the
   * cumulative-softplus map, on random raw outputs with targets away from every kink.
   */
  @Test
  void termGradientMatchesFiniteDifferencesInDouble() {
    SplittableRandom r = new SplittableRandom(11);
    double[] tau = {0.05, 0.3, 0.5, 0.7, 0.95};
    int checked = 0;
    for (int trial = 0; trial < 200; trial++) {
      double[] raw = new double[tau.length];
      for (int j = 0; j < raw.length; j++) {
        raw[j] = 3 * r.nextDouble() - 2;
      }
      double y = 6 * r.nextDouble() - 2;
      double[] q = QuantileLoss.quantilesOf(raw);
      boolean nearKink = false;
      for (double v : q) {
        nearKink |= Math.abs(v - y) < 1e-3;
      }
      if (nearKink) {
        continue;
      }
      double[] g = new double[raw.length];
      QuantileLoss.term(raw, y, tau, g);
      for (int j = 0; j < raw.length; j++) {
        double keep = raw[j];
        double h = 1e-6;
        raw[j] = keep + h;
        double lp = QuantileLoss.term(raw, y, tau, null);
        raw[j] = keep - h;
        double lm = QuantileLoss.term(raw, y, tau, null);
        raw[j] = keep;
        double fd = (lp - lm) / (2 * h);
        assertEquals(fd, g[j], 1e-8, "trial " + trial + " d/da_" + j);
      }
      checked++;
    }
    assertTrue(checked > 150, "too few trials away from the kinks: " + checked);
  }

  @Test
  void quantilesNeverCrossAndLossMatchesTheDefinition() {
    QuantileLevels levels = QuantileLevels.parse("0.1,0.5,0.9");
    float[] head = HissTestSupport.randomFloats(4 * 3 * 2, 5);
    for (int i = 0; i < head.length; i++) {
      head[i] *= 20; // very negative raw increments too
    }
    float[] q = QuantileLoss.quantiles(head, 2, levels);
    for (int s = 0; s < 4; s++) {
      for (int d = 0; d < 2; d++) {
        assertEquals(head[(s * 3) * 2 + d], q[(s * 3) * 2 + d], 0f, "q_1 = a_1");
        for (int j = 1; j < 3; j++) {
          int i = (s * 3 + j) * 2 + d;
          assertTrue(q[i] >= q[i - 2], "crossing at step " + s + " channel " + d);
          double inc = QuantileLoss.softplus(head[i]);
          assertEquals(q[i - 2] + inc, q[i], 1e-5 * (1 + Math.abs(q[i])));
        }
      }
    }
    float[] med = QuantileLoss.medians(head, 2, levels);
    assertEquals(q[(1 * 3 + 1) * 2 + 1], med[1 * 2 + 1], 0f);
    // hand value: one step, one channel, raw (0, 0, 0): q = (0, ln2, 2 ln2), y = 1
    double l2 = Math.log(2);
    double expected = (0.1 * 1 + 0.5 * (1 - l2) + 0.1 * (2 * l2 - 1)) / 3;
    assertEquals(
        expected, QuantileLoss.loss(new float[3], new float[] {1}, null, 1, levels, null), 1e-7);
  }

  @Test
  void maskedStepsAndNanTargetsContributeNothing() {
    QuantileLevels levels = QuantileLevels.DEFAULT;
    float[] head = HissTestSupport.randomFloats(3 * 3 * 2, 8);
    float[] y = {0.5f, -1f, 2f, Float.NaN, 9f, 9f};
    boolean[] mask = {true, true, false};
    float[] g = new float[head.length];
    double l = QuantileLoss.loss(head, y, mask, 2, levels, g);
    // the same loss from the three valid elements alone
    float[] head2 = new float[3 * 3];
    float[] y2 = {0.5f, -1f, 2f};
    for (int e = 0; e < 3; e++) {
      int s = e / 2;
      int d = e % 2;
      for (int j = 0; j < 3; j++) {
        head2[e * 3 + j] = head[(s * 3 + j) * 2 + d];
      }
    }
    float[] g2 = new float[head2.length];
    assertEquals(QuantileLoss.loss(head2, y2, null, 1, levels, g2), l, 1e-6);
    for (int j = 0; j < 3; j++) {
      assertEquals(0f, g[(1 * 3 + j) * 2 + 1], "NaN target: zero gradient");
      assertEquals(0f, g[(2 * 3 + j) * 2], "masked step: zero gradient");
      assertEquals(0f, g[(2 * 3 + j) * 2 + 1], "masked step: zero gradient");
      assertEquals(g2[2 * 3 + j], g[(1 * 3 + j) * 2], 1e-7f);
    }
    assertEquals(0, QuantileLoss.loss(head, y, new boolean[3], 2, levels, g));
    assertTrue(Arrays.equals(new float[g.length], g));
  }

  /** On a sample, the constant minimizing the mean pinball loss of level τ is its τ-quantile. */
  @Test
  void theMinimizerIsTheEmpiricalQuantile() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 2001;
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      ys[i] = Math.exp(r.nextGaussian()); // skewed: quantiles differ from mean ± k·std
    }
    double[] sorted = ys.clone();
    Arrays.sort(sorted);
    for (double tau : new double[] {0.1, 0.5, 0.9}) {
      double best = Double.NaN;
      double bestLoss = Double.POSITIVE_INFINITY;
      for (double c = 0; c < 6; c += 0.001) {
        double s = 0;
        for (double y : ys) {
          s += QuantileLoss.pinball(tau, c, y);
        }
        if (s < bestLoss) {
          bestLoss = s;
          best = c;
        }
      }
      double empirical = sorted[(int) Math.ceil(tau * n) - 1];
      assertEquals(empirical, best, 0.002, "tau " + tau);
    }
  }
}
