using Microsoft.ML.Symmetry.Torch.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// Appends the trained generator fields to each row: <c>Flow</c>, vector&lt;float&gt;[N_g · d] holding g_1(x), …,
/// g_N(x) one after the other (slot names "g1.x0", …), and with an autoencoder <c>Latent</c> (vector&lt;float&gt;[ℓ],
/// the point z the fields are evaluated at). Scoring is lazy and batched under no_grad.
/// <see cref="Integrate"/> follows a generator's flow from given points (RK4), <see cref="EvaluateOracle"/> evaluates
/// the oracle (a learned one is saved with the model; a user's function is not). <see cref="Report"/> holds what the fit
/// discovered. Saved and loaded by <c>ml.Model.Save/Load</c>.
/// </summary>
public sealed class OracleFlowsTransformer : SymmetryTransformerBase
{
    internal const string LoaderSignature = "SymOracleFlows";

    /// <summary>
    /// Body format version 0x00010002 (inside the <see cref="ModelEntry"/> envelope; 0x00010001 is read too: it wrote
    /// the autoencoder byte as a bool, which reads as 0 or 1 below):
    /// <code>
    ///   string  input column name;  string output column name
    ///   uint8   generator kind (0 linear, 1 neural);  int32 N_g;  int32 d;  int32 H, H × int32 hidden widths (neural)
    ///   bool    learned oracle; if so: int32 H', H' × int32 widths, int32 outputs, uint8 output (0 logits, 1 probabilities)
    ///   uint8   autoencoder: 0 none; 1 dense: string latent column name, int32 input size, int32 H'', H'' × int32 widths;
    ///           2 convolutional: string latent column name, int32 image height, int32 image width, int32 C, C × int32 channels
    ///   OracleFlowsReport (see OracleFlowsReport.Write)
    ///   TorchState of the generators;  of the learned oracle (if any);  of the autoencoder (if any)
    /// </code>
    /// </summary>
    internal static readonly ModelEntry Entry = new("SYMORFLW", LoaderSignature, 0x00010002, 0x00010001);

    // The largest networks a model file holds; Options.Validate and the fit refuse more, so a model that saves loads.
    internal const int MaxGenerators = 64, MaxDimension = 1 << 12, MaxLayers = 16, MaxWidth = 1 << 14, MaxOracleOutputs = 1 << 14,
                       MaxAutoencoderInput = 1 << 24, MaxAutoencoderWidth = 1 << 16, MaxImageSide = 1 << 12, MaxConvolutions = 8;

    private const byte NoAutoencoder = 0;
    private const byte DenseAutoencoder = 1;
    private const byte ConvolutionalAutoencoder = 2;

    private readonly FlowGenerators generators;
    private readonly OracleNetwork? learned;
    private readonly Func<Tensor, Tensor>? oracle;
    private readonly nn.Module<Tensor, Tensor>? autoencoderModule;
    private readonly ILatentAutoencoder? autoencoder;
    private readonly InputColumn[] inputs;
    private readonly OutputColumn[] outputs;

    internal OracleFlowsTransformer(IHostEnvironment env, FlowGenerators generators, OracleNetwork? learned, OracleOutput oracleOutput, Func<Tensor, Tensor>? oracle,
                                    nn.Module<Tensor, Tensor>? autoencoder, string inputColumnName, string outputColumnName, string latentColumnName, OracleFlowsReport report, Device device)
        : base(env, nameof(OracleFlowsTransformer), device)
    {
        this.generators = generators;
        this.learned = learned;
        OracleOutput = oracleOutput;
        this.oracle = learned is null ? oracle : oracleOutput == OracleOutput.Probabilities ? x => nn.functional.softmax(learned.forward(x), 1) : learned.forward;
        autoencoderModule = autoencoder;
        this.autoencoder = autoencoder is null ? null
            : autoencoder as ILatentAutoencoder ?? throw new ArgumentException("The autoencoder must implement ILatentAutoencoder.", nameof(autoencoder));
        generators.eval();
        learned?.eval();
        autoencoder?.eval();
        LatentColumnName = autoencoder is null ? null : latentColumnName;
        InputColumnName = inputColumnName;
        OutputColumnName = outputColumnName;
        Report = report;
        inputs = [new InputColumn(inputColumnName, this.autoencoder?.InputSize ?? generators.Dimension)];
        outputs = Columns(outputColumnName, LatentColumnName, generators.Count, report.FeatureNames);
    }

    /// <summary>
    /// The appended columns (declared once, for the estimator's schema and the transformer): the flows g_α(x) of every
    /// generator (slots g1.x1 …), then the latent point when an autoencoder maps the input to <paramref name="coordinates"/>.
    /// </summary>
    internal static OutputColumn[] Columns(string outputColumnName, string? latentColumnName, int generators, IReadOnlyList<string> coordinates)
    {
        var names = Enumerable.Range(1, generators).SelectMany(g => coordinates.Select(f => $"g{g}.{f}")).ToArray();
        var flow = new OutputColumn(outputColumnName, generators * coordinates.Count, names);
        return latentColumnName is null ? [flow] : [flow, new OutputColumn(latentColumnName, coordinates.Count, coordinates)];
    }

    /// <summary>The input feature column.</summary>
    public string InputColumnName { get; }

    /// <summary>The appended column of generator fields.</summary>
    public string OutputColumnName { get; }

    /// <summary>The appended latent column when there is an autoencoder; otherwise null.</summary>
    public string? LatentColumnName { get; }

    /// <summary>Whether the flows act on an autoencoder's latent space (<see cref="Encode"/>, <see cref="Decode"/>).</summary>
    public bool HasAutoencoder => autoencoder is not null;

    /// <summary>Which autoencoder the fit trained (<see cref="AutoencoderKind.Dense"/> or <see cref="AutoencoderKind.Convolutional"/>); null without one.</summary>
    public AutoencoderKind? AutoencoderKind => autoencoder switch
    {
        null => null,
        ConvAutoencoder => Symmetry.AutoencoderKind.Convolutional,
        _ => Symmetry.AutoencoderKind.Dense,
    };

    /// <summary>N_g.</summary>
    public int GeneratorCount => generators.Count;

    /// <summary>d, the dimension the flows act on (the input size, or ℓ with an autoencoder).</summary>
    public int Dimension => generators.Dimension;

    /// <summary>Linear or neural generators.</summary>
    public GeneratorKind GeneratorKind => generators.Kind;

    /// <summary>What <see cref="EvaluateOracle"/> returns for a learned classifier: logits or probabilities.</summary>
    public OracleOutput OracleOutput { get; }

    /// <summary>Whether <see cref="EvaluateOracle"/> can run: a learned oracle (always), or a user's function (until the model is saved and loaded).</summary>
    public bool HasOracle => oracle is not null;

    /// <summary>The generators, the invariance residuals, the structure constants and the identified algebra.</summary>
    public OracleFlowsReport Report { get; }

    private protected override IReadOnlyList<InputColumn> Inputs => inputs;
    private protected override IReadOnlyList<OutputColumn> Outputs => outputs;
    private protected override ModelEntry EntryInfo => Entry;

    /// <summary>
    /// Follows the flow dx/dt = g_α(x) of generator <paramref name="generator"/> (0-based) from each row of
    /// <paramref name="points"/> (rows × d) for <paramref name="steps"/> RK4 steps of size <paramref name="epsilon"/>
    /// (negative goes backwards). Returns (steps + 1) × rows × d, the points first.
    /// </summary>
    public double[,,] Integrate(double[,] points, int generator, int steps, double epsilon = OracleFlowsEstimator.Defaults.Epsilon)
    {
        using var lease = Borrow();
        ArgumentNullException.ThrowIfNull(points);
        if (points.GetLength(1) != Dimension) throw new ArgumentException($"The points must have {Dimension} columns; got {points.GetLength(1)}.", nameof(points));
        if (generator < 0 || generator >= GeneratorCount) throw new ArgumentOutOfRangeException(nameof(generator), generator, $"generator must be in [0, {GeneratorCount}).");
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (!double.IsFinite(epsilon) || epsilon == 0) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be a finite non-zero number.");
        var rows = points.GetLength(0);
        using var scope = NewDisposeScope();
        var start = ToDevice64(points);
        var path = generators.Integrate(generator, start, steps, epsilon).cpu().contiguous();
        var values = path.data<double>().ToArray();
        var result = new double[steps + 1, rows, Dimension];
        Buffer.BlockCopy(values, 0, result, 0, values.Length * sizeof(double));
        return result;
    }

    /// <summary>The oracle's outputs (logits of a classifier, predictions of a regressor, or the user's function) at rows × d points.</summary>
    /// <exception cref="InvalidOperationException">The oracle was a function and the model was loaded from a file (functions are not saved).</exception>
    public double[,] EvaluateOracle(double[,] points)
    {
        using var lease = Borrow();
        ArgumentNullException.ThrowIfNull(points);
        var f = oracle ?? throw new InvalidOperationException("This model's oracle was a user's function, which is not saved with the model: evaluate it yourself.");
        if (points.GetLength(1) != Dimension) throw new ArgumentException($"The points must have {Dimension} columns; got {points.GetLength(1)}.", nameof(points));
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var y = FlowLosses.CallOracle(f, ToDevice64(points)).cpu().contiguous();
        var values = y.data<double>().ToArray();
        var result = new double[y.shape[0], y.shape[1]];
        Buffer.BlockCopy(values, 0, result, 0, values.Length * sizeof(double));
        return result;
    }

    /// <summary>The autoencoder's latent coordinates (rows × ℓ) of rows × input points.</summary>
    /// <exception cref="InvalidOperationException">There is no autoencoder.</exception>
    public double[,] Encode(double[,] points) => Autoencode(points, encode: true);

    /// <summary>The decoder's output (rows × input) at rows × ℓ latent points, e.g. a slice of an <see cref="Integrate"/> path.</summary>
    /// <exception cref="InvalidOperationException">There is no autoencoder.</exception>
    public double[,] Decode(double[,] latent) => Autoencode(latent, encode: false);

    private double[,] Autoencode(double[,] points, bool encode)
    {
        using var lease = Borrow();
        ArgumentNullException.ThrowIfNull(points);
        var ae = autoencoder ?? throw new InvalidOperationException("This model has no autoencoder (LatentDimension was not set): the flows act on the input features.");
        var width = encode ? ae.InputSize : ae.LatentSize;
        if (points.GetLength(1) != width) throw new ArgumentException($"The points must have {width} columns; got {points.GetLength(1)}.", nameof(points));
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = ToDevice64(points).to(float32);
        var y = (encode ? ae.Encode(x) : ae.Decode(x)).to(float64).cpu().contiguous();
        var values = y.data<double>().ToArray();
        var result = new double[y.shape[0], y.shape[1]];
        Buffer.BlockCopy(values, 0, result, 0, values.Length * sizeof(double));
        return result;
    }

    private Tensor ToDevice64(double[,] points)
    {
        var flat = new double[points.Length];
        Buffer.BlockCopy(points, 0, flat, 0, flat.Length * sizeof(double));
        var host = tensor(flat, [points.GetLength(0), points.GetLength(1)]);
        return Device.type == DeviceType.CPU ? host : host.to(Device);
    }

    private protected override void Score(IReadOnlyList<float[]> input, int rows, IReadOnlyList<bool> active, float[][] output)
    {
        var x = ToDevice(input[0], rows, inputs[0].Size);
        var z = autoencoder is null ? x.to(float64) : autoencoder.Encode(x).to(float64);
        if (autoencoder is not null && active[1]) CopyOut(z, output[1]);
        if (!active[0]) return;
        var fields = generators.forward(z);                                       // N × rows × d
        CopyOut(fields.permute(1, 0, 2).reshape(rows, GeneratorCount * Dimension), output[0]);
    }

    // [encoder (float32) →] z in float64 → every generator's field, side by side, cast to float32 as Transform does.
    private protected override void SaveAsOnnx(OnnxGraph g)
    {
        var name = OutputColumnName;
        var x = g.Input(InputColumnName);
        var latent = autoencoder is null ? x : OnnxAutoencoders.Encode(g, autoencoder, x, name + ".autoencoder");
        var z = g.Node("Cast", [latent], ("to", OnnxGraph.Double));
        var state = generators.state_dict();
        string fields;
        if (generators.Kind == GeneratorKind.Linear)
        {
            // g_α(z) = z W_αᵀ for all α at once: z times the d × (N·d) matrix whose block α is W_αᵀ.
            using var blocks = state["weight"].permute(2, 0, 1).reshape(Dimension, GeneratorCount * Dimension);
            fields = g.Node("MatMul", [z, g.Constant64(name + ".generators", blocks)]);
        }
        else
        {
            var layers = generators.Hidden.Count + 1;
            var each = new string[GeneratorCount];
            for (var a = 0; a < GeneratorCount; a++)
            {
                var h = z;
                for (var k = 0; k < layers; k++)
                {
                    var w = g.Constant64($"{name}.generator{a + 1}.w{k}", state[$"w{k}"][a]);
                    var b = g.Constant64($"{name}.generator{a + 1}.b{k}", state[$"b{k}"][a]);
                    h = g.Node("Add", [g.Node("MatMul", [h, w]), b]);
                    if (k + 1 < layers) h = g.Node("Tanh", [h]);
                }
                each[a] = h;
            }
            fields = GeneratorCount == 1 ? each[0] : g.Node("Concat", each, ("axis", 1L));
        }
        g.Output(outputs[0].Name, outputs[0].Type, g.Node("Cast", [fields], ("to", OnnxGraph.Float)));
        if (autoencoder is not null) g.Output(outputs[1].Name, outputs[1].Type, latent);
    }

    private protected override void WriteBody(BinaryWriter w)
    {
        w.Write(InputColumnName);
        w.Write(OutputColumnName);
        w.Write((byte)generators.Kind);
        w.Write(generators.Count);
        w.Write(generators.Dimension);
        w.Write(generators.Hidden.Count);
        foreach (var h in generators.Hidden) w.Write(h);
        w.Write(learned is not null);
        if (learned is not null)
        {
            w.Write(learned.Hidden.Count);
            foreach (var h in learned.Hidden) w.Write(h);
            w.Write(learned.Outputs);
            w.Write((byte)OracleOutput);
        }
        switch (autoencoder)
        {
            case null:
                w.Write(NoAutoencoder);
                break;
            case ConvAutoencoder conv:
                w.Write(ConvolutionalAutoencoder);
                w.Write(LatentColumnName!);
                w.Write(conv.Height);
                w.Write(conv.Width);
                w.Write(conv.Channels.Count);
                foreach (var c in conv.Channels) w.Write(c);
                break;
            case Autoencoder dense:
                w.Write(DenseAutoencoder);
                w.Write(LatentColumnName!);
                w.Write(dense.InputSize);
                w.Write(dense.Hidden.Count);
                foreach (var h in dense.Hidden) w.Write(h);
                break;
            default:
                throw new InvalidOperationException($"An autoencoder of type {autoencoder.GetType().Name} cannot be saved.");
        }
        Report.Write(w);
        TorchState.Write(w, generators);
        if (learned is not null) TorchState.Write(w, learned);
        if (autoencoderModule is not null) TorchState.Write(w, autoencoderModule);
    }

    /// <summary>Reads a body written by <see cref="WriteBody"/> (called by ML.NET's loader through MLNetInternals).</summary>
    internal static OracleFlowsTransformer Read(IHostEnvironment env, BinaryReader reader, uint version) => Entry.Read(reader, r =>
    {
        var input = r.ReadString();
        var output = r.ReadString();
        var kind = (GeneratorKind)r.ReadByte();
        if (!Enum.IsDefined(kind)) throw Entry.Corrupt($"generator kind {(int)kind} is unknown");
        var count = r.ReadInt32();
        var d = r.ReadInt32();
        var hiddenCount = r.ReadInt32();
        if (count is <= 0 or > MaxGenerators || d is <= 0 or > MaxDimension || hiddenCount is < 0 or > MaxLayers)
            throw Entry.Corrupt($"{count} generators on {d} dimensions with {hiddenCount} hidden layers are out of range");
        var hidden = Enumerable.Range(0, hiddenCount).Select(_ => r.ReadInt32()).ToArray();
        if (hidden.Any(h => h is <= 0 or > MaxWidth)) throw Entry.Corrupt($"hidden widths [{string.Join(", ", hidden)}] are out of range");
        if (kind == GeneratorKind.Neural && hidden.Length == 0) throw Entry.Corrupt("a neural generator has no hidden layer");
        int[]? oracleHidden = null;
        var oracleOutputs = 0;
        var oracleOutput = OracleOutput.Logits;
        if (r.ReadBoolean())
        {
            var n = r.ReadInt32();
            if (n is < 0 or > MaxLayers) throw Entry.Corrupt($"{n} oracle layers are out of range");
            oracleHidden = Enumerable.Range(0, n).Select(_ => r.ReadInt32()).ToArray();
            oracleOutputs = r.ReadInt32();
            oracleOutput = (OracleOutput)r.ReadByte();
            if (!Enum.IsDefined(oracleOutput)) throw Entry.Corrupt($"oracle output {(int)oracleOutput} is unknown");
            if (oracleHidden.Any(h => h is <= 0 or > MaxWidth) || oracleOutputs is <= 0 or > MaxOracleOutputs) throw Entry.Corrupt("the oracle's widths are out of range");
        }
        string? latentName = null;
        var aeKind = r.ReadByte();
        // Version 1 wrote this byte as a bool (no autoencoder or a dense one).
        if (aeKind > (version >= 0x00010002 ? ConvolutionalAutoencoder : DenseAutoencoder)) throw Entry.Corrupt($"autoencoder kind {aeKind} is unknown");
        int aeInput = 0, aeHeight = 0, aeWidth = 0;
        int[]? aeHidden = null;
        if (aeKind != NoAutoencoder)
        {
            latentName = r.ReadString();
            if (aeKind == DenseAutoencoder) aeInput = r.ReadInt32();
            else (aeHeight, aeWidth) = (r.ReadInt32(), r.ReadInt32());
            var n = r.ReadInt32();
            if (aeKind == ConvolutionalAutoencoder && (aeHeight is <= 0 or > MaxImageSide || aeWidth is <= 0 or > MaxImageSide || n is < 1 or > MaxConvolutions))
                throw Entry.Corrupt($"a convolutional autoencoder of {aeHeight} × {aeWidth} pixels with {n} convolutions is out of range");
            if (aeKind == DenseAutoencoder && (aeInput is <= 0 or > MaxAutoencoderInput || n is < 0 or > MaxLayers)) throw Entry.Corrupt($"an autoencoder of input {aeInput} with {n} hidden layers is out of range");
            aeHidden = Enumerable.Range(0, n).Select(_ => r.ReadInt32()).ToArray();
            if (aeHidden.Any(h => h is <= 0 or > MaxAutoencoderWidth)) throw Entry.Corrupt("the autoencoder's widths are out of range");
        }
        var report = OracleFlowsReport.Read(r, count, d);
        // Every network's values (flows and oracle float64, autoencoder float32) must be in the file before any is built.
        var bytes = checked(ModuleSizes.Flows(kind, count, d, hidden) * sizeof(double)
            + (oracleHidden is null ? 0 : ModuleSizes.Oracle(d, oracleHidden, oracleOutputs) * sizeof(double))
            + (aeHidden is null ? 0 : (aeKind == DenseAutoencoder ? ModuleSizes.Autoencoder(aeInput, aeHidden, d, batchNorm: false)
                                                                   : ModuleSizes.ConvAutoencoder(aeHeight, aeWidth, aeHidden, d)) * sizeof(float)));
        TorchState.RequireBytes(r, bytes, Entry, $"{count} {kind} generators on {d} dimensions with their oracle and autoencoder");
        using var load = new ModuleLoader(env, Entry);
        var generators = load.Read(r, () => new FlowGenerators(kind, count, d, hidden, device: load.Device));
        var learned = oracleHidden is null ? null : load.Read(r, () => new OracleNetwork(d, oracleHidden, oracleOutputs));
        nn.Module<Tensor, Tensor>? autoencoder = aeHidden is null ? null
            : aeKind == DenseAutoencoder ? load.Read(r, () => new Autoencoder(aeInput, aeHidden, d))
            : load.Read(r, () => new ConvAutoencoder(aeHeight, aeWidth, aeHidden, d));
        return load.Hand(() => new OracleFlowsTransformer(env, generators, learned, oracleOutput, null, autoencoder, input, output,
                                                          latentName ?? OracleFlowsEstimator.Defaults.LatentColumnName, report, load.Device));
    });

    /// <summary>
    /// The transformer one fit of a whole scan would have made from the transformers of its consecutive shards (see
    /// <see cref="OracleFlowsReport.Merge"/>): copies of the kept shard's modules (through its model entry, so the shard
    /// keeps its own), its oracle function, and the merged report.
    /// </summary>
    internal static OracleFlowsTransformer Merge(IReadOnlyList<OracleFlowsTransformer> shards)
    {
        var report = OracleFlowsReport.Merge([.. shards.Select(s => s.Report)], out var kept);
        var source = shards[kept];
        using var lease = source.Borrow();
        using var saved = new MemoryStream();
        var ml = new MLContext();
        ml.Model.Save(source, null, saved);
        saved.Position = 0;
        // The copy's modules go to the merged transformer; the copy itself is dropped without disposing them.
        var copy = (OracleFlowsTransformer)ml.Model.Load(saved, out _);
        return new OracleFlowsTransformer(source.Host, copy.generators, copy.learned, copy.OracleOutput, source.learned is null ? source.oracle : null,
                                          copy.autoencoderModule, source.InputColumnName, source.OutputColumnName, source.LatentColumnName ?? "Latent", report, copy.Device);
    }

    private protected override void DisposeModel()
    {
        generators.Dispose();
        learned?.Dispose();
        autoencoderModule?.Dispose();
    }
}
