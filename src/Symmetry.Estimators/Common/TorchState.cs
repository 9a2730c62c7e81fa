using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// A module's parameters and buffers in a model entry, read back only into a module built from the entry's own
/// (validated) hyperparameters: every name, dtype and shape must match what that module expects, so a file can
/// neither change the network nor make the process allocate more than the file holds.
/// <code>
/// Binary format (version 1):
///   int32   count C of tensors (the module's state_dict order)
///   C × ( string name; uint8 dtype (4 = int64, 6 = float32, 7 = float64); int32 rank R; R × int64 dims;
///         numel × element little-endian values )
/// </code>
/// int64 tensors are counters such as BatchNorm's <c>num_batches_tracked</c>; a file written before they were
/// supported simply holds none, so the format version did not change.
/// </summary>
internal static class TorchState
{
    /// <summary>Writes every tensor of <paramref name="module"/>'s state dict.</summary>
    public static void Write(BinaryWriter w, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(module);
        var state = module.state_dict();
        w.Write(state.Count);
        foreach (var (name, t) in state)
        {
            using var host = t.detach().cpu().contiguous();
            w.Write(name);
            w.Write((byte)host.dtype);
            w.Write((int)host.dim());
            foreach (var d in host.shape) w.Write(d);
            switch (host.dtype)
            {
                case ScalarType.Float32: foreach (var v in host.data<float>()) w.Write(v); break;
                case ScalarType.Float64: foreach (var v in host.data<double>()) w.Write(v); break;
                case ScalarType.Int64: foreach (var v in host.data<long>()) w.Write(v); break;
                default: throw new NotSupportedException($"State tensor '{name}' has dtype {host.dtype}; only float32, float64 and int64 are saved.");
            }
        }
    }

    /// <summary>
    /// Throws unless <paramref name="bytes"/> more bytes follow in <paramref name="r"/>: called with a network's size
    /// (Torch.ModuleSizes) before the network is built, so a file cannot make the process allocate more than it holds.
    /// </summary>
    public static void RequireBytes(BinaryReader r, long bytes, ModelEntry entry, string what)
    {
        var left = r.BaseStream.Length - r.BaseStream.Position;
        if (bytes < 0 || bytes > left) throw entry.Corrupt($"{what} needs {bytes} bytes but the entry holds {left} more");
    }

    /// <summary>Reads a state written by <see cref="Write"/> into <paramref name="module"/>, checking it matches.</summary>
    public static void Read(BinaryReader r, nn.Module module, ModelEntry entry)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(entry);
        var state = module.state_dict();
        var count = r.ReadInt32();
        if (count != state.Count) throw entry.Corrupt($"it holds {count} tensors where the network has {state.Count}");
        using var _ = no_grad();
        foreach (var (name, target) in state)
        {
            var saved = r.ReadString();
            if (saved != name) throw entry.Corrupt($"tensor '{saved}' stands where '{name}' belongs");
            var dtype = (ScalarType)r.ReadByte();
            if (dtype != target.dtype) throw entry.Corrupt($"tensor '{name}' is {dtype}, the network's is {target.dtype}");
            var rank = r.ReadInt32();
            if (rank != target.dim()) throw entry.Corrupt($"tensor '{name}' has rank {rank}, the network's has {target.dim()}");
            for (var k = 0; k < rank; k++)
            {
                var d = r.ReadInt64();
                if (d != target.shape[k]) throw entry.Corrupt($"tensor '{name}' has dimension {k} = {d}, the network's is {target.shape[k]}");
            }
            var n = target.numel();
            var bytes = n * (dtype is ScalarType.Float64 or ScalarType.Int64 ? 8 : 4);
            if (r.BaseStream.Length - r.BaseStream.Position < bytes) throw entry.Corrupt($"tensor '{name}' is truncated");
            using var host = dtype switch
            {
                ScalarType.Float64 => tensor(Enumerable.Range(0, (int)n).Select(_ => r.ReadDouble()).ToArray(), target.shape),
                ScalarType.Float32 => tensor(Enumerable.Range(0, (int)n).Select(_ => r.ReadSingle()).ToArray(), target.shape),
                ScalarType.Int64 => tensor(Enumerable.Range(0, (int)n).Select(_ => r.ReadInt64()).ToArray(), target.shape),
                _ => throw entry.Corrupt($"tensor '{name}' has dtype {dtype}, which is never saved"),
            };
            if (dtype != ScalarType.Int64 && !host.isfinite().all().item<bool>()) throw entry.Corrupt($"tensor '{name}' holds NaN or infinite values");
            if (dtype == ScalarType.Int64 && host.lt(0).any().item<bool>()) throw entry.Corrupt($"counter '{name}' is negative");
            target.copy_(host);
        }
    }

    /// <summary>
    /// A copy of <paramref name="source"/>'s state in a new module from <paramref name="create"/> (merges hand out the
    /// kept shard's model while the shard keeps its own); the copy is disposed when the state does not fit it.
    /// </summary>
    public static T Copy<T>(T source, Func<T> create, ModelEntry entry) where T : nn.Module
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(create);
        var copy = create();
        try
        {
            using var state = new MemoryStream();
            using (var w = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true)) Write(w, source);
            state.Position = 0;
            using (var r = new BinaryReader(state)) Read(r, copy, entry);
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }
}
