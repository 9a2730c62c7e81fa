using System.Globalization;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// Lie-algebra maths on generators given as square matrices (linear generators, or Jacobians of vector fields):
/// brackets, structure constants by least squares, the Killing form and its signature, and a basis-free
/// identification of the real Lie algebra they span (<see cref="Identify(IReadOnlyList{double[,]}, LieAlgebraTolerances?)"/>).
/// Convention: [E_α, E_β] = Σ_γ c_αβγ E_γ; K_αβ = tr(ad_α ad_β) = Σ_γδ c_αγδ c_βδγ.
/// </summary>
internal static class LieAlgebraMath
{
    /// <summary>The commutator [A, B] = AB − BA of two n×n matrices.</summary>
    public static double[,] Bracket(double[,] a, double[,] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var n = a.GetLength(0);
        if (a.GetLength(1) != n || b.GetLength(0) != n || b.GetLength(1) != n)
            throw new ArgumentException($"Brackets need two square matrices of one size; got {a.GetLength(0)}×{a.GetLength(1)} and {b.GetLength(0)}×{b.GetLength(1)}.");
        var r = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var k = 0; k < n; k++) s += a[i, k] * b[k, j] - b[i, k] * a[k, j];
                r[i, j] = s;
            }
        return r;
    }

    /// <summary>The Frobenius inner product Σ_ij A_ij B_ij.</summary>
    public static double Inner(double[,] a, double[,] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.GetLength(0) != b.GetLength(0) || a.GetLength(1) != b.GetLength(1)) throw new ArgumentException("The matrices differ in shape.");
        double s = 0;
        for (var i = 0; i < a.GetLength(0); i++)
            for (var j = 0; j < a.GetLength(1); j++) s += a[i, j] * b[i, j];
        return s;
    }

    /// <summary>
    /// Structure constants of <paramref name="generators"/> in their own basis by least squares: for each pair,
    /// c_αβ· minimises ‖[G_α, G_β] − Σ_γ c_αβγ G_γ‖_F (normal equations with the Gram matrix; a pseudo-inverse when
    /// the generators are dependent). <paramref name="residuals"/>[α, β] is that minimum divided by ‖G_α‖‖G_β‖
    /// (0 on the diagonal; 0 where a generator is zero).
    /// </summary>
    public static double[,,] FitStructureConstants(IReadOnlyList<double[,]> generators, out double[,] residuals)
    {
        var g = Validate(generators);
        var d = g.Count;
        var gram = new double[d, d];
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++) gram[i, j] = Inner(g[i], g[j]);
        var pinv = PseudoInverse(gram, 1e-10);
        var c = new double[d, d, d];
        residuals = new double[d, d];
        for (var a = 0; a < d; a++)
            for (var b = a + 1; b < d; b++)
            {
                var br = Bracket(g[a], g[b]);
                var rhs = new double[d];
                for (var k = 0; k < d; k++) rhs[k] = Inner(g[k], br);
                var res = (double[,])br.Clone();
                for (var k = 0; k < d; k++)
                {
                    double s = 0;
                    for (var l = 0; l < d; l++) s += pinv[k, l] * rhs[l];
                    c[a, b, k] = s;
                    c[b, a, k] = -s;
                    Axpy(res, -s, g[k]);
                }
                var scale = Math.Sqrt(Inner(g[a], g[a]) * Inner(g[b], g[b]));
                var r = scale > 0 ? Math.Sqrt(Inner(res, res)) / scale : 0;
                residuals[a, b] = r;
                residuals[b, a] = r;
            }
        return c;
    }

    /// <summary>
    /// A Frobenius-orthonormal basis of the span of <paramref name="generators"/>, each basis matrix scaled to
    /// ‖E‖_F² = <paramref name="normSquared"/>. When the generators are independent (Gram eigenvalues of the
    /// unit-normalised generators above <paramref name="independence"/>) this is Löwdin's symmetric
    /// orthonormalisation, E = G Γ^(−1/2): the orthonormal basis closest to the generators, in their order. Otherwise a
    /// basis of the well-conditioned part of the span (fewer matrices).
    /// </summary>
    public static double[][,] Orthonormalize(IReadOnlyList<double[,]> generators, double normSquared = 1, double independence = 0.01)
    {
        var g = Validate(generators);
        if (!(normSquared > 0) || !double.IsFinite(normSquared)) throw new ArgumentOutOfRangeException(nameof(normSquared), normSquared, "The norm must be positive.");
        var units = new List<double[,]>();
        foreach (var m in g)
        {
            var norm = Math.Sqrt(Inner(m, m));
            if (norm <= 1e-12) continue;                   // a zero generator spans nothing
            units.Add(Scale(m, 1 / norm));
        }
        var d = units.Count;
        if (d == 0) return [];
        var gram = new double[d, d];
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++) gram[i, j] = Inner(units[i], units[j]);
        var (values, vectors) = SymmetricEigen.Decompose(gram);
        var kept = values.Count(v => v > independence);
        var scale = Math.Sqrt(normSquared);
        var rows = units[0].GetLength(0);
        var cols = units[0].GetLength(1);
        var basis = new double[kept][,];
        if (kept == d)
        {
            // Löwdin: T = U Λ^(-1/2) Uᵀ, E_i = Σ_j T_ji G_j.
            for (var i = 0; i < d; i++)
            {
                var e = new double[rows, cols];
                for (var j = 0; j < d; j++)
                {
                    double t = 0;
                    for (var k = 0; k < d; k++) t += vectors[j, k] * vectors[i, k] / Math.Sqrt(values[k]);
                    Axpy(e, t * scale, units[j]);
                }
                basis[i] = e;
            }
        }
        else
        {
            for (var k = 0; k < kept; k++)
            {
                var e = new double[rows, cols];
                for (var j = 0; j < d; j++) Axpy(e, vectors[j, k] / Math.Sqrt(values[k]) * scale, units[j]);
                basis[k] = e;
            }
        }
        return basis;
    }

    /// <summary>The Killing form K_αβ = Σ_γδ c_αγδ c_βδγ of structure constants c[α, β, γ] (d×d×d).</summary>
    public static double[,] KillingForm(double[,,] structureConstants)
    {
        var c = ValidateConstants(structureConstants);
        var d = c.GetLength(0);
        var k = new double[d, d];
        for (var a = 0; a < d; a++)
            for (var b = 0; b < d; b++)
            {
                double s = 0;
                for (var g = 0; g < d; g++)
                    for (var e = 0; e < d; e++) s += c[a, g, e] * c[b, e, g];
                k[a, b] = s;
            }
        return k;
    }

    /// <summary>
    /// Signature of a Killing form: eigenvalues with |λ| ≤ <paramref name="zeroTolerance"/> × max(max |λ|,
    /// <paramref name="scale"/>) count as zero.
    /// </summary>
    public static KillingSignature Signature(double[,] killingForm, double zeroTolerance = 0.05, double scale = 0)
    {
        ArgumentNullException.ThrowIfNull(killingForm);
        var (values, _) = SymmetricEigen.Decompose(killingForm);
        return Signature(values, zeroTolerance, scale);
    }

    /// <summary>
    /// Identifies the real Lie algebra spanned by <paramref name="generators"/> (square matrices of one size), without
    /// reference to their order, normalisation or basis: the span is orthonormalised
    /// (<see cref="Orthonormalize"/>), its brackets are projected on it (closure residual), and the structure constants
    /// of that basis are identified by <see cref="Identify(double[,,], LieAlgebraTolerances?)"/>. When the brackets do
    /// not close, <see cref="LieAlgebraInfo.IsClosed"/> is false and the name says so.
    /// </summary>
    public static LieAlgebraInfo Identify(IReadOnlyList<double[,]> generators, LieAlgebraTolerances? tolerances = null)
    {
        var t = tolerances ?? LieAlgebraTolerances.Default;
        var g = Validate(generators);
        var basis = Orthonormalize(g, 1, t.Independence);
        var d = basis.Length;
        var c = new double[d, d, d];
        double worst = 0;
        for (var a = 0; a < d; a++)
            for (var b = a + 1; b < d; b++)
            {
                var br = Bracket(basis[a], basis[b]);
                var res = (double[,])br.Clone();
                for (var k = 0; k < d; k++)
                {
                    var s = Inner(br, basis[k]);
                    c[a, b, k] = s;
                    c[b, a, k] = -s;
                    Axpy(res, -s, basis[k]);
                }
                worst = Math.Max(worst, Math.Sqrt(Inner(res, res)));
            }
        var info = Analyse(c, t, depth: 0);
        var closed = worst <= t.Closure;
        info = info with { GeneratorCount = g.Count, IsClosed = closed, ClosureResidual = worst };
        if (info.IsAbelian) info = NameByKind(info, basis);
        if (!closed)
        {
            info = info with
            {
                Name = string.Create(CultureInfo.InvariantCulture, $"not closed (bracket residual {worst:G3})"),
                Aliases = [],
                Description = string.Create(CultureInfo.InvariantCulture,
                    $"The brackets of the {g.Count} generator(s) leave their {d}-dimensional span (largest relative residual {worst:G3} > {t.Closure:G3}): they do not form a Lie algebra on their own. Had they closed: {info.Description}"),
            };
        }
        return info;
    }

    /// <summary>
    /// All one-dimensional algebras are isomorphic, but the group a user gets is not: a one-dimensional span is named by
    /// its generator's eigenvalues — u(1) ≅ so(2) (compact, a circle) for imaginary ones, so(1,1) ≅ R (non-compact) for
    /// real ones, "R (nilpotent)" (a shear or translation) when all vanish, "R (spiral)" when mixed. For a larger abelian
    /// span the description lists its (orthonormalised) basis elements' kinds, which depend on the basis and are a hint only.
    /// </summary>
    private static LieAlgebraInfo NameByKind(LieAlgebraInfo info, double[][,] basis)
    {
        var kinds = basis.Select(b => GeneratorInvariants.Of(b)).ToArray();
        if (basis.Length == 1)
        {
            var k = kinds[0];
            var (name, aliases, text) = k.Kind switch
            {
                GeneratorEigenKind.RotationLike => ("u(1)", new[] { "so(2)", "R" }, "compact: exp(tL) is a circle (imaginary eigenvalues)"),
                GeneratorEigenKind.ScalingLike => ("so(1,1)", new[] { "R" }, "non-compact: exp(tL) is a line of scalings/boosts (real eigenvalues)"),
                GeneratorEigenKind.NilpotentLike => ("R (nilpotent)", new[] { "R" }, "non-compact: exp(tL) is a line of shears/translations (nilpotent L)"),
                GeneratorEigenKind.Mixed => ("R (spiral)", new[] { "R" }, "non-compact: exp(tL) spirals (eigenvalues with real and imaginary parts)"),
                _ => (info.Name, info.Aliases.ToArray(), "zero generator"),
            };
            return info with { Name = info.IsClosed ? name : info.Name, Aliases = info.IsClosed ? aliases : info.Aliases, Description = $"One-dimensional, {text}; {k.InvariantsText}. {info.Description}" };
        }
        return info with { Description = info.Description + " Orthonormalised basis elements by kind: " + string.Join(", ", kinds.Select(k => k.OneParameterAlgebra)) + "." };
    }

    /// <summary>
    /// Identifies the real Lie algebra with structure constants c[α, β, γ] ([E_α, E_β] = Σ_γ c_αβγ E_γ, antisymmetric
    /// in α, β): invariants that do not depend on the basis (dimension, Killing signature, dimensions of the derived
    /// algebra, centre and radical, rank) and a name from them: u(1)^k (≅ R^k) when abelian; for semisimple algebras
    /// so(3) ≅ su(2), so(2,1) ≅ sl(2,R), so(4), so(1,3) ≅ sl(2,C), so(2,2), so(3) ⊕ so(2,1), su(3), su(2,1), sl(3,R),
    /// so(5), so(4,1), so(3,2), g2, so(6) ≅ su(4); reductive ones as the semisimple part ⊕ u(1)^k; otherwise a
    /// description. Tolerances assume an O(1) basis (e.g. orthonormal generators).
    /// </summary>
    public static LieAlgebraInfo Identify(double[,,] structureConstants, LieAlgebraTolerances? tolerances = null)
    {
        var c = ValidateConstants(structureConstants);
        var d = c.GetLength(0);
        for (var a = 0; a < d; a++)
            for (var b = 0; b < d; b++)
                for (var k = 0; k < d; k++)
                    if (Math.Abs(c[a, b, k] + c[b, a, k]) > 1e-6 * (1 + Math.Abs(c[a, b, k])))
                        throw new ArgumentException($"Structure constants must be antisymmetric in their first two indices; c[{a},{b},{k}] = {c[a, b, k]} but c[{b},{a},{k}] = {c[b, a, k]}.", nameof(structureConstants));
        return Analyse(c, tolerances ?? LieAlgebraTolerances.Default, depth: 0);
    }

    private static LieAlgebraInfo Analyse(double[,,] c, LieAlgebraTolerances t, int depth)
    {
        var d = c.GetLength(0);
        double maxAbs = 0, sumSq = 0;
        foreach (var v in c)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(v));
            sumSq += v * v;
        }
        var killing = KillingForm(c);
        var (eig, _) = SymmetricEigen.Decompose(killing);
        var abelian = maxAbs <= t.Abelian;
        var signature = abelian ? new KillingSignature(0, 0, d) : Signature(eig, t.KillingZero, d > 0 ? sumSq / d : 0);
        var semisimple = !abelian && d > 0 && signature.Zero == 0;

        int derived, center, radical, rank;
        double[,] derivedBasis;
        if (abelian)
        {
            (derived, center, radical, rank) = (0, d, d, d);
            derivedBasis = new double[d, 0];
        }
        else
        {
            // Derived algebra: the span of the bracket vectors c_αβ·.
            var m = new double[d, d];
            for (var a = 0; a < d; a++)
                for (var b = 0; b < d; b++)
                    for (var i = 0; i < d; i++)
                        for (var j = 0; j < d; j++) m[i, j] += c[a, b, i] * c[a, b, j];
            var (mv, mvec) = SymmetricEigen.Decompose(m);
            derived = mv.Count(v => v > t.Rank * t.Rank * mv[0]);
            derivedBasis = new double[d, derived];
            for (var i = 0; i < d; i++)
                for (var k = 0; k < derived; k++) derivedBasis[i, k] = mvec[i, k];

            // Centre: x with Σ_α x_α c_αβγ = 0 for all β, γ; its dimension is d − rank of that map.
            var ata = new double[d, d];
            for (var a1 = 0; a1 < d; a1++)
                for (var a2 = 0; a2 < d; a2++)
                {
                    double s = 0;
                    for (var b = 0; b < d; b++)
                        for (var k = 0; k < d; k++) s += c[a1, b, k] * c[a2, b, k];
                    ata[a1, a2] = s;
                }
            center = d - RankOfGram(ata, t.Rank);

            // Radical = (g')^⊥ for the Killing form: d − rank(K D).
            if (derived == 0) radical = d;
            else
            {
                var kd = new double[d, derived];
                for (var i = 0; i < d; i++)
                    for (var k = 0; k < derived; k++)
                    {
                        double s = 0;
                        for (var j = 0; j < d; j++) s += killing[i, j] * derivedBasis[j, k];
                        kd[i, k] = s;
                    }
                var gram = new double[derived, derived];
                for (var p = 0; p < derived; p++)
                    for (var q = 0; q < derived; q++)
                    {
                        double s = 0;
                        for (var i = 0; i < d; i++) s += kd[i, p] * kd[i, q];
                        gram[p, q] = s;
                    }
                var (gv, _) = SymmetricEigen.Decompose(gram);
                var kScale = Math.Max(eig.Length == 0 ? 0 : eig.Max(Math.Abs), d > 0 ? sumSq / d : 0);
                var r = gv.Count(v => v > t.KillingZero * t.KillingZero * kScale * kScale);
                radical = d - r;
            }

            // Rank: the smallest centraliser dimension over a few fixed generic elements.
            rank = d;
            var random = new Random(12345);
            for (var trial = 0; trial < 3; trial++)
            {
                var x = new double[d];
                for (var a = 0; a < d; a++) x[a] = random.NextDouble() * 2 - 1;
                var ad = new double[d, d];      // (ad_x)_{γβ} = Σ_α x_α c_αβγ
                for (var a = 0; a < d; a++)
                    for (var b = 0; b < d; b++)
                        for (var k = 0; k < d; k++) ad[k, b] += x[a] * c[a, b, k];
                var gram = new double[d, d];
                for (var p = 0; p < d; p++)
                    for (var q = 0; q < d; q++)
                    {
                        double s = 0;
                        for (var i = 0; i < d; i++) s += ad[i, p] * ad[i, q];
                        gram[p, q] = s;
                    }
                rank = Math.Min(rank, d - RankOfGram(gram, t.Rank));
            }
        }

        var (name, aliases, description) = Name(c, d, abelian, semisimple, signature, derived, center, radical, rank, derivedBasis, t, depth);
        return new LieAlgebraInfo
        {
            Name = name,
            Aliases = aliases,
            Description = description,
            GeneratorCount = d,
            Dimension = d,
            IsClosed = true,
            ClosureResidual = 0,
            IsAbelian = abelian,
            IsSemisimple = semisimple,
            KillingSignature = signature,
            KillingEigenvalues = eig,
            DerivedDimension = derived,
            CenterDimension = center,
            RadicalDimension = radical,
            Rank = rank,
            StructureConstants = (double[,,])c.Clone(),
            KillingForm = killing,
        };
    }

    private static (string name, string[] aliases, string description) Name(double[,,] c, int d, bool abelian, bool semisimple, KillingSignature s,
        int derived, int center, int radical, int rank, double[,] derivedBasis, LieAlgebraTolerances t, int depth)
    {
        var inv = CultureInfo.InvariantCulture;
        if (d == 0) return ("0", [], "The zero algebra: no generators.");
        if (abelian)
        {
            var n = d == 1 ? "u(1)" : $"u(1)^{d}";
            var r = d == 1 ? "R" : $"R^{d}";
            return (n, [r], $"Abelian, dimension {d}: all brackets vanish ({n} ≅ {r} as Lie algebras).");
        }
        var sig = $"Killing signature (−{s.Negative}, +{s.Positive}, 0×{s.Zero})";
        if (semisimple)
        {
            string? name = null;
            string[] aliases = [];
            var compact = s.Positive == 0;
            switch (d, s.Negative, rank)
            {
                case (3, 3, 1): name = "so(3)"; aliases = ["su(2)", "sp(1)"]; break;
                case (3, 1, 1): name = "so(2,1)"; aliases = ["sl(2,R)", "su(1,1)", "sp(2,R)"]; break;
                case (6, 6, 2): name = "so(4)"; aliases = ["su(2) ⊕ su(2)", "so(3) ⊕ so(3)"]; break;
                case (6, 3, 2): name = "so(1,3)"; aliases = ["sl(2,C)", "so(3,1)", "Lorentz algebra"]; break;
                case (6, 4, 2): name = "so(3) ⊕ so(2,1)"; aliases = ["su(2) ⊕ sl(2,R)"]; break;
                case (6, 2, 2): name = "so(2,2)"; aliases = ["sl(2,R) ⊕ sl(2,R)"]; break;
                case (8, 8, 2): name = "su(3)"; break;
                case (8, 4, 2): name = "su(2,1)"; break;
                case (8, 3, 2): name = "sl(3,R)"; break;
                case (10, 10, 2): name = "so(5)"; aliases = ["sp(2)"]; break;
                case (10, 6, 2): name = "so(4,1)"; aliases = ["sp(1,1)", "de Sitter algebra"]; break;
                case (10, 4, 2): name = "so(3,2)"; aliases = ["sp(4,R)", "anti-de Sitter algebra"]; break;
                case (14, 14, 2): name = "g2"; break;
                case (15, 15, 3): name = "so(6)"; aliases = ["su(4)"]; break;
                case (9, 9, 3): name = "so(3) ⊕ so(3) ⊕ so(3)"; break;
            }
            var text = string.Create(inv, $"Semisimple{(compact ? ", compact" : "")}, dimension {d}, rank {rank}, {sig}.");
            if (name is null)
                return (string.Create(inv, $"semisimple, dim {d}, rank {rank}, Killing signature ({s.Negative}, {s.Positive})"), [],
                        text + " Not in the table of named algebras.");
            return (name, aliases, $"{name}{(aliases.Length > 0 ? " ≅ " + string.Join(" ≅ ", aliases) : "")}: {text}");
        }
        // Reductive: g = [g, g] ⊕ centre with [g, g] semisimple.
        if (depth == 0 && center > 0 && radical == center && derived + center == d && derived > 0)
        {
            var sub = Analyse(Restrict(c, derivedBasis), t, depth + 1);
            if (sub.IsSemisimple)
            {
                var u = center == 1 ? "u(1)" : $"u(1)^{center}";
                var name = $"{sub.Name} ⊕ {u}";
                return (name, sub.Aliases.Select(a => $"{a} ⊕ {u}").ToArray(),
                        string.Create(inv, $"Reductive, dimension {d}: the semisimple {sub.Name} plus a {center}-dimensional centre; {sig}."));
            }
        }
        var kind = radical == d ? "solvable" : "non-semisimple";
        var desc = string.Create(inv,
            $"{kind}, dim {d}, {radical}-dim radical, {derived}-dim derived algebra, {center}-dim centre");
        return (desc, [], string.Create(inv, $"{char.ToUpperInvariant(desc[0])}{desc[1..]}; rank {rank}; {sig}."));
    }

    private static double[,,] Restrict(double[,,] c, double[,] basis)
    {
        var d = c.GetLength(0);
        var r = basis.GetLength(1);
        var sub = new double[r, r, r];
        for (var p = 0; p < r; p++)
            for (var q = 0; q < r; q++)
            {
                var w = new double[d];
                for (var a = 0; a < d; a++)
                    for (var b = 0; b < d; b++)
                    {
                        var f = basis[a, p] * basis[b, q];
                        if (f == 0) continue;
                        for (var k = 0; k < d; k++) w[k] += f * c[a, b, k];
                    }
                for (var k = 0; k < r; k++)
                {
                    double s = 0;
                    for (var i = 0; i < d; i++) s += basis[i, k] * w[i];
                    sub[p, q, k] = s;
                }
            }
        return sub;
    }

    private static KillingSignature Signature(double[] eigenvalues, double zeroTolerance, double scale)
    {
        var max = eigenvalues.Length == 0 ? 0 : eigenvalues.Max(Math.Abs);
        var threshold = zeroTolerance * Math.Max(max, scale);
        int neg = 0, pos = 0, zero = 0;
        foreach (var v in eigenvalues)
        {
            if (Math.Abs(v) <= threshold) zero++;
            else if (v < 0) neg++;
            else pos++;
        }
        return new KillingSignature(neg, pos, zero);
    }

    private static int RankOfGram(double[,] gram, double relative)
    {
        var (values, _) = SymmetricEigen.Decompose(gram);
        if (values.Length == 0 || values[0] <= 0) return 0;
        return values.Count(v => v > relative * relative * values[0]);
    }

    private static double[,] PseudoInverse(double[,] symmetric, double relative)
    {
        var n = symmetric.GetLength(0);
        var (values, vectors) = SymmetricEigen.Decompose(symmetric);
        var inv = new double[n, n];
        if (n == 0 || values[0] <= 0) return inv;
        for (var k = 0; k < n; k++)
        {
            if (values[k] <= relative * values[0]) continue;
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++) inv[i, j] += vectors[i, k] * vectors[j, k] / values[k];
        }
        return inv;
    }

    private static void Axpy(double[,] y, double a, double[,] x)
    {
        for (var i = 0; i < y.GetLength(0); i++)
            for (var j = 0; j < y.GetLength(1); j++) y[i, j] += a * x[i, j];
    }

    private static double[,] Scale(double[,] x, double a)
    {
        var r = (double[,])x.Clone();
        for (var i = 0; i < r.GetLength(0); i++)
            for (var j = 0; j < r.GetLength(1); j++) r[i, j] *= a;
        return r;
    }

    private static IReadOnlyList<double[,]> Validate(IReadOnlyList<double[,]> generators)
    {
        ArgumentNullException.ThrowIfNull(generators);
        if (generators.Count == 0) return generators;
        var n = generators[0]?.GetLength(0) ?? throw new ArgumentException("A generator is null.", nameof(generators));
        for (var i = 0; i < generators.Count; i++)
        {
            var g = generators[i] ?? throw new ArgumentException($"Generator {i} is null.", nameof(generators));
            if (g.GetLength(0) != n || g.GetLength(1) != n)
                throw new ArgumentException($"Generators must be square matrices of one size; generator {i} is {g.GetLength(0)}×{g.GetLength(1)}, generator 0 is {n}×{n}.", nameof(generators));
            foreach (var v in g)
                if (!double.IsFinite(v)) throw new ArgumentException($"Generator {i} has a non-finite entry ({v}).", nameof(generators));
        }
        return generators;
    }

    private static double[,,] ValidateConstants(double[,,] c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var d = c.GetLength(0);
        if (c.GetLength(1) != d || c.GetLength(2) != d)
            throw new ArgumentException($"Structure constants must be d×d×d; got {c.GetLength(0)}×{c.GetLength(1)}×{c.GetLength(2)}.", nameof(c));
        foreach (var v in c)
            if (!double.IsFinite(v)) throw new ArgumentException($"Structure constants must be finite; got {v}.", nameof(c));
        return c;
    }
}
