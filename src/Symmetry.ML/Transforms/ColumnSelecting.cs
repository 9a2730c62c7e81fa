using System.Collections.Immutable;
using Symmetry.ML.Data;
using Symmetry.ML.Runtime;
using Symmetry.ML.Transforms;

[assembly: Symmetry.ML.LoadableClass(typeof(ColumnSelectingTransformer), ColumnSelectingTransformer.LoaderSignature)]

namespace Symmetry.ML.Transforms;

/// <summary>
/// Keeps or drops columns (<c>SelectColumns</c> / <c>DropColumns</c>). Selected columns appear in the order given;
/// with keepHidden, hidden columns of a selected name are kept too (before the visible one).
/// </summary>
public sealed class ColumnSelectingEstimator : IEstimator<ColumnSelectingTransformer>
{
    private readonly IHost _host;
    private readonly string[]? _keep;
    private readonly string[]? _drop;
    private readonly bool _keepHidden;

    internal ColumnSelectingEstimator(IHostEnvironment env, string[]? keepColumns, string[]? dropColumns, bool keepHidden = false)
    {
        _host = env.Register(nameof(ColumnSelectingEstimator));
        if ((keepColumns is null) == (dropColumns is null))
            throw new ArgumentException("Give either the columns to keep or the columns to drop.");
        if ((keepColumns ?? dropColumns)!.Length == 0)
            throw new ArgumentException("At least one column name is required.", keepColumns is null ? nameof(dropColumns) : nameof(keepColumns));
        _keep = keepColumns;
        _drop = dropColumns;
        _keepHidden = keepHidden;
    }

    /// <summary>Checks the schema and returns the transformer.</summary>
    public ColumnSelectingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var t = new ColumnSelectingTransformer(_host, _keep, _drop, _keepHidden);
        t.GetOutputSchema(input.Schema);
        return t;
    }

    /// <summary>The kept columns; a missing selected column throws "Could not find input column 'X'" (dropping a missing column does not).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (_keep is not null)
            return new SchemaShape(_keep.Select(n => SchemaChecks.Find(inputSchema, n)));
        return new SchemaShape(inputSchema.Where(c => !_drop!.Contains(c.Name)));
    }
}

/// <summary>A view of the kept columns of its input. Nothing is copied.</summary>
public sealed class ColumnSelectingTransformer : ITransformer
{
    internal const string LoaderSignature = "SelectColumnsTransform";
    private readonly IHost _host;

    internal ColumnSelectingTransformer(IHost host, string[]? keepColumns, string[]? dropColumns, bool keepHidden)
    {
        _host = host;
        SelectColumns = keepColumns is null ? [] : [.. keepColumns];
        DropColumns = dropColumns is null ? [] : [.. dropColumns];
        KeepColumns = keepColumns is not null;
        KeepHidden = keepHidden;
    }

    /// <summary>The columns kept (when <see cref="KeepColumns"/>).</summary>
    public ImmutableArray<string> SelectColumns { get; }

    /// <summary>The columns dropped (when not <see cref="KeepColumns"/>).</summary>
    public ImmutableArray<string> DropColumns { get; }

    /// <summary>Whether this selects (true) or drops (false).</summary>
    public bool KeepColumns { get; }

    /// <summary>Whether hidden columns of selected names are kept.</summary>
    public bool KeepHidden { get; }

    /// <summary>Always true.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The schema of the kept columns.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => new SelectedDataView.Projection(Indices(inputSchema), inputSchema).Schema;

    /// <summary>A lazy view of the kept columns.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new SelectedDataView(input, new SelectedDataView.Projection(Indices(input.Schema), input.Schema));
    }

    /// <summary>A mapper that exposes the kept columns of each row.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        new SelectedDataView.Mapper(new SelectedDataView.Projection(Indices(inputSchema), inputSchema));

    private int[] Indices(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (!KeepColumns)
            return schema.Where(c => !c.IsHidden ? !DropColumns.Contains(c.Name) : !DropColumns.Contains(c.Name) && KeepHidden).Select(c => c.Index).ToArray();
        var result = new List<int>();
        foreach (var name in SelectColumns)
        {
            var visible = SchemaChecks.Find(schema, name);
            if (KeepHidden)
                result.AddRange(schema.Where(c => c.IsHidden && c.Name == name).Select(c => c.Index));
            result.Add(visible.Index);
        }
        return [.. result];
    }

    private static VersionInfo GetVersionInfo() => new("SELECTCL", 0x00010001, 0x00010001, 0x00010001,
        typeof(ColumnSelectingTransformer).Assembly.GetName().Name!, LoaderSignature);

    // Binary format: bool keep; bool keepHidden; int32 count; names.
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.Writer.Write(KeepColumns);
        ctx.Writer.Write(KeepHidden);
        var names = KeepColumns ? SelectColumns : DropColumns;
        ctx.Writer.Write(names.Length);
        foreach (var n in names)
            ctx.SaveNonEmptyString(n);
    }

    private static ColumnSelectingTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        bool keep = ctx.Reader.ReadBoolean();
        bool keepHidden = ctx.Reader.ReadBoolean();
        int n = ctx.Reader.ReadInt32();
        var names = new string[n];
        for (int i = 0; i < n; i++)
            names[i] = ctx.LoadNonEmptyString();
        return new ColumnSelectingTransformer(env.Register(nameof(ColumnSelectingTransformer)), keep ? names : null, keep ? null : names, keepHidden);
    }
}
