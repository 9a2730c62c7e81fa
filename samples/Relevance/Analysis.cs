namespace Symmetry.Samples.Relevance;

/// <summary>Small statistics used to read the latent space: Pearson correlation and least-squares R².</summary>
internal static class Analysis
{
    public static double Pearson(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = a.Length;
        double ma = 0, mb = 0;
        for (var i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < n; i++)
        {
            var da = a[i] - ma;
            var db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : 0;
    }

    /// <summary>Column <paramref name="k"/> of a row-major rows × cols matrix.</summary>
    public static double[] Column(double[] m, int cols, int k)
    {
        var rows = m.Length / cols;
        var c = new double[rows];
        for (var i = 0; i < rows; i++) c[i] = m[i * cols + k];
        return c;
    }

    /// <summary>R² of the least-squares fit of y on the columns of a row-major rows × terms design plus an intercept.</summary>
    public static double R2(double[] design, int terms, double[] y)
    {
        var rows = y.Length;
        var p = terms + 1;
        var a = new double[p, p];
        var b = new double[p];
        var row = new double[p];
        for (var i = 0; i < rows; i++)
        {
            row[0] = 1;
            for (var k = 0; k < terms; k++) row[k + 1] = design[i * terms + k];
            for (var r = 0; r < p; r++)
            {
                b[r] += row[r] * y[i];
                for (var c = 0; c <= r; c++) a[r, c] += row[r] * row[c];
            }
        }
        for (var r = 0; r < p; r++)
            for (var c = r + 1; c < p; c++) a[r, c] = a[c, r];
        // A tiny ridge keeps the solve stable when latents are (near) constant or duplicated.
        for (var r = 1; r < p; r++) a[r, r] += 1e-9 * rows;
        var coef = SolveSymmetric(a, b);
        double mean = y.Average(), ssTot = 0, ssRes = 0;
        for (var i = 0; i < rows; i++)
        {
            var pred = coef[0];
            for (var k = 0; k < terms; k++) pred += coef[k + 1] * design[i * terms + k];
            ssRes += (y[i] - pred) * (y[i] - pred);
            ssTot += (y[i] - mean) * (y[i] - mean);
        }
        return ssTot > 0 ? Math.Max(0, 1 - ssRes / ssTot) : 0;
    }

    /// <summary>
    /// For every row, the indices of its <paramref name="k"/> nearest other rows in the first <paramref name="dims"/>
    /// columns of a row-major rows × cols matrix (Euclidean, brute force).
    /// </summary>
    public static int[] Neighbours(double[] m, int cols, int dims, int k)
    {
        var rows = m.Length / cols;
        var pts = new float[rows * dims];
        for (var i = 0; i < rows; i++)
            for (var d = 0; d < dims; d++) pts[i * dims + d] = (float)m[i * cols + d];
        var result = new int[rows * k];
        var best = new float[k];
        var idx = new int[k];
        for (var i = 0; i < rows; i++)
        {
            best.AsSpan().Fill(float.MaxValue);
            idx.AsSpan().Fill(-1);
            var pi = pts.AsSpan(i * dims, dims);
            for (var j = 0; j < rows; j++)
            {
                if (j == i) continue;
                var pj = pts.AsSpan(j * dims, dims);
                var dist = 0f;
                for (var d = 0; d < dims; d++) { var t = pi[d] - pj[d]; dist += t * t; }
                if (dist >= best[k - 1]) continue;
                var pos = k - 1;
                while (pos > 0 && best[pos - 1] > dist) { best[pos] = best[pos - 1]; idx[pos] = idx[pos - 1]; pos--; }
                best[pos] = dist;
                idx[pos] = j;
            }
            idx.CopyTo(result.AsSpan(i * k, k));
        }
        return result;
    }

    /// <summary>
    /// R² of predicting y by the mean of y over each row's nearest neighbours (leave one out): the fraction of the
    /// variance of y that is a (any, continuous or not) function of the coordinates the neighbours were found in.
    /// </summary>
    public static double NeighbourR2(int[] neighbours, int k, double[] y)
    {
        var rows = y.Length;
        double mean = y.Average(), ssTot = 0, ssRes = 0;
        for (var i = 0; i < rows; i++)
        {
            var pred = 0.0;
            for (var j = 0; j < k; j++) pred += y[neighbours[i * k + j]];
            pred /= k;
            ssRes += (y[i] - pred) * (y[i] - pred);
            ssTot += (y[i] - mean) * (y[i] - mean);
        }
        return ssTot > 0 ? 1 - ssRes / ssTot : 0;
    }

    // Gaussian elimination with partial pivoting (the systems are at most ~100 × 100).
    private static double[] SolveSymmetric(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (var k = 0; k < n; k++)
        {
            var piv = k;
            for (var r = k + 1; r < n; r++) if (Math.Abs(m[r, k]) > Math.Abs(m[piv, k])) piv = r;
            if (piv != k)
            {
                for (var c = 0; c < n; c++) (m[k, c], m[piv, c]) = (m[piv, c], m[k, c]);
                (x[k], x[piv]) = (x[piv], x[k]);
            }
            if (Math.Abs(m[k, k]) < 1e-300) continue;
            for (var r = k + 1; r < n; r++)
            {
                var f = m[r, k] / m[k, k];
                if (f == 0) continue;
                for (var c = k; c < n; c++) m[r, c] -= f * m[k, c];
                x[r] -= f * x[k];
            }
        }
        var sol = new double[n];
        for (var k = n - 1; k >= 0; k--)
        {
            var s = x[k];
            for (var c = k + 1; c < n; c++) s -= m[k, c] * sol[c];
            sol[k] = Math.Abs(m[k, k]) < 1e-300 ? 0 : s / m[k, k];
        }
        return sol;
    }
}
