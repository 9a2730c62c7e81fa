namespace Microsoft.ML.Symmetry;

public sealed partial class LieDetectorReport
{
    /// <summary>Headline results: closest generator and its cosine, the agreement with the truth when known, and for a multi-seed fit how many runs agree.</summary>
    public override IReadOnlyList<KeyResult> KeyResults
    {
        get
        {
            var list = new List<KeyResult>
            {
                new("generator", $"Generator (named at |cos| ≥ {CanonicalNameFloor})", GeneratorName),
                new("invariants", "Generator invariants", Invariants),
                new("closestGenerator", "Closest canonical generator", ClosestGenerator.Name),
                new("closestCosine", "Its |cosine|", Math.Round(ClosestGenerator.Cosine, 4)),
                new("basis", "Basis", Basis.ToString().ToLowerInvariant()),
                new("evaluationPairs", HeldOut ? "Held-out pairs" : "Evaluation pairs", EvaluationPairs),
            };
            if (TruthCosine is { } c) list.Add(new("truthCosine", "Cosine with the true generator", Math.Round(c, 4)));
            if (GeneratorMse is { } m) list.Add(new("generatorMse", "Generator MSE", m));
            if (Spearman is { } s) list.Add(new("spearman", "Spearman(t, true t)", Math.Round(s, 4)));
            if (Wasserstein1 is { } w) list.Add(new("wasserstein1", "W1 of standardised t", Math.Round(w, 4)));
            list.AddRange(SeedKeyResults());
            return list;
        }
    }
}
