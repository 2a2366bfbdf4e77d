package dev.hiss.model.hiss;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * {@code torch.optim.Adam} without weight decay or amsgrad: m ← β1·m + (1 − β1)·g, v ← β2·v + (1 −
 * β2)·g², θ ← θ − lr·m̂/(√v̂ + ε) with m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t). Moments are kept in
 * double. HiSS trains with lr 1e-4 and the defaults β = (0.9, 0.999), ε = 1e-8.
 */
public final class Adam {

  private final List<Parameter> parameters;
  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double[][] m;
  private final double[][] v;
  private long t;

  /**
   * An optimizer over the given parameters.
   *
   * @param parameters the live parameters (e.g. {@link HissModel#parameters()})
   * @param lr learning rate, &gt; 0
   * @param beta1 first-moment decay in [0, 1)
   * @param beta2 second-moment decay in [0, 1)
   * @param eps denominator term, &gt; 0
   */
  public Adam(List<Parameter> parameters, double lr, double beta1, double beta2, double eps) {
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new IllegalArgumentException("Invalid lr = " + lr + "; must be > 0 and finite");
    }
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("Invalid beta1 = " + beta1 + "; must be in [0, 1)");
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("Invalid beta2 = " + beta2 + "; must be in [0, 1)");
    }
    if (!(eps > 0) || !Double.isFinite(eps)) {
      throw new IllegalArgumentException("Invalid eps = " + eps + "; must be > 0 and finite");
    }
    this.parameters = List.copyOf(parameters);
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    m = new double[this.parameters.size()][];
    v = new double[this.parameters.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = new double[this.parameters.get(i).value().length];
      v[i] = new double[m[i].length];
    }
  }

  /** Returns the number of steps taken. */
  public long steps() {
    return t;
  }

  /** One update from the current gradients (which are left unchanged). */
  public void step() {
    t++;
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    for (int p = 0; p < m.length; p++) {
      float[] value = parameters.get(p).value();
      float[] grad = parameters.get(p).grad();
      double[] mp = m[p];
      double[] vp = v[p];
      for (int i = 0; i < value.length; i++) {
        double g = grad[i];
        mp[i] = beta1 * mp[i] + (1 - beta1) * g;
        vp[i] = beta2 * vp[i] + (1 - beta2) * g * g;
        value[i] -= (float) (lr * (mp[i] / c1) / (Math.sqrt(vp[i] / c2) + eps));
      }
    }
  }

  /**
   * Writes the optimizer's state (step count and both moments) for a training checkpoint.
   *
   * @param out where to write
   * @throws IOException from {@code out}
   */
  public void writeState(DataOutput out) throws IOException {
    out.writeLong(t);
    out.writeInt(m.length);
    for (int p = 0; p < m.length; p++) {
      out.writeInt(m[p].length);
      for (int i = 0; i < m[p].length; i++) {
        out.writeDouble(m[p][i]);
        out.writeDouble(v[p][i]);
      }
    }
  }

  /**
   * Restores a state written by {@link #writeState} for the same parameter shapes.
   *
   * @param in where to read
   * @throws IOException from {@code in}, or when the shapes differ (a checkpoint of another model)
   */
  public void readState(DataInput in) throws IOException {
    long steps = in.readLong();
    int n = in.readInt();
    if (steps < 0 || n != m.length) {
      throw new IOException(
          "Invalid optimizer state: " + n + " parameter tensors, this model has " + m.length);
    }
    double[][] nm = new double[n][];
    double[][] nv = new double[n][];
    for (int p = 0; p < n; p++) {
      int len = in.readInt();
      if (len != m[p].length) {
        throw new IOException(
            "Invalid optimizer state: tensor "
                + p
                + " has "
                + len
                + " values, expected "
                + m[p].length);
      }
      nm[p] = new double[len];
      nv[p] = new double[len];
      for (int i = 0; i < len; i++) {
        nm[p][i] = in.readDouble();
        nv[p][i] = in.readDouble();
      }
    }
    for (int p = 0; p < n; p++) {
      System.arraycopy(nm[p], 0, m[p], 0, m[p].length);
      System.arraycopy(nv[p], 0, v[p], 0, v[p].length);
    }
    t = steps;
  }
}
