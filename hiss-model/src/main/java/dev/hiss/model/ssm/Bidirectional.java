package dev.hiss.model.ssm;

import java.util.Objects;

/**
 * A bidirectional wrapper (S5's {@code bidirectional} option, generalized): a forward-time layer
 * plus a second, independently parameterized layer run over the time-reversed sequence, outputs
 * summed: y = f(u) + R(g(R(u))), where R reverses time within each series. The backward pass is the
 * adjoint of that sum: du = f'ᵀ·dy + R(g'ᵀ·R(dy)), with f's parameter gradients accumulated into
 * {@link Gradients#forward()} and g's into {@link Gradients#backward()}.
 *
 * <p>The wrapper is non-causal (y_t depends on every u_s), so it has no streaming step.
 *
 * @param <G> the gradient type of the wrapped layers
 */
public final class Bidirectional<G> implements SequenceLayer<Bidirectional.Gradients<G>> {

  /**
   * Gradient accumulators of the two directions.
   *
   * @param forward gradients of the forward-time layer
   * @param backward gradients of the reverse-time layer
   * @param <G> the gradient type
   */
  public record Gradients<G>(G forward, G backward) {}

  private final SequenceLayer<G> forwardLayer;
  private final SequenceLayer<G> backwardLayer;

  /**
   * Wraps two layers of the same width.
   *
   * @param forwardLayer run over u as given
   * @param backwardLayer run over the time-reversed u
   */
  public Bidirectional(SequenceLayer<G> forwardLayer, SequenceLayer<G> backwardLayer) {
    this.forwardLayer = Objects.requireNonNull(forwardLayer, "forwardLayer");
    this.backwardLayer = Objects.requireNonNull(backwardLayer, "backwardLayer");
    if (forwardLayer.channels() != backwardLayer.channels()) {
      throw new IllegalArgumentException(
          "Invalid channels = "
              + forwardLayer.channels()
              + "/"
              + backwardLayer.channels()
              + "; both directions must have the same width");
    }
  }

  /**
   * A bidirectional S4D layer over two parameter sets (scan path).
   *
   * @param forwardParams parameters of the forward-time direction
   * @param backwardParams parameters of the reverse-time direction
   * @return the wrapper
   */
  public static Bidirectional<S4DParams> s4d(S4DParams forwardParams, S4DParams backwardParams) {
    return new Bidirectional<>(
        SequenceLayer.of(new S4DLayer(forwardParams)),
        SequenceLayer.of(new S4DLayer(backwardParams)));
  }

  @Override
  public int channels() {
    return forwardLayer.channels();
  }

  @Override
  public void forward(float[] u, int batch, int length, float[] y) {
    int hCount = channels();
    check(u, batch, length, "u");
    check(y, batch, length, "y");
    forwardLayer.forward(u, batch, length, y);
    float[] ur = reverse(u, batch, length, hCount);
    float[] yr = new float[u.length];
    backwardLayer.forward(ur, batch, length, yr);
    addReversed(yr, batch, length, hCount, y);
  }

  @Override
  public void backward(
      float[] u, float[] dy, int batch, int length, float[] du, Gradients<G> grads) {
    int hCount = channels();
    check(u, batch, length, "u");
    check(dy, batch, length, "dy");
    if (du != null) {
      check(du, batch, length, "du");
    }
    forwardLayer.backward(u, dy, batch, length, du, grads.forward());
    float[] ur = reverse(u, batch, length, hCount);
    float[] dyr = reverse(dy, batch, length, hCount);
    float[] dur = du == null ? null : new float[u.length];
    backwardLayer.backward(ur, dyr, batch, length, dur, grads.backward());
    if (du != null) {
      addReversed(dur, batch, length, hCount, du);
    }
  }

  /** R(x): time reversal within each series of [batch, length, H]. */
  static float[] reverse(float[] x, int batch, int length, int hCount) {
    float[] out = new float[x.length];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < length; t++) {
        System.arraycopy(
            x, (b * length + t) * hCount, out, (b * length + length - 1 - t) * hCount, hCount);
      }
    }
    return out;
  }

  private static void addReversed(float[] x, int batch, int length, int hCount, float[] acc) {
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < length; t++) {
        int src = (b * length + length - 1 - t) * hCount;
        int dst = (b * length + t) * hCount;
        for (int h = 0; h < hCount; h++) {
          acc[dst + h] += x[src + h];
        }
      }
    }
  }

  private void check(float[] x, int batch, int length, String name) {
    if (batch <= 0 || length <= 0) {
      throw new IllegalArgumentException(
          "Invalid batch/length = " + batch + "/" + length + "; must be > 0");
    }
    long expected = (long) batch * length * channels();
    if (x == null || x.length != expected) {
      throw new IllegalArgumentException(
          "Invalid "
              + name
              + " length = "
              + (x == null ? "null" : x.length)
              + "; must be batch·length·H = "
              + expected);
    }
  }
}
