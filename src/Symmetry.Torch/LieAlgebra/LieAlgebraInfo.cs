namespace Microsoft.ML.Symmetry;

/// <summary>
/// Inertia of the Killing form K_αβ = tr(ad_α ad_β) = Σ_γδ c_αγδ c_βδγ: how many of its eigenvalues are negative,
/// positive and (within tolerance) zero. By Sylvester's law it does not depend on the basis. A compact semisimple
/// algebra has only negative values; a semisimple one no zeros; an abelian or nilpotent one only zeros.
/// </summary>
/// <param name="Negative">Number of negative eigenvalues (the dimension of a maximal compact part, for a semisimple algebra).</param>
/// <param name="Positive">Number of positive eigenvalues.</param>
/// <param name="Zero">Number of eigenvalues that are zero within tolerance.</param>
public readonly record struct KillingSignature(int Negative, int Positive, int Zero)
{
    /// <summary>"(negative, positive, zero)".</summary>
    public override string ToString() => $"({Negative}, {Positive}, {Zero})";
}

/// <summary>Tolerances of the basis-free identification (all relative, in a basis orthonormalised for the Frobenius inner product).</summary>
public sealed record LieAlgebraTolerances
{
    /// <summary>Largest |c_αβγ| (in the orthonormal basis, where the so(3) value is 1/√2) for which the algebra counts as abelian. Default 0.05.</summary>
    public double Abelian { get; init; } = 0.05;

    /// <summary>
    /// A Killing-form eigenvalue counts as zero when |λ| ≤ this × max(max |λ|, ‖c‖²/d) (the second term is the size K
    /// would have if it were not degenerate, so a nilpotent algebra's noise is not mistaken for a form). Default 0.05.
    /// </summary>
    public double KillingZero { get; init; } = 0.05;

    /// <summary>Singular values below this × the largest count as zero in rank computations (derived algebra, centre, radical, rank). Default 0.05.</summary>
    public double Rank { get; init; } = 0.05;

    /// <summary>The brackets close when every ‖[E_α, E_β] − Σ_γ c_αβγ E_γ‖_F (orthonormal E) is at most this. Default 0.05.</summary>
    public double Closure { get; init; } = 0.05;

    /// <summary>
    /// Generators (each scaled to unit norm) span fewer dimensions than their number when an eigenvalue of their Gram
    /// matrix is below this; the identification then works on the span. Default 0.01.
    /// </summary>
    public double Independence { get; init; } = 0.01;

    /// <summary>The defaults.</summary>
    public static LieAlgebraTolerances Default { get; } = new();
}

/// <summary>
/// What a set of generators (or structure constants) is as a real Lie algebra, found without reference to a basis:
/// dimension, closure, Killing form and its signature, derived algebra, centre, radical, rank, and a name.
/// </summary>
public sealed record LieAlgebraInfo
{
    /// <summary>The name of the real Lie algebra, e.g. "so(3)", "so(1,3)", "u(1)^2", "su(3)", "so(3) ⊕ u(1)"; for an
    /// algebra not in the table, or brackets that do not close, a short description.</summary>
    public required string Name { get; init; }

    /// <summary>A longer description: isomorphisms, signature, radical, centre.</summary>
    public required string Description { get; init; }

    /// <summary>Other names of the same algebra (e.g. "su(2)" for so(3)); empty when none.</summary>
    public required IReadOnlyList<string> Aliases { get; init; }

    /// <summary>Number of generators given.</summary>
    public required int GeneratorCount { get; init; }

    /// <summary>Dimension of their span (the algebra's dimension when they close).</summary>
    public required int Dimension { get; init; }

    /// <summary>Whether the brackets lie in the span (within <see cref="LieAlgebraTolerances.Closure"/>); always true for structure constants given directly.</summary>
    public required bool IsClosed { get; init; }

    /// <summary>Largest relative closure residual ‖[E_α, E_β] − Σ_γ c_αβγ E_γ‖ in the orthonormal basis (0 for structure constants given directly).</summary>
    public required double ClosureResidual { get; init; }

    /// <summary>Whether all brackets vanish.</summary>
    public required bool IsAbelian { get; init; }

    /// <summary>Whether the Killing form is non-degenerate (Cartan's criterion), i.e. the radical is zero.</summary>
    public required bool IsSemisimple { get; init; }

    /// <summary>Inertia of the Killing form.</summary>
    public required KillingSignature KillingSignature { get; init; }

    /// <summary>Eigenvalues of the Killing form, descending.</summary>
    public required IReadOnlyList<double> KillingEigenvalues { get; init; }

    /// <summary>Dimension of the derived algebra [g, g].</summary>
    public required int DerivedDimension { get; init; }

    /// <summary>Dimension of the centre.</summary>
    public required int CenterDimension { get; init; }

    /// <summary>Dimension of the radical (the Killing-orthogonal complement of [g, g]).</summary>
    public required int RadicalDimension { get; init; }

    /// <summary>Rank: dimension of the centraliser of a generic element (of a Cartan subalgebra).</summary>
    public required int Rank { get; init; }

    /// <summary>Structure constants c[α, β, γ] in the basis the identification used ([E_α, E_β] = Σ_γ c_αβγ E_γ): for
    /// generators, their Frobenius-orthonormalised span (Löwdin: the orthonormal basis closest to the generators).</summary>
    public required double[,,] StructureConstants { get; init; }

    /// <summary>The Killing form in that basis.</summary>
    public required double[,] KillingForm { get; init; }

    /// <summary>The name.</summary>
    public override string ToString() => Name;
}
