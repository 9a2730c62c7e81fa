namespace Microsoft.ML.Symmetry;

/// <summary>
/// Oracle-preserving flows (Roman, Forestano et al.): trains N_g infinitesimal generators
/// x' = x + ε g_α(x) that leave an oracle φ unchanged (invariance, eq. 10), kept normalised (eq. 11) and mutually
/// orthogonal (eq. 14), with structure constants fitted jointly to test closure (eqs. 15–16), then names the real
/// Lie algebra the symmetric generators span. The oracle is a user's differentiable function or a network learned from
/// a label column. <c>Fit</c> returns an <see cref="OracleFlowsTransformer"/> that appends the generator
/// fields and carries an <see cref="OracleFlowsReport"/>.
/// </summary>
public sealed partial class OracleFlowsEstimator : SymmetryEstimator<OracleFlowsTransformer, OracleFlowsEstimator.Options>
{
    /// <summary>Creates the estimator (use <c>mlContext.Transforms.SymmetryDiscovery.OracleFlows</c>).</summary>
    public OracleFlowsEstimator(IHostEnvironment env, Options options) : base(env, options, nameof(OracleFlowsEstimator)) { }

    private string InputName => Settings.InputColumnName ?? Defaults.InputColumnName;

    private protected override IEnumerable<string> VectorInputs => [InputName];

    // Flow (N_g · d values), and Latent (d) when an autoencoder is trained; sizes are the fit's.
    private protected override IEnumerable<OutputColumn> Outputs =>
        OracleFlowsTransformer.Columns(Settings.OutputColumnName, Settings.LatentDimension is null ? null : Settings.LatentColumnName, 1, ["x"]);

    private protected override void CheckInputShape(SchemaShape inputSchema)
    {
        if (Settings.LabelColumnName is { } label && !MLNetInternals.TryFindColumn(inputSchema, label, out _))
            throw MLNetInternals.MissingColumn(nameof(inputSchema), "label", label);
    }

    /// <summary>
    /// Trains the options' <see cref="Options.Shard"/> of the <see cref="Options.ScanGenerators"/> scan (the whole scan
    /// without one) and returns it as a partial result: the shard's model (its own kept N_g) and report (its block of
    /// the scan), and a fingerprint of the options (but the shard), package version and data.
    /// <see cref="SymmetryPartialResult.Merge"/> puts every shard's together into the transformer one <c>Fit</c> would have made.
    /// </summary>
    /// <exception cref="InvalidOperationException">No ScanGenerators or no Seed in the options.</exception>
    public SymmetryPartialResult FitPartial(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Settings.ScanGenerators is not { } scan) throw new InvalidOperationException("A partial result splits a generator scan: set ScanGenerators in the options.");
        if (Settings.Seed is null) throw new InvalidOperationException("A partial result needs a fixed Seed in the options: every shard must train from the seeds a single fit would use.");
        using var fit = new FitEnvironment(Environment.Register(nameof(OracleFlowsEstimator)), Settings);
        string? fingerprint = null;
        var transformer = FitCore(input, fit, (features, labels) => fingerprint = Fingerprint(features, labels));
        return new SymmetryPartialResult("OracleFlows", Settings.Shard ?? new SymmetryShard(0, 1), scan, fingerprint!,
                                         ShardFingerprint.PackageVersion, transformer, input.Schema);
    }

    /// <summary>The fingerprint <see cref="FitPartial"/> gives these options on <paramref name="input"/>.</summary>
    internal string FingerprintOf(IDataView input)
    {
        using var fit = new FitEnvironment(Environment.Register(nameof(OracleFlowsEstimator)), Settings);
        var (features, labels) = Read(fit, input);
        return Fingerprint(features, labels);
    }

    // Every option (ShardFingerprint.OptionsOf); the labels' values enter as a second data matrix.
    private string Fingerprint(FeatureMatrix features, OracleLabels? labels)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var options = ShardFingerprint.OptionsOf(Settings)
            .Append(("Labels", labels?.Description))
            .Append(("LabelValues", labels is null ? null : (object?)string.Join(",", (labels.Scalars ?? []).Select(v => v.ToString("R", c))) + "|" + string.Join(",", (labels.Vectors ?? []).Select(v => v.ToString("R", c)))));
        return ShardFingerprint.Of("OracleFlows", options, features);
    }

    private protected override OracleFlowsTransformer FitCore(IDataView input, FitEnvironment fit) => FitCore(input, fit, null);

    private OracleFlowsTransformer FitCore(IDataView input, FitEnvironment fit, Action<FeatureMatrix, OracleLabels?>? readData)
    {
        var options = Settings;
        var (features, labels) = Read(fit, input);
        readData?.Invoke(features, labels);
        CheckSizes(features.Size, labels);
        var training = options.ToTraining(InputName, features.Size);
        var rows = features.Rows;
        training = training with
        {
            BatchSize = training.BatchSize is { } flows ? fit.BatchFor("OracleFlows", nameof(Options.BatchSize), flows, rows) : null,
            OracleBatchSize = labels is null ? training.OracleBatchSize : fit.BatchFor("OracleFlows", nameof(Options.OracleBatchSize), training.OracleBatchSize, rows),
            AutoencoderBatchSize = training.LatentDimension is null ? training.AutoencoderBatchSize
                : fit.BatchFor("OracleFlows", nameof(Options.AutoencoderBatchSize), training.AutoencoderBatchSize, rows),
        };
        fit.UseThreads("OracleFlows", StepWork(training, features.Size, rows, labels is not null));
        using var result = OracleFlowsCore.Train(features.Values, features.Rows, features.SlotNames, options.Oracle, labels, training, fit.Seed, fit.Device, fit.Loop(), fit.Info);
        var report = OracleFlowsReport.From(result, training, fit.Elapsed);
        report.Threads = fit.Threads;
        fit.Info(report.Summary);
        var transformer = new OracleFlowsTransformer(fit.Host, result.Generators, result.LearnedOracle, result.OracleProbabilities ? OracleOutput.Probabilities : OracleOutput.Logits,
                                                     options.Oracle, result.Autoencoder, InputName, options.OutputColumnName, options.LatentColumnName, report, fit.Device);
        result.Release();
        return transformer;
    }

    // The sizes a model file holds (OracleFlowsTransformer's limits), refused before training rather than at load.
    private void CheckSizes(int inputSize, OracleLabels? labels)
    {
        var (size, max) = Settings.LatentDimension is null ? (inputSize, OracleFlowsTransformer.MaxDimension) : (inputSize, OracleFlowsTransformer.MaxAutoencoderInput);
        if (size > max)
            throw new ArgumentException($"The input column '{InputName}' has {size} slots; an OracleFlows model holds at most {max}{(Settings.LatentDimension is null ? " (set LatentDimension to train an autoencoder first)" : "")}.", "input");
        var outputs = labels is null ? 0 : labels.Classifier ? labels.Scalars!.Distinct().Count() : labels.Vectors is null ? 1 : labels.VectorSize;
        if (outputs > OracleFlowsTransformer.MaxOracleOutputs)
            throw new ArgumentException($"{labels!.Description} has {outputs} {(labels.Classifier ? "classes" : "values")}; a learned oracle holds at most {OracleFlowsTransformer.MaxOracleOutputs} outputs.", nameof(Options.LabelColumnName));
    }

    /// <summary>
    /// The input column, and the labels to learn the oracle from (null with an Oracle function): a key (classes), a
    /// known-size float vector (a multi-output regressor), or a numeric/Boolean scalar (Int32, Int64, Boolean: classes).
    /// </summary>
    private (FeatureMatrix Features, OracleLabels? Labels) Read(FitEnvironment fit, IDataView input)
    {
        var options = Settings;
        var labelColumn = options.LabelColumnName is { } labelName
            ? input.Schema.GetColumnOrNull(labelName) ?? throw MLNetInternals.MissingColumn(nameof(Options.LabelColumnName), "label", labelName)
            : (DataViewSchema.Column?)null;
        var keyLabel = labelColumn is { Type: KeyDataViewType };
        var vectorLabel = labelColumn is { Type: VectorDataViewType { ItemType: NumberDataViewType itemType, IsKnownSize: true } } && itemType == NumberDataViewType.Single;
        DataViewType? labelType = labelColumn is not { } lc || keyLabel || vectorLabel ? labelColumn?.Type
            : FeatureReader.CheckLabelColumn(input.Schema, lc.Name, nameof(Options.LabelColumnName)).Type;
        var read = vectorLabel ? FeatureReader.ReadColumns(fit.CheckAlive, input, [InputName, labelColumn!.Value.Name], null, minimumRows: 4)
                 : FeatureReader.ReadColumns(fit.CheckAlive, input, [InputName], keyLabel ? null : options.LabelColumnName, minimumRows: 4);
        if (labelColumn is not { } column) return (read.Features[0], null);
        var description = $"Label column '{column.Name}'";
        if (vectorLabel) return (read.Features[0], OracleLabels.OfVectors(read.Features[1].Values, read.Features[1].Size, description));
        var values = keyLabel ? FeatureReader.ReadKeys(fit.CheckAlive, input, column) : read.Labels!;
        var classifier = keyLabel || labelType == NumberDataViewType.Int32 || labelType == NumberDataViewType.Int64 || labelType == BooleanDataViewType.Instance;
        return (read.Features[0], classifier ? OracleLabels.OfClasses(values, description) : OracleLabels.OfValues(values, description));
    }

    // The largest step of the fit's phases (autoencoder, learned oracle, flows), in multiply-adds of dense products;
    // a convolutional autoencoder is counted as the dense one of the same widths (an estimate for the thread rule).
    private static long StepWork(OracleFlowsTrainingOptions training, int features, int rows, bool learnedOracle)
    {
        var dim = training.LatentDimension ?? features;
        var generators = training.ScanGenerators ?? training.Generators;
        var batch = (long)(training.BatchSize ?? rows);
        var flows = training.Kind == GeneratorKind.Linear
            ? 2 * batch * generators * dim * dim
            : ThreadRule.Dense(batch * generators, [dim, .. training.HiddenLayers, dim]);
        long oracle = 0;
        if (learnedOracle)
        {
            flows += ThreadRule.Dense(batch * (generators + 1), [dim, .. training.OracleHiddenLayers, 1]);
            oracle = ThreadRule.Dense(training.OracleBatchSize, [dim, .. training.OracleHiddenLayers, 1]);
        }
        int[] ae = [features, .. training.AutoencoderHiddenLayers, dim];
        var autoencoder = training.LatentDimension is null ? 0 : ThreadRule.Dense(training.AutoencoderBatchSize, ae, [.. ae.Reverse()]);
        return Math.Max(flows, Math.Max(oracle, autoencoder));
    }
}
