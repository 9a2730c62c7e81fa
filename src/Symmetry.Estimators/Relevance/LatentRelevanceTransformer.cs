using Symmetry.Estimators.Common;
using Symmetry.Estimators.Relevance;
using Symmetry.ML;
using Symmetry.ML.Data;
using Symmetry.ML.Runtime;
using Symmetry.Torch;
using static Symmetry.Torch.torch;

[assembly: LoadableClass(typeof(LatentRelevanceTransformer), LatentRelevanceTransformer.LoaderSignature)]

namespace Symmetry.Estimators.Relevance;

/// <summary>
/// Appends the trained VAE's latent means (<c>Latent</c>, vector&lt;float&gt;[L]) and posterior standard deviations
/// (<c>LatentSigma</c>, same order) to each row, most relevant latent first unless ordering was switched off.
/// Scoring is lazy and batched under no_grad. <see cref="Report"/> holds what the fit discovered.
/// </summary>
public sealed class LatentRelevanceTransformer : TorchTransformerBase<VaeModel>
{
    internal const string LoaderSignature = "LatentRelevanceTransformer";
    private const int ScoringBatch = 4096;

    private readonly int[] order;

    internal LatentRelevanceTransformer(IHost host, VaeModel model, int[] order, string inputColumnName, int inputSize,
                                        string outputColumnName, RelevanceReport report, Device device) : base(host, model, device)
    {
        this.order = order;
        InputColumnName = inputColumnName;
        InputSize = inputSize;
        OutputColumnName = outputColumnName;
        Report = report;
    }

    /// <summary>The input feature column.</summary>
    public string InputColumnName { get; }

    /// <summary>The input vector size the model was trained on.</summary>
    public int InputSize { get; }

    /// <summary>The latent-mean output column; σ is in <see cref="SigmaColumnName"/>.</summary>
    public string OutputColumnName { get; }

    /// <summary>The σ output column, <c>{OutputColumnName}Sigma</c>.</summary>
    public string SigmaColumnName => SigmaName(OutputColumnName);

    /// <summary>The latent dimension L.</summary>
    public int LatentDimension => Model.LatentSize;

    /// <summary>Output slot k holds the model's latent <c>LatentOrder[k]</c>.</summary>
    public IReadOnlyList<int> LatentOrder => order;

    /// <summary>The relevance profile, intrinsic dimension, correlations and training curves of the fit.</summary>
    public RelevanceReport Report { get; }

    internal static string SigmaName(string output) => output + "Sigma";

    /// <summary>μ and σ (row-major rows × L, model order) of every row of <paramref name="data"/>, in batches under no_grad.</summary>
    internal static (double[] Mean, double[] Sigma) EncodeAll(VaeModel model, Tensor data, int batchSize)
    {
        var rows = data.shape[0];
        var latent = model.LatentSize;
        var mu = new double[rows * latent];
        var sigma = new double[rows * latent];
        using var _ = no_grad();
        for (long start = 0; start < rows; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(batchSize, rows - start);
            var (m, lv) = model.Encode(data.narrow(0, start, length));
            var s = (lv * 0.5).exp();
            m.to(ScalarType.Float64).cpu().CopyTo(mu.AsSpan((int)(start * latent), (int)(length * latent)));
            s.to(ScalarType.Float64).cpu().CopyTo(sigma.AsSpan((int)(start * latent), (int)(length * latent)));
        }
        return (mu, sigma);
    }

    /// <inheritdoc/>
    protected override IRowMapper MakeMapper(DataViewSchema schema) => new Mapper(this, schema);

    // Binary format (version 0x00010001), after the ML.NET entry header:
    //   string  input column name
    //   string  output column name
    //   int32   input size D
    //   int32   latent dimension L
    //   int32   hidden layer count H, then H × int32 widths
    //   int32[L] output order (output slot k ← model latent order[k])
    //   side stream "Report": the RelevanceReport (see RelevanceReport.Write)
    //   side stream "TorchState": the VAE's state dict in Symmetry.Torch's module format
    /// <inheritdoc/>
    protected override void SaveCore(ModelSaveContext ctx)
    {
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        var w = ctx.Writer;
        w.Write(InputColumnName);
        w.Write(OutputColumnName);
        w.Write(InputSize);
        w.Write(Model.LatentSize);
        w.Write(Model.HiddenLayers.Count);
        foreach (var h in Model.HiddenLayers) w.Write(h);
        foreach (var k in order) w.Write(k);
        ctx.SaveBinaryStream("Report", Report.Write);
    }

    private static VersionInfo GetVersionInfo() => new(
        "LATRELEV", verWrittenCur: 0x00010001, verReadableCur: 0x00010001, verWeCanReadBack: 0x00010001,
        loaderAssemblyName: typeof(LatentRelevanceTransformer).Assembly.GetName().Name!, loaderSignature: LoaderSignature);

    private static LatentRelevanceTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        var r = ctx.Reader;
        var input = r.ReadString();
        var output = r.ReadString();
        var inputSize = r.ReadInt32();
        var latent = r.ReadInt32();
        var hiddenCount = r.ReadInt32();
        if (inputSize <= 0 || latent <= 0 || hiddenCount < 0 || hiddenCount > 64)
            throw new FormatException($"Corrupt LatentRelevance model: input size {inputSize}, latent {latent}, {hiddenCount} hidden layers.");
        var hidden = Enumerable.Range(0, hiddenCount).Select(_ => r.ReadInt32()).ToArray();
        if (hidden.Any(h => h <= 0))
            throw new FormatException($"Corrupt LatentRelevance model: hidden layer widths [{string.Join(", ", hidden)}] must all be ≥ 1.");
        var order = Enumerable.Range(0, latent).Select(_ => r.ReadInt32()).ToArray();
        if (order.Order().Where((v, i) => v != i).Any()) throw new FormatException("Corrupt LatentRelevance model: the latent order is not a permutation.");
        RelevanceReport? report = null;
        if (!ctx.TryLoadBinaryStream("Report", br => report = RelevanceReport.Read(br)))
            throw new FormatException("Corrupt LatentRelevance model: the 'Report' stream is missing.");
        var host = env.Register(nameof(LatentRelevanceTransformer));
        var (model, device) = LoadModule(host, ctx, LinearParameterCount(VaeModel.LayerShapes(inputSize, hidden, latent)),
                                         () => new VaeModel(inputSize, hidden, latent), "LatentRelevance model",
                                         $"a network of input size {inputSize}, hidden layers [{string.Join(", ", hidden)}] and latent {latent}");
        return new LatentRelevanceTransformer(host, model, order, input, inputSize, output, report!, device);
    }

    private sealed class Mapper : BatchMapperBase
    {
        private readonly LatentRelevanceTransformer parent;
        private readonly DataViewSchema.Column input;

        public Mapper(LatentRelevanceTransformer parent, DataViewSchema schema) : base(parent.Host, schema, ScoringBatch)
        {
            this.parent = parent;
            var (col, size) = FeatureReader.CheckVectorColumn(schema, parent.InputColumnName, nameof(schema));
            if (size != parent.InputSize)
                throw Contracts.ExceptSchemaMismatch(nameof(schema), "input", parent.InputColumnName, $"Vector<Single, {parent.InputSize}>", col.Type.ToString()!);
            input = col;
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore()
        {
            var type = new VectorDataViewType(NumberDataViewType.Single, parent.LatentDimension);
            return
            [
                new DataViewSchema.DetachedColumn(parent.OutputColumnName, type),
                new DataViewSchema.DetachedColumn(parent.SigmaColumnName, type),
            ];
        }

        protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput) =>
            col => col == input.Index && (activeOutput(0) || activeOutput(1));

        protected override void MapBatch(RowBatch batch, OutputBatch output)
        {
            var n = batch.Count;
            var d = parent.InputSize;
            var l = parent.LatentDimension;
            var values = batch.GetValues<float>(input);
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var x = tensor(values, [n, d]).to(parent.Device);
            var (m, lv) = parent.Model.Encode(x);
            // Reorder the latents once on the device so the copies below are contiguous.
            using var idx = tensor(parent.order.Select(i => (long)i).ToArray()).to(parent.Device);
            if (output.IsActive(0))
            {
                var ordered = m.index_select(1, idx).cpu();
                ordered.CopyTo(output.GetValues<float>(0)[..(n * l)]);
            }
            if (output.IsActive(1))
            {
                var s = (lv * 0.5).exp().index_select(1, idx).cpu();
                s.CopyTo(output.GetValues<float>(1)[..(n * l)]);
            }
        }
    }
}
