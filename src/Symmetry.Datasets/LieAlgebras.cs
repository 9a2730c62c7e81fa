namespace Microsoft.ML.Symmetry;

/// <summary>
/// Standard bases of the Lie algebras used as ground truth: so(n) (E_ij − E_ji), so(1,3) (rotations and boosts
/// K_i = E_0i + E_i0, metric diag(1,−1,−1,−1)), and block-diagonal copies acting on several particles at once.
/// Conventions follow Forestano et al., MLST 4 (2023) 025027 (sym_utils.py) and LieGAN's L_lorentz.
/// </summary>
internal static class LieAlgebras
{
    /// <summary>The n(n−1)/2 generators E_ij − E_ji (i &lt; j) of so(n), each with ‖G‖_F² = 2.</summary>
    /// <param name="n">Dimension, at least 2.</param>
    public static double[][,] So(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        var list = new List<double[,]>();
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                var g = new double[n, n];
                g[i, j] = -1;   // counter-clockwise rotation in the (i, j) plane: d x_i = -x_j, d x_j = x_i
                g[j, i] = 1;
                list.Add(g);
            }
        return [.. list];
    }

    /// <summary>
    /// The 6 generators of so(1,3) on (x0, x1, x2, x3): rotations J_x, J_y, J_z (antisymmetric in the spatial
    /// block) then boosts K_1, K_2, K_3 = E_0i + E_i0. Each satisfies Gᵀη + ηG = 0 with η = diag(1,−1,−1,−1).
    /// </summary>
    public static double[][,] So13()
    {
        var list = new List<double[,]>();
        (int a, int b)[] planes = [(2, 3), (3, 1), (1, 2)];   // J_x rotates y→z, J_y z→x, J_z x→y
        foreach (var (a, b) in planes)
        {
            var g = new double[4, 4];
            g[a, b] = -1;
            g[b, a] = 1;
            list.Add(g);
        }
        for (int i = 1; i <= 3; i++)
        {
            var k = new double[4, 4];
            k[0, i] = 1;
            k[i, 0] = 1;
            list.Add(k);
        }
        return [.. list];
    }

    /// <summary>The Minkowski metric diag(1, −1, −1, −1).</summary>
    public static double[,] Minkowski()
    {
        var eta = new double[4, 4];
        eta[0, 0] = 1;
        for (int i = 1; i < 4; i++) eta[i, i] = -1;
        return eta;
    }

    /// <summary>Places <paramref name="block"/> <paramref name="copies"/> times on the diagonal (one copy per particle).</summary>
    /// <param name="block">A square matrix.</param>
    /// <param name="copies">Number of copies, at least 1.</param>
    public static double[,] BlockDiagonal(double[,] block, int copies)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        int n = block.GetLength(0);
        var r = new double[n * copies, n * copies];
        for (int c = 0; c < copies; c++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    r[c * n + i, c * n + j] = block[i, j];
        return r;
    }

    /// <summary>Embeds <paramref name="block"/> into an n×n zero matrix at offset (<paramref name="at"/>, <paramref name="at"/>).</summary>
    internal static double[,] Embed(double[,] block, int n, int at)
    {
        var r = new double[n, n];
        int m = block.GetLength(0);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                r[at + i, at + j] = block[i, j];
        return r;
    }

    /// <summary>The commutator [A, B] = AB − BA.</summary>
    /// <param name="a">Square matrix.</param>
    /// <param name="b">Square matrix of the same size.</param>
    public static double[,] Commutator(double[,] a, double[,] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int n = a.GetLength(0);
        var r = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < n; k++) s += a[i, k] * b[k, j] - b[i, k] * a[k, j];
                r[i, j] = s;
            }
        return r;
    }
}
