package dev.hiss.model.ssm;

import java.util.SplittableRandom;

/**
 * Shared helpers for the S4 (DPLR) tests; the generic ones (random data, relative comparisons) come
 * from {@link S4DTestSupport}.
 */
final class S4TestSupport {

  private S4TestSupport() {}

  /**
   * HiPPO-LegS initialized parameters, then perturbed so that every parameter matters: complex P
   * and B, varied Re Λ and Δ.
   */
  static S4Params randomParams(S4Config config, long seed) {
    S4Params p = S4Params.initialize(config, seed);
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = 0; i < p.aReal.length; i++) {
      p.aReal[i] += (float) (0.3 * r.nextGaussian());
      p.aImag[i] += (float) (0.2 * r.nextGaussian());
      p.pRe[i] += (float) (0.2 * r.nextGaussian());
      p.pIm[i] = (float) (0.3 * r.nextGaussian());
      p.bRe[i] += (float) (0.3 * r.nextGaussian());
      p.bIm[i] = (float) (0.5 * r.nextGaussian());
    }
    for (int h = 0; h < p.logDt.length; h++) {
      p.logDt[h] = (float) Math.log(0.01 + 0.2 * r.nextDouble());
    }
    return p;
  }

  static S4State randomState(int batch, S4Config c, long seed) {
    S4State s = new S4State(batch, c.channels(), c.stateSize());
    float[] re = S4DTestSupport.randomFloats(s.re.length, seed);
    float[] im = S4DTestSupport.randomFloats(s.im.length, seed + 1);
    System.arraycopy(re, 0, s.re, 0, re.length);
    System.arraycopy(im, 0, s.im, 0, im.length);
    return s;
  }
}
