package dev.hiss.model.hiss.internal;

import java.util.SplittableRandom;

/**
 * Inverted dropout as PyTorch {@code nn.Dropout(p)}: in training each element is zeroed with
 * probability p and the rest scaled by 1/(1 − p); at inference (no random source) it is the
 * identity. The mask is drawn from the caller's seeded {@link SplittableRandom}, so a training run
 * is reproducible.
 */
public final class Dropout {

  private Dropout() {}

  /**
   * Draws a mask of scale factors (0 or 1/(1 − p)), or returns null for the identity (p = 0 or
   * inference).
   *
   * @param n number of elements
   * @param p drop probability in [0, 1)
   * @param rnd random source, or null at inference
   * @return the mask [n], or null
   */
  public static float[] mask(int n, double p, SplittableRandom rnd) {
    if (rnd == null || p == 0) {
      return null;
    }
    float keep = (float) (1 / (1 - p));
    float[] m = new float[n];
    for (int i = 0; i < n; i++) {
      m[i] = rnd.nextDouble() < p ? 0f : keep;
    }
    return m;
  }

  /**
   * Applies a mask (forward and backward are the same product).
   *
   * @param x input or gradient [n]
   * @param mask the mask [n], or null for the identity
   * @return x∘mask (a new array), or {@code x} itself when mask is null
   */
  public static float[] apply(float[] x, float[] mask) {
    if (mask == null) {
      return x;
    }
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * mask[i];
    }
    return y;
  }
}
