package dev.hiss.model.attention;

/**
 * Hyper-parameters of one causal (decoder-only) Transformer block in the pre-LayerNorm form of
 * PyTorch's {@code nn.TransformerEncoderLayer(norm_first=True, activation="gelu", dropout=0)} with
 * a causal ALiBi mask:
 *
 * <pre>
 * z_t = x_t + W_o·MHA(LN₁(x))_t + b_o           y_t = z_t + W₂·GELU(W₁·LN₂(z_t) + b₁) + b₂
 * MHA head h at t: softmax_j( q_t·k_j / √d − m_h·(t − j) ) over the visible j, then Σ_j p_j v_j
 * </pre>
 *
 * <p>Positions: no absolute position enters the block. Order comes from the causal mask and the
 * ALiBi biases −m_h·(t − j) (Press et al. 2022) with head slopes m_h = 2^(−8(h+1)/heads), h = 0 …
 * heads−1 (for a power-of-two head count exactly the paper's slopes). Because the biases depend
 * only on the distance t − j, a streaming step is the same function at step 10 and at step 10⁹, so
 * the block runs on endless streams.
 *
 * <p>Visibility (sliding window): position t attends to j iff t − window &lt; j ≤ t and no reset
 * lies in (j, t] (a reset at step r hides every position before r from r on; HiSS chunk
 * boundaries). The streaming KV cache therefore holds at most {@code window} keys and values per
 * series. LayerNorm ε = 1e-5 (torch's default); GELU is the exact erf form.
 *
 * @param width H (d_model), &gt; 0
 * @param heads number of attention heads, &gt; 0, dividing H
 * @param ffnSize F, the MLP's hidden width (dim_feedforward), &gt; 0
 * @param window W, the number of most recent positions (the current one included) each position
 *     attends to, &gt; 0; it bounds the streaming state to 2·W·H floats per series
 */
public record TransformerConfig(int width, int heads, int ffnSize, int window) {

  /** LayerNorm ε (PyTorch's default). */
  public static final double LAYER_NORM_EPS = 1e-5;

  /** Default window W. */
  public static final int DEFAULT_WINDOW = 256;

  /** Validates every field; messages name the field and its value. */
  public TransformerConfig {
    if (width <= 0) {
      throw new IllegalArgumentException("Invalid width = " + width + "; must be > 0");
    }
    if (heads <= 0) {
      throw new IllegalArgumentException("Invalid heads = " + heads + "; must be > 0");
    }
    if (width % heads != 0) {
      throw new IllegalArgumentException(
          "Invalid heads = " + heads + "; must divide width = " + width);
    }
    if (ffnSize <= 0) {
      throw new IllegalArgumentException("Invalid ffnSize = " + ffnSize + "; must be > 0");
    }
    if (window <= 0) {
      throw new IllegalArgumentException("Invalid window = " + window + "; must be > 0");
    }
  }

  /**
   * The defaults: F = 4H, W = {@value #DEFAULT_WINDOW}.
   *
   * @param width H
   * @param heads number of heads
   * @return the configuration
   */
  public static TransformerConfig defaults(int width, int heads) {
    return new TransformerConfig(width, heads, 4 * width, DEFAULT_WINDOW);
  }

  /** Returns a copy with another window W. */
  public TransformerConfig withWindow(int newWindow) {
    return new TransformerConfig(width, heads, ffnSize, newWindow);
  }

  /** Returns d = H / heads, the size of one head. */
  public int headSize() {
    return width / heads;
  }

  /**
   * The ALiBi slope of a head, m_h = 2^(−8(h+1)/heads).
   *
   * @param head h in [0, heads)
   * @return m_h
   */
  public double slope(int head) {
    return Math.pow(2, -8.0 * (head + 1) / heads);
  }
}
