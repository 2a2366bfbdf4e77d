package dev.hiss.model.hiss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Adam against hand-computed updates, and the masked MSE against hand-computed values. */
class TrainingPiecesTest {

  @Test
  void adamMatchesTheTorchUpdateRule() {
    float[] value = {1f, -2f};
    float[] grad = {0.5f, -0.25f};
    Adam adam = new Adam(List.of(new Parameter("p", value, grad)), 0.1, 0.8, 0.9, 1e-3);
    adam.step();
    // Step 1: m̂ = g, v̂ = g², update = lr·g/(|g| + ε).
    assertEquals(1 - 0.1 * 0.5 / (0.5 + 1e-3), value[0], 1e-7);
    assertEquals(-2 + 0.1 * 0.25 / (0.25 + 1e-3), value[1], 1e-7);
    float after1 = value[0];
    grad[0] = -1f;
    adam.step();
    double m = 0.8 * (0.2 * 0.5) + 0.2 * -1;
    double v = 0.9 * (0.1 * 0.25) + 0.1 * 1;
    double mHat = m / (1 - 0.64);
    double vHat = v / (1 - 0.81);
    assertEquals(after1 - 0.1 * mHat / (Math.sqrt(vHat) + 1e-3), value[0], 1e-6);
    assertEquals(2, adam.steps());
  }

  @Test
  void adamValidatesHyperParameters() {
    List<Parameter> none = List.of();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Adam(none, 0, 0.9, 0.999, 1e-8));
    assertEquals("Invalid lr = 0.0; must be > 0 and finite", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Adam(none, 1e-3, 1, 0.999, 1e-8));
    assertThrows(IllegalArgumentException.class, () -> new Adam(none, 1e-3, 0.9, 0.999, 0));
  }

  @Test
  void maskedMseAveragesOverValidStepsAndChannelsOnly() {
    float[] pred = {1, 2, 3, 4, 5, 6};
    float[] target = {0, 2, 3, 6, Float.NaN, Float.NaN};
    boolean[] mask = {true, true, false};
    float[] grad = new float[6];
    double loss = MaskedMse.loss(pred, target, mask, 2, grad);
    assertEquals((1.0 + 0 + 0 + 4) / 4, loss, 1e-12);
    assertArrayEquals(new float[] {0.5f, 0f, 0f, -1f, 0f, 0f}, grad, 1e-7f);
    assertEquals(0, MaskedMse.loss(pred, target, new boolean[3], 2, grad));
    assertEquals(
        (1.0 + 4 + 9 + 16 + 25 + 36) / 6, MaskedMse.loss(pred, new float[6], null, 2, null), 1e-12);
  }
}
