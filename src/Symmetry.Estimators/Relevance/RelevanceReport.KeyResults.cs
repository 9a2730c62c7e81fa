namespace Microsoft.ML.Symmetry;

public sealed partial class RelevanceReport
{
    /// <summary>Headline results: intrinsic dimension, modal per-run dimension, runs, features, latents, fit seconds.</summary>
    public override IReadOnlyList<KeyResult> KeyResults =>
    [
        new("intrinsicDimension", "Intrinsic dimension", IntrinsicDimension),
        new("modalDimension", "Most common per-run dimension", ModalDimension),
        new("runs", "Runs", Runs),
        new("features", "Features", FeatureNames.Count),
        new("latentDimension", "Latent dimension", Relevance.Count),
        new("fitSeconds", "Fit time (s)", Math.Round(FitTime.TotalSeconds, 3)),
    ];
}
