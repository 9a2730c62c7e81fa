namespace Microsoft.ML.Symmetry;

public sealed partial class LatentLieGanReport
{
    /// <summary>
    /// Headline results: generators, latent dimension, closest canonical generator of L1 and its cosine, ‖sym‖/‖L‖ and
    /// |Re λ|/|Im λ| of L1, the algebra (k ≥ 2), the SINDy equations, and the rollout errors at the longest horizon.
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
                new("symmetricRatio", "‖sym‖/‖L‖ of L1", Math.Round(first.SymmetricRatio, 4)),
                new("realToImaginary", "|Re λ|/|Im λ| of L1", double.IsFinite(first.RealToImaginaryRatio) ? Math.Round(first.RealToImaginaryRatio, 4) : first.RealToImaginaryRatio),
            };
            if (Algebra is { } a) list.Add(new("algebra", "Lie algebra", a.Name));
            if (Equations is { } e) list.Add(new("equations", "SINDy equations", string.Join("; ", e)));
            if (Rollout is { Count: > 0 } r)
            {
                var last = r.MaxBy(x => x.Horizon)!;
                list.Add(new("rolloutHorizon", "Longest rollout horizon (steps)", last.Horizon));
                list.Add(new("rolloutInputRelativeMse", "Rollout relative MSE in input space there", last.InputRelativeMse));
                list.Add(new("rolloutLatentRelativeMse", "Rollout relative MSE in latent space there", last.LatentRelativeMse));
            }
            return list;
        }
    }
}
