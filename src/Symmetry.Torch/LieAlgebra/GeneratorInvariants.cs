using System.Globalization;
using System.Numerics;
using Microsoft.ML.Symmetry.Torch;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>What the one-parameter group exp(tL) of a real generator L is, read from L's eigenvalues.</summary>
public enum GeneratorEigenKind
{
    /// <summary>L = 0 (within tolerance): no motion.</summary>
    Zero,

    /// <summary>Purely imaginary eigenvalue pair(s), not all zero: exp(tL) is bounded and periodic-like (compact, u(1) ≅ so(2)).</summary>
    RotationLike,

    /// <summary>Real eigenvalues, some nonzero: exp(tL) stretches (scaling, boost, squeeze; non-compact, so(1,1) ≅ R).</summary>
    ScalingLike,

    /// <summary>All eigenvalues ≈ 0 but L ≠ 0: exp(tL) = I + tL + … is polynomial in t (shear, translation; non-compact, ≅ R).</summary>
    NilpotentLike,

    /// <summary>Complex eigenvalues with both real and imaginary parts significant (a spiral; non-compact).</summary>
    Mixed,
}

/// <summary>
/// The basis-free invariants of one real generator L and, when it is close enough, the canonical generator it matches.
/// A name is given only when |cosine| ≥ <see cref="NameFloor"/>; below it the generator is described by these invariants.
/// </summary>
/// <param name="Kind">The eigenvalue type of L.</param>
/// <param name="Rank">The rank of L (singular values above 5 % of the largest).</param>
/// <param name="SymmetricShare">‖(L + Lᵀ)/2‖_F / ‖L‖_F (0 when L = 0).</param>
/// <param name="AntisymmetricShare">‖(L − Lᵀ)/2‖_F / ‖L‖_F (0 when L = 0); the two shares' squares sum to 1.</param>
/// <param name="Eigenvalues">The eigenvalues of L, by decreasing imaginary part.</param>
/// <param name="Closest">The best canonical candidate (whatever its cosine), or null when none was given.</param>
/// <param name="Cosine">|⟨L, C⟩| / (‖L‖ ‖C‖) for <paramref name="Closest"/> (0 without one).</param>
public sealed record GeneratorInvariants(GeneratorEigenKind Kind, int Rank, double SymmetricShare, double AntisymmetricShare,
                                         IReadOnlyList<Complex> Eigenvalues, string? Closest, double Cosine)
{
    /// <summary>
    /// 0.95: the |cosine| a canonical name needs. A generator at cosine c carries a share 1 − c² of its squared norm
    /// outside the named direction; 0.95 leaves ≤ 10 %, while the held-out failures named at 0.705 (a real-eigenvalue
    /// matrix called "rotation") left half of it elsewhere. Also the cosine at which a rotation with a 10 % symmetric
    /// perturbation is still named.
    /// </summary>
    public const double NameFloor = 0.95;

    /// <summary>Relative size (to the largest |λ| or ‖L‖) below which an eigenvalue part or singular value counts as zero. 0.05, the rank tolerance of the algebra identification.</summary>
    public const double ZeroTolerance = 0.05;

    /// <summary>Whether a canonical name is given (|cosine| ≥ <see cref="NameFloor"/>).</summary>
    public bool IsNamed => Closest is not null && Cosine >= NameFloor;

    /// <summary>The canonical name when <see cref="IsNamed"/>, else "no canonical match".</summary>
    public string Name => IsNamed ? Closest! : "no canonical match";

    /// <summary>Whether exp(tL) is a compact one-parameter group (a circle): rotation-like eigenvalues.</summary>
    public bool IsCompact => Kind == GeneratorEigenKind.RotationLike;

    /// <summary>The kind in words: "rotation-like", "scaling/boost-like", "nilpotent/shear-like", "spiral (mixed)" or "zero".</summary>
    public string KindText => Kind switch
    {
        GeneratorEigenKind.RotationLike => "rotation-like",
        GeneratorEigenKind.ScalingLike => "scaling/boost-like",
        GeneratorEigenKind.NilpotentLike => "nilpotent/shear-like",
        GeneratorEigenKind.Mixed => "spiral (mixed)",
        _ => "zero",
    };

    /// <summary>The one-parameter Lie algebra by kind: "u(1)" (compact), "so(1,1)" (real eigenvalues), "R (nilpotent)", "R (spiral)", or "0".</summary>
    public string OneParameterAlgebra => Kind switch
    {
        GeneratorEigenKind.RotationLike => "u(1)",
        GeneratorEigenKind.ScalingLike => "so(1,1)",
        GeneratorEigenKind.NilpotentLike => "R (nilpotent)",
        GeneratorEigenKind.Mixed => "R (spiral)",
        _ => "0",
    };

    /// <summary>The invariants in words: "scaling/boost-like, rank 2, ‖sym‖/‖L‖ 1.00, ‖anti‖/‖L‖ 0.00".</summary>
    public string InvariantsText => string.Create(CultureInfo.InvariantCulture,
        $"{KindText}, rank {Rank}, ‖sym‖/‖L‖ {SymmetricShare:F2}, ‖anti‖/‖L‖ {AntisymmetricShare:F2}");

    /// <summary>"shear(z1,z2) (cos 0.990)" when named, else "no canonical match (closest shear(z1,z2), cos 0.700; scaling/boost-like, rank 2, …)".</summary>
    public string Describe() => IsNamed
        ? string.Create(CultureInfo.InvariantCulture, $"{Closest} (cos {Cosine:F3}; {KindText})")
        : Closest is null
            ? $"no canonical match ({InvariantsText})"
            : string.Create(CultureInfo.InvariantCulture, $"no canonical match (closest {Closest} at cos {Cosine:F3} < {NameFloor:F2}; {InvariantsText})");

    /// <summary>The invariants of <paramref name="l"/> and its best match among <paramref name="candidates"/> (none when null).</summary>
    public static GeneratorInvariants Of(double[,] l, IEnumerable<(string Name, double[,] Matrix)>? candidates = null)
    {
        ArgumentNullException.ThrowIfNull(l);
        var m = l.GetLength(0);
        if (l.GetLength(1) != m) throw new ArgumentException("A generator must be square.", nameof(l));
        var norm = Math.Sqrt(LieAlgebraMath.Inner(l, l));
        double symSq = 0;
        for (var i = 0; i < m; i++)
            for (var j = 0; j < m; j++)
            {
                var s = (l[i, j] + l[j, i]) / 2;
                symSq += s * s;
            }
        var sym = norm > 0 ? Math.Sqrt(symSq) / norm : 0;
        var anti = norm > 0 ? Math.Sqrt(Math.Max(0, 1 - sym * sym)) : 0;
        var (eig, singular) = Spectrum(l);
        var rank = singular.Length == 0 || singular[0] <= 0 ? 0 : singular.Count(s => s > ZeroTolerance * singular[0]);
        string? closest = null;
        double cosine = 0;
        if (candidates is not null && norm > 0)
            foreach (var (name, c) in candidates)
            {
                var cn = Math.Sqrt(LieAlgebraMath.Inner(c, c));
                if (cn == 0) continue;
                var cos = Math.Abs(LieAlgebraMath.Inner(l, c)) / (norm * cn);
                if (closest is null || cos > cosine) (closest, cosine) = (name, cos);
            }
        return new GeneratorInvariants(Classify(eig, norm), rank, sym, anti, eig, closest, cosine);
    }

    // Eigenvalue parts are compared with ‖L‖_F (not the largest |λ|): a nilpotent L has all |λ| ≈ 0 however large it is,
    // and numerical eigenvalues of a Jordan block are only ~√ε‖L‖ small.
    private static GeneratorEigenKind Classify(Complex[] eig, double norm)
    {
        if (norm <= 1e-12) return GeneratorEigenKind.Zero;
        var tol = ZeroTolerance * norm;
        var re = eig.Length == 0 ? 0 : eig.Max(e => Math.Abs(e.Real));
        var im = eig.Length == 0 ? 0 : eig.Max(e => Math.Abs(e.Imaginary));
        return (re > tol, im > tol) switch
        {
            (false, false) => GeneratorEigenKind.NilpotentLike,
            (false, true) => GeneratorEigenKind.RotationLike,
            (true, false) => GeneratorEigenKind.ScalingLike,
            // A rotation plus a small real part (or a scaling plus a small imaginary part) keeps the dominant kind.
            _ => re < ZeroTolerance * 4 * im ? GeneratorEigenKind.RotationLike
                : im < ZeroTolerance * 4 * re ? GeneratorEigenKind.ScalingLike
                : GeneratorEigenKind.Mixed,
        };
    }

    private static (Complex[] Eigenvalues, double[] Singular) Spectrum(double[,] l)
    {
        var m = l.GetLength(0);
        var flat = new double[m * m];
        Buffer.BlockCopy(l, 0, flat, 0, flat.Length * sizeof(double));
        using var scope = NewDisposeScope();
        var t = tensor(flat, [m, m]);
        var values = view_as_real(linalg.eigvals(t)).contiguous().data<double>().ToArray();
        var singular = linalg.svdvals(t).contiguous().data<double>().ToArray();
        var eig = Enumerable.Range(0, m).Select(i => new Complex(values[2 * i], values[2 * i + 1])).OrderByDescending(c => c.Imaginary).ToArray();
        return (eig, singular);
    }
}
