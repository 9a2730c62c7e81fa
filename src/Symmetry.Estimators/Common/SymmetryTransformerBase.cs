using Microsoft.ML.Symmetry.Torch.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// Base of the transformers that score with a trained TorchSharp module: schema checks with ML.NET's messages, a
/// lazy batched <see cref="Transform"/>, a row-to-row mapper for prediction engines, saving through
/// <c>ml.Model.Save</c> (the <see cref="ModelEntry"/> envelope around the body <see cref="WriteBody"/> writes), and
/// the module's lifetime (<see cref="Dispose"/>).
/// <para>
/// Deliberately not <see cref="IDisposable"/>: ML.NET disposes every <see cref="IDisposable"/> transformer a
/// prediction engine was made from when the engine is disposed (<c>PredictionEngineOptions.OwnsTransformer</c> is
/// true by default), and <c>TransformerChain.Dispose</c> disposes its members; ML.NET's call and the owner's could not
/// be told apart, so an engine per request would free the model everyone shares. Engines borrow the model; only the
/// owner's <see cref="Dispose"/> frees it (docs/mlnet-integration.md, "Lifetime").
/// </para>
/// </summary>
public abstract class SymmetryTransformerBase : ITransformer
{
    private readonly ModelLifetime lifetime;

    /// <summary>Creates the base for a module that lives on <paramref name="device"/>.</summary>
    private protected SymmetryTransformerBase(IHostEnvironment env, string name, Device device)
    {
        ArgumentNullException.ThrowIfNull(env);
        Host = env.Register(name);
        Device = device ?? throw new ArgumentNullException(nameof(device));
        lifetime = new ModelLifetime(GetType(), DisposeModel);
    }

    /// <summary>The host the transformer logs to.</summary>
    private protected IHost Host { get; }

    /// <summary>The device the module lives and scores on.</summary>
    public Device Device { get; }

    /// <summary>The input columns (name and size) the model reads.</summary>
    private protected abstract IReadOnlyList<InputColumn> Inputs { get; }

    /// <summary>The columns appended to every row.</summary>
    private protected abstract IReadOnlyList<OutputColumn> Outputs { get; }

    /// <summary>The entry's identity and format version.</summary>
    private protected abstract ModelEntry EntryInfo { get; }

    /// <summary>Scores a batch (called under <c>no_grad</c> inside a dispose scope).</summary>
    private protected abstract void Score(IReadOnlyList<float[]> inputs, int rows, IReadOnlyList<bool> active, float[][] outputs);

    /// <summary>
    /// Writes the scoring of <see cref="Outputs"/> into an ONNX graph (<c>ml.Model.ConvertToOnnx</c>): reads the input
    /// columns' variables, adds the trained weights as float32 initializers (moved to the CPU) and binds every output
    /// column with the same name, type and shape as <see cref="Transform"/> gives. Called only after
    /// <see cref="OnnxUnsupported"/> returned null.
    /// </summary>
    private protected abstract void SaveAsOnnx(OnnxGraph graph);

    /// <summary>The output column that cannot be exported to ONNX and why, or null when every one can.</summary>
    private protected virtual (string Column, string Reason)? OnnxUnsupported() => null;

    /// <summary>Writes the body of the model entry (hyperparameters, report, module state).</summary>
    private protected abstract void WriteBody(BinaryWriter writer);

    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    /// <summary>The input schema plus the appended columns; throws ML.NET's schema exceptions for a missing or mistyped input.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        CheckInput(inputSchema);
        return ScoredDataView.OutputSchema(inputSchema, Outputs);
    }

    /// <summary>A lazy view with the appended columns, scored in batches as a cursor reads them.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input.Schema);
        return new ScoredDataView(input, Inputs, Outputs, ScoreSafely, new OnnxExport(GetType().Name, CheckOnnx, ExportOnnx));
    }

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        CheckInput(inputSchema);
        return new ScoringRowMapper(inputSchema, Inputs, Outputs, ScoreSafely);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        using var lease = Borrow();
        ArgumentNullException.ThrowIfNull(ctx);
        MLNetInternals.Save(ctx, EntryInfo, w => EntryInfo.Write(w, WriteBody));
    }

    /// <summary>
    /// Frees the module's tensors now (or, if a prediction is running on another thread, as soon as it ends). Afterwards
    /// every use of this transformer, and of the prediction engines and views made from it, throws
    /// <see cref="ObjectDisposedException"/> saying the model was disposed. Prediction engines and
    /// <c>TransformerChain.Dispose</c> never call this; without it the garbage collector frees the tensors.
    /// </summary>
    public void Dispose() => lifetime.Dispose();

    private void CheckOnnx()
    {
        lifetime.ThrowIfDisposed();
        if (OnnxUnsupported() is { } why)
            throw new NotSupportedException($"{GetType().Name} cannot export column '{why.Column}' to ONNX: {why.Reason}. " +
                "Nothing was written; score with ml.Model.Load and a prediction engine, or fit without that column.");
    }

    private void ExportOnnx(OnnxGraph graph)
    {
        using var lease = Borrow();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        SaveAsOnnx(graph);
    }

    /// <summary>Disposes the trained module(s); called once, when the last holder lets go.</summary>
    private protected abstract void DisposeModel();

    /// <summary>A hold on the modules for a call that reads them; throws <see cref="ObjectDisposedException"/> after <see cref="Dispose"/>.</summary>
    private protected ModelLifetime.Lease Borrow() => lifetime.Borrow();

    private void ScoreSafely(IReadOnlyList<float[]> inputs, int rows, IReadOnlyList<bool> active, float[][] outputs)
    {
        using var lease = Borrow();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Score(inputs, rows, active, outputs);
    }

    private void CheckInput(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        lifetime.ThrowIfDisposed();
        foreach (var input in Inputs)
        {
            var (column, size) = FeatureReader.CheckVectorColumn(schema, input.Name, "inputSchema");
            if (size != input.Size)
                throw MLNetInternals.ColumnMismatch("inputSchema", "input", input.Name, $"Vector<Single, {input.Size}>", column.Type.ToString()!);
        }
    }

    /// <summary>
    /// The shared steps of loading a transformer's modules from its entry: libtorch loaded, the device chosen from the
    /// context's <c>GpuDeviceId</c>/<c>FallbackToCpu</c> (read from a host registered now, as ML.NET copies a context's
    /// settings into a host when it is registered), each module built from the entry's validated hyperparameters, its
    /// state read and checked (<see cref="TorchState"/>), moved to the device and frozen. Every module is disposed
    /// unless <see cref="Hand{T}"/> gave them to a transformer.
    /// </summary>
    private protected sealed class ModuleLoader : IDisposable
    {
        private readonly List<nn.Module> modules = [];
        private readonly ModelEntry entry;
        private bool handed;

        public ModuleLoader(IHostEnvironment env, ModelEntry entry)
        {
            TorchRuntime.EnsureAvailable();
            var (gpu, fallback) = MLNetInternals.GpuSettings(env.Register("Load"));
            Device = Torch.Devices.Select(gpu, fallback);
            this.entry = entry;
        }

        /// <summary>The device the modules go to.</summary>
        public Device Device { get; }

        /// <summary>Builds a module, reads its state from <paramref name="reader"/>, moves it to <see cref="Device"/> and freezes it.</summary>
        public T Read<T>(BinaryReader reader, Func<T> build) where T : nn.Module
        {
            var module = build();
            modules.Add(module);
            TorchState.Read(reader, module, entry);
            module.to(Device);
            foreach (var p in module.parameters()) p.requires_grad_(false);
            return module;
        }

        /// <summary>Makes the transformer that takes the modules over.</summary>
        public T Hand<T>(Func<T> make)
        {
            var transformer = make();
            handed = true;
            return transformer;
        }

        public void Dispose()
        {
            if (handed) return;
            foreach (var module in modules) module.Dispose();
        }
    }

    /// <summary>A rows × size float32 tensor on <see cref="Device"/> from the first rows of a row-major buffer.</summary>
    private protected Tensor ToDevice(float[] values, int rows, int size)
    {
        var host = tensor(values.AsSpan(0, rows * size).ToArray(), [rows, size]);
        return Device.type == DeviceType.CPU ? host : host.to(Device);
    }

    /// <summary>Copies a rows × width float32 tensor (on any device) into the front of <paramref name="into"/>.</summary>
    private protected static void CopyOut(Tensor values, float[] into)
    {
        using var host = values.to(ScalarType.Float32).cpu().contiguous();
        host.data<float>().CopyTo(into, 0);
    }
}
