package dev.hiss.model.ssm.internal;

/** Dense complex linear algebra for the set-up maths: solve and inverse by Gaussian elimination. */
public final class ComplexSolve {

  private ComplexSolve() {}

  /**
   * Solves the augmented system [A | b] (m × (m+1), overwritten) with partial pivoting.
   *
   * @param aug the augmented matrix, destroyed
   * @return x with A·x = b
   */
  public static Complex[] solve(Complex[][] aug) {
    int m = aug.length;
    int w = aug[0].length;
    for (int col = 0; col < m; col++) {
      int piv = col;
      for (int r = col + 1; r < m; r++) {
        if (aug[r][col].abs() > aug[piv][col].abs()) {
          piv = r;
        }
      }
      Complex[] t = aug[col];
      aug[col] = aug[piv];
      aug[piv] = t;
      Complex p = aug[col][col];
      if (p.abs() == 0) {
        throw new ArithmeticException("Singular matrix at column " + col);
      }
      for (int r = col + 1; r < m; r++) {
        Complex f = aug[r][col].div(p);
        if (f.re() == 0 && f.im() == 0) {
          continue;
        }
        for (int c = col; c < w; c++) {
          aug[r][c] = aug[r][c].minus(f.times(aug[col][c]));
        }
      }
    }
    Complex[] x = new Complex[m];
    for (int r = m - 1; r >= 0; r--) {
      Complex s = aug[r][m];
      for (int c = r + 1; c < m; c++) {
        s = s.minus(aug[r][c].times(x[c]));
      }
      x[r] = s.div(aug[r][r]);
    }
    return x;
  }

  /**
   * The inverse of a square complex matrix.
   *
   * @param a m × m, not modified
   * @return a⁻¹
   */
  public static Complex[][] inverse(Complex[][] a) {
    int m = a.length;
    Complex[][] inv = new Complex[m][m];
    for (int j = 0; j < m; j++) {
      Complex[][] aug = new Complex[m][m + 1];
      for (int i = 0; i < m; i++) {
        System.arraycopy(a[i], 0, aug[i], 0, m);
        aug[i][m] = i == j ? Complex.ONE : Complex.ZERO;
      }
      Complex[] col = solve(aug);
      for (int i = 0; i < m; i++) {
        inv[i][j] = col[i];
      }
    }
    return inv;
  }
}
