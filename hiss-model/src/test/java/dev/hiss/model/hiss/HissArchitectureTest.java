package dev.hiss.model.hiss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hiss.model.ssm.MambaConfig;
import dev.hiss.model.ssm.MambaLayer;
import dev.hiss.model.ssm.MambaParams;
import dev.hiss.model.ssm.S4DConfig;
import dev.hiss.model.ssm.S4DLayer;
import dev.hiss.model.ssm.S4DParams;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The forward maths of HISS-MATH §1.1–1.2 recomposed by hand from the model's named parameters and
 * the public SSM layers: LL = Linear → [x + GLU(Linear(GELU(S4D(LN(x)))))] → Linear at the chunk's
 * last step; HL = [r + Mamba(LN(r))] → LN_f → head. Catches a wrong block order, swapped GLU halves
 * or a missing final norm, which the gradient checks alone would not.
 */
class HissArchitectureTest {

  private static final int D_IN = 2;
  private static final int H_LL = 3;
  private static final int H_HL = 4;
  private static final int D_OUT = 2;
  private static final int K = 4;
  private static final int LC = 3;

  @Test
  void forwardEqualsTheHandComposedHissComputation() {
    HissConfig config =
        HissConfig.twoLevel(
            D_IN,
            D_OUT,
            new LevelConfig(LevelConfig.LayerType.S4D, H_LL, 1, 0.3, 2),
            new LevelConfig(LevelConfig.LayerType.MAMBA, H_HL, 1, 0, 3),
            K);
    HissModel model = new HissModel(config, 31);
    Map<String, float[]> p = new HashMap<>();
    model.parameters().forEach(q -> p.put(q.name(), q.value()));
    float[] x = HissTestSupport.randomFloats(LC * K * D_IN, 4);

    S4DParams s4d = S4DParams.zeros(S4DConfig.defaults(H_LL, 2));
    s4d.arrays().forEach((n, a) -> copy(p.get("level0.block0.kernel." + n), a));
    S4DLayer ll = new S4DLayer(s4d);
    float[] features = new float[LC * H_HL];
    for (int j = 0; j < LC; j++) {
      float[] e = new float[K * H_LL];
      for (int t = 0; t < K; t++) {
        float[] row = linear(x, (j * K + t) * D_IN, D_IN, p, "level0.embed", H_LL);
        System.arraycopy(row, 0, e, t * H_LL, H_LL);
      }
      float[] z = new float[K * H_LL];
      for (int t = 0; t < K; t++) {
        System.arraycopy(norm(e, t * H_LL, H_LL, p, "level0.block0.norm"), 0, z, t * H_LL, H_LL);
      }
      float[] s = new float[z.length];
      ll.forward(z, 1, K, s);
      int last = (K - 1) * H_LL;
      float[] g = new float[H_LL];
      for (int h = 0; h < H_LL; h++) {
        g[h] = (float) gelu(s[last + h]);
      }
      float[] lin = linear(g, 0, H_LL, p, "level0.block0.out", 2 * H_LL);
      float[] r = new float[H_LL];
      for (int h = 0; h < H_LL; h++) {
        r[h] = (float) (e[last + h] + lin[h] / (1 + Math.exp(-lin[H_LL + h])));
      }
      System.arraycopy(linear(r, 0, H_LL, p, "level0.out", H_HL), 0, features, j * H_HL, H_HL);
    }
    assertClose(features, model.chunkFeatures(x, 1, LC * K, 1), 1e-5, "LL chunk features");

    MambaConfig mc = MambaConfig.defaults(H_HL);
    MambaParams mp = MambaParams.zeros(mc.withSizes(3, mc.dConv(), mc.expand(), mc.dtRank()));
    mp.arrays().forEach((n, a) -> copy(p.get("level1.block0.kernel." + n), a));
    float[] z = new float[features.length];
    for (int j = 0; j < LC; j++) {
      float[] n = norm(features, j * H_HL, H_HL, p, "level1.block0.norm");
      System.arraycopy(n, 0, z, j * H_HL, H_HL);
    }
    float[] m = new float[z.length];
    new MambaLayer(mp).forward(z, 1, LC, m);
    float[] expected = new float[LC * D_OUT];
    for (int j = 0; j < LC; j++) {
      float[] r = new float[H_HL];
      for (int h = 0; h < H_HL; h++) {
        r[h] = features[j * H_HL + h] + m[j * H_HL + h];
      }
      float[] f = norm(r, 0, H_HL, p, "level1.normF");
      System.arraycopy(linear(f, 0, H_HL, p, "level1.out", D_OUT), 0, expected, j * D_OUT, D_OUT);
    }
    assertClose(expected, model.predict(x, 1, LC * K), 1e-5, "HL predictions");
  }

  private static void copy(float[] from, float[] to) {
    System.arraycopy(from, 0, to, 0, to.length);
  }

  private static float[] linear(
      float[] x, int off, int in, Map<String, float[]> p, String name, int out) {
    float[] w = p.get(name + ".weight");
    float[] b = p.get(name + ".bias");
    float[] y = new float[out];
    for (int o = 0; o < out; o++) {
      double s = b[o];
      for (int i = 0; i < in; i++) {
        s += (double) w[o * in + i] * x[off + i];
      }
      y[o] = (float) s;
    }
    return y;
  }

  private static float[] norm(float[] x, int off, int width, Map<String, float[]> p, String name) {
    double mean = 0;
    for (int i = 0; i < width; i++) {
      mean += x[off + i];
    }
    mean /= width;
    double var = 0;
    for (int i = 0; i < width; i++) {
      var += (x[off + i] - mean) * (x[off + i] - mean);
    }
    double rstd = 1 / Math.sqrt(var / width + 1e-5);
    float[] y = new float[width];
    for (int i = 0; i < width; i++) {
      y[i] =
          (float)
              ((x[off + i] - mean) * rstd * p.get(name + ".weight")[i] + p.get(name + ".bias")[i]);
    }
    return y;
  }

  /** x·Φ(x) by Simpson integration of the normal density (independent of the model's erf). */
  private static double gelu(double x) {
    int n = 2000;
    double a = 0;
    double h = x / n;
    double s = 0;
    for (int i = 0; i <= n; i++) {
      double t = a + i * h;
      double f = Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
      s += (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * f;
    }
    return x * (0.5 + s * h / 3);
  }

  private static void assertClose(float[] expected, float[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
    }
  }
}
