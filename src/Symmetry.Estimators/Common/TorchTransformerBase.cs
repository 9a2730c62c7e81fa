using Symmetry.ML;
using Symmetry.ML.Data;
using Symmetry.ML.Runtime;
using Symmetry.Torch;
using static Symmetry.Torch.torch;

namespace Symmetry.Estimators.Common;

/// <summary>
/// Base of the transformers that score with a trained libtorch module: owns the module and its device, refuses use
/// after <see cref="Dispose"/> with an error naming the transformer, and saves/loads the module's state dict as the
/// side stream "TorchState" of the transformer's model entry, checking a loaded state's size before building the
/// network so a corrupt or hostile file cannot make the process allocate a huge model.
/// </summary>
/// <typeparam name="TModule">The trained module.</typeparam>
public abstract class TorchTransformerBase<TModule> : RowToRowTransformerBase, IDisposable where TModule : nn.Module
{
    private const string StateStream = "TorchState";
    private bool disposed;

    /// <summary>Takes ownership of <paramref name="model"/>, already on <paramref name="device"/>.</summary>
    protected TorchTransformerBase(IHost host, TModule model, Device device) : base(host)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Device = device ?? throw new ArgumentNullException(nameof(device));
    }

    /// <summary>The trained module (in eval mode).</summary>
    protected TModule Model { get; }

    /// <summary>The device the module lives and scores on.</summary>
    protected Device Device { get; }

    /// <summary>Releases the module's tensors; the transformer cannot be used afterwards.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Model.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> naming the transformer after <see cref="Dispose"/>.</summary>
    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);

    /// <inheritdoc/>
    protected sealed override IRowMapper MakeRowMapper(DataViewSchema schema)
    {
        ThrowIfDisposed();
        return MakeMapper(schema);
    }

    /// <inheritdoc/>
    protected sealed override void SaveModel(ModelSaveContext ctx)
    {
        ThrowIfDisposed();
        SaveCore(ctx);
        ctx.SaveBinaryStream(StateStream, w => Model.save(w.BaseStream));
    }

    /// <summary>Checks the schema and returns the (batch) mapper that scores with <see cref="Model"/>.</summary>
    protected abstract IRowMapper MakeMapper(DataViewSchema schema);

    /// <summary>Writes the entry's header and payload; the module's state follows as a side stream.</summary>
    protected abstract void SaveCore(ModelSaveContext ctx);

    /// <summary>
    /// Reads the "TorchState" stream of <paramref name="ctx"/>, checks it holds at least <paramref name="parameterCount"/>
    /// float32 values (null = the header's sizes overflowed), then builds the module with <paramref name="build"/>,
    /// loads the state, moves it to the context's device and switches it to eval mode. <paramref name="what"/> names
    /// the model in errors ("LatentRelevance model") and <paramref name="network"/> the network its header describes
    /// ("a network of input size 2, …").
    /// </summary>
    protected static (TModule Model, Device Device) LoadModule(IHost host, ModelLoadContext ctx, long? parameterCount, Func<TModule> build,
                                                               string what, string network)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(build);
        using var state = new MemoryStream();
        if (!ctx.TryLoadBinaryStream(StateStream, br => br.BaseStream.CopyTo(state)))
            throw new FormatException($"Corrupt {what}: the '{StateStream}' stream is missing.");
        if (parameterCount is null || state.Length < parameterCount.Value * sizeof(float))
            throw new FormatException($"Corrupt {what}: {network} needs more weights than the {state.Length}-byte '{StateStream}' stream holds.");
        state.Position = 0;
        var device = DeviceSelection.Select(host);
        var model = build();
        try
        {
            model.load(state);
            model.to(device);
            model.eval();
            return (model, device);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Weights and biases of a stack of linear layers (in, out); null when the count overflows.</summary>
    public static long? LinearParameterCount(IEnumerable<(long In, long Out)> layers)
    {
        try
        {
            long total = 0;
            foreach (var (i, o) in layers) total = checked(total + checked(i * o + o));
            return total;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
