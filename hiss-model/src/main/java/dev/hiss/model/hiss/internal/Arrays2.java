package dev.hiss.model.hiss.internal;

/** Conversions between float and double arrays and small elementwise helpers. */
public final class Arrays2 {

  private Arrays2() {}

  /** Returns a double copy of {@code x}. */
  public static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }

  /** Returns a float copy of {@code x} (each entry rounded once). */
  public static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
  }

  /** acc[i] += (float) add[i]. */
  public static void addTo(float[] acc, double[] add) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += (float) add[i];
    }
  }

  /** Returns a + b elementwise (same lengths), a new array. */
  public static float[] sum(float[] a, float[] b) {
    float[] s = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      s[i] = a[i] + b[i];
    }
    return s;
  }

  /** a[i] += b[i] in place. */
  public static void addInPlace(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
  }
}
