using System.Collections;
using Symmetry.ML.Runtime;

namespace Symmetry.ML.Data;

/// <summary>
/// Transformers applied in order. Saved as a component whose nested components are its transformers.
/// </summary>
/// <typeparam name="TLastTransformer">The type of the last transformer.</typeparam>
public sealed class TransformerChain<TLastTransformer> : ITransformer, IEnumerable<ITransformer>, IDisposable
    where TLastTransformer : class, ITransformer
{
    internal const string LoaderSignature = "TransformerChain";

    private readonly ITransformer[] _transformers;
    private readonly TransformerScope[] _scopes;

    /// <summary>A chain of <paramref name="transformers"/>, all with scope <see cref="TransformerScope.Everything"/>.</summary>
    public TransformerChain(params ITransformer[] transformers)
        : this(transformers, Enumerable.Repeat(TransformerScope.Everything, transformers?.Length ?? 0))
    {
    }

    /// <summary>A chain of <paramref name="transformers"/> with their <paramref name="scopes"/>.</summary>
    public TransformerChain(IEnumerable<ITransformer> transformers, IEnumerable<TransformerScope> scopes)
    {
        ArgumentNullException.ThrowIfNull(transformers);
        ArgumentNullException.ThrowIfNull(scopes);
        _transformers = transformers.ToArray();
        _scopes = scopes.ToArray();
        if (_transformers.Length != _scopes.Length)
            throw new ArgumentException("There must be one scope per transformer.", nameof(scopes));
        if (_transformers.Any(t => t is null))
            throw new ArgumentNullException(nameof(transformers), "A chain cannot contain null transformers.");
        if (_transformers.Length > 0 && _transformers[^1] is not TLastTransformer)
            throw new ArgumentException($"The last transformer is a {_transformers[^1].GetType().Name}, not a {typeof(TLastTransformer).Name}.", nameof(transformers));
        LastTransformer = _transformers.Length == 0 ? null! : (TLastTransformer)_transformers[^1];
    }

    /// <summary>The last transformer (null for an empty chain).</summary>
    public TLastTransformer LastTransformer { get; }

    /// <summary>True when every transformer is a row-to-row mapper.</summary>
    public bool IsRowToRowMapper => _transformers.All(t => t.IsRowToRowMapper);

    /// <summary>A new chain with <paramref name="transformer"/> appended.</summary>
    public TransformerChain<TNewLast> Append<TNewLast>(TNewLast transformer, TransformerScope scope = TransformerScope.Everything)
        where TNewLast : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(transformer);
        return new TransformerChain<TNewLast>([.. _transformers, transformer], [.. _scopes, scope]);
    }

    /// <summary>The output schema after every transformer.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var s = inputSchema;
        foreach (var t in _transformers)
            s = t.GetOutputSchema(s);
        return s;
    }

    /// <summary>Applies every transformer lazily.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Check the whole chain first so that errors name the first transformer that cannot work.
        GetOutputSchema(input.Schema);
        var d = input;
        foreach (var t in _transformers)
            d = t.Transform(d);
        return d;
    }

    /// <summary>A mapper that composes the transformers' mappers.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var mappers = new IRowToRowMapper[_transformers.Length];
        var s = inputSchema;
        for (int i = 0; i < mappers.Length; i++)
        {
            mappers[i] = _transformers[i].GetRowToRowMapper(s);
            s = mappers[i].OutputSchema;
        }
        return new CompositeRowToRowMapper(inputSchema, mappers);
    }

    /// <inheritdoc/>
    public IEnumerator<ITransformer> GetEnumerator() => ((IEnumerable<ITransformer>)_transformers).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Disposes the transformers that are disposable (for example those holding native models).</summary>
    public void Dispose()
    {
        foreach (var t in _transformers)
            (t as IDisposable)?.Dispose();
    }

    // Binary format: int32 count; per transformer: int32 scope; nested components "Transform_000", "Transform_001", ….
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.Writer.Write(_transformers.Length);
        for (int i = 0; i < _transformers.Length; i++)
        {
            ctx.Writer.Write((int)_scopes[i]);
            ctx.SaveModel(_transformers[i], TransformDirName(i));
        }
    }

    internal static VersionInfo GetVersionInfo() => new("XF CHAIN", 0x00010001, 0x00010001, 0x00010001,
        typeof(TransformerChain<>).Assembly.GetName().Name!, LoaderSignature);

    private static string TransformDirName(int i) => $"Transform_{i:000}";

    /// <summary>Loads a chain saved by any <c>TransformerChain&lt;T&gt;</c> as a <c>TransformerChain&lt;ITransformer&gt;</c>.</summary>
    internal static TransformerChain<ITransformer> Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        ctx.CheckAtModel(GetVersionInfo());
        int n = ctx.Reader.ReadInt32();
        if (n < 0)
            throw new FormatException($"Model entry '{ctx.Directory}' has a negative transformer count {n}.");
        var ts = new ITransformer[n];
        var scopes = new TransformerScope[n];
        for (int i = 0; i < n; i++)
        {
            scopes[i] = (TransformerScope)ctx.Reader.ReadInt32();
            ctx.LoadModel(env, out ts[i], TransformDirName(i));
        }
        return new TransformerChain<ITransformer>(ts, scopes);
    }
}
