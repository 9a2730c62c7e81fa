namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// What a discovered generator's normalised coefficients say on their own and against a known truth: computed by
/// <see cref="LieDetectorCore"/> after a fit and again from the coefficients a saved report holds.
/// </summary>
/// <param name="CanonicalMatches">|cosine| with every canonical generator of the basis, best first.</param>
/// <param name="Drift">Norm of the constant terms (Lx, Ly).</param>
/// <param name="Diffusion">Norm of the remaining, position-dependent terms.</param>
/// <param name="TruthCosine">Cosine with the truth; null without truth.</param>
/// <param name="GeneratorMse">Mean squared difference from the normalised truth, sign aligned; null without truth.</param>
internal sealed record GeneratorAnalysis(IReadOnlyList<GeneratorMatch> CanonicalMatches, double Drift, double Diffusion, double? TruthCosine, double? GeneratorMse)
{
    /// <summary>Analyses the normalised <paramref name="coefficients"/> of <paramref name="basis"/>, against <paramref name="truth"/> when given.</summary>
    public static GeneratorAnalysis Of(double[] coefficients, DetectorBasis basis, double[]? truth)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        var matches = DetectorGenerators.Compare(coefficients, basis);
        // Drift: the constant terms (Lx, Ly), which move every pixel alike; the rest varies across the image.
        var drift = coefficients[0] * coefficients[0] + coefficients[3] * coefficients[3];
        var diffusion = Math.Sqrt(Math.Max(0, coefficients.Sum(v => v * v) - drift));
        double? cosine = null, mse = null;
        if (truth is not null)
        {
            cosine = DetectorGenerators.Cosine(coefficients, truth);
            // The sign of G is that of t, which the t-network may flip: compare with the truth's sign aligned.
            var norm = Math.Sqrt(truth.Sum(v => v * v));
            var sign = cosine < 0 ? -1 : 1;
            mse = coefficients.Select((a, i) => Math.Pow(a - sign * truth[i] / norm, 2)).Average();
        }
        return new GeneratorAnalysis(matches, Math.Sqrt(drift), diffusion, cosine, mse);
    }
}
