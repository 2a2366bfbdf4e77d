package dev.hiss.forecasting.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.data.MaskedArray;
import dev.hiss.forecasting.data.Segment;
import dev.hiss.forecasting.data.Series;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiHorizonTest {
  /** Input = target = t, missing at t = 5. */
  private static Series series(int n) {
    double[] x = new double[n];
    for (int t = 0; t < n; t++) {
      x[t] = t == 5 ? Double.NaN : t;
    }
    MaskedArray a = MaskedArray.column(x);
    return new Series("s", List.of(), a, a);
  }

  @Test
  void windowsHoldHistoryUpToTheOriginAndTheNextHRows() {
    ForecastWindows w = new MultiHorizon(3, 2, 2).windows(series(10));
    // origins o with o - 2 >= 0 and o + 2 < 10, every 2 rows: 2, 4, 6
    assertArrayEquals(new int[] {2, 4, 6}, w.origins());
    assertArrayEquals(new double[] {0}, w.history()[0][0], 0);
    assertArrayEquals(new double[] {2}, w.history()[0][2], 0);
    assertArrayEquals(new double[] {3}, w.future()[0][0], 0);
    assertArrayEquals(new double[] {4}, w.future()[0][1], 0);
    assertFalse(w.futurePresent()[1][0][0], "row 5 is missing in the future of origin 4");
    assertFalse(w.historyPresent()[2][1][0], "row 5 is missing in the history of origin 6");
    for (int i = 0; i < w.size(); i++) {
      for (int r = 0; r < 3; r++) {
        double v = w.history()[i][r][0];
        assertTrue(Double.isNaN(v) || v <= w.origins()[i]);
      }
      for (int r = 0; r < 2; r++) {
        double v = w.future()[i][r][0];
        assertTrue(Double.isNaN(v) || v > w.origins()[i]);
      }
    }
  }

  @Test
  void rangeRestrictsTheWindows() {
    ForecastWindows w = new MultiHorizon(2, 1, 1).windows(series(10), new Segment("s", 6, 10));
    assertArrayEquals(new int[] {7, 8}, w.origins());
  }

  @Test
  void tooShortRangesAndBadParametersAreErrors() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new MultiHorizon(8, 5, 1).windows(series(10)));
    assertEquals(
        "Range of 10 rows of series 's' is too short for history 8 + horizon 5", e.getMessage());
    IllegalArgumentException h =
        assertThrows(IllegalArgumentException.class, () -> new MultiHorizon(3, 0, 1));
    assertEquals("Invalid horizon = 0; must be >= 1", h.getMessage());
  }
}
