package dev.hiss.model.rnn.internal;

/**
 * The float32 LSTM cell shared by the layer's forward pass, its streaming step and its backward
 * pass (so that a step equals the corresponding step of a forward bit for bit). Gate rows are in
 * PyTorch's order i, f, g, o: row r = q·H + j.
 */
public final class LstmCell {

  private LstmCell() {}

  /**
   * One step of one series: computes the gates from x and the old h, then overwrites h and c with
   * the new state.
   *
   * @param wIh W_ih [4H·I]
   * @param wHh W_hh [4H·H]
   * @param bias b_ih + b_hh [4H]
   * @param in I
   * @param hid H
   * @param x input, I values from {@code xOff}
   * @param xOff offset into x
   * @param h hidden state, H values from {@code hcOff}, updated
   * @param c cell state, H values from {@code hcOff}, updated
   * @param hcOff offset into h and c
   * @param act receives the activated gates (σ(i), σ(f), tanh(g), σ(o)) [4H] from {@code actOff}
   * @param actOff offset into act
   */
  public static void step(
      float[] wIh,
      float[] wHh,
      float[] bias,
      int in,
      int hid,
      float[] x,
      int xOff,
      float[] h,
      float[] c,
      int hcOff,
      float[] act,
      int actOff) {
    int rows = 4 * hid;
    for (int r = 0; r < rows; r++) {
      float s = bias[r];
      int wi = r * in;
      for (int i = 0; i < in; i++) {
        s += wIh[wi + i] * x[xOff + i];
      }
      int wh = r * hid;
      for (int j = 0; j < hid; j++) {
        s += wHh[wh + j] * h[hcOff + j];
      }
      act[actOff + r] = r >= 2 * hid && r < 3 * hid ? (float) Math.tanh(s) : sigmoid(s);
    }
    for (int j = 0; j < hid; j++) {
      float ig = act[actOff + j];
      float fg = act[actOff + hid + j];
      float gg = act[actOff + 2 * hid + j];
      float og = act[actOff + 3 * hid + j];
      float cn = fg * c[hcOff + j] + ig * gg;
      c[hcOff + j] = cn;
      h[hcOff + j] = og * (float) Math.tanh(cn);
    }
  }

  /**
   * Backward through one step of one series: from dL/dh_t (total) and dL/dc_t (from later steps),
   * the gradients of the gate pre-activations and dL/dc_{t−1}.
   *
   * @param act the step's activated gates [4H] from {@code actOff}
   * @param actOff offset into act
   * @param cPrev c_{t−1}, H values from {@code prevOff}, or null for zero
   * @param prevOff offset into cPrev
   * @param cNew c_t, H values from {@code newOff}
   * @param newOff offset into cNew
   * @param hid H
   * @param dh dL/dh_t [H]
   * @param dc dL/dc_t from later steps [H]; overwritten with dL/dc_{t−1}
   * @param dPre receives dL/d(pre-activation) [4H] from {@code dOff}
   * @param dOff offset into dPre
   */
  public static void backward(
      float[] act,
      int actOff,
      float[] cPrev,
      int prevOff,
      float[] cNew,
      int newOff,
      int hid,
      float[] dh,
      float[] dc,
      float[] dPre,
      int dOff) {
    for (int j = 0; j < hid; j++) {
      float ig = act[actOff + j];
      float fg = act[actOff + hid + j];
      float gg = act[actOff + 2 * hid + j];
      float og = act[actOff + 3 * hid + j];
      float tc = (float) Math.tanh(cNew[newOff + j]);
      float cp = cPrev == null ? 0f : cPrev[prevOff + j];
      float dcj = dc[j] + dh[j] * og * (1 - tc * tc);
      dPre[dOff + j] = dcj * gg * ig * (1 - ig);
      dPre[dOff + hid + j] = dcj * cp * fg * (1 - fg);
      dPre[dOff + 2 * hid + j] = dcj * ig * (1 - gg * gg);
      dPre[dOff + 3 * hid + j] = dh[j] * tc * og * (1 - og);
      dc[j] = dcj * fg;
    }
  }

  private static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-x)));
  }
}
