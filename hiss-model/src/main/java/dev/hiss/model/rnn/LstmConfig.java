package dev.hiss.model.rnn;

/**
 * Hyper-parameters of an LSTM layer (Hochreiter &amp; Schmidhuber 1997, in the form of PyTorch's
 * {@code torch.nn.LSTM}, one layer, unidirectional, no projection):
 *
 * <pre>
 * i_t = σ(W_ii x_t + b_ii + W_hi h_{t−1} + b_hi)     f_t = σ(W_if x_t + b_if + W_hf h_{t−1} + b_hf)
 * g_t = tanh(W_ig x_t + b_ig + W_hg h_{t−1} + b_hg)  o_t = σ(W_io x_t + b_io + W_ho h_{t−1} + b_ho)
 * c_t = f_t ∘ c_{t−1} + i_t ∘ g_t                    h_t = o_t ∘ tanh(c_t)
 * </pre>
 *
 * The output at step t is h_t. Weights use PyTorch's layout and gate order (i, f, g, o); see {@link
 * LstmParams}.
 *
 * @param inputSize I, input width, &gt; 0
 * @param hiddenSize H, hidden (= output) width, &gt; 0
 * @param forgetBias the initial total forget-gate bias b_if + b_hf, finite (default 1, the usual
 *     remedy for vanishing memory at the start of training; PyTorch itself draws it uniformly)
 */
public record LstmConfig(int inputSize, int hiddenSize, double forgetBias) {

  /** Validates every field; messages name the field and its value. */
  public LstmConfig {
    if (inputSize <= 0) {
      throw new IllegalArgumentException("Invalid inputSize = " + inputSize + "; must be > 0");
    }
    if (hiddenSize <= 0) {
      throw new IllegalArgumentException("Invalid hiddenSize = " + hiddenSize + "; must be > 0");
    }
    if (!Double.isFinite(forgetBias)) {
      throw new IllegalArgumentException("Invalid forgetBias = " + forgetBias + "; must be finite");
    }
  }

  /**
   * The defaults: forget-gate bias initialized to 1.
   *
   * @param inputSize I
   * @param hiddenSize H
   * @return the configuration
   */
  public static LstmConfig defaults(int inputSize, int hiddenSize) {
    return new LstmConfig(inputSize, hiddenSize, 1.0);
  }

  /** Returns 4H, the number of gate rows. */
  public int gateRows() {
    return 4 * hiddenSize;
  }
}
