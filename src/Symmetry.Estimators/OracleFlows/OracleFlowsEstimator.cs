using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Torch;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// Oracle-preserving flows (Roman, Forestano et al.): trains N_g infinitesimal generators
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
        var (features, labels) = Read(fit, input);
        var seed = fit.Seed(options.Seed);
        var training = options.ToTraining(InputName, features.Size);
        using var result = OracleFlowsCore.Train(features.Values, features.Rows, features.SlotNames, options.Oracle, labels, training, seed, fit.Device,
                                                 fit.Loop(options.Progress), fit.Info);
        var report = OracleFlowsReport.From(result, training, clock.Elapsed);
        fit.Info(report.Summary);
        var transformer = new OracleFlowsTransformer(host, result.Generators, result.LearnedOracle, result.OracleProbabilities ? OracleOutput.Probabilities : OracleOutput.Logits,
                                                     options.Oracle, result.Autoencoder, InputName, options.OutputColumnName, options.LatentColumnName, report, fit.Device);
        result.Release();
        return transformer;
    }

    /// <summary>
    /// The input column, and the labels to learn the oracle from (null with an Oracle function): a key (classes), a
    /// known-size float vector (a multi-output regressor), or a numeric/Boolean scalar (Int32, Int64, Boolean: classes).
    /// </summary>
    private (FeatureMatrix Features, OracleLabels? Labels) Read(FitEnvironment fit, IDataView input)
    {
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
        var values = keyLabel ? ReadKeys(fit.CheckAlive, input, column) : read.Labels!;
        var classifier = keyLabel || labelType == NumberDataViewType.Int32 || labelType == NumberDataViewType.Int64 || labelType == BooleanDataViewType.Instance;
        return (read.Features[0], classifier ? OracleLabels.OfClasses(values, description) : OracleLabels.OfValues(values, description));
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
}
