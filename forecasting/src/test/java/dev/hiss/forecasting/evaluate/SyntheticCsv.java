package dev.hiss.forecasting.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Synthetic seq2seq data with a known answer: chunks of 10 input samples around a level a_j drawn
 * uniformly from [−1, 1] (fresh for every chunk), and the target 2·(chunk mean) + 1, so that the
 * target is a smooth function of the chunk and unpredictable from past targets alone.
 */
final class SyntheticCsv {
  static final int ROWS = 3000;
  static final int CHUNK = 10;

  /** Rows (0-based) with an empty input, and with an empty target. */
  static final int[] MISSING_INPUT = {5, 1203, 2805};

  static final int[] MISSING_TARGET = {19, 2809};

  private SyntheticCsv() {}

  /**
   * Writes the file.
   *
   * @param poisonFrom rows at or after this index get absurd values (1e6), to check for leakage;
   *     {@link #ROWS} for clean data
   */
  static Path write(Path dir, String name, int poisonFrom) throws IOException {
    Random rnd = new Random(42);
    StringBuilder sb = new StringBuilder("t,x,y\n");
    double level = 0;
    double sum = 0;
    for (int t = 0; t < ROWS; t++) {
      if (t % CHUNK == 0) {
        level = 2 * rnd.nextDouble() - 1;
        sum = 0;
      }
      double x = level + 0.05 * rnd.nextGaussian();
      sum += x;
      double y = 2 * sum / (t % CHUNK + 1) + 1;
      if (t >= poisonFrom) {
        x = 1e6;
        y = -1e6;
      }
      String xs = contains(MISSING_INPUT, t) ? "" : String.format(Locale.ROOT, "%.6f", x);
      String ys = contains(MISSING_TARGET, t) ? "NA" : String.format(Locale.ROOT, "%.6f", y);
      sb.append(t).append(',').append(xs).append(',').append(ys).append('\n');
    }
    Path p = dir.resolve(name);
    Files.writeString(p, sb.toString());
    return p;
  }

  private static boolean contains(int[] a, int v) {
    for (int x : a) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }
}
