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
 *
 * <p>{@link #perturbed} builds the S5-PTD variant (Yu et al. 2023) from the same block layout: the
 * block is the diagonalization Â = V_b·Λ_b·V_b⁻¹ of HiPPO-LegS plus a seeded random perturbation
 * ({@link PerturbedHippo}); V_b is no longer unitary, so V_b⁻¹ is stored explicitly ({@link
 * #vinv}).
 */
public final class HippoN {

  /** Full block size N_b = P/J. */
  public final int blockSize;

  /** Stored modes per block: N_b/2 (conjugate symmetry) or N_b. */
  public final int blockModes;

  /** Number of blocks J. */
  public final int blocks;

  /** Re λ per stored mode, [M] (all −½ for HiPPO-N). */
  public final double[] lambdaRe;

  /** Im λ per stored mode, [M]. */
  public final double[] lambdaIm;

  /**
   * The block eigenvectors V_b: {@code v[k][m]} = row k (0 … N_b−1), column m (0 … blockModes−1).
   */
  public final Complex[][] v;

  /**
   * The rows of V_b⁻¹ for the stored modes: {@code vinv[m][k]} = row m (0 … blockModes−1), column k
   * (0 … N_b−1); V_b^H for HiPPO-N.
   */
  public final Complex[][] vinv;

  /** The real block matrix that V_b·Λ_b·V_b⁻¹ diagonalizes (HiPPO-N, or Â for PTD), [N_b][N_b]. */
  public final double[][] blockMatrix;

  private HippoN(
      int blocks, Complex[][] v, Complex[][] vinv, double[] re, double[] im, double[][] matrix) {
    this.blockSize = v.length;
    this.blockModes = re.length;
    this.blocks = blocks;
    this.v = v;
    this.vinv = vinv;
    this.blockMatrix = matrix;
    int m = blockModes * blocks;
    lambdaRe = new double[m];
    lambdaIm = new double[m];
    for (int j = 0; j < blocks; j++) {
      System.arraycopy(re, 0, lambdaRe, j * blockModes, blockModes);
      System.arraycopy(im, 0, lambdaIm, j * blockModes, blockModes);
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
    Complex[][] vinv = new Complex[mb][nb];
    for (int n = 0; n < mb; n++) {
      for (int k = 0; k < nb; k++) {
        vinv[n][k] = v[k][n].conj();
      }
    }
    double[][] matrix = HippoLegS.skewPart(nb);
    for (int k = 0; k < nb; k++) {
      matrix[k][k] -= 0.5;
    }
    double[] re = new double[mb];
    java.util.Arrays.fill(re, -0.5);
    return new HippoN(blocks, v, vinv, re, omega, matrix);
  }

  /**
   * The S5-PTD initialization: each block diagonalizes Â = A_LegS + E ({@link PerturbedHippo}, E
   * Gaussian with ‖E‖₂ = epsilon, the same E in every block). Under conjugate symmetry the stored
   * modes are {@link PerturbedHippo#keptModes} (Im λ &lt; 0, then the slowest real eigenvalues; a
   * kept real mode is counted twice by y = 2·Re(C̃x), as in S4D-PTD); otherwise all N_b modes in
   * the order Commons Math returns them. Re λ is clamped to ≤ −1e-4 so the initial layer is stable.
   *
   * @param stateSize P (full state size)
   * @param blocks J (P/J even)
   * @param conjSym keep only one mode of each conjugate pair
   * @param epsilon ‖E‖₂ &gt; 0
   * @param seed seed of E
   * @return Λ, V and V⁻¹
   */
  public static HippoN perturbed(
      int stateSize, int blocks, boolean conjSym, double epsilon, long seed) {
    int nb = stateSize / blocks;
    PerturbedHippo ptd = PerturbedHippo.compute(nb, epsilon, seed);
    int[] kept =
        conjSym ? ptd.keptModes(nb / 2) : java.util.stream.IntStream.range(0, nb).toArray();
    Complex[][] full = new Complex[nb][nb];
    for (int c = 0; c < nb; c++) {
      for (int k = 0; k < nb; k++) {
        full[k][c] = ptd.v[c][k];
      }
    }
    Complex[][] inverse = ComplexSolve.inverse(full);
    int mb = kept.length;
    Complex[][] v = new Complex[nb][mb];
    Complex[][] vinv = new Complex[mb][];
    double[] re = new double[mb];
    double[] im = new double[mb];
    for (int n = 0; n < mb; n++) {
      for (int k = 0; k < nb; k++) {
        v[k][n] = full[k][kept[n]];
      }
      vinv[n] = inverse[kept[n]];
      re[n] = Math.min(ptd.lambda[kept[n]].re(), -1e-4);
      im[n] = ptd.lambda[kept[n]].im();
    }
    return new HippoN(blocks, v, vinv, re, im, ptd.perturbed);
  }

  /**
   * B̃ = V⁻¹·B for a real B [P, H] (row-major): B̃[m, h] = Σ_k V_b⁻¹[m', k]·B[j·N_b + k, h] with m
   * = j·blockModes + m'.
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
          Complex w = vinv[n][k];
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
