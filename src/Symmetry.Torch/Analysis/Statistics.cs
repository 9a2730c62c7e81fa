using System.Numerics;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// Descriptive statistics the reports need, on row-major matrices (rows = events). Plain double arithmetic on
/// the host: these run once per fit on at most a few hundred thousand rows, and must not depend on libtorch.
/// Each takes float64 or float32 matrices alike: a float32 value widens to float64 exactly and the sums run in the
/// same order, so a float32 matrix gives bit for bit the result of its float64 copy without the copy (8 bytes a value).
/// </summary>
internal static class Statistics
{
    /// <summary>Mean of each column of a rows×cols row-major matrix.</summary>
    public static double[] ColumnMeans(ReadOnlySpan<double> x, int rows, int cols) => ColumnMeans<double>(x, rows, cols);

    /// <summary>Mean of each column of a rows×cols row-major matrix of float64 or float32 values.</summary>
    public static double[] ColumnMeans<T>(ReadOnlySpan<T> x, int rows, int cols) where T : unmanaged, INumberBase<T>
    {
        CheckShape(x, rows, cols);
        var m = new double[cols];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++) m[j] += D(x[i * cols + j]);
        for (var j = 0; j < cols; j++) m[j] /= rows;
        return m;
    }

    /// <summary>Standard deviation of each column (Bessel-corrected, as torch.std and numpy's ddof=1).</summary>
    public static double[] ColumnStd(ReadOnlySpan<double> x, int rows, int cols) => ColumnStd<double>(x, rows, cols);

    /// <summary>Standard deviation of each column (Bessel-corrected) of float64 or float32 values.</summary>
    public static double[] ColumnStd<T>(ReadOnlySpan<T> x, int rows, int cols) where T : unmanaged, INumberBase<T>
    {
        if (rows < 2) throw new ArgumentException("A standard deviation needs at least two rows.", nameof(rows));
        var m = ColumnMeans(x, rows, cols);
        var v = new double[cols];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++) { var d = D(x[i * cols + j]) - m[j]; v[j] += d * d; }
        for (var j = 0; j < cols; j++) v[j] = Math.Sqrt(v[j] / (rows - 1));
        return v;
    }

    /// <summary>
    /// Pearson correlation of every column of <paramref name="a"/> (rows×ca) with every column of <paramref name="b"/>
    /// (rows×cb), as a ca×cb row-major matrix. A constant column correlates 0 with everything (not NaN).
    /// </summary>
    public static double[] PearsonMatrix(ReadOnlySpan<double> a, int ca, ReadOnlySpan<double> b, int cb, int rows) =>
        PearsonMatrix<double, double>(a, ca, b, cb, rows);

    /// <summary>
    /// <see cref="PearsonMatrix(ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, int)"/> of float64 or float32 matrices.
    /// </summary>
    public static double[] PearsonMatrix<TA, TB>(ReadOnlySpan<TA> a, int ca, ReadOnlySpan<TB> b, int cb, int rows)
        where TA : unmanaged, INumberBase<TA> where TB : unmanaged, INumberBase<TB>
    {
        CheckShape(a, rows, ca);
        CheckShape(b, rows, cb);
        var ma = ColumnMeans(a, rows, ca);
        var mb = ColumnMeans(b, rows, cb);
        var cov = new double[ca * cb];
        var va = new double[ca];
        var vb = new double[cb];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < ca; j++)
            {
                var da = D(a[i * ca + j]) - ma[j];
                va[j] += da * da;
                for (var k = 0; k < cb; k++) cov[j * cb + k] += da * (D(b[i * cb + k]) - mb[k]);
            }
            for (var k = 0; k < cb; k++) { var db = D(b[i * cb + k]) - mb[k]; vb[k] += db * db; }
        }
        for (var j = 0; j < ca; j++)
            for (var k = 0; k < cb; k++)
            {
                var den = Math.Sqrt(va[j] * vb[k]);
                cov[j * cb + k] = den > 0 ? cov[j * cb + k] / den : 0;
            }
        return cov;
    }

    /// <summary>
    /// Coefficient of determination of the least-squares fit (with intercept) of <paramref name="y"/> on all columns of
    /// <paramref name="x"/> (rows×cols): 1 − SS_res/SS_tot. A constant y gives 0.
    /// </summary>
    public static double LinearR2(ReadOnlySpan<double> x, int rows, int cols, ReadOnlySpan<double> y)
    {
        if (y.Length != rows) throw new ArgumentException($"y has {y.Length} values but x has {rows} rows.", nameof(y));
        return LinearR2(x, rows, cols, y, 1)[0];
    }

    /// <summary>
    /// <see cref="LinearR2(ReadOnlySpan{double}, int, int, ReadOnlySpan{double})"/> of each of the <paramref name="targets"/>
    /// columns of <paramref name="y"/> (rows×targets) at once: XᵀX is accumulated and factorised once, so the cost is
    /// rows·cols² + cols³ + targets·rows·cols rather than that per target. <paramref name="checkAlive"/> is called every
    /// 64 rows and every 64 columns of the factorisation, so a wide input can be cancelled.
    /// </summary>
    public static double[] LinearR2(ReadOnlySpan<double> x, int rows, int cols, ReadOnlySpan<double> y, int targets, Action? checkAlive = null) =>
        LinearR2<double, double>(x, rows, cols, y, targets, checkAlive);

    /// <summary>
    /// <see cref="LinearR2(ReadOnlySpan{double}, int, int, ReadOnlySpan{double}, int, Action?)"/> of float64 or float32 matrices.
    /// </summary>
    public static double[] LinearR2<TX, TY>(ReadOnlySpan<TX> x, int rows, int cols, ReadOnlySpan<TY> y, int targets, Action? checkAlive = null)
        where TX : unmanaged, INumberBase<TX> where TY : unmanaged, INumberBase<TY>
    {
        CheckShape(x, rows, cols);
        if (y.Length != (long)rows * targets) throw new ArgumentException($"y has {y.Length} values but {rows} rows × {targets} targets need {(long)rows * targets}.", nameof(y));
        // Normal equations on centred data (the intercept absorbs the means), solved by Cholesky with a tiny ridge
        // relative to the diagonal so exactly collinear features (p+ = −p−) stay solvable.
        var mx = ColumnMeans(x, rows, cols);
        var my = ColumnMeans(y, rows, targets);
        var xtx = new double[(long)cols * cols];
        var xty = new double[(long)targets * cols];
        var sst = new double[targets];
        for (var i = 0; i < rows; i++)
        {
            if ((i & 63) == 0) checkAlive?.Invoke();
            for (var j = 0; j < cols; j++)
            {
                var dj = D(x[i * cols + j]) - mx[j];
                for (var t = 0; t < targets; t++) xty[t * cols + j] += dj * (D(y[i * targets + t]) - my[t]);
                for (var k = 0; k <= j; k++) xtx[j * cols + k] += dj * (D(x[i * cols + k]) - mx[k]);
            }
            for (var t = 0; t < targets; t++)
            {
                var dy = D(y[i * targets + t]) - my[t];
                sst[t] += dy * dy;
            }
        }
        for (var j = 0; j < cols; j++)
            for (var k = 0; k < j; k++) xtx[k * cols + j] = xtx[j * cols + k];
        var factor = CholeskyWithRidge(xtx, cols, checkAlive);
        var r2 = new double[targets];
        for (var t = 0; t < targets; t++)
        {
            if (sst[t] <= 0) continue;
            var beta = SolveFactored(factor, xty.AsSpan(t * cols, cols), cols);
            double ssr = 0;
            for (var i = 0; i < rows; i++)
            {
                var pred = my[t];
                for (var j = 0; j < cols; j++) pred += beta[j] * (D(x[i * cols + j]) - mx[j]);
                var r = D(y[i * targets + t]) - pred;
                ssr += r * r;
            }
            r2[t] = Math.Max(0, 1 - ssr / sst[t]);
        }
        return r2;
    }

    /// <summary>
    /// Spearman's rank correlation of two equally long samples: the Pearson correlation of their ranks, ties given
    /// their average rank. 0 when either sample is constant.
    /// </summary>
    public static double Spearman(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"The samples have {a.Length} and {b.Length} values; they must pair up.", nameof(b));
        if (a.Length < 2) throw new ArgumentException("Spearman's correlation needs at least 2 pairs.", nameof(a));
        var ra = Ranks(a);
        var rb = Ranks(b);
        return PearsonMatrix(ra, 1, rb, 1, ra.Length)[0];
    }

    /// <summary>
    /// The Wasserstein-1 distance between the standardised (zero mean, unit standard deviation) empirical distributions
    /// of two samples: ∫ |F⁻¹(u) − G⁻¹(u)| du, computed exactly from the sorted samples (they may differ in size).
    /// A constant sample is only centred.
    /// </summary>
    public static double StandardizedWasserstein1(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length == 0 || b.Length == 0) throw new ArgumentException("Both samples need at least one value.");
        var x = Standardized(a);
        var y = Standardized(b);
        Array.Sort(x);
        Array.Sort(y);
        // Walk the merged quantile levels k/n and l/m; between two consecutive levels both quantile functions are constant.
        double total = 0, level = 0;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            double nextX = (i + 1.0) / x.Length, nextY = (j + 1.0) / y.Length;
            var next = Math.Min(nextX, nextY);
            total += (next - level) * Math.Abs(x[i] - y[j]);
            level = next;
            if (nextX <= next) i++;
            if (nextY <= next) j++;
        }
        return total;
    }

    private static double[] Standardized(ReadOnlySpan<double> v)
    {
        double mean = 0;
        foreach (var x in v) mean += x;
        mean /= v.Length;
        double ss = 0;
        foreach (var x in v) ss += (x - mean) * (x - mean);
        var sd = Math.Sqrt(ss / v.Length);
        var result = new double[v.Length];
        for (var k = 0; k < v.Length; k++) result[k] = sd > 0 ? (v[k] - mean) / sd : v[k] - mean;
        return result;
    }

    private static double[] Ranks(ReadOnlySpan<double> v)
    {
        var order = Enumerable.Range(0, v.Length).ToArray();
        var copy = v.ToArray();
        Array.Sort(order, (p, q) => copy[p].CompareTo(copy[q]));
        var ranks = new double[v.Length];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && copy[order[end + 1]] == copy[order[start]]) end++;
            var average = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++) ranks[order[k]] = average;
            start = end + 1;
        }
        return ranks;
    }

    /// <summary>Solves A β = b for a symmetric positive semi-definite A (n×n) with a relative ridge of 1e-10.</summary>
    internal static double[] SolveSpd(double[] a, double[] b, int n) => SolveFactored(CholeskyWithRidge(a, n, null), b, n);

    // The lower Cholesky factor L (row-major, n×n) of A + ridge·I, ridge = 1e-10 of the largest diagonal entry.
    private static double[] CholeskyWithRidge(double[] a, int n, Action? checkAlive)
    {
        var l = (double[])a.Clone();
        double maxDiag = 0;
        for (var i = 0; i < n; i++) maxDiag = Math.Max(maxDiag, l[i * n + i]);
        var ridge = Math.Max(maxDiag, 1e-300) * 1e-10;
        for (var i = 0; i < n; i++) l[i * n + i] += ridge;
        for (var j = 0; j < n; j++)
        {
            if ((j & 63) == 0) checkAlive?.Invoke();
            var d = l[j * n + j];
            for (var k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
            d = Math.Sqrt(Math.Max(d, ridge));
            l[j * n + j] = d;
            for (var i = j + 1; i < n; i++)
            {
                var s = l[i * n + j];
                for (var k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
                l[i * n + j] = s / d;
            }
        }
        return l;
    }

    // Forward then back substitution with the factor L L^T.
    private static double[] SolveFactored(double[] l, ReadOnlySpan<double> b, int n)
    {
        var z = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++) s -= l[i * n + k] * z[k];
            z[i] = s / l[i * n + i];
        }
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var s = z[i];
            for (var k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
            x[i] = s / l[i * n + i];
        }
        return x;
    }

    // A float64 or float32 value as float64 (exact); the JIT specialises it to nothing or one widening per type.
    private static double D<T>(T value) where T : unmanaged, INumberBase<T> => double.CreateTruncating(value);

    private static void CheckShape<T>(ReadOnlySpan<T> x, int rows, int cols)
    {
        if (rows <= 0 || cols <= 0) throw new ArgumentException($"Expected a non-empty matrix; got {rows}×{cols}.");
        if (x.Length != (long)rows * cols) throw new ArgumentException($"The matrix holds {x.Length} values but {rows}×{cols} = {(long)rows * cols} were expected.");
    }
}
