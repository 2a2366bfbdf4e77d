package dev.hiss.model.ssm;

import java.util.Map;

/**
 * Per-series double-precision parameter-gradient accumulator of {@link MambaKernel}, with the names
 * and shapes of {@link MambaParams}; summed into a float {@link MambaParams} in series order so
 * that results do not depend on thread scheduling.
 */
final class MambaGradients {

  final double[] inProj;
  final double[] convWeight;
  final double[] convBias;
  final double[] xProj;
  final double[] dtProjWeight;
  final double[] dtProjBias;
  final double[] aLog;
  final double[] d;
  final double[] outProj;

  MambaGradients(MambaParams shape) {
    inProj = new double[shape.inProj.length];
    convWeight = new double[shape.convWeight.length];
    convBias = new double[shape.convBias.length];
    xProj = new double[shape.xProj.length];
    dtProjWeight = new double[shape.dtProjWeight.length];
    dtProjBias = new double[shape.dtProjBias.length];
    aLog = new double[shape.aLog.length];
    d = new double[shape.d.length];
    outProj = new double[shape.outProj.length];
  }

  private double[][] ordered() {
    return new double[][] {
      inProj, convWeight, convBias, xProj, dtProjWeight, dtProjBias, aLog, d, outProj
    };
  }

  /** this += other. */
  void add(MambaGradients other) {
    double[][] mine = ordered();
    double[][] theirs = other.ordered();
    for (int k = 0; k < mine.length; k++) {
      for (int i = 0; i < mine[k].length; i++) {
        mine[k][i] += theirs[k][i];
      }
    }
  }

  /** grads += this, rounded to float (same order as {@link MambaParams#arrays()}). */
  void addTo(MambaParams grads) {
    double[][] mine = ordered();
    int k = 0;
    for (Map.Entry<String, float[]> e : grads.arrays().entrySet()) {
      float[] dst = e.getValue();
      for (int i = 0; i < dst.length; i++) {
        dst[i] = (float) (dst[i] + mine[k][i]);
      }
      k++;
    }
  }
}
