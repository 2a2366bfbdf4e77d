package dev.hiss.forecasting.evaluate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.data.CsvSeries;
import dev.hiss.forecasting.data.CsvSpec;
import dev.hiss.forecasting.data.SeriesTable;
import dev.hiss.forecasting.data.SplitFractions;
import dev.hiss.forecasting.evaluate.BadRequestException;
import dev.hiss.model.hiss.Seq2SeqData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Δt scales of {@code --dt-from-time}: gap over the training median, per series. */
class DtFromTimeTest {

  @TempDir Path dir;

  @Test
  void scaleIsTheGapOverTheTrainingMedianPerSeries() throws Exception {
    // series a: gaps 1,2,1,2,... in training, 10 later; series b: gaps 3
    StringBuilder sb = new StringBuilder("t,s,x,y\n");
    double ta = 0;
    double tb = 100;
    for (int i = 0; i < 40; i++) {
      if (i > 0) {
        ta += i < 20 ? (i % 2 == 1 ? 1 : 2) : 10;
        tb += 3;
      }
      sb.append(ta).append(",a,1,1\n");
      sb.append(tb).append(",b,1,1\n");
    }
    Path csv = dir.resolve("two.csv");
    Files.writeString(csv, sb.toString());
    SeriesTable table = CsvSeries.read(csv, new CsvSpec("t", "s", List.of("x"), List.of("y")));
    Seq2SeqPrep prep = new Seq2SeqPrep(table, 2, 10, new SplitFractions(0.5, 0.25, 0.25));
    DtFromTime dt = new DtFromTime(table, prep.train());
    // training rows: 0..19 of each series; gaps a: 1,2,1,2,... (19 gaps: 10 ones, 9 twos), b: 19
    // threes -> median of 10×1, 9×2, 19×3 = 2.5? sorted: 10 ones, 9 twos, 19 threes (38 values):
    // elements 19 and 20 (1-based) are 2 and 3 -> median 2.5
    assertEquals(2.5, dt.median(), 1e-12);
    assertEquals(1.0, dt.scale("a", 0), 0.0);
    assertEquals(1 / 2.5, dt.scale("a", 1), 1e-12);
    assertEquals(2 / 2.5, dt.scale("a", 2), 1e-12);
    assertEquals(10 / 2.5, dt.scale("a", 30), 1e-12);
    assertEquals(3 / 2.5, dt.scale("b", 5), 1e-12);

    Seq2SeqData d = prep.data(prep.test());
    Seq2SeqData appended = dt.append(d, prep.test());
    assertEquals(d.inputDim() + 1, appended.inputDim());
    var first = prep.test().get(0);
    for (int t = 0; t < d.inputLength(); t++) {
      assertEquals(d.inputs()[t], appended.inputs()[2 * t], 0f);
      assertEquals(
          (float) dt.scale(first.series(), first.start() + t), appended.inputs()[2 * t + 1], 0f);
    }
  }

  @Test
  void isoDateTimesAndDatesAreSeconds() {
    assertEquals(1.5, DtFromTime.seconds("1.5", "s", 0), 0.0);
    assertEquals(86400.0, DtFromTime.seconds("1970-01-02", "s", 0), 0.0);
    assertEquals(3600.25, DtFromTime.seconds("1970-01-01T01:00:00.25Z", "s", 0), 1e-9);
    assertEquals(0.0, DtFromTime.seconds("1970-01-01T01:00:00+01:00", "s", 0), 0.0);
    assertEquals(60.0, DtFromTime.seconds("1970-01-01T00:01", "s", 0), 0.0);
    BadRequestException e =
        assertThrows(BadRequestException.class, () -> DtFromTime.seconds("noon", "s", 4));
    assertTrue(e.getMessage().contains("row 5 of series 's'"), e.getMessage());
  }
}
