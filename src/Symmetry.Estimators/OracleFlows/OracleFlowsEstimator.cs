using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// Oracle-preserving flows (Roman, Forestano et al., paper 001): trains N_g infinitesimal generators
/// x' = x + ε g_α(x) that leave an oracle φ unchanged (invariance, eq. 10), kept normalised (eq. 11) and mutually
/// orthogonal (eq. 14), with structure constants fitted jointly to test closure (eqs. 15–16), then names the real
/// Lie algebra the symmetric generators span. The oracle is a user's differentiable function or a network learned from
/// a label column. <see cref="Fit"/> returns an <see cref="OracleFlowsTransformer"/> that appends the generator
/// fields and carries an <see cref="OracleFlowsReport"/>.
/// </summary>
public sealed partial class OracleFlowsEstimator : IEstimator<OracleFlowsTransformer>
{
    private readonly IHostEnvironment env;
    private readonly Options options;

    /// <summary>Creates the estimator (use <c>mlContext.Transforms.SymmetryDiscovery.OracleFlows</c>).</summary>
    public OracleFlowsEstimator(IHostEnvironment env, Options options)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.env = env;
        this.options = options;
    }

    private string InputName => options.InputColumnName ?? Defaults.InputColumnName;

    /// <summary>The input schema plus the <c>Flow</c> column (known-size vector of Single).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        FeatureReader.CheckVectorColumn(inputSchema, InputName, nameof(inputSchema));
        if (options.LabelColumnName is { } label && !MLNetInternals.TryFindColumn(inputSchema, label, out _))
            throw MLNetInternals.MissingColumn(nameof(inputSchema), "label", label);
        var result = inputSchema.ToDictionary(c => c.Name);
        result[options.OutputColumnName] = MLNetInternals.ShapeColumn(options.OutputColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single);
        if (options.LatentDimension is not null)
            result[options.LatentColumnName] = MLNetInternals.ShapeColumn(options.LatentColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single);
        return new SchemaShape(result.Values);
    }

    /// <summary>Learns the oracle if asked, trains the flows (or the scan over N_g) and returns the transformer with the report.</summary>
    public OracleFlowsTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var clock = Stopwatch.StartNew();
        var host = env.Register(nameof(OracleFlowsEstimator));
        using var fit = new FitEnvironment(host, "Fit", options.CancellationToken);
        // Labels: a key (classes), a known-size float vector (a multi-output regressor), or a numeric/Boolean scalar.
        var labelColumn = options.LabelColumnName is { } labelName
            ? input.Schema.GetColumnOrNull(labelName) ?? throw MLNetInternals.MissingColumn(nameof(Options.LabelColumnName), "label", labelName)
            : (DataViewSchema.Column?)null;
        var keyLabel = labelColumn is { Type: KeyDataViewType };
        var vectorLabel = labelColumn is { Type: VectorDataViewType { ItemType: NumberDataViewType itemType, IsKnownSize: true } } && itemType == NumberDataViewType.Single;
        DataViewType? labelType = labelColumn is not { } lc || keyLabel || vectorLabel ? labelColumn?.Type
            : FeatureReader.CheckLabelColumn(input.Schema, lc.Name, nameof(Options.LabelColumnName)).Type;
        var read = vectorLabel ? FeatureReader.ReadColumns(fit.CheckAlive, input, [InputName, labelColumn!.Value.Name], null, minimumRows: 4)
                 : FeatureReader.ReadColumns(fit.CheckAlive, input, [InputName], keyLabel ? null : options.LabelColumnName, minimumRows: 4);
        var features = read.Features[0];
        var scalarLabels = keyLabel ? ReadKeys(fit.CheckAlive, input, labelColumn!.Value) : read.Labels;
        var rows = features.Rows;
        var d = features.Size;
        var seed = fit.Seed(options.Seed);
        var device = fit.Device;

        // Seeded split: held-out rows measure the invariance of what was learned on the others.
        var order = Enumerable.Range(0, rows).ToArray();
        new Random(seed).Shuffle(order);
        var held = (int)Math.Floor(rows * options.ValidationFraction);
        var trainRows = held > 0 ? order[held..] : order;
        var validRows = held > 0 ? order[..held] : order;

        // No dispose scope around the fit: the trained modules outlive it. Every tensor made here is disposed by hand.
        using var trainIndex = OnDevice(tensor(trainRows.Select(i => (long)i).ToArray()), device);
        using var validIndex = OnDevice(tensor(validRows.Select(i => (long)i).ToArray()), device);
        nn.Module<Tensor, Tensor>? autoencoder = null;
        double? autoencoderLoss = null;
        var names = features.SlotNames;
        Tensor all;
        if (options.LatentDimension is { } latent)
        {
            var choice = AutoencoderChoice.Resolve(options, InputName, d);
            fit.Info(choice.Convolutional
                ? $"OracleFlows: convolutional autoencoder {choice.Height} × {choice.Width} → channels {string.Join(", ", options.AutoencoderChannels)} → {latent} on {trainRows.Length} rows for {options.AutoencoderEpochs} epochs."
                : $"OracleFlows: autoencoder {d} → {string.Join(" → ", options.AutoencoderHiddenLayers)} → {latent} on {trainRows.Length} rows for {options.AutoencoderEpochs} epochs.");
            using var x32 = OnDevice(tensor(features.Values, [rows, d]), device);
            using var train32 = x32.index_select(0, trainIndex);
            IReadOnlyList<EpochLosses> history;
            ILatentAutoencoder codec;
            if (choice.Convolutional)
            {
                var (conv, h) = ConvAutoencoder.Train(train32, choice.Height, choice.Width, options.AutoencoderChannels, latent, options.AutoencoderEpochs,
                                                      options.AutoencoderBatchSize, options.AutoencoderLearningRate, seed, fit.Loop(options.Progress));
                (autoencoder, codec, history) = (conv, conv, h);
            }
            else
            {
                var (dense, h) = Autoencoder.Train(train32, options.AutoencoderHiddenLayers, latent, options.AutoencoderEpochs, options.AutoencoderBatchSize,
                                                   options.AutoencoderLearningRate, seed, fit.Loop(options.Progress));
                (autoencoder, codec, history) = (dense, dense, h);
            }
            autoencoderLoss = history[^1].Losses["reconstruction"];
            using (no_grad())
            using (var z = codec.Encode(x32)) all = z.to(float64);
            d = latent;
            names = Enumerable.Range(1, latent).Select(k => $"z{k}").ToArray();
        }
        else all = OnDevice(tensor(features.Values.Select(v => (double)v).ToArray(), [rows, d]), device);
        using var allRows = all;
        using var train = all.index_select(0, trainIndex);
        using var valid = all.index_select(0, validIndex);
        using var mean = train.mean([0], keepdim: true);
        Tensor? targets = null;

        OracleNetwork? learned = null;
        Func<Tensor, Tensor> oracle;
        string oracleKind;
        double? oracleLoss = null;
        try
        {
            if (options.Oracle is { } function)
            {
                CheckOracle(function, train);
                oracle = function;
                oracleKind = "function";
            }
            else
            {
                var labels = vectorLabel ? [] : trainRows.Select(i => scalarLabels![i]).ToArray();
                var classifier = keyLabel || labelType == NumberDataViewType.Int32 || labelType == NumberDataViewType.Int64 || labelType == BooleanDataViewType.Instance;
                var classes = 0;
                if (classifier)
                {
                    var values = labels.Distinct().Order().ToArray();
                    if (values.Length < 2) throw new ArgumentException($"Label column '{options.LabelColumnName}' holds a single class ({values[0]}); a classifier oracle needs at least two.", nameof(Options.LabelColumnName));
                    var index = values.Select((v, k) => (v, k)).ToDictionary(t => t.v, t => (long)t.k);
                    targets = OnDevice(tensor(labels.Select(v => index[v]).ToArray()), device);
                    classes = values.Length;
                    oracleKind = "classifier";
                }
                else if (vectorLabel)
                {
                    var y = read.Features[1];
                    var values = trainRows.SelectMany(i => y.Values.AsSpan(i * y.Size, y.Size).ToArray().Select(v => (double)v)).ToArray();
                    targets = OnDevice(tensor(values, [trainRows.Length, y.Size]), device);
                    oracleKind = "regressor";
                }
                else
                {
                    targets = OnDevice(tensor(labels, [labels.Length, 1]), device);
                    oracleKind = "regressor";
                }
                fit.Info($"OracleFlows: learning a {oracleKind} oracle ({string.Join("-", options.OracleHiddenLayers)}) on {trainRows.Length} rows for {options.OracleEpochs} epochs.");
                var (net, history) = FlowTraining.TrainOracle(train, targets, classes, options.OracleHiddenLayers, options.OracleEpochs, options.OracleBatchSize,
                                                              options.OracleLearningRate, seed, fit.Loop(options.Progress));
                learned = net;
                oracleLoss = history[^1].Losses["oracle"];
                oracle = classifier && options.OracleOutput == OracleOutput.Probabilities ? x => nn.functional.softmax(net.forward(x), 1) : net.forward;
            }

            var counts = options.ScanGenerators is { } max ? Enumerable.Range(1, max).ToArray() : [options.Generators];
            var candidates = new List<Candidate>();
            try
            {
                foreach (var n in counts)
                {
                    fit.Info($"OracleFlows: {n} {options.GeneratorKind.ToString().ToLowerInvariant()} generator(s) on {d} dimensions, {trainRows.Length} rows, {options.Epochs} epochs on {device}.");
                    var training = new FlowTrainingOptions(options.GeneratorKind, n, options.HiddenLayers, options.Epsilon, options.NormalizationWeight,
                        options.OrthogonalityWeight, options.ClosureWeight, options.Epochs, options.BatchSize ?? trainRows.Length, options.LearningRate);
                    var result = FlowTraining.Train(train, oracle, training, unchecked(seed + 1000 * n), fit.Loop(options.Progress));
                    candidates.Add(Evaluate(result, oracle, valid, mean));
                }
                var kept = candidates.Count - 1;
                if (options.ScanGenerators is not null)
                {
                    kept = 0;
                    for (var k = candidates.Count - 1; k >= 0; k--)
                        if (candidates[k].Acceptable) { kept = k; break; }
                }
                var scan = candidates.Select((c, k) => new OracleFlowsScanEntry(c.Result.Generators.Count, c.Result.History[^1].Losses["total"], c.Relative.Max(),
                    c.AllSymmetries, c.Distinct, c.Closed, c.AlgebraName, k == kept)).ToArray();
                var best = candidates[kept];
                var report = new OracleFlowsReport(options.GeneratorKind, names, best.Matrices, best.Invariance, best.Relative, best.FieldNorms, best.Orthogonality,
                    best.Structure, best.Result.History[^1].Losses["closure"], oracleKind, oracleLoss, autoencoderLoss, options.InvarianceTolerance, options.AlgebraTolerances,
                    scan, best.Result.History, clock.Elapsed);
                fit.Info(report.Summary);
                var transformer = new OracleFlowsTransformer(host, best.Result.Generators, learned, oracleKind == "classifier" ? options.OracleOutput : OracleOutput.Logits, oracle, autoencoder, InputName, options.OutputColumnName, options.LatentColumnName, report, device);
                learned = null;
                autoencoder = null;
                candidates.RemoveAt(kept);
                return transformer;
            }
            finally
            {
                foreach (var c in candidates) c.Result.Generators.Dispose();
            }
        }
        finally
        {
            learned?.Dispose();
            autoencoder?.Dispose();
            targets?.Dispose();
        }
    }

    /// <summary>Every row's key of a key-typed label column (as the key index 0 … count−1); a missing key (0) is an error naming the row.</summary>
    private static double[] ReadKeys(Action checkAlive, IDataView data, DataViewSchema.Column column)
    {
        var keys = new List<double>();
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<uint>(column);
        uint key = 0;
        while (cursor.MoveNext())
        {
            if ((keys.Count & 4095) == 0) checkAlive();
            getter(ref key);
            if (key == 0) throw new InvalidOperationException($"Label column '{column.Name}' has a missing key at row {keys.Count}: every row needs a class.");
            keys.Add(key - 1);
        }
        return [.. keys];
    }

    private static Tensor OnDevice(Tensor host, Device device)
    {
        if (device.type == DeviceType.CPU) return host;
        using (host) return host.to(device);
    }

    private static void CheckOracle(Func<Tensor, Tensor> oracle, Tensor train)
    {
        using var scope = NewDisposeScope();
        var probe = train.narrow(0, 0, Math.Min(8, train.shape[0])).detach().clone().requires_grad_(true);
        Tensor y;
        try
        {
            y = FlowLosses.CallOracle(oracle, probe);
        }
        catch (ArgumentException)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ArgumentException($"The Oracle function failed on a rows × {train.shape[1]} float64 tensor: {e.Message}", nameof(Options.Oracle), e);
        }
        if (!y.isfinite().all().item<bool>()) throw new ArgumentException("The Oracle function returned NaN or infinite values on the training rows.", nameof(Options.Oracle));
        if (!y.requires_grad) throw new ArgumentException("The Oracle function is not differentiable: its result does not depend on its input through autograd (do not detach or copy through .NET arrays).", nameof(Options.Oracle));
    }

    private Candidate Evaluate(FlowTrainingResult result, Func<Tensor, Tensor> oracle, Tensor valid, Tensor mean)
    {
        using var scope = NewDisposeScope();
        var g = result.Generators;
        var n = g.Count;
        var d = g.Dimension;
        var matrices = new double[n][,];
        Tensor jac;
        if (g.Kind == GeneratorKind.Linear) jac = g.Weight.detach();
        else jac = g.JacobiansAndFields(mean, createGraph: false).Jacobians.select(1, 0).detach();
        var flat = jac.cpu().contiguous().data<double>().ToArray();
        for (var a = 0; a < n; a++)
        {
            matrices[a] = new double[d, d];
            for (var i = 0; i < d; i++) for (var j = 0; j < d; j++) matrices[a][i, j] = flat[(a * d + i) * d + j];
        }
        double[] invariance;
        double[] fieldNorms;
        double[,] orthogonality = new double[n, n];
        using (no_grad())
        {
            var fields = g.forward(valid);
            fieldNorms = fields.pow(2).sum(2).mean([1]).sqrt().cpu().data<double>().ToArray();
            invariance = FlowLosses.Invariance(oracle, valid, fields, options.Epsilon).cpu().data<double>().ToArray();
            if (g.Kind == GeneratorKind.Linear)
            {
                for (var a = 0; a < n; a++)
                    for (var b = 0; b < n; b++)
                        orthogonality[a, b] = LieAlgebraMath.Inner(matrices[a], matrices[b]) /
                                              Math.Max(1e-300, Math.Sqrt(LieAlgebraMath.Inner(matrices[a], matrices[a]) * LieAlgebraMath.Inner(matrices[b], matrices[b])));
            }
            else
            {
                var unit = fields / fields.norm(2, keepdim: true).clamp_min(1e-300);
                var cos = einsum("ard,brd->ab", unit, unit) / valid.shape[0];
                var values = cos.cpu().contiguous().data<double>().ToArray();
                for (var a = 0; a < n; a++) for (var b = 0; b < n; b++) orthogonality[a, b] = values[a * n + b];
            }
        }
        var relative = FlowLosses.RelativeInvariance(oracle, g, valid, options.Epsilon);
        var structure = new double[n, n, n];
        var p = 0;
        for (var a = 0; a < n; a++)
            for (var b = a + 1; b < n; b++, p++)
                for (var k = 0; k < n; k++)
                {
                    structure[a, b, k] = result.Structure[p, k];
                    structure[b, a, k] = -result.Structure[p, k];
                }
        var symmetric = relative.Select((r, i) => r < options.InvarianceTolerance &&
            (g.Kind == GeneratorKind.Linear ? Math.Sqrt(LieAlgebraMath.Inner(matrices[i], matrices[i])) >= 0.1 * Math.Sqrt(2) : fieldNorms[i] >= 0.1)).ToArray();
        var keptMatrices = matrices.Where((_, i) => symmetric[i]).ToArray();
        var distinct = LieAlgebraMath.Orthonormalize(matrices, 1, options.AlgebraTolerances.Independence).Length == n;
        var info = keptMatrices.Length > 0 ? LieAlgebraMath.Identify(keptMatrices, options.AlgebraTolerances) : null;
        return new Candidate(result, matrices, invariance, relative, fieldNorms, orthogonality, structure, symmetric.All(s => s), distinct, info?.IsClosed ?? false, info?.Name ?? "none");
    }

    private sealed record Candidate(FlowTrainingResult Result, double[][,] Matrices, double[] Invariance, double[] Relative, double[] FieldNorms, double[,] Orthogonality,
                                    double[,,] Structure, bool AllSymmetries, bool Distinct, bool Closed, string AlgebraName)
    {
        public bool Acceptable => AllSymmetries && Distinct && Closed;
    }
}
