namespace Microsoft.ML.Symmetry;

public sealed partial class RelevanceReport
{
    /// <summary>
    /// Headline results: intrinsic dimension, modal per-run dimension, runs, features, latents, fit seconds; with a β
    /// scan also the number of scanned values and, when there is a <see cref="StableBetaRange"/>, its count and β bounds.
    /// </summary>
    public override IReadOnlyList<KeyResult> KeyResults =>
    [
        new("intrinsicDimension", "Intrinsic dimension", IntrinsicDimension),
        new("modalDimension", "Most common per-run dimension", ModalDimension),
        new("runs", "Runs", Runs),
        new("features", "Features", FeatureNames.Count),
        new("latentDimension", "Latent dimension", Relevance.Count),
        new("fitSeconds", "Fit time (s)", Math.Round(FitTime.TotalSeconds, 3)),
        .. BetaScan.Count > 0 ? [new KeyResult("betaScanValues", "β values scanned", BetaScan.Count)] : Array.Empty<KeyResult>(),
        .. StableBetaRange is { } s
            ? [new KeyResult("stableDimension", "Count over the stable β range", s.IntrinsicDimension),
               new KeyResult("stableBetaLow", "Stable β range from", s.LowBeta),
               new KeyResult("stableBetaHigh", "Stable β range to", s.HighBeta)]
            : Array.Empty<KeyResult>(),
    ];
}
