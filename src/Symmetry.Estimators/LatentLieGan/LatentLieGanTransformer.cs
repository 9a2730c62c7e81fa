using Microsoft.ML.Symmetry.Torch.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// Appends the latent codes of the first time step of each row, <c>Latent</c> (vector&lt;float&gt;[m]), and with SINDy
/// <c>LatentDot</c> (vector&lt;float&gt;[m], the fitted F(z)). <see cref="Encode"/>/<see cref="Decode"/> map between input
/// and latent space, <see cref="Transform(double[,], double[,])"/> moves latent codes by exp(Σ w_i L_i) and decodes them,
/// <see cref="Rollout"/> integrates the SINDy equation. Saved and loaded by <c>ml.Model.Save/Load</c>.
/// </summary>
public sealed class LatentLieGanTransformer : SymmetryTransformerBase
{
    internal const string LoaderSignature = "SymLatentLieGan";

    /// <summary>
    /// Body format version 0x00010003 (inside the <see cref="ModelEntry"/> envelope):
    /// <code>
    ///   string input column;  string output column;  int32 T;  int32 n (state size);  int32 m;  int32 H, H × int32 hidden widths
    ///   Standardization (T·n);  LatentLieGanReport (see LatentLieGanReport.Write)
    ///   int32 −2 (marker);  uint8 flags (bit 0 BatchNorm, bit 1 orthogonal latent layer)
    ///   int32 R rollout errors; R × (int32 horizon; float64 latent relative MSE; float64 input relative MSE)
    ///   the seeded runs (see SeedProtocol.Write)
    ///   TorchState of the autoencoder
    /// </code>
    /// A model of a single run is written as version 0x00010002, the same without the runs, so releases before the
    /// multi-seed protocol still read it.
    /// Version 0x00010001 has no marker, flags or rollout: the TorchState follows the report. It is still read (a plain
    /// autoencoder, no rollout errors); the reader branches on the version ML.NET's entry header records.
    /// </summary>
    // The largest networks a model file holds; Options.Validate and the fit refuse more, so a model that saves loads.
    internal const int MaxTimeSteps = 1 << 12, MaxInputSize = 1 << 24, MaxLatent = 1 << 12, MaxHiddenLayers = 64, MaxWidth = 1 << 16;

    internal static readonly ModelEntry Entry = new("SYMLLGAN", LoaderSignature, 0x00010003, 0x00010001);

    // What a single run writes: the body of the releases before the multi-seed protocol.
    private static readonly ModelEntry SingleRunEntry = Entry with { Version = 0x00010002 };

    private readonly Autoencoder autoencoder;
    private readonly Standardization scaling;
    private readonly LatentCodec codec;
    private readonly InputColumn[] inputs;
    private readonly OutputColumn[] outputs;

    internal LatentLieGanTransformer(IHostEnvironment env, Autoencoder autoencoder, Standardization scaling, int timeSteps,
                                     string inputColumnName, string outputColumnName, LatentLieGanReport report, Device device)
        : base(env, nameof(LatentLieGanTransformer), device)
    {
        this.autoencoder = autoencoder;
        this.scaling = scaling;
        autoencoder.eval();
        codec = new LatentCodec(autoencoder, scaling.Mean, scaling.Scale, device);
        TimeSteps = timeSteps;
        InputColumnName = inputColumnName;
        OutputColumnName = outputColumnName;
        Report = report;
        inputs = [new InputColumn(inputColumnName, autoencoder.InputSize * timeSteps)];
        outputs = Columns(outputColumnName, autoencoder.LatentSize, report.Sindy is not null);
    }

    /// <summary>The appended columns (declared once, for the estimator's schema and the transformer): z, and ż with SINDy.</summary>
    internal static OutputColumn[] Columns(string outputColumnName, int latent, bool sindy)
    {
        var names = Enumerable.Range(1, latent).Select(i => $"z{i}").ToArray();
        var z = new OutputColumn(outputColumnName, latent, names);
        return sindy ? [z, new OutputColumn(DotName(outputColumnName), latent, names.Select(s => s + "'").ToArray())] : [z];
    }

    /// <summary>The name of the derivative column for a latent column name.</summary>
    public static string DotName(string outputColumnName) => outputColumnName + "Dot";

    /// <summary>The input feature column.</summary>
    public string InputColumnName { get; }

    /// <summary>The appended latent column.</summary>
    public string OutputColumnName { get; }

    /// <summary>T, consecutive states per input vector.</summary>
    public int TimeSteps { get; }

    /// <summary>m.</summary>
    public int LatentDimension => autoencoder.LatentSize;

    /// <summary>The size n of one state (the input vector holds T of them).</summary>
    public int StateSize => autoencoder.InputSize;

    /// <summary>What the fit discovered.</summary>
    public LatentLieGanReport Report { get; }

    private protected override IReadOnlyList<InputColumn> Inputs => inputs;
    private protected override IReadOnlyList<OutputColumn> Outputs => outputs;
    private protected override ModelEntry EntryInfo => Report.SeedRuns.Count > 0 ? Entry : SingleRunEntry;

    /// <summary>Latent codes (rows × m) of rows × n states (one time step each, in input units).</summary>
    public double[,] Encode(double[,] states)
    {
        using var lease = Borrow();
        LatentCodec.Check(states, StateSize, nameof(states));
        return codec.Encode(states);
    }

    /// <summary>Decoded states (rows × n, input units) of rows × m latent codes.</summary>
    public double[,] Decode(double[,] latent)
    {
        using var lease = Borrow();
        LatentCodec.Check(latent, LatentDimension, nameof(latent));
        return codec.Decode(latent);
    }

    /// <summary>
    /// Applies g = exp(Σ_i w_i L_i) (row r of <paramref name="coefficients"/>, rows × k) to latent code r (rows × m) and
    /// decodes: returns the moved codes and their decodings (rows × n, input units).
    /// </summary>
    public (double[,] Latent, double[,] Decoded) Transform(double[,] latents, double[,] coefficients)
    {
        using var lease = Borrow();
        var m = LatentDimension;
        var k = Report.Generators.Count;
        LatentCodec.Check(latents, m, nameof(latents));
        LatentCodec.Check(coefficients, k, nameof(coefficients));
        if (coefficients.GetLength(0) != latents.GetLength(0)) throw new ArgumentException("There must be one row of coefficients per latent code.", nameof(coefficients));
        var rows = latents.GetLength(0);
        var moved = new double[rows, m];
        using (NewDisposeScope())
        {
            var basis = tensor(Report.Generators.SelectMany(g => g.Cast<double>()).ToArray(), [k, m, m]);
            var w = tensor(coefficients.Cast<double>().ToArray(), [rows, k]);
            var g = linalg.matrix_exp(einsum("bk,kij->bij", w, basis));
            var z = tensor(latents.Cast<double>().ToArray(), [rows, m, 1]);
            var values = matmul(g, z).contiguous().data<double>().ToArray();
            Buffer.BlockCopy(values, 0, moved, 0, values.Length * sizeof(double));
        }
        return (moved, Decode(moved));
    }

    /// <summary>
    /// The long-term rollout of the SINDy equation from each initial state (rows × n): ẑ_{t+1} = ẑ_t + F(ẑ_t) Δt for
    /// <paramref name="steps"/> steps; returns (steps + 1) × rows × m latent codes and their decodings (steps + 1) × rows × n.
    /// A row whose explicit-Euler path leaves the finite numbers (a diverging equation) is NaN from that step on.
    /// </summary>
    /// <exception cref="InvalidOperationException">SINDy was off.</exception>
    public (double[,,] Latent, double[,,] Decoded) Rollout(double[,] initialStates, int steps, double dt)
    {
        using var lease = Borrow();
        return LatentRollout.Run(codec, Report.Sindy, initialStates, steps, dt);
    }

    /// <summary>
    /// The paper's long-term test (Fig. 4): rolls the SINDy equation forward from the first state of
    /// <paramref name="trajectory"/> (steps × n, consecutive states Δt apart) and returns, for each horizon h (1 ≤ h &lt;
    /// steps), the relative MSE ‖ẑ_h − φ(x_h)‖² / ‖φ(x_h)‖² in latent space and ‖x̂_h − x_h‖² / ‖x_h‖² in input space
    /// (+∞ from the horizon where the rollout diverged).
    /// </summary>
    /// <exception cref="InvalidOperationException">SINDy was off.</exception>
    public IReadOnlyList<RolloutHorizonError> RolloutError(double[,] trajectory, double dt, IReadOnlyList<int> horizons)
    {
        using var lease = Borrow();
        return LatentRollout.Errors(codec, Report.Sindy, trajectory, dt, horizons)
            .Select(e => new RolloutHorizonError(e.Horizon, e.LatentRelativeMse, e.InputRelativeMse)).ToArray();
    }

    /// <summary><see cref="RolloutError"/> as a table: Horizon, LatentRelativeMse, InputRelativeMse (one row per horizon).</summary>
    public Microsoft.Data.Analysis.DataFrame RolloutErrorDataFrame(double[,] trajectory, double dt, IReadOnlyList<int> horizons) =>
        LatentLieGanReport.RolloutTable(RolloutError(trajectory, dt, horizons));

    private protected override void Score(IReadOnlyList<float[]> input, int rows, IReadOnlyList<bool> active, float[][] output)
    {
        var values = input[0].AsSpan(0, rows * inputs[0].Size).ToArray();
        scaling.ApplyInPlace(values, rows);
        var x = ToDevice(values, rows, inputs[0].Size).narrow(1, 0, StateSize);
        var z = autoencoder.Encode(x);
        if (active[0]) CopyOut(z, output[0]);
        if (outputs.Length > 1 && active[1])
        {
            var sindy = Report.Sindy!;
            var m = LatentDimension;
            using var host = z.to(float64).cpu().contiguous();
            var codes = host.data<double>().ToArray();
            for (var r = 0; r < rows; r++)
            {
                var f = sindy.Predict(codes.AsSpan(r * m, m));
                for (var j = 0; j < m; j++) output[1][r * m + j] = (float)f[j];
            }
        }
    }

    // The first time step (Slice) → standardize → encoder → z; with SINDy, F(z) = Θ(z) Ξ in float64 as Transform computes it.
    private protected override void SaveAsOnnx(OnnxGraph g)
    {
        var name = OutputColumnName;
        var x = g.Columns(g.Input(InputColumnName), 0, StateSize, name + ".first");
        var z = OnnxAutoencoders.Encode(g, autoencoder, g.Standardize(x, scaling, StateSize, name + ".scaling"), name + ".autoencoder");
        g.Output(outputs[0].Name, outputs[0].Type, z);
        if (outputs.Length > 1) g.Output(outputs[1].Name, outputs[1].Type, g.Node("Cast", [SindyField(g, Report.Sindy!, z, name + ".sindy")], ("to", OnnxGraph.Float)));
    }

    /// <summary>Θ(z) Ξ for a rows × m float32 variable z: the non-constant terms as columns (Gather, Mul, Sin, Exp), one MatMul, plus the constant row of Ξ.</summary>
    private static string SindyField(OnnxGraph g, SindyModel sindy, string z, string name)
    {
        var library = sindy.Library;
        var xi = sindy.Coefficients;
        var m = xi.GetLength(1);
        var z64 = g.Node("Cast", [z], ("to", OnnxGraph.Double));
        var variable = Enumerable.Range(0, library.Variables)
            .Select(i => g.Node("Gather", [z64, g.Constant($"{name}.z{i + 1}", [(long)i], [1])], ("axis", 1L))).ToArray();   // rows × 1
        var terms = new List<string>();
        var rowsOfXi = new List<int>();
        var c = 0;
        foreach (var exponents in library.Monomials)
        {
            string? term = null;
            for (var i = 0; i < exponents.Length; i++)
                for (var e = 0; e < exponents[i]; e++) term = term is null ? variable[i] : g.Node("Mul", [term, variable[i]]);
            if (term is not null) { terms.Add(term); rowsOfXi.Add(c); }
            c++;
        }
        if (library.IncludeSine) for (var i = 0; i < library.Variables; i++) { terms.Add(g.Node("Sin", [variable[i]])); rowsOfXi.Add(c++); }
        if (library.IncludeExp) for (var i = 0; i < library.Variables; i++) { terms.Add(g.Node("Exp", [variable[i]])); rowsOfXi.Add(c++); }
        // The constant term (all exponents 0) is a bias row; the library puts it first.
        var bias = g.Constant(name + ".constant", Enumerable.Range(0, m).Select(j => xi[0, j]).ToArray(), [1, m]);
        if (terms.Count == 0) return g.Node("Expand", [bias, g.Node("Shape", [z64])]);
        var theta = terms.Count == 1 ? terms[0] : g.Node("Concat", terms, ("axis", 1L));
        var weights = rowsOfXi.SelectMany(r => Enumerable.Range(0, m).Select(j => xi[r, j])).ToArray();
        return g.Node("Add", [g.Node("MatMul", [theta, g.Constant(name + ".coefficients", weights, [rowsOfXi.Count, m])]), bias]);
    }

    private protected override void WriteBody(BinaryWriter w)
    {
        w.Write(InputColumnName);
        w.Write(OutputColumnName);
        w.Write(TimeSteps);
        w.Write(autoencoder.InputSize);
        w.Write(autoencoder.LatentSize);
        w.Write(autoencoder.Hidden.Count);
        foreach (var h in autoencoder.Hidden) w.Write(h);
        scaling.Write(w);
        Report.Write(w);
        w.Write(Version2Marker);
        w.Write((byte)((autoencoder.BatchNorm ? 1 : 0) | (autoencoder.OrthogonalLatent ? 2 : 0)));
        Report.WriteRollout(w);
        if (Report.SeedRuns.Count > 0) SeedProtocol.Write(w, Report.SeedRuns, Report.KeptRun);
        TorchState.Write(w, autoencoder);
    }

    private const int Version2Marker = -2;

    /// <summary>Reads a body written by <see cref="WriteBody"/> (called by ML.NET's loader through MLNetInternals).</summary>
    internal static LatentLieGanTransformer Read(IHostEnvironment env, BinaryReader reader, uint version) => Entry.Read(reader, r =>
    {
        var input = r.ReadString();
        var output = r.ReadString();
        var t = r.ReadInt32();
        var n = r.ReadInt32();
        var m = r.ReadInt32();
        var hiddenCount = r.ReadInt32();
        if (t is < 1 or > MaxTimeSteps || n is < 1 or > MaxInputSize || m is < 1 or > MaxLatent || hiddenCount is < 0 or > MaxHiddenLayers)
            throw Entry.Corrupt($"T = {t}, state size {n}, latent {m} with {hiddenCount} hidden layers are out of range");
        var hidden = Enumerable.Range(0, hiddenCount).Select(_ => r.ReadInt32()).ToArray();
        if (hidden.Any(h => h is <= 0 or > MaxWidth)) throw Entry.Corrupt("the autoencoder's widths are out of range");
        if ((long)t * n > MaxInputSize) throw Entry.Corrupt($"T × n = {t} × {n} is more than {MaxInputSize} values per row");
        var scaling = Standardization.Read(r, t * n, Entry);
        var report = LatentLieGanReport.Read(r, Entry);
        var (batchNorm, orthogonal) = (false, false);
        if (version >= 0x00010002)   // version 1 had no marker, flags or rollout: a plain autoencoder
        {
            var marker = r.ReadInt32();
            if (marker != Version2Marker) throw Entry.Corrupt($"marker {marker} is not {Version2Marker}");
            var flags = r.ReadByte();
            if ((flags & ~3) != 0) throw Entry.Corrupt($"the autoencoder flags {flags} are unknown");
            (batchNorm, orthogonal) = ((flags & 1) != 0, (flags & 2) != 0);
            report = report.WithRollout(LatentLieGanReport.ReadRollout(r, Entry));
        }
        if (version >= 0x00010003)
        {
            var (runs, kept) = SeedProtocol.Read(r, Entry, m * m);
            report = report.WithSeedRuns(runs, kept);
        }
        TorchState.RequireBytes(r, ModuleSizes.Autoencoder(n, hidden, m, batchNorm) * sizeof(float), Entry, $"an autoencoder {n} → [{string.Join(", ", hidden)}] → {m}");
        using var load = new ModuleLoader(env, Entry);
        var autoencoder = load.Read(r, () => new Autoencoder(n, hidden, m, batchNorm: batchNorm, orthogonalLatent: orthogonal));
        return load.Hand(() => new LatentLieGanTransformer(env, autoencoder, scaling, t, input, output, report, load.Device));
    });

    /// <summary>
    /// The transformer one fit of all runs would have made from the transformers of its consecutive shards: a copy of
    /// the kept run's autoencoder and scaling (from the shard that trained it, whose report describes it) with every run
    /// in its report.
    /// </summary>
    internal static LatentLieGanTransformer Merge(IReadOnlyList<LatentLieGanTransformer> shards)
    {
        var (runs, kept) = SeedProtocol.Merge([.. shards.Select(s => (s.Report.SeedRuns, s.Report.KeptRun))], out var k);
        return shards[k].WithReport(shards[k].Report.WithSeedRuns(runs, kept));
    }

    // A copy of this transformer's autoencoder (so the shard keeps its own) with another report.
    private LatentLieGanTransformer WithReport(LatentLieGanReport report)
    {
        using var lease = Borrow();
        var a = autoencoder;
        // A throwaway generator: the weights are overwritten, and a merge must not draw from the global RNG.
        using var scratch = new Generator(0);
        var copy = TorchState.Copy(a, () => new Autoencoder(a.InputSize, [.. a.Hidden], a.LatentSize, scratch, batchNorm: a.BatchNorm, orthogonalLatent: a.OrthogonalLatent), Entry);
        try
        {
            copy.to(Device);
            copy.eval();
            return new LatentLieGanTransformer(Host, copy, scaling, TimeSteps, InputColumnName, OutputColumnName, report, Device);
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    private protected override void DisposeModel() => autoencoder.Dispose();
}
