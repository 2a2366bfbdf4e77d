package dev.hiss.model.hiss;

import static dev.hiss.model.hiss.HissTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole-model gradient check: central finite differences in float32 (the kernels are float-only)
 * for every entry of every parameter tensor and of the input, through chunking, the LL levels with
 * per-chunk reset, the last-step chunk feature, the HL level and the head, in training mode with
 * dropout (the masks are fixed by re-seeding the dropout generator for each evaluation). Loss L = Σ
 * w·ŷ accumulated in double.
 *
 * <p>Tolerance: with a step of 1e-2 the float rounding noise of L is about 1e-6·|L|, giving about
 * 1e-4 in a difference quotient, and the O(ε²) truncation error is of the same size; an entry
 * passes if |fd − g| ≤ 3e-2·s + 3e-4, where s = max(max |g| over the tensor, 5 % of the largest
 * gradient entry of the model). A wrong sign, a missing term or a factor error is far outside this.
 */
class HissModelGradientTest {

  private static final float STEP = 1e-2f;
  private static final int BATCH = 2;

  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of("S4D→Mamba", HissTestSupport.s4dMamba(2, 2, 3), 9),
        Arguments.of("S4→S4D", HissTestSupport.s4S4d(2, 1, 3), 9),
        Arguments.of("Mamba→S4", HissTestSupport.mambaS4(1, 2, 4), 8),
        Arguments.of("three levels", HissTestSupport.threeLevel(2, 1, 2, 2), 8),
        Arguments.of("flat S4D, stride 3", HissTestSupport.flatS4d(2, 2, 3), 9),
        Arguments.of("flat Mamba, stride 2", HissTestSupport.flatMamba(2, 1, 2), 8),
        Arguments.of("S5→LSTM", HissTestSupport.s5Lstm(2, 2, 3), 9),
        Arguments.of("LSTM→S5", HissTestSupport.lstmS5(1, 2, 4), 8),
        Arguments.of("flat S5, stride 3", HissTestSupport.flatS5(2, 1, 3), 9),
        Arguments.of("flat LSTM, stride 2", HissTestSupport.flatLstm(2, 2, 2), 8),
        Arguments.of("Transformer→S4D", HissTestSupport.transformerS4d(2, 2, 4), 8),
        Arguments.of("LSTM→Transformer", HissTestSupport.lstmTransformer(1, 2, 3), 9),
        Arguments.of("flat Transformer, stride 2", HissTestSupport.flatTransformer(2, 2, 2), 8),
        Arguments.of(
            "Transformer with dropout→S4D", HissTestSupport.transformerDropoutS4d(2, 2, 4), 8),
        Arguments.of(
            "flat Transformer with dropout, stride 2",
            HissTestSupport.flatTransformerDropout(2, 2, 2),
            8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void everyParameterAndTheInputMatchFiniteDifferences(String name, HissConfig config, int length) {
    HissModel model = new HissModel(config, 17);
    int lOut = config.outputLength(length);
    float[] x = randomFloats(BATCH * length * config.inputDim(), 3);
    float[] w = randomFloats(BATCH * lOut * config.outputDim(), 4);
    DoubleSupplier loss =
        () -> {
          float[] y = model.forward(x, BATCH, length, new SplittableRandom(99));
          double s = 0;
          for (int i = 0; i < y.length; i++) {
            s += (double) w[i] * y[i];
          }
          return s;
        };
    model.zeroGrad();
    model.forward(x, BATCH, length, new SplittableRandom(99));
    float[] dx = model.backward(w.clone());

    List<Parameter> params = model.parameters();
    double global = maxAbs(dx);
    for (Parameter p : params) {
      global = Math.max(global, maxAbs(p.grad()));
    }
    Set<String> names = new HashSet<>();
    for (Parameter p : params) {
      assertTrue(names.add(p.name()), "duplicate parameter name " + p.name());
      check(p.name(), p.value(), p.grad().clone(), global, loss);
    }
    check("input", x, dx, global, loss);
    assertTrue(params.size() >= 10, "too few parameter tensors: " + params.size());
  }

  static double maxAbs(float[] a) {
    double m = 0;
    for (float v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  static void check(String name, float[] x, float[] grad, double global, DoubleSupplier loss) {
    double tensorMax = maxAbs(grad);
    assertTrue(tensorMax > 0, name + ": gradient is identically zero");
    double scale = Math.max(tensorMax, 0.05 * global);
    for (int i = 0; i < x.length; i++) {
      float keep = x[i];
      float hp = keep + STEP;
      float hm = keep - STEP;
      x[i] = hp;
      double lp = loss.getAsDouble();
      x[i] = hm;
      double lm = loss.getAsDouble();
      x[i] = keep;
      double fd = (lp - lm) / ((double) hp - hm);
      double err = Math.abs(fd - grad[i]);
      assertTrue(
          err <= 3e-2 * scale + 3e-4,
          name
              + "["
              + i
              + "]: analytic "
              + grad[i]
              + " vs finite difference "
              + fd
              + " (scale "
              + scale
              + ")");
    }
  }
}
