package dev.hiss.forecasting.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The derived CSV files read back through {@link CsvSeries}. */
class CsvDeriveTest {

  @Test
  void theAppendedHeartRateReadsBackAsTheDerivationOfTheEcgColumn() {
    int n = (int) (20 * SyntheticEcg.FS);
    int[] beats = SyntheticEcg.beats(n, 5);
    float[] ecg = SyntheticEcg.ecg(n, beats, 0.02, 9);
    StringBuilder in = new StringBuilder("t_s,\"ecg_mV\",note\n");
    for (int i = 0; i < n; i++) {
      in.append(String.format(Locale.ROOT, "%.5f,%.5f,\"a,b\"%n", i / SyntheticEcg.FS, ecg[i]));
      if (i == 100) {
        in.append('\n'); // a blank line is skipped, not a sample
      }
    }
    StringWriter out = new StringWriter();
    int peaks =
        CsvDerive.appendHeartRate(
            new StringReader(in.toString()), out, "ecg.csv", "ecg_mV", 360, "heart_rate_bpm");
    assertEquals(beats.length, peaks);

    SeriesTable t =
        CsvSeries.read(
            new StringReader(out.toString()),
            "out.csv",
            new CsvSpec("t_s", null, List.of("ecg_mV"), List.of("heart_rate_bpm")));
    Series s = t.series().get(0);
    assertEquals(n, s.rows());
    float[] parsed = new float[n];
    for (int i = 0; i < n; i++) {
      parsed[i] = (float) s.inputs().values()[i][0];
    }
    float[] expected = HeartRate.fromEcg(parsed, 360);
    int present = 0;
    for (int i = 0; i < n; i++) {
      boolean has = s.targets().present()[i][0];
      assertEquals(!Float.isNaN(expected[i]), has, "row " + i);
      if (has) {
        assertEquals(expected[i], s.targets().values()[i][0], 1e-4, "row " + i);
        present++;
      }
    }
    assertTrue(present > n * 0.8, "rate present on most rows: " + present);
    assertTrue(out.toString().lines().skip(1).allMatch(l -> l.contains("\"a,b\"")), "row kept");
  }

  @Test
  void heartRateRejectsAnUnknownOrExistingColumnAndANonNumericValue() {
    String csv = "t,ecg\n0,0.1\n1,x\n";
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CsvDerive.appendHeartRate(reader(csv), new StringWriter(), "f", "mv", 360, "hr"));
    assertTrue(e.getMessage().startsWith("Unknown column 'mv' in f"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CsvDerive.appendHeartRate(reader(csv), new StringWriter(), "f", "ecg", 360, "t"));
    assertEquals("Invalid output column 't': f already has it", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CsvDerive.appendHeartRate(reader(csv), new StringWriter(), "f", "ecg", 360, "hr"));
    assertEquals("f line 3: column 'ecg' has non-numeric value 'x'", e.getMessage());
  }

  @Test
  void wideToLongGivesOneContiguousSeriesPerColumnInFileOrder() {
    String wide =
        "\"date\",\"A\",\"B,2\",C\n"
            + "2000-01-01,1.5,NA,3\n"
            + "2000-01-02,,2.5,4\n"
            + "\n"
            + "2000-01-03,7,8,NaN\n";
    StringWriter out = new StringWriter();
    int series = CsvDerive.toLong(reader(wide), out, "wide.csv", "date", "station", "pm10");
    assertEquals(3, series);
    List<String> lines = out.toString().lines().toList();
    assertEquals("date,station,pm10", lines.get(0));
    assertEquals("2000-01-01,A,1.5", lines.get(1));
    assertEquals("2000-01-01,\"B,2\",", lines.get(4));
    assertEquals(10, lines.size());

    SeriesTable t =
        CsvSeries.read(
            new StringReader(out.toString()),
            "long.csv",
            new CsvSpec("date", "station", List.of(), List.of("pm10")));
    assertEquals(List.of("A", "B,2", "C"), t.series().stream().map(Series::id).toList());
    Series b = t.series("B,2");
    assertEquals(List.of("2000-01-01", "2000-01-02", "2000-01-03"), b.times());
    assertFalse(b.targets().present()[0][0]);
    assertEquals(2.5, b.targets().values()[1][0]);
    assertEquals(8.0, b.targets().values()[2][0]);
    Series c = t.series("C");
    assertEquals(3.0, c.targets().values()[0][0]);
    assertFalse(c.targets().present()[2][0]);
    assertEquals(3, t.count("pm10").missing(), "missing: A day 2, B day 1, C day 3");
  }

  @Test
  void wideToLongRejectsABadFieldCountAndClashingNames() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CsvDerive.toLong(reader("d,a\n1,2,3\n"), new StringWriter(), "w", "d", "s", "v"));
    assertEquals("w line 2: 3 fields, the header has 2", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CsvDerive.toLong(reader("d,a\n1,2\n"), new StringWriter(), "w", "d", "v", "v"));
    assertTrue(e.getMessage().endsWith("they must differ"), e.getMessage());
  }

  private static StringReader reader(String s) {
    return new StringReader(s);
  }
}
