using Symmetry.ML.Runtime;

namespace Symmetry.ML.Data;

/// <summary>
/// A per-row mapper (ML.NET's <c>MapperBase</c>, public here). Subclasses declare their outputs, which inputs each
/// needs, and make one getter per active output; getters should reuse buffers and compute only when called.
/// </summary>
public abstract class MapperBase : IRowMapper
{
    private DataViewSchema.DetachedColumn[]? _outputs;

    /// <summary>A mapper for rows of <paramref name="inputSchema"/>; check the schema in the subclass constructor.</summary>
    protected MapperBase(IHost host, DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(inputSchema);
        Host = host;
        InputSchema = inputSchema;
    }

    /// <summary>The owning transformer's host.</summary>
    protected IHost Host { get; }

    /// <inheritdoc/>
    public DataViewSchema InputSchema { get; }

    /// <inheritdoc/>
    public DataViewSchema.DetachedColumn[] GetOutputColumns() => _outputs ??= GetOutputColumnsCore();

    /// <inheritdoc/>
    public Func<int, bool> GetDependencies(Func<int, bool> activeOutput) => GetDependenciesCore(activeOutput);

    /// <inheritdoc/>
    public Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> activeOutput, out Action? disposer)
    {
        ArgumentNullException.ThrowIfNull(input);
        var outputs = GetOutputColumns();
        var getters = new Delegate?[outputs.Length];
        Action? all = null;
        for (int i = 0; i < outputs.Length; i++)
        {
            if (!activeOutput(i))
                continue;
            getters[i] = MakeGetter(input, i, activeOutput, out var d);
            all += d;
        }
        disposer = all;
        return getters;
    }

    /// <summary>The output columns (called once).</summary>
    protected abstract DataViewSchema.DetachedColumn[] GetOutputColumnsCore();

    /// <summary>The getter of output <paramref name="iinfo"/>: a <c>ValueGetter&lt;RawType&gt;</c> reading <paramref name="input"/>'s current row.</summary>
    protected abstract Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action? disposer);

    /// <summary>The input columns (by index) the active outputs need.</summary>
    protected abstract Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput);
}
