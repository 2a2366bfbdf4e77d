package dev.hiss.model.ssm.internal;

/**
 * The block-diagonal HiPPO-N initialization of S5 (Smith et al. 2023, §4.3 and Appendix; {@code
 * make_DPLR_HiPPO} in lindermanlab/S5 {@code s5/ssm_init.py} and the block set-up in {@code
 * s5/train.py}), in double precision.
 *
 * <p>For a block of size N_b = P/J: HiPPO-N = A_LegS + p·pᵀ = −½I + S (S skew-symmetric, p_n =
 * √(n+½)) is normal, diagonalized as V·Λ·V^H with Λ = −½ + iω (the eigenvalues of −iS are ω, from
 * {@link HippoLegS}). Under conjugate symmetry the N_b/2 modes with ω &lt; 0 (ascending, as {@code
 * eigh} orders them) and the matching columns of V are kept; otherwise all N_b modes, the second
 * half being the conjugates (eigenvalue −½ − iω, eigenvector conj(v)) in ascending ω. The state
 * matrix is the J-fold tiling: Λ repeated J times, V = blockdiag(V_b, …), V⁻¹ = blockdiag(V_b^H, …)
 * (V_b has orthonormal columns).
 *
 * <p>Eigenvector phases follow {@link HippoLegS} (V^H·B_LegS real ≥ 0) instead of LAPACK's; a
 * per-mode phase rotates row m of B̃ = V⁻¹B and column m of C̃ = CV in opposite directions, so the
 * initial input-output map C̃·diag(·)·B̃ is unchanged.
 */
public final class HippoN {

  /** Full block size N_b = P/J. */
  public final int blockSize;

  /** Stored modes per block: N_b/2 (conjugate symmetry) or N_b. */
  public final int blockModes;

  /** Number of blocks J. */
  public final int blocks;

  /** Re λ per stored mode, [M] (all −½). */
  public final double[] lambdaRe;

  /** Im λ per stored mode, [M]. */
  public final double[] lambdaIm;

  /**
   * The block eigenvectors V_b: {@code v[k][m]} = row k (0 … N_b−1), column m (0 … blockModes−1).
   */
  public final Complex[][] v;

  private HippoN(int blockSize, int blockModes, int blocks, Complex[][] v, double[] omega) {
    this.blockSize = blockSize;
    this.blockModes = blockModes;
    this.blocks = blocks;
    this.v = v;
    int m = blockModes * blocks;
    lambdaRe = new double[m];
    lambdaIm = new double[m];
    for (int j = 0; j < blocks; j++) {
      for (int n = 0; n < blockModes; n++) {
        lambdaRe[j * blockModes + n] = -0.5;
        lambdaIm[j * blockModes + n] = omega[n];
      }
    }
  }

  /**
   * Computes the initialization.
   *
   * @param stateSize P (full state size)
   * @param blocks J (P/J even)
   * @param conjSym keep only the modes with negative imaginary part
   * @return Λ and V
   */
  public static HippoN compute(int stateSize, int blocks, boolean conjSym) {
    int nb = stateSize / blocks;
    int half = nb / 2;
    HippoLegS legs = HippoLegS.compute(half);
    int mb = conjSym ? half : nb;
    Complex[][] v = new Complex[nb][mb];
    double[] omega = new double[mb];
    for (int n = 0; n < half; n++) {
      omega[n] = legs.omega[n];
      for (int k = 0; k < nb; k++) {
        v[k][n] = legs.eigenvectors[n][k];
      }
      if (!conjSym) {
        int c = nb - 1 - n; // conjugates in ascending order: −ω_{half−1}, …, −ω_0
        omega[c] = -legs.omega[n];
        for (int k = 0; k < nb; k++) {
          v[k][c] = legs.eigenvectors[n][k].conj();
        }
      }
    }
    return new HippoN(nb, mb, blocks, v, omega);
  }

  /**
   * B̃ = V⁻¹·B for a real B [P, H] (row-major): B̃[m, h] = Σ_k conj(V_b[k, m'])·B[j·N_b + k, h]
   * with m = j·blockModes + m'.
   *
   * @param b real B, [P·H]
   * @param hCount H
   * @return {Re B̃, Im B̃}, each [M·H]
   */
  public double[][] vinvTimes(double[] b, int hCount) {
    int m = blockModes * blocks;
    double[] re = new double[m * hCount];
    double[] im = new double[m * hCount];
    for (int j = 0; j < blocks; j++) {
      for (int n = 0; n < blockModes; n++) {
        int row = (j * blockModes + n) * hCount;
        for (int k = 0; k < blockSize; k++) {
          Complex w = v[k][n].conj();
          int src = (j * blockSize + k) * hCount;
          for (int h = 0; h < hCount; h++) {
            re[row + h] += w.re() * b[src + h];
            im[row + h] += w.im() * b[src + h];
          }
        }
      }
    }
    return new double[][] {re, im};
  }

  /**
   * C̃ = C·V for a complex C [H, P] (row-major): C̃[h, m] = Σ_k C[h, j·N_b + k]·V_b[k, m'].
   *
   * @param cRe Re C, [H·P]
   * @param cIm Im C, [H·P]
   * @param hCount H
   * @return {Re C̃, Im C̃}, each [H·M]
   */
  public double[][] timesV(double[] cRe, double[] cIm, int hCount) {
    int m = blockModes * blocks;
    int p = blockSize * blocks;
    double[] re = new double[hCount * m];
    double[] im = new double[hCount * m];
    for (int h = 0; h < hCount; h++) {
      for (int j = 0; j < blocks; j++) {
        for (int n = 0; n < blockModes; n++) {
          Complex acc = Complex.ZERO;
          for (int k = 0; k < blockSize; k++) {
            int src = h * p + j * blockSize + k;
            acc = acc.plus(new Complex(cRe[src], cIm[src]).times(v[k][n]));
          }
          re[h * m + j * blockModes + n] = acc.re();
          im[h * m + j * blockModes + n] = acc.im();
        }
      }
    }
    return new double[][] {re, im};
  }
}
