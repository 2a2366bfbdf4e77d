package dev.hiss.model.ssm.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Name → array maps of the double-precision reference kernels (copies and zero accumulators). */
public final class ParamMaps {

  private ParamMaps() {}

  /**
   * A double copy of float parameter arrays, in the same order.
   *
   * @param floats name → float array
   * @return name → double array (widened element by element)
   */
  public static Map<String, double[]> toDouble(Map<String, float[]> floats) {
    Map<String, double[]> m = new LinkedHashMap<>();
    floats.forEach(
        (k, v) -> {
          double[] d = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
          }
          m.put(k, d);
        });
    return m;
  }

  /**
   * Zero arrays shaped like the given ones, in the same order (a gradient accumulator).
   *
   * @param like name → array
   * @return name → zero array of the same length
   */
  public static Map<String, double[]> zerosLike(Map<String, double[]> like) {
    Map<String, double[]> g = new LinkedHashMap<>();
    like.forEach((k, v) -> g.put(k, new double[v.length]));
    return g;
  }
}
