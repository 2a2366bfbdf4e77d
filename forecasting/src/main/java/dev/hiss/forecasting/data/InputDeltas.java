package dev.hiss.forecasting.data;

/**
 * Appends first differences to an input, as the HiSS data pipeline does: row t becomes {@code [u_t,
 * u_t − u_{t−1}]}, with the delta at t = 0 set to 0.
 */
public final class InputDeltas {
  private InputDeltas() {}

  /**
   * The input with deltas appended.
   *
   * @param u {@code [rows][D]}
   * @return {@code [rows][2D]}: columns {@code 0..D-1} are u, columns {@code D..2D-1} the deltas. A
   *     delta is missing when u_t or u_{t−1} is missing (at t = 0, when u_0 is missing).
   */
  public static MaskedArray append(MaskedArray u) {
    int d = u.columns();
    double[][] v = new double[u.rows()][2 * d];
    boolean[][] p = new boolean[u.rows()][2 * d];
    for (int t = 0; t < u.rows(); t++) {
      for (int c = 0; c < d; c++) {
        v[t][c] = u.values()[t][c];
        p[t][c] = u.present()[t][c];
        if (t == 0) {
          v[t][d + c] = 0;
          p[t][d + c] = u.present()[t][c];
        } else {
          v[t][d + c] = u.values()[t][c] - u.values()[t - 1][c];
          p[t][d + c] = u.present()[t][c] && u.present()[t - 1][c];
        }
      }
    }
    return new MaskedArray(v, p);
  }
}
