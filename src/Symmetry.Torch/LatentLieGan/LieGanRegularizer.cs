namespace Microsoft.ML.Symmetry;

/// <summary>
/// The term that keeps LaLiGAN's generator away from the identity (the public LieGAN code's <c>reg_type</c>). Use
/// <see cref="Cosine"/> for rotation-like symmetries (the paper's default); it equals 1 for every dilation, as for the
/// identity, so a scaling symmetry is penalised like "no symmetry". Use <see cref="RelativeDifference"/> or
/// <see cref="GeneratorNorm"/> when the symmetry may be non-compact (scalings, boosts, shears).
/// </summary>
public enum LieGanRegularizer
{
    /// <summary>|mean cos(g z, z)| ("cosine"): penalises moves along z, so it favours rotations.</summary>
    Cosine,

    /// <summary>−min(mean |(g z − z) / z|, 1) ("rel_diff"): rewards any relative move, dilations included.</summary>
    RelativeDifference,

    /// <summary>−min(‖L‖_F, k·m) ("Li_norm"): rewards a nonzero generator of any kind.</summary>
    GeneratorNorm,
}
