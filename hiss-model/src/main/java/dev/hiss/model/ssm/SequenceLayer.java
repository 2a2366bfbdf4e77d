package dev.hiss.model.ssm;

/**
 * The smallest common face of a sequence-to-sequence layer with trainable parameters, enough for
 * wrappers such as {@link Bidirectional}: a forward pass from the zero state and its backward pass.
 * Sequences are row-major [batch, length, channels], input and output of the same width.
 *
 * @param <G> the gradient accumulator type (for the S4D adapter, {@link S4DParams})
 */
public interface SequenceLayer<G> {

  /** Input and output width. */
  int channels();

  /**
   * Forward pass from the zero state.
   *
   * @param u input [batch, length, channels]
   * @param batch batch size
   * @param length sequence length
   * @param y output [batch, length, channels], overwritten
   */
  void forward(float[] u, int batch, int length, float[] y);

  /**
   * Backward pass of {@link #forward}: parameter gradients are ADDED to {@code grads}, {@code du}
   * is overwritten.
   *
   * @param u the forward input
   * @param dy dL/dy
   * @param batch batch size
   * @param length sequence length
   * @param du receives dL/du, or null
   * @param grads gradient accumulator
   */
  void backward(float[] u, float[] dy, int batch, int length, float[] du, G grads);

  /**
   * An S4D layer as a {@link SequenceLayer} (scan path, zero state, no reset mask).
   *
   * @param layer the layer
   * @return the adapter
   */
  static SequenceLayer<S4DParams> of(S4DLayer layer) {
    return new SequenceLayer<>() {
      @Override
      public int channels() {
        return layer.config().channels();
      }

      @Override
      public void forward(float[] u, int batch, int length, float[] y) {
        layer.forward(u, batch, length, y);
      }

      @Override
      public void backward(
          float[] u, float[] dy, int batch, int length, float[] du, S4DParams grads) {
        layer.backward(u, dy, batch, length, null, null, du, grads, null);
      }
    };
  }

  /**
   * An S5 layer as a {@link SequenceLayer} (zero state, no reset mask, no Δ multiplier).
   *
   * @param layer the layer
   * @return the adapter
   */
  static SequenceLayer<S5Params> of(S5Layer layer) {
    return new SequenceLayer<>() {
      @Override
      public int channels() {
        return layer.config().channels();
      }

      @Override
      public void forward(float[] u, int batch, int length, float[] y) {
        layer.forward(u, batch, length, y);
      }

      @Override
      public void backward(
          float[] u, float[] dy, int batch, int length, float[] du, S5Params grads) {
        layer.backward(u, dy, batch, length, null, null, null, du, grads, null);
      }
    };
  }
}
