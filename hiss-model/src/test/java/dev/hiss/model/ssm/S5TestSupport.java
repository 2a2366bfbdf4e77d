package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import java.util.SplittableRandom;

/**
 * Helpers for the S5 tests (the generic ones, random data and relative comparisons, are shared from
 * {@link S4DTestSupport}).
 */
final class S5TestSupport {

  private S5TestSupport() {}

  /** The ‖E‖₂ used by the S5-PTD test cases. */
  static final double PTD_EPSILON = 0.1;

  static S5Config config(int hCount, int p, int blocks, Discretization disc, boolean conj) {
    return new S5Config(hCount, p, blocks, 1e-3, 1e-1, disc, conj, false);
  }

  /**
   * Initialized parameters, then perturbed so that every parameter matters: varied Re λ, larger Δ
   * (so that the discretization is far from the identity), O(1) B̃ and C̃.
   */
  static S5Params randomParams(S5Config config, long seed) {
    S5Params p = S5Params.initialize(config, seed);
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int m = 0; m < p.lambdaRe.length; m++) {
      // PTD keeps its spread of decay rates (jittered); HiPPO-N's constant −½ is varied
      double base = config.ptd() ? -p.lambdaRe[m] : 0.5;
      p.lambdaRe[m] = (float) (-base * Math.exp(0.5 * r.nextGaussian()));
      p.lambdaIm[m] += (float) (0.2 * r.nextGaussian());
      p.logDt[m] = (float) Math.log(0.02 + 0.3 * r.nextDouble());
    }
    for (int i = 0; i < p.bRe.length; i++) {
      p.bRe[i] += (float) (0.3 * r.nextGaussian());
      p.bIm[i] += (float) (0.3 * r.nextGaussian());
    }
    for (int i = 0; i < p.cRe.length; i++) {
      p.cRe[i] += (float) (0.3 * r.nextGaussian());
      p.cIm[i] += (float) (0.3 * r.nextGaussian());
    }
    return p;
  }

  static S5State randomState(int batch, S5Config c, long seed) {
    S5State s = new S5State(batch, c.modes());
    System.arraycopy(randomFloats(s.re.length, seed), 0, s.re, 0, s.re.length);
    System.arraycopy(randomFloats(s.im.length, seed + 1), 0, s.im, 0, s.im.length);
    return s;
  }

  /** Positive per-step Δ multipliers in [0.25, 4) (log-uniform). */
  static float[] randomScale(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) Math.exp(Math.log(0.25) + Math.log(16) * r.nextDouble());
    }
    return x;
  }
}
