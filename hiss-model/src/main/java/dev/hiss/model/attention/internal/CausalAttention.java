package dev.hiss.model.attention.internal;

import dev.hiss.model.attention.TransformerConfig;

/**
 * Float32 multi-head attention of one query over a contiguous, chronological run of keys and values
 * (rows lo … hi of [rows, H] arrays, the query's own position being row hi), with ALiBi biases
 * −m_h·(hi − j). Shared by the forward pass, the streaming step (which first lays its ring buffer
 * out chronologically) and the backward's recomputation.
 */
public final class CausalAttention {

  private final int heads;
  private final int headSize;
  private final int width;
  private final float scale;
  private final float[] slopes;

  /**
   * Attention for a block configuration.
   *
   * @param config heads, width
   */
  public CausalAttention(TransformerConfig config) {
    heads = config.heads();
    headSize = config.headSize();
    width = config.width();
    scale = (float) (1 / Math.sqrt(headSize));
    slopes = new float[heads];
    for (int h = 0; h < heads; h++) {
      slopes[h] = (float) config.slope(h);
    }
  }

  /**
   * Softmax weights of one head into p[0 … hi−lo].
   *
   * @param q queries, H values from qOff
   * @param qOff offset into q
   * @param keys [rows, H]
   * @param lo first visible row
   * @param hi the query's row (last visible)
   * @param h head
   * @param p receives the weights, at least hi−lo+1 long
   */
  private void weights(float[] q, int qOff, float[] keys, int lo, int hi, int h, float[] p) {
    int c0 = h * headSize;
    float max = Float.NEGATIVE_INFINITY;
    for (int j = lo; j <= hi; j++) {
      float s = 0;
      int ko = j * width + c0;
      for (int i = 0; i < headSize; i++) {
        s += q[qOff + c0 + i] * keys[ko + i];
      }
      s = s * scale - slopes[h] * (hi - j);
      p[j - lo] = s;
      max = Math.max(max, s);
    }
    float sum = 0;
    for (int j = 0; j <= hi - lo; j++) {
      float e = (float) Math.exp(p[j] - max);
      p[j] = e;
      sum += e;
    }
    for (int j = 0; j <= hi - lo; j++) {
      p[j] /= sum;
    }
  }

  /**
   * out = Σ_j p_j v_j per head (the concatenated heads, before the output projection).
   *
   * @param q queries, H values from qOff
   * @param qOff offset into q
   * @param keys [rows, H]
   * @param values [rows, H]
   * @param lo first visible row
   * @param hi the query's row
   * @param out receives H values from outOff
   * @param outOff offset into out
   * @param p scratch of at least hi−lo+1 floats
   */
  public void forward(
      float[] q,
      int qOff,
      float[] keys,
      float[] values,
      int lo,
      int hi,
      float[] out,
      int outOff,
      float[] p) {
    for (int h = 0; h < heads; h++) {
      weights(q, qOff, keys, lo, hi, h, p);
      int c0 = h * headSize;
      for (int i = 0; i < headSize; i++) {
        out[outOff + c0 + i] = 0;
      }
      for (int j = lo; j <= hi; j++) {
        float pj = p[j - lo];
        int vo = j * width + c0;
        for (int i = 0; i < headSize; i++) {
          out[outOff + c0 + i] += pj * values[vo + i];
        }
      }
    }
  }

  /**
   * Backward of {@link #forward} (recomputing the weights); ADDS to dq, dKeys and dValues.
   *
   * @param q queries, H values from qOff
   * @param qOff offset into q and dq
   * @param keys [rows, H]
   * @param values [rows, H]
   * @param lo first visible row
   * @param hi the query's row
   * @param dOut dL/dout, H values from dOff
   * @param dOff offset into dOut
   * @param dq accumulates dL/dq from qOff
   * @param dKeys accumulates dL/dkeys [rows, H]
   * @param dValues accumulates dL/dvalues [rows, H]
   * @param p scratch of at least hi−lo+1 floats
   * @param dp scratch of at least hi−lo+1 floats
   */
  public void backward(
      float[] q,
      int qOff,
      float[] keys,
      float[] values,
      int lo,
      int hi,
      float[] dOut,
      int dOff,
      float[] dq,
      float[] dKeys,
      float[] dValues,
      float[] p,
      float[] dp) {
    for (int h = 0; h < heads; h++) {
      weights(q, qOff, keys, lo, hi, h, p);
      int c0 = h * headSize;
      float sdp = 0;
      for (int j = lo; j <= hi; j++) {
        float s = 0;
        int vo = j * width + c0;
        for (int i = 0; i < headSize; i++) {
          s += dOut[dOff + c0 + i] * values[vo + i];
          dValues[vo + i] += p[j - lo] * dOut[dOff + c0 + i];
        }
        dp[j - lo] = s;
        sdp += p[j - lo] * s;
      }
      for (int j = lo; j <= hi; j++) {
        float ds = p[j - lo] * (dp[j - lo] - sdp) * scale;
        if (ds == 0) {
          continue;
        }
        int ko = j * width + c0;
        for (int i = 0; i < headSize; i++) {
          dq[qOff + c0 + i] += ds * keys[ko + i];
          dKeys[ko + i] += ds * q[qOff + c0 + i];
        }
      }
    }
  }
}
