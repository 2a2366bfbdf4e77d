package dev.hiss.forecasting.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hiss.forecasting.data.MaskedArray;
import dev.hiss.forecasting.data.Segment;
import dev.hiss.forecasting.data.Series;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContinuousSeq2SeqTest {
  /** Input row t = [t, -t]; target row t = [100 + t], missing at t = 9. */
  private static Series series(int n) {
    double[][] in = new double[n][];
    double[] out = new double[n];
    for (int t = 0; t < n; t++) {
      in[t] = new double[] {t, -t};
      out[t] = t == 9 ? Double.NaN : 100 + t;
    }
    return new Series("s", List.of(), MaskedArray.fromNaN(in), MaskedArray.column(out));
  }

  @Test
  void targetJIsAlignedWithTheEndOfChunkJ() {
    Series s = series(20);
    Seq2SeqSample x = new ContinuousSeq2Seq(5).sample("s", 0, s.inputs(), s.targets());
    assertSame(s.inputs(), x.input());
    // chunks [0,5), [5,10), [10,15), [15,20) end at rows 4, 9, 14, 19
    assertArrayEquals(new double[] {104, Double.NaN, 114, 119}, x.target().columnValues(0), 0);
    assertFalse(x.target().present()[1][0], "the missing target at row 9 stays masked");
  }

  @Test
  void episodesOfARangeEachHaveTheirOwnTargets() {
    List<Seq2SeqSample> e =
        new ContinuousSeq2Seq(5).samples(series(27), new Segment("s", 2, 27), 10);
    assertEquals(2, e.size());
    assertEquals(2, e.get(0).start());
    assertEquals(12, e.get(1).start());
    assertArrayEquals(new double[] {106, 111}, e.get(0).target().columnValues(0), 0);
    assertArrayEquals(new double[] {116, 121}, e.get(1).target().columnValues(0), 0);
    assertEquals(10, e.get(1).input().rows());
    assertArrayEquals(new double[] {12, -12}, e.get(1).input().values()[0], 0);
  }

  @Test
  void lowRateTargetsMustMatchTheChunkCount() {
    Series s = series(20);
    ContinuousSeq2Seq task = new ContinuousSeq2Seq(10);
    MaskedArray ok = MaskedArray.column(new double[] {1, 2});
    assertEquals(2, task.sampleLowRate("s", 0, s.inputs(), ok).target().rows());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> task.sampleLowRate("s", 0, s.inputs(), MaskedArray.column(new double[] {1})));
    assertEquals("Invalid target length = 1; must be input length 20 / chunk 10", e.getMessage());
  }

  @Test
  void chunkThatDoesNotDivideIsAClearError() {
    Series s = series(22);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ContinuousSeq2Seq(5).sample("s", 0, s.inputs(), s.targets()));
    assertEquals(
        "Invalid chunk = 5: input length 22 is not a positive multiple of it", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new ContinuousSeq2Seq(5).samples(s, new Segment("s", 0, 22), 12));
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> new ContinuousSeq2Seq(0));
    assertEquals("Invalid chunk = 0; must be >= 1", zero.getMessage());
  }
}
