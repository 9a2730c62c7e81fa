using Symmetry.ML.Runtime;

namespace Symmetry.ML.Data;

/// <summary>
/// Base of transformers that append computed columns to each row (ML.NET's <c>RowToRowTransformerBase</c>, public and
/// subclassable here). A subclass implements <see cref="MakeRowMapper"/> — which checks the input schema, throwing
/// <see cref="Contracts.ExceptSchemaMismatch(string, string, string)"/> errors — and <see cref="SaveModel"/>.
/// <see cref="Transform"/> is lazy: the mapper runs only when a cursor reads an output column.
/// </summary>
public abstract class RowToRowTransformerBase : ITransformer
{
    /// <summary>A transformer owned by <paramref name="host"/> (register one with <c>env.Register(nameof(MyTransformer))</c>).</summary>
    protected RowToRowTransformerBase(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        Host = host;
    }

    /// <summary>The transformer's host: random source, logging, cancellation.</summary>
    protected IHost Host { get; }

    /// <summary>Always true.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The input columns followed by the mapper's outputs (outputs hide input columns of the same name).</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return RowMapperDataView.MakeOutputSchema(inputSchema, MakeRowMapper(inputSchema));
    }

    /// <summary>A lazy view of <paramref name="input"/> with the output columns appended.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new RowMapperDataView(input, MakeRowMapper(input.Schema));
    }

    /// <summary>A mapper of single rows of <paramref name="inputSchema"/>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new RowToRowMapper(MakeRowMapper(inputSchema));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        SaveModel(ctx);
    }

    /// <summary>Makes the mapper for <paramref name="schema"/>, checking that the needed columns exist with the right types.</summary>
    protected abstract IRowMapper MakeRowMapper(DataViewSchema schema);

    /// <summary>Writes the transformer: <c>ctx.CheckAtModel(); ctx.SetVersionInfo(GetVersionInfo());</c> then the payload.</summary>
    protected abstract void SaveModel(ModelSaveContext ctx);
}
