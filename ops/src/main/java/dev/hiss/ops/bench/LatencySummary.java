package dev.hiss.ops.bench;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a set of latencies: the p-th percentile is the smallest value that at
 * least {@code p} of the values do not exceed (index {@code ceil(p * n) - 1} of the sorted values).
 *
 * @param count number of values
 * @param p50 median, ns
 * @param p99 99th percentile, ns
 * @param max largest value, ns
 */
record LatencySummary(int count, long p50, long p99, long max) {
  /** Summarises {@code values} (ns, any order; the array is sorted in place). */
  static LatencySummary of(long[] values) {
    if (values.length == 0) {
      return new LatencySummary(0, -1, -1, -1);
    }
    Arrays.sort(values);
    return new LatencySummary(
        values.length, rank(values, 0.50), rank(values, 0.99), values[values.length - 1]);
  }

  /** The nearest-rank {@code p} percentile of sorted {@code values}. */
  static long rank(long[] sorted, double p) {
    if (!(p > 0 && p <= 1)) {
      throw new IllegalArgumentException("Invalid p = " + p + "; must be in (0, 1]");
    }
    int i = (int) Math.ceil(p * sorted.length - 1e-9) - 1; // 1e-9: 0.99 * n is inexact
    return sorted[Math.max(0, i)];
  }

  /** "p50 x ms, p99 y ms, max z ms" (or "none" without values). */
  String toMillis() {
    if (count == 0) {
      return "none";
    }
    return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms", p50 / 1e6, p99 / 1e6, max / 1e6);
  }
}
