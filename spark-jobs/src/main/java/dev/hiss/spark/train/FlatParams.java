package dev.hiss.spark.train;

import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.Parameter;

/** The parameters and gradients of a {@link HissModel} as one flat vector, in parameter order. */
final class FlatParams {
  private FlatParams() {}

  static float[] values(HissModel model) {
    float[] flat = new float[Math.toIntExact(model.parameterCount())];
    int off = 0;
    for (Parameter p : model.parameters()) {
      System.arraycopy(p.value(), 0, flat, off, p.value().length);
      off += p.value().length;
    }
    return flat;
  }

  static float[] grads(HissModel model) {
    float[] flat = new float[Math.toIntExact(model.parameterCount())];
    int off = 0;
    for (Parameter p : model.parameters()) {
      System.arraycopy(p.grad(), 0, flat, off, p.grad().length);
      off += p.grad().length;
    }
    return flat;
  }

  static void setValues(HissModel model, float[] flat) {
    check(model, flat);
    int off = 0;
    for (Parameter p : model.parameters()) {
      System.arraycopy(flat, off, p.value(), 0, p.value().length);
      off += p.value().length;
    }
  }

  static void setGrads(HissModel model, double[] flat) {
    check(model, flat.length);
    int off = 0;
    for (Parameter p : model.parameters()) {
      float[] g = p.grad();
      for (int i = 0; i < g.length; i++) {
        g[i] = (float) flat[off + i];
      }
      off += g.length;
    }
  }

  private static void check(HissModel model, float[] flat) {
    check(model, flat.length);
  }

  private static void check(HissModel model, int length) {
    if (length != model.parameterCount()) {
      throw new IllegalArgumentException(
          "Invalid flat parameter length = "
              + length
              + "; the model has "
              + model.parameterCount());
    }
  }
}
