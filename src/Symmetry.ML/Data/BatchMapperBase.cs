using Symmetry.ML.Runtime;

namespace Symmetry.ML.Data;

/// <summary>
/// A mapper that computes its outputs for a batch of rows at a time (for example a neural network scored under
/// <c>no_grad</c>). The cursor reads up to <see cref="BatchSize"/> input rows ahead, copies their needed columns,
/// calls <see cref="MapBatch"/> once, and serves the results row by row. Nothing is computed when no output column
/// is requested. Outputs must be numeric or Boolean scalars or known-size vectors. <see cref="IHostEnvironment.CheckAlive"/>
/// is called before every batch, so <see cref="MLContext.CancelExecution"/> stops scoring too.
/// </summary>
public abstract class BatchMapperBase : IRowMapper
{
    private DataViewSchema.DetachedColumn[]? _outputs;

    /// <summary>A mapper for rows of <paramref name="inputSchema"/> scoring <paramref name="batchSize"/> rows at a time.</summary>
    protected BatchMapperBase(IHost host, DataViewSchema inputSchema, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Host = host;
        InputSchema = inputSchema;
        BatchSize = batchSize;
    }

    /// <summary>The owning transformer's host.</summary>
    protected IHost Host { get; }

    /// <inheritdoc/>
    public DataViewSchema InputSchema { get; }

    /// <summary>The most rows per <see cref="MapBatch"/> call.</summary>
    public int BatchSize { get; }

    /// <inheritdoc/>
    public DataViewSchema.DetachedColumn[] GetOutputColumns()
    {
        if (_outputs is null)
        {
            var outs = GetOutputColumnsCore();
            foreach (var c in outs)
                OutputBatch.CheckSupported(c);
            _outputs = outs;
        }
        return _outputs;
    }

    /// <inheritdoc/>
    public Func<int, bool> GetDependencies(Func<int, bool> activeOutput) => GetDependenciesCore(activeOutput);

    /// <summary>Per-row getters (used by <see cref="IRowToRowMapper.GetRow"/>): each row is mapped as a batch of one.</summary>
    public Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> activeOutput, out Action? disposer)
    {
        disposer = null;
        var outputs = GetOutputColumns();
        var deps = GetDependencies(activeOutput);
        var needed = InputSchema.Where(c => deps(c.Index)).ToArray();
        var batch = new RowBatch(InputSchema, needed, 1);
        batch.Bind(input);
        var result = new OutputBatch(outputs, activeOutput, 1);
        long mappedPosition = -1;
        void Ensure()
        {
            if (mappedPosition == input.Position)
                return;
            Host.CheckAlive();
            batch.Clear();
            batch.StoreCurrent();
            result.Count = 1;
            MapBatch(batch, result);
            mappedPosition = input.Position;
        }
        var getters = new Delegate?[outputs.Length];
        for (int i = 0; i < outputs.Length; i++)
            if (activeOutput(i))
                getters[i] = result.MakeGetter(i, () => { Ensure(); return 0; });
        return getters;
    }

    internal void Host_CheckAlive() => Host.CheckAlive();

    /// <summary>The output columns (called once).</summary>
    protected abstract DataViewSchema.DetachedColumn[] GetOutputColumnsCore();

    /// <summary>The input columns (by index) the active outputs need.</summary>
    protected abstract Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput);

    /// <summary>
    /// Computes the active outputs of <paramref name="input"/>'s <see cref="RowBatch.Count"/> rows into
    /// <paramref name="output"/> (row-major spans from <see cref="OutputBatch.GetValues{T}"/>).
    /// </summary>
    protected abstract void MapBatch(RowBatch input, OutputBatch output);

    internal void MapBatchInternal(RowBatch input, OutputBatch output) => MapBatch(input, output);
}
