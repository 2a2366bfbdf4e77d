package dev.hiss.model.ssm;

import dev.hiss.model.ssm.internal.Activations;
import java.util.SplittableRandom;

/**
 * Shared helpers for the Mamba tests (the generic ones — random data, masks, relative comparisons —
 * come from {@link S4DTestSupport}).
 */
final class MambaTestSupport {

  private MambaTestSupport() {}

  /** A small non-default configuration: D, N, K, E, R as given. */
  static MambaConfig config(int dModel, int dState, int dConv, int expand, int dtRank) {
    return MambaConfig.defaults(dModel).withSizes(dState, dConv, expand, dtRank);
  }

  /**
   * Initialized parameters, then perturbed so that every parameter matters: varied A, D and Δ (0.05
   * … 0.55, so that states both decay and carry), larger B and C.
   */
  static MambaParams randomParams(MambaConfig config, long seed) {
    MambaParams p = MambaParams.initialize(config, seed);
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = 0; i < p.aLog.length; i++) {
      p.aLog[i] += (float) (0.3 * r.nextGaussian());
    }
    for (int i = 0; i < p.d.length; i++) {
      p.d[i] = (float) (1 + 0.5 * r.nextGaussian());
      p.dtProjBias[i] = (float) Activations.inverseSoftplus(0.05 + 0.5 * r.nextDouble());
    }
    for (int i = 0; i < p.xProj.length; i++) {
      p.xProj[i] *= 2f;
    }
    return p;
  }

  /** A random (non-zero) state. */
  static MambaState randomState(int batch, MambaConfig config, long seed) {
    MambaState s = new MambaState(batch, config);
    float[] ssm = S4DTestSupport.randomFloats(s.ssm.length, seed);
    float[] conv = S4DTestSupport.randomFloats(s.conv.length, seed + 1);
    System.arraycopy(ssm, 0, s.ssm, 0, ssm.length);
    System.arraycopy(conv, 0, s.conv, 0, conv.length);
    return s;
  }
}
