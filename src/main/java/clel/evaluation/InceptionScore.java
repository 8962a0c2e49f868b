package clel.evaluation;

/**
 * Inception Score, {@code IS = exp(E_x[KL(p(y|x) || p(y))])}, computed per split and summarised by the mean
 * and (population) standard deviation over splits, as the original implementation (Salimans et al. 2016):
 * the N rows are cut into {@code splits} contiguous parts {@code [k N / splits, (k+1) N / splits)}, and
 * p(y) is the mean of the rows within each part.
 *
 * @param mean   mean of the per-split scores
 * @param std    population standard deviation of the per-split scores (0 for one split)
 * @param splits number of splits
 */
public record InceptionScore(double mean, double std, int splits) {
    /** Tolerance on the sum of a probability row. */
    private static final double ROW_SUM_TOLERANCE = 1e-3;

    /** Validates the fields. */
    public InceptionScore {
        if (!(mean >= 1.0 - 1e-9) || !(std >= 0) || splits < 1) {
            throw new IllegalArgumentException("InceptionScore: invalid (mean " + mean + ", std " + std
                    + ", splits " + splits + ")");
        }
    }

    /**
     * @param probabilities N x K class probabilities p(y|x) (rows non-negative, summing to 1 within 1e-3)
     * @param splits        number of splits, in [1, N]
     * @return the score
     * @throws IllegalArgumentException on ragged or invalid rows or a bad split count
     */
    public static InceptionScore compute(double[][] probabilities, int splits) {
        if (probabilities == null || probabilities.length == 0) {
            throw new IllegalArgumentException("InceptionScore: no probability rows");
        }
        int n = probabilities.length;
        if (splits < 1 || splits > n) {
            throw new IllegalArgumentException("InceptionScore: splits must be in [1, " + n + "], got " + splits);
        }
        int k = probabilities[0] == null ? 0 : probabilities[0].length;
        if (k == 0) {
            throw new IllegalArgumentException("InceptionScore: row 0 is empty");
        }
        for (int r = 0; r < n; r++) {
            double[] row = probabilities[r];
            if (row == null || row.length != k) {
                throw new IllegalArgumentException("InceptionScore: row " + r + " has length "
                        + (row == null ? "null" : row.length) + ", expected " + k);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                if (!(row[c] >= 0) || !Double.isFinite(row[c])) {
                    throw new IllegalArgumentException("InceptionScore: p[" + r + "][" + c + "] = " + row[c]
                            + " is not a probability");
                }
                sum += row[c];
            }
            if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
                throw new IllegalArgumentException("InceptionScore: row " + r + " sums to " + sum + ", not 1");
            }
        }
        double[] scores = new double[splits];
        for (int s = 0; s < splits; s++) {
            int from = (int) ((long) s * n / splits);
            int to = (int) ((long) (s + 1) * n / splits);
            double[] py = new double[k];
            for (int r = from; r < to; r++) {
                for (int c = 0; c < k; c++) {
                    py[c] += probabilities[r][c];
                }
            }
            for (int c = 0; c < k; c++) {
                py[c] /= to - from;
            }
            double kl = 0;
            for (int r = from; r < to; r++) {
                for (int c = 0; c < k; c++) {
                    double p = probabilities[r][c];
                    if (p > 0) {
                        kl += p * (StrictMath.log(p) - StrictMath.log(py[c]));
                    }
                }
            }
            scores[s] = StrictMath.exp(kl / (to - from));
        }
        double mean = 0;
        for (double v : scores) {
            mean += v;
        }
        mean /= splits;
        double var = 0;
        for (double v : scores) {
            var += (v - mean) * (v - mean);
        }
        return new InceptionScore(mean, Math.sqrt(var / splits), splits);
    }
}
