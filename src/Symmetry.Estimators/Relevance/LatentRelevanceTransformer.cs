using Microsoft.ML.Symmetry.Torch.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// Appends the trained VAE's latent means (<c>Latent</c>, vector&lt;float&gt;[L]) and posterior standard deviations
/// (<c>LatentSigma</c>, same order) to each row, most relevant latent first unless ordering was switched off.
/// Scoring is lazy and batched under no_grad; NaN inputs give NaN outputs, as ML.NET's transforms do for missing
/// values. <see cref="Report"/> holds what the fit discovered. Saved and loaded by <c>ml.Model.Save/Load</c>.
/// </summary>
public sealed class LatentRelevanceTransformer : SymmetryTransformerBase
{
    internal const string LoaderSignature = "SymLatentRelevance"; // ML.NET allows fewer than 24 characters

    // The largest networks a model file holds; Options.Validate and the fit refuse more, so a model that saves loads.
    internal const int MaxInputSize = 1 << 20, MaxLatent = 1 << 16, MaxHiddenLayers = 64, MaxWidth = 1 << 16;

    /// <summary>
    /// Body format version 0x00020001 (inside the <see cref="ModelEntry"/> envelope):
    /// <code>
    ///   string  input column name;  string output column name
    ///   int32   input size D;  int32 latent dimension L;  int32 hidden layer count H, H × int32 widths
    ///   int32[L] output order (output slot k ← model latent order[k])
    ///   Standardization (see Standardization.Write)
    ///   RelevanceReport (see RelevanceReport.Write)
    ///   TorchState of the VAE (see TorchState)
    /// </code>
    /// </summary>
    internal static readonly ModelEntry Entry = new("SYMLATRV", LoaderSignature, 0x00020001, 0x00020001);

    private readonly VaeModel model;
    private readonly int[] order;
    private readonly Tensor orderIndex;
    private readonly Standardization scaling;
    private readonly InputColumn[] inputs;
    private readonly OutputColumn[] outputs;

    internal LatentRelevanceTransformer(IHostEnvironment env, VaeModel model, int[] order, string inputColumnName, Standardization scaling,
                                        string outputColumnName, RelevanceReport report, Device device)
        : base(env, nameof(LatentRelevanceTransformer), device)
    {
        this.model = model;
        this.order = order;
        this.scaling = scaling;
        model.eval();
        orderIndex = tensor(order.Select(i => (long)i).ToArray()).to(device);
        InputColumnName = inputColumnName;
        OutputColumnName = outputColumnName;
        Report = report;
        inputs = [new InputColumn(inputColumnName, model.InputSize)];
        outputs = Columns(outputColumnName, model.LatentSize);
    }

    /// <summary>The input feature column.</summary>
    public string InputColumnName { get; }

    /// <summary>The input vector size the model was trained on.</summary>
    public int InputSize => model.InputSize;

    /// <summary>The latent-mean output column; σ is in <see cref="SigmaColumnName"/>.</summary>
    public string OutputColumnName { get; }

    /// <summary>The σ output column, <c>{OutputColumnName}Sigma</c>.</summary>
    public string SigmaColumnName => SigmaName(OutputColumnName);

    /// <summary>The latent dimension L.</summary>
    public int LatentDimension => model.LatentSize;

    /// <summary>Output slot k holds the model's latent <c>LatentOrder[k]</c>.</summary>
    public IReadOnlyList<int> LatentOrder => order;

    /// <summary>The per-feature standardization applied before the encoder (identity when switched off).</summary>
    public Standardization Standardization => scaling;

    /// <summary>The relevance profile, intrinsic dimension, correlations and training curves of the fit.</summary>
    public RelevanceReport Report { get; }

    internal static string SigmaName(string output) => output + "Sigma";

    /// <summary>The appended columns (declared once, for the estimator's schema and the transformer): μ and σ, slots z1 … zL.</summary>
    internal static OutputColumn[] Columns(string outputColumnName, int latent)
    {
        var names = Enumerable.Range(1, latent).Select(k => $"z{k}").ToArray();
        return [new OutputColumn(outputColumnName, latent, names), new OutputColumn(SigmaName(outputColumnName), latent, names)];
    }

    private protected override IReadOnlyList<InputColumn> Inputs => inputs;
    private protected override IReadOnlyList<OutputColumn> Outputs => outputs;
    private protected override ModelEntry EntryInfo => Entry;

    private protected override void Score(IReadOnlyList<float[]> input, int rows, IReadOnlyList<bool> active, float[][] output)
    {
        var values = input[0];
        if (!scaling.IsIdentity)
        {
            values = values.AsSpan(0, rows * InputSize).ToArray();
            scaling.ApplyInPlace(values, rows);
        }
        var x = ToDevice(values, rows, InputSize);
        var (m, lv) = model.Encode(x);
        if (active[0]) CopyOut(m.index_select(1, orderIndex), output[0]);
        if (active[1]) CopyOut((lv * 0.5).exp().index_select(1, orderIndex), output[1]);
    }

    // standardize → encoder (Gemm, ReLU) → μ and log σ² heads → the output order (Gather) → σ = exp(½ log σ²).
    private protected override void SaveAsOnnx(OnnxGraph g)
    {
        var name = OutputColumnName;
        var h = g.Standardize(g.Input(InputColumnName), scaling, InputSize, name + ".scaling");
        var layers = model.Layers.ToArray();
        var hidden = model.HiddenLayers.Count;
        for (var k = 0; k < hidden; k++)
            h = g.Node("Relu", [g.Linear(h, layers[k].weight!, layers[k].bias!, $"{name}.encoder.{k}")]);
        var index = g.Constant(name + ".order", order.Select(i => (long)i).ToArray(), [order.Length]);
        var mean = g.Linear(h, layers[hidden].weight!, layers[hidden].bias!, name + ".mean");
        var logVar = g.Linear(h, layers[hidden + 1].weight!, layers[hidden + 1].bias!, name + ".logvar");
        var sigma = g.Node("Exp", [g.Node("Mul", [logVar, g.Constant(name + ".half", [0.5f], [1])])]);
        g.Output(outputs[0].Name, outputs[0].Type, g.Node("Gather", [mean, index], ("axis", 1L)));
        g.Output(outputs[1].Name, outputs[1].Type, g.Node("Gather", [sigma, index], ("axis", 1L)));
    }

    private protected override void WriteBody(BinaryWriter w)
    {
        w.Write(InputColumnName);
        w.Write(OutputColumnName);
        w.Write(model.InputSize);
        w.Write(model.LatentSize);
        w.Write(model.HiddenLayers.Count);
        foreach (var h in model.HiddenLayers) w.Write(h);
        foreach (var k in order) w.Write(k);
        scaling.Write(w);
        Report.Write(w);
        TorchState.Write(w, model);
    }

    /// <summary>Reads a body written by <see cref="WriteBody"/> (called by ML.NET's loader through MLNetInternals).</summary>
    internal static LatentRelevanceTransformer Read(IHostEnvironment env, BinaryReader reader, uint version) => Entry.Read(reader, r =>
    {
        var input = r.ReadString();
        var output = r.ReadString();
        var inputSize = r.ReadInt32();
        var latent = r.ReadInt32();
        var hiddenCount = r.ReadInt32();
        if (inputSize is <= 0 or > MaxInputSize || latent is <= 0 or > MaxLatent || hiddenCount is < 0 or > MaxHiddenLayers)
            throw Entry.Corrupt($"input size {inputSize}, latent {latent}, {hiddenCount} hidden layers are out of range");
        var hidden = Enumerable.Range(0, hiddenCount).Select(_ => r.ReadInt32()).ToArray();
        if (hidden.Any(h => h is <= 0 or > MaxWidth)) throw Entry.Corrupt($"hidden layer widths [{string.Join(", ", hidden)}] are out of range");
        var order = Enumerable.Range(0, latent).Select(_ => r.ReadInt32()).ToArray();
        if (order.Order().Where((v, i) => v != i).Any()) throw Entry.Corrupt("its latent order is not a permutation");
        var scaling = Standardization.Read(r, inputSize, Entry);
        var report = RelevanceReport.Read(r);
        TorchState.RequireBytes(r, ModuleSizes.Vae(inputSize, hidden, latent) * sizeof(float), Entry,
            $"a network of input size {inputSize}, hidden layers [{string.Join(", ", hidden)}] and latent {latent}");
        using var load = new ModuleLoader(env, Entry);
        // A throwaway generator: the weights are overwritten, and loading must not draw from the global RNG.
        using var scratch = new Generator(0);
        var model = load.Read(r, () => new VaeModel(inputSize, hidden, latent, scratch));
        return load.Hand(() => new LatentRelevanceTransformer(env, model, order, input, scaling, output, report, load.Device));
    });

    /// <summary>
    /// The transformer one fit of all runs would have made from the transformers of its consecutive shards (see
    /// <see cref="RelevanceReport.Merge"/>): a copy of the kept run's VAE, order and scaling with the merged report.
    /// </summary>
    internal static LatentRelevanceTransformer Merge(IReadOnlyList<LatentRelevanceTransformer> shards)
    {
        var report = RelevanceReport.Merge([.. shards.Select(s => s.Report)], out var kept);
        return shards[kept].WithReport(report);
    }

    // A copy of this transformer's VAE (so the shard keeps its own) with another report.
    private LatentRelevanceTransformer WithReport(RelevanceReport report)
    {
        using var lease = Borrow();
        using var scratch = new Generator(0);
        var copy = TorchState.Copy(model, () => new VaeModel(model.InputSize, model.HiddenLayers, model.LatentSize, scratch), Entry);
        try
        {
            copy.to(Device);
            return new LatentRelevanceTransformer(Host, copy, [.. order], InputColumnName, scaling, OutputColumnName, report, Device);
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    private protected override void DisposeModel()
    {
        orderIndex.Dispose();
        model.Dispose();
    }
}
