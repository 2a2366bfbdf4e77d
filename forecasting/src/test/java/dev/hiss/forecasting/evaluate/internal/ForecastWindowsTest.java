package dev.hiss.forecasting.evaluate.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.data.CsvSeries;
import dev.hiss.forecasting.data.CsvSpec;
import dev.hiss.forecasting.data.SeriesTable;
import dev.hiss.forecasting.data.SplitFractions;
import dev.hiss.forecasting.data.TimeSplit;
import dev.hiss.forecasting.evaluate.BadRequestException;
import dev.hiss.forecasting.evaluate.internal.ForecastWindows.Window;
import dev.hiss.model.hiss.Seq2SeqData;
import java.io.StringReader;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Where the neural forecast windows lie, what they hold, and that no target leaks backwards. */
class ForecastWindowsTest {
  private static final SplitFractions SPLIT = new SplitFractions(0.6, 0.2, 0.2);

  /** One series "a" of {@code rows} rows with value v(t), and one series "b" = v(t) + 100. */
  private static SeriesTable table(int rows, IntToDoubleFunction v) {
    StringBuilder sb = new StringBuilder("s,y\n");
    for (String s : new String[] {"a", "b"}) {
      for (int t = 0; t < rows; t++) {
        double y = v.applyAsDouble(t) + (s.equals("b") ? 100 : 0);
        sb.append(s).append(',');
        sb.append(Double.isNaN(y) ? "" : String.format(Locale.ROOT, "%.6f", y)).append('\n');
      }
    }
    return CsvSeries.read(
        new StringReader(sb.toString()), "t.csv", new CsvSpec(null, "s", List.of(), List.of("y")));
  }

  @Test
  void trainingValidationAndTestWindowsLieInTheirPartsAndTestMatchesTheBaselines() {
    ForecastPrep prep = new ForecastPrep(table(100, t -> t), 3, 10, SPLIT);
    ForecastWindows w = new ForecastWindows(prep, 10);
    // rows 0..59 train, 60..79 validation, 80..99 test; L = 10, h = 3
    assertEquals(1, w.stride());
    assertEquals(
        IntStream.rangeClosed(9, 56).boxed().toList(),
        w.train().stream().filter(x -> x.series() == 0).map(Window::origin).toList());
    assertEquals(
        List.of(59, 62, 65, 68, 71, 74),
        w.validation().stream().filter(x -> x.series() == 0).map(Window::origin).toList());
    assertEquals(
        IntStream.of(prep.testOrigins(1)).boxed().toList(),
        w.test().stream().filter(x -> x.series() == 1).map(Window::origin).toList());
    assertEquals(2 * 6, w.test().size());
  }

  @Test
  void noTrainingOrValidationTargetComesFromALaterPartEvenWithAStride() {
    ForecastPrep prep = new ForecastPrep(table(3000, t -> Math.sin(t / 5.0)), 7, 48, SPLIT);
    ForecastWindows w = new ForecastWindows(prep, 48);
    assertTrue(w.stride() > 1, "stride " + w.stride());
    assertTrue(w.train().size() <= ForecastWindows.MAX_TRAINING_WINDOWS, "" + w.train().size());
    assertTrue(w.train().size() > ForecastWindows.MAX_TRAINING_WINDOWS / 2, "" + w.train().size());
    for (Window x : w.train()) {
      TimeSplit ts = prep.splits().get(x.series());
      assertTrue(x.origin() >= 47 && x.origin() + 7 < ts.train().end(), x.toString());
    }
    for (Window x : w.validation()) {
      TimeSplit ts = prep.splits().get(x.series());
      assertTrue(x.origin() + 1 >= ts.validation().start(), x.toString());
      assertTrue(x.origin() + 7 < ts.validation().end(), x.toString());
    }
  }

  @Test
  void dataHoldsTheNormalizedHistoryAndOnlyTheLastStepCarriesTheHTargets() {
    ForecastPrep prep = new ForecastPrep(table(100, t -> t == 70 ? Double.NaN : t), 3, 10, SPLIT);
    ForecastWindows w = new ForecastWindows(prep, 10);
    double mean = prep.targetNorm().mean()[0];
    double std = prep.targetNorm().std()[0];
    Window first = w.validation().get(0); // series a, origin 59
    Seq2SeqData d = w.data(List.of(first), 5);
    assertEquals(10, d.inputLength());
    assertEquals(2, d.outputLength());
    assertEquals(3, d.outputDim());
    for (int i = 0; i < 10; i++) {
      assertEquals((50 + i - mean) / std, d.inputs()[i], 1e-5, "history row " + (50 + i));
    }
    assertArrayEquals(new boolean[] {false, true}, d.mask());
    for (int r = 0; r < 3; r++) {
      assertEquals(0f, d.targets()[r], "step 0 is empty");
      assertEquals((60 + r - mean) / std, d.targets()[3 + r], 1e-5, "target row " + (60 + r));
    }
    // the validation window whose targets hold the missing row 70 (origin 68) is masked out;
    // the one whose history holds it has a 0 (the training mean) there
    Seq2SeqData v = w.data(w.validation().subList(0, 6), 1);
    assertFalse(v.mask()[3 * 10 + 9], "origin 68: row 70 missing");
    assertTrue(v.mask()[4 * 10 + 9], "origin 71");
    assertEquals(0f, v.inputs()[4 * 10 + 9 - 1], "origin 71, history row 70");
  }

  @Test
  void changingTheTestPartChangesNoTrainingOrValidationValue() {
    IntToDoubleFunction clean = t -> Math.sin(t / 3.0) + t / 50.0;
    IntToDoubleFunction poisoned = t -> t >= 80 ? 1e6 : clean.applyAsDouble(t);
    ForecastPrep a = new ForecastPrep(table(100, clean), 4, 12, SPLIT);
    ForecastPrep b = new ForecastPrep(table(100, poisoned), 4, 12, SPLIT);
    assertArrayEquals(a.targetNorm().mean(), b.targetNorm().mean());
    assertArrayEquals(a.targetNorm().std(), b.targetNorm().std());
    ForecastWindows wa = new ForecastWindows(a, 12);
    ForecastWindows wb = new ForecastWindows(b, 12);
    for (int k : new int[] {1, 4}) {
      assertSame(wa.data(wa.train(), k), wb.data(wb.train(), k));
      assertSame(wa.data(wa.validation(), k), wb.data(wb.validation(), k));
    }
    Seq2SeqData ta = wa.data(wa.test(), 1);
    Seq2SeqData tb = wb.data(wb.test(), 1);
    assertFalse(java.util.Arrays.equals(ta.targets(), tb.targets()), "the poison is in the test");
  }

  private static void assertSame(Seq2SeqData x, Seq2SeqData y) {
    assertArrayEquals(x.inputs(), y.inputs());
    assertArrayEquals(x.targets(), y.targets());
    assertArrayEquals(x.mask(), y.mask());
  }

  @Test
  void aHistoryLongerThanTheTrainingPartIsAClearError() {
    ForecastPrep prep = new ForecastPrep(table(100, t -> t), 3, 80, SPLIT);
    BadRequestException e =
        assertThrows(BadRequestException.class, () -> new ForecastWindows(prep, 80));
    assertTrue(e.getMessage().startsWith("Invalid --episode-length = 80 with --horizon = 3"));
  }
}
