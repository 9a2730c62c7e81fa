namespace Microsoft.ML.Symmetry;

/// <summary>
/// The latent Lie symmetry detector (Gabel, Quax, Gavves): from image pairs (x, y = T_t x) sharing one
/// unknown one-parameter transformation, learns a t-network giving each pair's magnitude t, an autoencoder whose
/// latent patch is moved by exp(t G), and the generator G = Σ aᵢ Dᵢ in a basis of derivative operators, tied to pixel
/// space by α-matching. <c>Fit</c> returns a <see cref="LieDetectorTransformer"/> that appends <c>T</c> (and
/// optionally the reconstruction) and carries a <see cref="LieDetectorReport"/>.
/// </summary>
public sealed partial class LieDetectorEstimator : SymmetryEstimator<LieDetectorTransformer, LieDetectorEstimator.Options>
{
    /// <summary>Creates the estimator (use <c>mlContext.Transforms.SymmetryDiscovery.LieDetector</c>).</summary>
    public LieDetectorEstimator(IHostEnvironment env, Options options) : base(env, options, nameof(LieDetectorEstimator)) { }

    private protected override IEnumerable<string> VectorInputs => [Settings.SourceColumnName, Settings.TargetColumnName];

    // T, and the reconstruction (H·W values) when asked.
    private protected override IEnumerable<OutputColumn> Outputs => LieDetectorTransformer.Columns(Settings.OutputColumnName, Settings.ReconstructionColumnName, pixels: 1);

    /// <exception cref="ArgumentException">Source and Target differ in size, or the image shape cannot be known.</exception>
    /// <exception cref="InvalidOperationException">An image or a true magnitude holds NaN or ±∞.</exception>
    private protected override LieDetectorTransformer FitCore(IDataView input, FitEnvironment fit)
    {
        var options = Settings;
        var (height, width) = ImageShape(input.Schema);
        if (height > LieDetectorTransformer.MaxImageSide || width > LieDetectorTransformer.MaxImageSide || (long)height * width > LieDetectorTransformer.MaxPixels)
            throw new ArgumentException($"Images of {height} × {width} pixels are larger than a LieDetector model holds (sides ≤ {LieDetectorTransformer.MaxImageSide}, at most {LieDetectorTransformer.MaxPixels} pixels).", nameof(input));
        var data = FeatureReader.ReadColumns(fit.CheckAlive, input, [options.SourceColumnName, options.TargetColumnName], options.TrueMagnitudeColumnName, minimumRows: 2);
        var training = options.ToTraining();
        training = training with { BatchSize = fit.BatchFor("LieDetector", nameof(Options.BatchSize), training.BatchSize, data.Rows) };
        // One step: both images of a batch of pairs through the encoder and the decoder, the pair through the t-network.
        var pixels = height * width;
        int[] down = [pixels, .. LieDetectorModel.HiddenWidths, training.LatentSide * training.LatentSide];
        fit.UseThreads("LieDetector", ThreadRule.Dense(2L * training.BatchSize, down, [.. down.Reverse()])
                                      + ThreadRule.Dense(training.BatchSize, [2 * pixels, .. LieDetectorModel.HiddenWidths, 1]));
        var result = LieDetectorCore.Train(data.Features[0].Values, data.Features[1].Values, data.Labels, height, width, training,
                                           fit.Seed, fit.Device, fit.Loop(), fit.Info, fit.CheckAlive);
        try
        {
            var report = LieDetectorReport.Create(result);
            report.Threads = fit.Threads;
            fit.Info($"LieDetector: {report.Summary}");
            // The transformer takes the model over: the result is disposed only when that fails.
            return new LieDetectorTransformer(Environment, result.Model, options.SourceColumnName, options.TargetColumnName, options.OutputColumnName,
                options.ReconstructionColumnName, report, fit.Device);
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    // H and W from the options, else the column's two dimensions, else the side of a square image.
    private (int Height, int Width) ImageShape(DataViewSchema schema)
    {
        var options = Settings;
        var (source, size) = FeatureReader.CheckVectorColumn(schema, options.SourceColumnName, "inputSchema");
        var (_, targetSize) = FeatureReader.CheckVectorColumn(schema, options.TargetColumnName, "inputSchema");
        if (targetSize != size)
            throw new ArgumentException($"The Source column '{options.SourceColumnName}' has {size} values per row and the Target column '{options.TargetColumnName}' {targetSize}; each pair needs two images of one size.", nameof(schema));
        if (options.ImageHeight is { } h && options.ImageWidth is { } w)
        {
            if (h * w != size)
                throw new ArgumentException($"ImageHeight × ImageWidth = {h} × {w} = {h * w}, but the column '{options.SourceColumnName}' holds {size} values per row.", nameof(Options.ImageHeight));
            return (h, w);
        }
        var dims = ((VectorDataViewType)source.Type).Dimensions;
        if (dims.Length == 2) return (dims[0], dims[1]);
        var side = (int)Math.Round(Math.Sqrt(size));
        if (side * side != size || side < 2)
            throw new ArgumentException($"The column '{options.SourceColumnName}' holds {size} values per row, which is not a square image and carries no image dimensions; set ImageHeight and ImageWidth.", nameof(Options.ImageHeight));
        return (side, side);
    }
}
