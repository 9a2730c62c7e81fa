using System.Globalization;

namespace Microsoft.ML.Symmetry;

public sealed partial class LatentLieGanReport
{
    /// <summary>
    /// Headline results: generators, latent dimension, closest canonical generator of L1 and its cosine, its name (above
    /// the floor), eigenvalue type and rank, the final discriminator accuracy and whether the symmetry was reached, ‖sym‖/‖L‖ and
    /// |Re λ|/|Im λ| of L1, the algebra (k ≥ 2), the SINDy equations, the rollout errors at the longest horizon, and for a multi-seed fit how many runs agree.
    /// </summary>
    public override IReadOnlyList<KeyResult> KeyResults
    {
        get
        {
            var first = Details[0];
            var list = new List<KeyResult>
            {
                new("generators", "Generators", Generators.Count),
                new("latentDimension", "Latent dimension", Generators[0].GetLength(0)),
                new("closestGenerator", "Closest canonical generator of L1", first.ClosestCanonical),
                new("canonicalCosine", "|cosine| to it", Math.Round(first.CanonicalCosine, 4)),
                new("generatorName", string.Create(CultureInfo.InvariantCulture, $"Name of L1 (only at |cosine| ≥ {GeneratorInvariants.NameFloor:F2})"), first.Name),
                new("generatorKind", "Eigenvalue type of L1", first.Invariants.KindText),
                new("generatorRank", "Rank of L1", first.Invariants.Rank),
                new("symmetricRatio", "‖sym‖/‖L‖ of L1", Math.Round(first.SymmetricRatio, 4)),
                new("realToImaginary", "|Re λ|/|Im λ| of L1", double.IsFinite(first.RealToImaginaryRatio) ? Math.Round(first.RealToImaginaryRatio, 4) : first.RealToImaginaryRatio),
            };
            if (FinalDiscriminatorAccuracy is { } acc)
            {
                list.Add(new("discriminatorAccuracy", "Final discriminator accuracy (0.5 = symmetry reached)", Math.Round(acc, 4)));
                list.Add(new("symmetryReached", string.Create(CultureInfo.InvariantCulture, $"Symmetry reached (accuracy ≤ {NotReachedAccuracy:F2})"), !SymmetryNotReached));
            }
            if (Algebra is { } a) list.Add(new("algebra", "Lie algebra", a.Name));
            if (Equations is { } e) list.Add(new("equations", "SINDy equations", string.Join("; ", e)));
            if (Rollout is { Count: > 0 } r)
            {
                var last = r.MaxBy(x => x.Horizon)!;
                list.Add(new("rolloutHorizon", "Longest rollout horizon (steps)", last.Horizon));
                list.Add(new("rolloutInputRelativeMse", "Rollout relative MSE in input space there", last.InputRelativeMse));
                list.Add(new("rolloutLatentRelativeMse", "Rollout relative MSE in latent space there", last.LatentRelativeMse));
            }
            list.AddRange(SeedKeyResults());
            return list;
        }
    }
}
