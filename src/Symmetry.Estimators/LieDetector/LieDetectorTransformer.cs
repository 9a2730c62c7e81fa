using Microsoft.ML.Symmetry.Torch.Platform;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// Appends <c>T</c> (Single: the t-network's magnitude of each (Source, Target) pair) and, when the estimator was
/// given a reconstruction column name, that column (vector&lt;float&gt;[H·W]: dec(exp(tG) enc(x))). The discovered
/// generator is in <see cref="Report"/>. Saved and loaded by <c>ml.Model.Save/Load</c>.
/// </summary>
public sealed class LieDetectorTransformer : SymmetryTransformerBase
{
    internal const string LoaderSignature = "SymLieDetector";

    /// <summary>
    /// Body format version 0x00010002 (inside the <see cref="ModelEntry"/> envelope):
    /// <code>
    ///   string source column;  string target column;  string output column;  bool has reconstruction [string its name]
    ///   int32 H;  int32 W;  int32 latent side s;  LieDetectorReport (see LieDetectorReport.Write; it holds the basis)
    ///   the seeded runs (see SeedProtocol.Write)
    ///   TorchState of the LieDetectorModel (encoder.*, decoder.*, tnet.*, coefficients)
    /// </code>
    /// A model of a single run is written as version 0x00010001, the same without the runs, so releases before the
    /// multi-seed protocol still read it; the reader branches on the version ML.NET's entry header records.
    /// </summary>
    // The largest models a file holds; Options.Validate and the fit refuse more, so a model that saves loads.
    internal const int MaxImageSide = 4096, MaxPixels = 1 << 22, MaxLatentSide = 64;

    internal static readonly ModelEntry Entry = new("SYMLIEDT", LoaderSignature, 0x00010002, 0x00010001);

    // What a single run writes: the body of the releases before the multi-seed protocol.
    private static readonly ModelEntry SingleRunEntry = Entry with { Version = 0x00010001 };

    private readonly LieDetectorModel model;
    private readonly InputColumn[] inputs;
    private readonly OutputColumn[] outputs;

    internal LieDetectorTransformer(IHostEnvironment env, LieDetectorModel model, string sourceColumnName, string targetColumnName,
                                    string outputColumnName, string? reconstructionColumnName, LieDetectorReport report, Device device)
        : base(env, nameof(LieDetectorTransformer), device)
    {
        this.model = model;
        SourceColumnName = sourceColumnName;
        TargetColumnName = targetColumnName;
        OutputColumnName = outputColumnName;
        ReconstructionColumnName = reconstructionColumnName;
        Report = report;
        var p = model.Pixels;
        inputs = [new InputColumn(sourceColumnName, p), new InputColumn(targetColumnName, p)];
        outputs = Columns(outputColumnName, reconstructionColumnName, p);
    }

    /// <summary>The appended columns (declared once, for the estimator's schema and the transformer): the scalar t, and the reconstruction of P pixels when asked.</summary>
    internal static OutputColumn[] Columns(string outputColumnName, string? reconstructionColumnName, int pixels) =>
        reconstructionColumnName is null
            ? [new OutputColumn(outputColumnName, 0)]
            : [new OutputColumn(outputColumnName, 0), new OutputColumn(reconstructionColumnName, pixels)];

    /// <summary>The column of the images x.</summary>
    public string SourceColumnName { get; }

    /// <summary>The column of the transformed images y.</summary>
    public string TargetColumnName { get; }

    /// <summary>The appended magnitude column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The appended reconstruction column, or null.</summary>
    public string? ReconstructionColumnName { get; }

    /// <summary>Image height H in pixels.</summary>
    public int ImageHeight => model.Height;

    /// <summary>Image width W in pixels.</summary>
    public int ImageWidth => model.Width;

    /// <summary>Latent patch side s.</summary>
    public int LatentSide => model.LatentSide;

    /// <summary>What the fit discovered.</summary>
    public LieDetectorReport Report { get; }

    private protected override IReadOnlyList<InputColumn> Inputs => inputs;
    private protected override IReadOnlyList<OutputColumn> Outputs => outputs;
    private protected override ModelEntry EntryInfo => Report.SeedRuns.Count > 0 ? Entry : SingleRunEntry;

    // exp(t G) z with a per-row t has no ONNX operator (no matrix exponential; Transform uses scaling and squaring whose
    // step count depends on each row's t).
    private protected override (string Column, string Reason)? OnnxUnsupported() => ReconstructionColumnName is { } r
        ? (r, "the reconstruction dec(exp(tG) enc(x)) needs a matrix exponential per row, which ONNX has no operator for")
        : null;

    // The t-network on concat(x, y): Gemm + LeakyReLU(0.2) layers, rows × 1 (the Single column).
    private protected override void SaveAsOnnx(OnnxGraph g)
    {
        var name = OutputColumnName;
        var state = model.state_dict();
        var layers = LieDetectorModel.HiddenWidths.Length + 1;
        var h = g.Node("Concat", [g.Input(SourceColumnName), g.Input(TargetColumnName)], ("axis", 1L));
        for (var k = 0; k < layers; k++)
        {
            h = g.Linear(h, state[$"tnet.{k}.weight"], state[$"tnet.{k}.bias"], $"{name}.tnet.{k}");
            if (k + 1 < layers) h = g.Node("LeakyRelu", [h], ("alpha", 0.2));
        }
        g.Output(outputs[0].Name, outputs[0].Type, h);
    }

    private protected override void Score(IReadOnlyList<float[]> input, int rows, IReadOnlyList<bool> active, float[][] output)
    {
        var p = model.Pixels;
        var x = ToDevice(input[0], rows, p);
        var y = ToDevice(input[1], rows, p);
        var t = model.Magnitude(x, y);
        if (active[0]) CopyOut(t, output[0]);
        if (outputs.Length > 1 && active[1]) CopyOut(model.Reconstruct(x, t), output[1]);
    }

    private protected override void WriteBody(BinaryWriter w)
    {
        w.Write(SourceColumnName);
        w.Write(TargetColumnName);
        w.Write(OutputColumnName);
        w.Write(ReconstructionColumnName is not null);
        if (ReconstructionColumnName is not null) w.Write(ReconstructionColumnName);
        w.Write(model.Height);
        w.Write(model.Width);
        w.Write(model.LatentSide);
        Report.Write(w);
        if (Report.SeedRuns.Count > 0) SeedProtocol.Write(w, Report.SeedRuns, Report.KeptRun);
        TorchState.Write(w, model);
    }

    /// <summary>Reads a body written by <see cref="WriteBody"/> (called by ML.NET's loader through MLNetInternals).</summary>
    internal static LieDetectorTransformer Read(IHostEnvironment env, BinaryReader reader, uint version) => Entry.Read(reader, r =>
    {
        var source = r.ReadString();
        var target = r.ReadString();
        var output = r.ReadString();
        var reconstruction = r.ReadBoolean() ? r.ReadString() : null;
        var h = r.ReadInt32();
        var w = r.ReadInt32();
        var s = r.ReadInt32();
        if (h is < 2 or > MaxImageSide || w is < 2 or > MaxImageSide || s is < 2 or > MaxLatentSide || (long)h * w > MaxPixels)
            throw Entry.Corrupt($"images of {h} × {w} with a latent side {s} are out of range");
        var report = LieDetectorReport.Read(r, Entry);
        if (report.ImageHeight != h || report.ImageWidth != w) throw Entry.Corrupt($"the report's {report.ImageHeight} × {report.ImageWidth} images differ from the model's {h} × {w}");
        if (version >= 0x00010002)
        {
            var (runs, kept) = SeedProtocol.Read(r, Entry, report.CoefficientVector.Count);
            report = report.WithSeedRuns(runs, kept);
        }
        TorchState.RequireBytes(r, ModuleSizes.LieDetector(h, w, s, report.Basis) * sizeof(float), Entry, $"a model of {h} × {w} images with latent side {s}");
        using var load = new ModuleLoader(env, Entry);
        // A throwaway generator: the weights are overwritten, and loading must not draw from the global RNG. The
        // derivative matrices are plain (unregistered) tensors, so the model is built on its device, not moved there.
        using var scratch = new TorchSharp.torch.Generator(0);
        var model = load.Read(r, () => new LieDetectorModel(h, w, s, report.Basis, scratch, load.Device));
        return load.Hand(() => new LieDetectorTransformer(env, model, source, target, output, reconstruction, report, load.Device));
    });

    /// <summary>
    /// The transformer one fit of all runs would have made from the transformers of its consecutive shards: a copy of
    /// the kept run's model (from the shard that trained it, whose report describes it) with every run in its report.
    /// </summary>
    internal static LieDetectorTransformer Merge(IReadOnlyList<LieDetectorTransformer> shards)
    {
        var (runs, kept) = SeedProtocol.Merge([.. shards.Select(s => (s.Report.SeedRuns, s.Report.KeptRun))], out var k);
        return shards[k].WithReport(shards[k].Report.WithSeedRuns(runs, kept));
    }

    // A copy of this transformer's model (so the shard keeps its own) with another report.
    private LieDetectorTransformer WithReport(LieDetectorReport report)
    {
        using var lease = Borrow();
        using var scratch = new TorchSharp.torch.Generator(0);
        // Built on its device: the derivative matrices are plain tensors, not moved by Module.to.
        var copy = TorchState.Copy(model, () => new LieDetectorModel(model.Height, model.Width, model.LatentSide, model.Basis, scratch, Device), Entry);
        try
        {
            return new LieDetectorTransformer(Host, copy, SourceColumnName, TargetColumnName, OutputColumnName, ReconstructionColumnName, report, Device);
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    private protected override void DisposeModel() => model.Dispose();
}
