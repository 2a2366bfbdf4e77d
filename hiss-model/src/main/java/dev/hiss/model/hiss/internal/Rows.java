package dev.hiss.model.hiss.internal;

import java.util.stream.IntStream;

/**
 * Splits independent rows of an elementwise or row-wise operation over the common pool when the
 * work is large enough to pay for it; small inputs (one streaming device) run inline without
 * allocating.
 */
final class Rows {

  /** Multiply-adds (rows × work per row) above which the rows are split. */
  static final long PARALLEL_WORK = 1L << 16;

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private Rows() {}

  /** The body over a half-open range of rows. */
  interface Range {
    void run(int r0, int r1);
  }

  /** Whether {@link #split} would run in parallel (callers then run small inputs inline). */
  static boolean parallel(int rows, long workPerRow) {
    return CORES >= 2 && rows >= 2 && (long) rows * workPerRow >= PARALLEL_WORK;
  }

  /**
   * Runs {@code body} over [0, rows), in parallel blocks when {@link #parallel} says so.
   *
   * @param rows number of rows
   * @param workPerRow multiply-adds per row
   * @param body the row-range body (must only write its own rows)
   */
  static void split(int rows, long workPerRow, Range body) {
    if (!parallel(rows, workPerRow)) {
      body.run(0, rows);
      return;
    }
    int blocks = Math.min(rows, 4 * CORES);
    IntStream.range(0, blocks)
        .parallel()
        .forEach(
            k ->
                body.run((int) ((long) rows * k / blocks), (int) ((long) rows * (k + 1) / blocks)));
  }
}
