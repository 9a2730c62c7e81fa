namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// What <see cref="LieDetectorCore.Train"/> returns: the trained model and everything learnt about its generator and
/// magnitudes. It owns the model: dispose it, or hand the model to an owner that will, and then not dispose this.
/// </summary>
internal sealed class LieDetectorResult : IDisposable
{
    /// <summary>The trained model (its parameters no longer require gradients).</summary>
    public required LieDetectorModel Model { get; init; }

    /// <summary>Image height H in pixels.</summary>
    public int Height => Model.Height;

    /// <summary>Image width W in pixels.</summary>
    public int Width => Model.Width;

    /// <summary>The basis the generator is expressed in.</summary>
    public DetectorBasis Basis => Model.Basis;

    /// <summary>The generator in raw pixel units, unit norm, in term order (<see cref="LieDetectorModel.PixelCoefficients"/>).</summary>
    public required double[] Coefficients { get; init; }

    /// <summary>The t-network's magnitude of each evaluation pair.</summary>
    public required double[] PredictedMagnitudes { get; init; }

    /// <summary>The true magnitudes of the evaluation pairs, when given; else null.</summary>
    public required double[]? TrueMagnitudes { get; init; }

    /// <summary>Whether the evaluation pairs were held out from training.</summary>
    public required bool HeldOut { get; init; }

    /// <summary>The histogram of <see cref="PredictedMagnitudes"/> (see <see cref="MagnitudeAnalysis.Bin"/>).</summary>
    public required IReadOnlyList<(double Low, double High, int Count)> Histogram { get; init; }

    /// <summary>Spearman's rank correlation of the predicted and the true magnitudes; null without truth.</summary>
    public required double? Spearman { get; init; }

    /// <summary>W₁ of the standardised predicted (sign aligned) and true magnitudes; null without truth.</summary>
    public required double? Wasserstein1 { get; init; }

    /// <summary>The true coefficients the generator was compared with (as given), or null.</summary>
    public required double[]? TrueCoefficients { get; init; }

    /// <summary>The analysis of <see cref="Coefficients"/>: canonical matches, drift, diffusion and, with truth, cosine and generator MSE.</summary>
    public required GeneratorAnalysis Generator { get; init; }

    /// <summary>Per-epoch means of the loss terms (<see cref="LieDetectorTraining.TermNames"/>).</summary>
    public required IReadOnlyList<EpochLosses> History { get; init; }

    /// <summary>Disposes the model.</summary>
    public void Dispose() => Model.Dispose();
}
