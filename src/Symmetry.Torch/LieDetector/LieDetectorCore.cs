using System.Globalization;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The LieDetector method (Gabel, Quax, Gavves) without ML.NET: splits the image pairs, trains the model on the
/// training part, predicts the magnitudes of the evaluation part and analyses the discovered generator.
/// </summary>
internal static class LieDetectorCore
{
    // Pairs per forward pass of the t-network when scoring the evaluation pairs (bounds memory, not results).
    private const int ScoringBatch = 1024;

    /// <summary>Trains and analyses a LieDetector on image pairs (x, y = T_t x).</summary>
    /// <param name="source">The images x: rows × P row-major, P = <paramref name="height"/> · <paramref name="width"/>.</param>
    /// <param name="target">The images y, laid out as <paramref name="source"/>.</param>
    /// <param name="trueMagnitudes">Each pair's true t (for the magnitude metrics), or null.</param>
    /// <param name="height">Image height H in pixels.</param>
    /// <param name="width">Image width W in pixels.</param>
    /// <param name="options">The hyperparameters.</param>
    /// <param name="seed">Seeds the initial values (seed) and the shuffles (seed + 1), and the held-out split unless <paramref name="splitSeed"/> is given.</param>
    /// <param name="device">Where the model trains and scores.</param>
    /// <param name="loop">The training loop (progress, cancellation, log).</param>
    /// <param name="info">Receives a line describing the run before training.</param>
    /// <param name="checkAlive">Called before every scoring batch; whatever it throws ends the run.</param>
    /// <param name="splitSeed">Seeds the held-out split (<see cref="Random"/>); null: <paramref name="seed"/>. The runs of a multi-seed protocol share one split, so their α-matching losses are on the same pairs.</param>
    /// <returns>The trained model and its analysis; the caller owns (and disposes) it.</returns>
    public static LieDetectorResult Train(float[] source, float[] target, double[]? trueMagnitudes, int height, int width,
                                          LieDetectorTrainingOptions options, int seed, Device device, TrainingLoop loop,
                                          Action<string> info, Action checkAlive, int? splitSeed = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(checkAlive);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        var pixels = height * width;
        if (source.Length % pixels != 0 || target.Length != source.Length)
            throw new ArgumentException($"Source and target must both hold whole {height} × {width} images, as many of each; got {source.Length} and {target.Length} values.", nameof(target));
        var rows = source.Length / pixels;
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 2, nameof(source));
        if (trueMagnitudes is not null && trueMagnitudes.Length != rows)
            throw new ArgumentException($"There are {rows} pairs but {trueMagnitudes.Length} true magnitudes.", nameof(trueMagnitudes));

        var (train, evaluation) = DetectorPairs.Split(rows, options.ValidationFraction, splitSeed ?? seed);
        info(string.Create(CultureInfo.InvariantCulture,
            $"LieDetector: {train.Length} training pairs of {height} × {width} images{(options.ValidationFraction > 0 ? $", {evaluation.Length} held out" : "")}, latent {options.LatentSide} × {options.LatentSide}, {options.Basis} basis, {options.Epochs} epochs on {device}."));
        LieDetectorModel model;
        IReadOnlyList<EpochLosses> history;
        using (var pairs = DetectorPairs.Pack(source, target, train, pixels, device))
            (model, history) = LieDetectorTraining.Train(pairs, height, width, options, seed, loop);
        try
        {
            foreach (var p in model.parameters()) p.requires_grad_(false);
            var predicted = Magnitudes(model, source, target, evaluation, device, checkAlive);
            var truth = trueMagnitudes is { } l ? evaluation.Select(i => l[i]).ToArray() : null;
            var coefficients = model.PixelCoefficients();
            var (spearman, w1) = MagnitudeAnalysis.AgainstTruth(predicted, truth);
            return new LieDetectorResult
            {
                Model = model,
                Coefficients = coefficients,
                PredictedMagnitudes = predicted,
                TrueMagnitudes = truth,
                HeldOut = options.ValidationFraction > 0,
                Histogram = MagnitudeAnalysis.Bin(predicted),
                Spearman = spearman,
                Wasserstein1 = w1,
                TrueCoefficients = options.TrueCoefficients,
                Generator = GeneratorAnalysis.Of(coefficients, options.Basis, options.TrueCoefficients),
                History = history,
            };
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    // The t-network's magnitude of each selected pair, in ScoringBatch chunks.
    private static double[] Magnitudes(LieDetectorModel model, float[] source, float[] target, int[] rows, Device device, Action checkAlive)
    {
        var pixels = model.Pixels;
        var result = new double[rows.Length];
        for (var first = 0; first < rows.Length; first += ScoringBatch)
        {
            checkAlive();
            var count = Math.Min(ScoringBatch, rows.Length - first);
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var batch = DetectorPairs.Pack(source, target, rows[first..(first + count)], pixels, device);
            var t = model.Magnitude(batch.narrow(1, 0, pixels), batch.narrow(1, pixels, pixels)).to(ScalarType.Float64).cpu();
            t.data<double>().CopyTo(result, first);
        }
        return result;
    }
}
