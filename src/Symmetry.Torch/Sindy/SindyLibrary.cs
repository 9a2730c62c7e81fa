using System.Globalization;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// The SINDy candidate library Θ(z) over n variables: the constant 1, every monomial of degree 1 … p (degree by
/// degree; within a degree the exponent tuples in lexicographic order of the variables' indices, e.g. for n = 2, p = 2:
/// 1, z1, z2, z1², z1 z2, z2²), then optionally sin(z_i) and exp(z_i) for each variable.
/// </summary>
public sealed class SindyLibrary
{
    private readonly int[][] monomials;

    /// <summary>Creates the library.</summary>
    /// <param name="variables">n ≥ 1.</param>
    /// <param name="polynomialOrder">p ≥ 0 (0 keeps the constant only).</param>
    /// <param name="includeSine">Adds sin(z_i).</param>
    /// <param name="includeExp">Adds exp(z_i).</param>
    public SindyLibrary(int variables, int polynomialOrder = 2, bool includeSine = false, bool includeExp = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(variables, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(polynomialOrder);
        Variables = variables;
        PolynomialOrder = polynomialOrder;
        IncludeSine = includeSine;
        IncludeExp = includeExp;
        var list = new List<int[]> { new int[variables] };
        for (var degree = 1; degree <= polynomialOrder; degree++) AddDegree(list, new int[variables], 0, degree);
        monomials = list.ToArray();
        var names = monomials.Select(MonomialName).ToList();
        if (includeSine) names.AddRange(Enumerable.Range(1, variables).Select(i => $"sin(z{i})"));
        if (includeExp) names.AddRange(Enumerable.Range(1, variables).Select(i => $"exp(z{i})"));
        TermNames = names;
    }

    /// <summary>n.</summary>
    public int Variables { get; }

    /// <summary>p.</summary>
    public int PolynomialOrder { get; }

    /// <summary>Whether sin(z_i) terms are included.</summary>
    public bool IncludeSine { get; }

    /// <summary>Whether exp(z_i) terms are included.</summary>
    public bool IncludeExp { get; }

    /// <summary>The terms' names ("1", "z1", "z1 z2", "z1^2", "sin(z1)", …) in column order.</summary>
    public IReadOnlyList<string> TermNames { get; }

    /// <summary>The exponents (one per variable) of each monomial term, in <see cref="TermNames"/> order; the sine and exp terms follow them.</summary>
    internal IReadOnlyList<int[]> Monomials => monomials;

    /// <summary>Number of terms (columns of Θ).</summary>
    public int Count => TermNames.Count;

    /// <summary>Θ(z) for one point (length n).</summary>
    public double[] Evaluate(ReadOnlySpan<double> z)
    {
        if (z.Length != Variables) throw new ArgumentException($"The point has {z.Length} coordinates; the library has {Variables} variables.", nameof(z));
        var row = new double[Count];
        var c = 0;
        foreach (var m in monomials)
        {
            double v = 1;
            for (var i = 0; i < Variables; i++)
                for (var e = 0; e < m[i]; e++) v *= z[i];
            row[c++] = v;
        }
        if (IncludeSine) for (var i = 0; i < Variables; i++) row[c++] = Math.Sin(z[i]);
        if (IncludeExp) for (var i = 0; i < Variables; i++) row[c++] = Math.Exp(z[i]);
        return row;
    }

    /// <summary>Θ(Z) for rows × n points: rows × <see cref="Count"/>.</summary>
    public double[,] Evaluate(double[,] z)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (z.GetLength(1) != Variables) throw new ArgumentException($"The points have {z.GetLength(1)} coordinates; the library has {Variables} variables.", nameof(z));
        var rows = z.GetLength(0);
        var theta = new double[rows, Count];
        var point = new double[Variables];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < Variables; i++) point[i] = z[r, i];
            var row = Evaluate(point);
            for (var c = 0; c < row.Length; c++) theta[r, c] = row[c];
        }
        return theta;
    }

    /// <summary>
    /// Θ(z) for rows × <see cref="Variables"/> tensors: rows × <see cref="Count"/>, in <see cref="TermNames"/> order,
    /// differentiable (for a SINDy loss inside training).
    /// </summary>
    internal TorchSharp.torch.Tensor Evaluate(TorchSharp.torch.Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (z.ndim != 2 || z.shape[1] != Variables) throw new ArgumentException($"The points must be rows × {Variables}; got [{string.Join(", ", z.shape)}].", nameof(z));
        var columns = new List<TorchSharp.torch.Tensor>(Count);
        foreach (var m in monomials)
        {
            var v = TorchSharp.torch.ones([z.shape[0]], z.dtype, z.device);
            for (var i = 0; i < Variables; i++)
                if (m[i] > 0) v = v * z.select(1, i).pow(m[i]);
            columns.Add(v);
        }
        if (IncludeSine) for (var i = 0; i < Variables; i++) columns.Add(z.select(1, i).sin());
        if (IncludeExp) for (var i = 0; i < Variables; i++) columns.Add(z.select(1, i).exp());
        return TorchSharp.torch.stack(columns, 1);
    }

    private static void AddDegree(List<int[]> list, int[] exponents, int from, int left)
    {
        if (left == 0)
        {
            list.Add((int[])exponents.Clone());
            return;
        }
        for (var i = from; i < exponents.Length; i++)
        {
            exponents[i]++;
            AddDegree(list, exponents, i, left - 1);
            exponents[i]--;
        }
    }

    private static string MonomialName(int[] exponents)
    {
        var parts = new List<string>();
        for (var i = 0; i < exponents.Length; i++)
            if (exponents[i] == 1) parts.Add(string.Create(CultureInfo.InvariantCulture, $"z{i + 1}"));
            else if (exponents[i] > 1) parts.Add(string.Create(CultureInfo.InvariantCulture, $"z{i + 1}^{exponents[i]}"));
        return parts.Count == 0 ? "1" : string.Join(' ', parts);
    }
}
