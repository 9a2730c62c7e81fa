using System.Globalization;
using System.Numerics;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>What one discovered latent generator L looks like (the report's per-generator details).</summary>
/// <param name="Matrix">L, m × m.</param>
/// <param name="Symmetric">(L + Lᵀ)/2.</param>
/// <param name="Antisymmetric">(L − Lᵀ)/2.</param>
/// <param name="SymmetricRatio">‖sym‖_F / ‖L‖_F (0 for a pure rotation; 0 when L = 0).</param>
/// <param name="Eigenvalues">The eigenvalues of L, by decreasing imaginary part.</param>
/// <param name="ClosestCanonical">The canonical generator of the latent basis with the largest |cosine| (see <see cref="Analyse"/>), whatever that cosine.</param>
/// <param name="CanonicalCosine">|⟨L, C⟩| / (‖L‖ ‖C‖) for that generator.</param>
/// <param name="Invariants">Eigenvalue type, rank and shares; its name is given only above <see cref="GeneratorInvariants.NameFloor"/>.</param>
internal sealed record LatentGeneratorAnalysis(double[,] Matrix, double[,] Symmetric, double[,] Antisymmetric, double SymmetricRatio,
                                               IReadOnlyList<Complex> Eigenvalues, string ClosestCanonical, double CanonicalCosine,
                                               GeneratorInvariants Invariants)
{
    /// <summary>
    /// The split, eigenvalues and closest canonical generator of one L: "rotation(z1,z2)", "boost(z1,z2)",
    /// "shear(z1,z2)" (z2 ← z1), "squeeze(z1,z2)" or "scaling".
    /// </summary>
    public static LatentGeneratorAnalysis Analyse(double[,] l)
    {
        ArgumentNullException.ThrowIfNull(l);
        var m = l.GetLength(0);
        if (l.GetLength(1) != m) throw new ArgumentException("A generator must be square.", nameof(l));
        var sym = new double[m, m];
        var anti = new double[m, m];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < m; j++)
            {
                sym[i, j] = (l[i, j] + l[j, i]) / 2;
                anti[i, j] = (l[i, j] - l[j, i]) / 2;
            }
        var inv = GeneratorInvariants.Of(l, Canonical(m));
        // L = 0 matches nothing; "scaling" at cosine 0 is the old placeholder, kept so the closest column is never empty.
        return new LatentGeneratorAnalysis(l, sym, anti, inv.SymmetricShare, inv.Eigenvalues, inv.Closest ?? "scaling", inv.Cosine, inv);
    }

    /// <summary>The per-generator analyses, and the Lie algebra the generators span (null for fewer than two).</summary>
    public static (IReadOnlyList<LatentGeneratorAnalysis> Details, LieAlgebraInfo? Algebra) AnalyseAll(IReadOnlyList<double[,]> generators)
    {
        ArgumentNullException.ThrowIfNull(generators);
        return (generators.Select(Analyse).ToArray(), generators.Count >= 2 ? LieAlgebraMath.Identify(generators) : null);
    }

    private static IEnumerable<(string, double[,])> Canonical(int m)
    {
        var id = new double[m, m];
        for (var i = 0; i < m; i++) id[i, i] = 1;
        yield return ("scaling", id);
        for (var i = 0; i < m; i++)
            for (var j = i + 1; j < m; j++)
            {
                string pair = string.Create(CultureInfo.InvariantCulture, $"(z{i + 1},z{j + 1})");
                var rot = new double[m, m];
                rot[i, j] = -1;
                rot[j, i] = 1;
                yield return ("rotation" + pair, rot);
                var boost = new double[m, m];
                boost[i, j] = 1;
                boost[j, i] = 1;
                yield return ("boost" + pair, boost);
                var squeeze = new double[m, m];
                squeeze[i, i] = 1;
                squeeze[j, j] = -1;
                yield return ("squeeze" + pair, squeeze);
                var shear = new double[m, m];
                shear[j, i] = 1;
                yield return ("shear" + pair, shear);
                var shear2 = new double[m, m];
                shear2[i, j] = 1;
                yield return ("shear" + string.Create(CultureInfo.InvariantCulture, $"(z{j + 1},z{i + 1})"), shear2);
            }
    }
}
