using System.Globalization;
using System.Text;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// Sparse identification of nonlinear dynamics (Brunton, Proctor &amp; Kutz): sequentially thresholded least squares
/// (STLSQ) of ż on the library Θ(z), optionally with an L1 penalty (then each regression is a lasso solved by
/// coordinate descent), and derivatives of sampled trajectories by finite differences.
/// </summary>
internal static class Sindy
{
    /// <summary>
    /// Fits Ξ: for each variable j, ξ = argmin ½‖Θξ − ż_j‖² / rows + l1 ‖ξ‖₁ over the active terms; terms with |ξ_c| &lt;
    /// <paramref name="threshold"/> are removed and the fit repeated on the rest, until the active set stops changing
    /// or <paramref name="iterations"/> rounds were made.
    /// </summary>
    /// <param name="z">rows × n points.</param>
    /// <param name="zDot">rows × n derivatives at those points.</param>
    /// <param name="library">Θ over n variables.</param>
    /// <param name="threshold">Absolute threshold ≥ 0 on the coefficients.</param>
    /// <param name="l1">L1 weight ≥ 0 (0: plain least squares).</param>
    /// <param name="iterations">Rounds of thresholding ≥ 1.</param>
    public static SindyModel Fit(double[,] z, double[,] zDot, SindyLibrary library, double threshold = 0.05, double l1 = 0, int iterations = 10)
    {
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(zDot);
        ArgumentNullException.ThrowIfNull(library);
        if (!(threshold >= 0) || !double.IsFinite(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be a non-negative finite number.");
        if (!(l1 >= 0) || !double.IsFinite(l1)) throw new ArgumentOutOfRangeException(nameof(l1), l1, "The L1 weight must be a non-negative finite number.");
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var rows = z.GetLength(0);
        var n = library.Variables;
        if (zDot.GetLength(0) != rows || zDot.GetLength(1) != n || z.GetLength(1) != n)
            throw new ArgumentException($"z and ż must both be rows × {n}; got {z.GetLength(0)}×{z.GetLength(1)} and {zDot.GetLength(0)}×{zDot.GetLength(1)}.");
        if (rows < 1) throw new ArgumentException("SINDy needs at least one point.", nameof(z));
        foreach (var v in z) if (!double.IsFinite(v)) throw new ArgumentException("z contains NaN or infinite values.", nameof(z));
        foreach (var v in zDot) if (!double.IsFinite(v)) throw new ArgumentException("ż contains NaN or infinite values.", nameof(zDot));
        var terms = library.Count;
        // Normal equations once: G = ΘᵀΘ / rows, b_j = Θᵀ ż_j / rows, Θ's rows made one at a time (Θ itself would
        // be rows × terms float64 values, growing with the rows).
        var gram = new double[terms, terms];
        var rhs = new double[terms, n];
        var point = new double[n];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < n; i++) point[i] = z[r, i];
            var theta = library.Evaluate(point);
            for (var a = 0; a < terms; a++)
            {
                var ta = theta[a];
                for (var b = 0; b < terms; b++) gram[a, b] += ta * theta[b] / rows;
                for (var j = 0; j < n; j++) rhs[a, j] += ta * zDot[r, j] / rows;
            }
        }
        var xi = new double[terms, n];
        for (var j = 0; j < n; j++)
        {
            var active = Enumerable.Repeat(true, terms).ToArray();
            double[] coef = new double[terms];
            for (var round = 0; round < iterations; round++)
            {
                coef = Solve(gram, Column(rhs, j), active, l1);
                var changed = false;
                for (var c = 0; c < terms; c++)
                    if (active[c] && Math.Abs(coef[c]) < threshold)
                    {
                        active[c] = false;
                        coef[c] = 0;
                        changed = true;
                    }
                if (!changed) break;
                if (round + 1 == iterations) coef = Solve(gram, Column(rhs, j), active, l1);
            }
            for (var c = 0; c < terms; c++) xi[c, j] = active[c] ? coef[c] : 0;
        }
        return new SindyModel(library, xi);
    }

    /// <summary>
    /// Derivatives of one trajectory sampled every <paramref name="dt"/> (rows × n, rows ≥ 3): central differences
    /// inside, second-order one-sided differences at both ends.
    /// </summary>
    public static double[,] FiniteDifference(double[,] trajectory, double dt)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        if (!(dt > 0) || !double.IsFinite(dt)) throw new ArgumentOutOfRangeException(nameof(dt), dt, "Δt must be a positive finite number.");
        var rows = trajectory.GetLength(0);
        var n = trajectory.GetLength(1);
        if (rows < 3) throw new ArgumentException("Finite differences need at least 3 samples.", nameof(trajectory));
        var d = new double[rows, n];
        for (var j = 0; j < n; j++)
        {
            d[0, j] = (-3 * trajectory[0, j] + 4 * trajectory[1, j] - trajectory[2, j]) / (2 * dt);
            for (var r = 1; r + 1 < rows; r++) d[r, j] = (trajectory[r + 1, j] - trajectory[r - 1, j]) / (2 * dt);
            d[rows - 1, j] = (3 * trajectory[rows - 1, j] - 4 * trajectory[rows - 2, j] + trajectory[rows - 3, j]) / (2 * dt);
        }
        return d;
    }

    private static double[] Column(double[,] m, int j)
    {
        var c = new double[m.GetLength(0)];
        for (var i = 0; i < c.Length; i++) c[i] = m[i, j];
        return c;
    }

    // Minimises ½ξᵀGξ − bᵀξ + l1‖ξ‖₁ over the active coordinates (the others stay 0).
    private static double[] Solve(double[,] gram, double[] b, bool[] active, double l1)
    {
        var terms = b.Length;
        var idx = Enumerable.Range(0, terms).Where(c => active[c]).ToArray();
        var result = new double[terms];
        if (idx.Length == 0) return result;
        if (l1 == 0)
        {
            var k = idx.Length;
            var a = new double[k, k + 1];
            for (var p = 0; p < k; p++)
            {
                for (var q = 0; q < k; q++) a[p, q] = gram[idx[p], idx[q]];
                a[p, k] = b[idx[p]];
            }
            var x = GaussianSolve(a, k);
            for (var p = 0; p < k; p++) result[idx[p]] = x[p];
            return result;
        }
        for (var sweep = 0; sweep < 10000; sweep++)
        {
            double change = 0;
            foreach (var c in idx)
            {
                if (gram[c, c] <= 0) continue;
                var r = b[c];
                foreach (var o in idx) if (o != c) r -= gram[c, o] * result[o];
                var updated = Math.Sign(r) * Math.Max(Math.Abs(r) - l1, 0) / gram[c, c];
                change = Math.Max(change, Math.Abs(updated - result[c]));
                result[c] = updated;
            }
            if (change < 1e-12) break;
        }
        return result;
    }

    // Gaussian elimination with partial pivoting; a (nearly) singular pivot gives that unknown 0.
    private static double[] GaussianSolve(double[,] a, int k)
    {
        double scale = 0;
        for (var p = 0; p < k; p++) scale = Math.Max(scale, Math.Abs(a[p, p]));
        var tiny = 1e-13 * Math.Max(scale, 1e-300);
        var pivotOk = new bool[k];
        for (var col = 0; col < k; col++)
        {
            var best = col;
            for (var r = col + 1; r < k; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[best, col])) best = r;
            if (best != col)
                for (var c = 0; c <= k; c++) (a[col, c], a[best, c]) = (a[best, c], a[col, c]);
            if (Math.Abs(a[col, col]) <= tiny) continue;
            pivotOk[col] = true;
            for (var r = col + 1; r < k; r++)
            {
                var f = a[r, col] / a[col, col];
                if (f == 0) continue;
                for (var c = col; c <= k; c++) a[r, c] -= f * a[col, c];
            }
        }
        var x = new double[k];
        for (var r = k - 1; r >= 0; r--)
        {
            if (!pivotOk[r]) continue;
            var s = a[r, k];
            for (var c = r + 1; c < k; c++) s -= a[r, c] * x[c];
            x[r] = s / a[r, r];
        }
        return x;
    }
}
