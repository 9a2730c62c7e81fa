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

    /// <summary>
    /// Trains the options' <see cref="Options.Shard"/> of the <see cref="Options.Runs"/> (every run without one) and returns
    /// it as a partial result: the shard's kept model with the shard's runs in its report, the shard, and a fingerprint of
    /// the options (but the shard), package version and data. Save it, and <see cref="SymmetryPartialResult.Merge"/>
    /// every shard's into the transformer one <c>Fit</c> would have made.
    /// </summary>
    /// <exception cref="InvalidOperationException">The options have no fixed Seed.</exception>
    /// <exception cref="OperationCanceledException">The options' token or <c>MLContext.CancelExecution</c> stopped the fit.</exception>
    public SymmetryPartialResult FitPartial(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Settings.Seed is null) throw new InvalidOperationException("A partial result needs a fixed Seed in the options: every shard must train its runs from the seeds a single fit would use.");
        using var fit = new FitEnvironment(Environment.Register(nameof(LieDetectorEstimator)), Settings);
        string? fingerprint = null;
        var transformer = FitCore(input, fit, (data, shape) => fingerprint = Fingerprint(data, shape));
        return new SymmetryPartialResult("LieDetector", Settings.Shard ?? new SymmetryShard(0, 1), Settings.Runs, fingerprint!,
                                         ShardFingerprint.PackageVersion, transformer, input.Schema);
    }

    /// <summary>The fingerprint <see cref="FitPartial"/> gives these options on <paramref name="input"/> (for a merge to check it has the shards' data).</summary>
    internal string FingerprintOf(IDataView input) => Fingerprint(Read(() => { }, input), ImageShape(input.Schema));

    // Every option (ShardFingerprint.OptionsOf), the image shape as resolved, the true magnitudes; both images as data.
    private string Fingerprint(TrainingData data, (int Height, int Width) shape)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var options = ShardFingerprint.OptionsOf(Settings)
            .Append(("ResolvedImage", $"{shape.Height}x{shape.Width}"))
            .Append(("TrueMagnitudeValues", data.Labels is null ? null : string.Join(",", data.Labels.Select(v => v.ToString("R", c)))));
        return ShardFingerprint.Of("LieDetector", options, data.Features);
    }

    private TrainingData Read(Action checkAlive, IDataView input) =>
        FeatureReader.ReadColumns(checkAlive, input, [Settings.SourceColumnName, Settings.TargetColumnName], Settings.TrueMagnitudeColumnName, minimumRows: 2);

    /// <exception cref="ArgumentException">Source and Target differ in size, or the image shape cannot be known.</exception>
    /// <exception cref="InvalidOperationException">An image or a true magnitude holds NaN or ±∞.</exception>
    private protected override LieDetectorTransformer FitCore(IDataView input, FitEnvironment fit) => FitCore(input, fit, null);

    private LieDetectorTransformer FitCore(IDataView input, FitEnvironment fit, Action<TrainingData, (int, int)>? readData)
    {
        var options = Settings;
        var (height, width) = ImageShape(input.Schema);
        if (height > LieDetectorTransformer.MaxImageSide || width > LieDetectorTransformer.MaxImageSide || (long)height * width > LieDetectorTransformer.MaxPixels)
            throw new ArgumentException($"Images of {height} × {width} pixels are larger than a LieDetector model holds (sides ≤ {LieDetectorTransformer.MaxImageSide}, at most {LieDetectorTransformer.MaxPixels} pixels).", nameof(input));
        var data = Read(fit.CheckAlive, input);
        readData?.Invoke(data, (height, width));
        var training = options.ToTraining();
        training = training with { BatchSize = fit.BatchFor("LieDetector", nameof(Options.BatchSize), training.BatchSize, data.Rows) };
        // One step: both images of a batch of pairs through the encoder and the decoder, the pair through the t-network.
        var pixels = height * width;
        int[] down = [pixels, .. LieDetectorModel.HiddenWidths, training.LatentSide * training.LatentSide];
        fit.UseThreads("LieDetector", ThreadRule.Dense(2L * training.BatchSize, down, [.. down.Reverse()])
                                      + ThreadRule.Dense(training.BatchSize, [2 * pixels, .. LieDetectorModel.HiddenWidths, 1]));
        // Every run splits the pairs with the protocol's seed, so their α-matching losses are on the same pairs.
        var split = fit.Seed;
        var (result, runs, kept) = SeedProtocol.Train(options.Runs, options.Shard, fit.Seed, fit.Info,
            seed => LieDetectorCore.Train(data.Features[0].Values, data.Features[1].Values, data.Labels, height, width, training,
                                          seed, fit.Device, fit.Loop(), fit.Info, fit.CheckAlive, split),
            (r, seed) => LieDetectorReport.RunOf(r, seed));
        try
        {
            var report = LieDetectorReport.Create(result).WithSeedRuns(runs, kept);
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
