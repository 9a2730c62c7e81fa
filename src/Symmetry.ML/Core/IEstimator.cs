namespace Symmetry.ML;

/// <summary>Something that learns from data and produces a transformer.</summary>
/// <typeparam name="TTransformer">The transformer <see cref="Fit"/> returns.</typeparam>
public interface IEstimator<out TTransformer>
    where TTransformer : ITransformer
{
    /// <summary>Trains on <paramref name="input"/> and returns the transformer; checks the schema first.</summary>
    TTransformer Fit(IDataView input);

    /// <summary>
    /// The schema shape the fitted transformer would produce from <paramref name="inputSchema"/>, without training.
    /// Throws <see cref="ArgumentOutOfRangeException"/> with ML.NET's messages when a column is missing or mistyped.
    /// </summary>
    SchemaShape GetOutputSchema(SchemaShape inputSchema);
}

/// <summary>A trained component that maps data views lazily.</summary>
public interface ITransformer : ICanSaveModel
{
    /// <summary>The schema <see cref="Transform"/> would produce for input of <paramref name="inputSchema"/>; throws on a mismatch.</summary>
    DataViewSchema GetOutputSchema(DataViewSchema inputSchema);

    /// <summary>A lazy view of <paramref name="input"/> with this transformer applied; nothing is computed until a cursor reads.</summary>
    IDataView Transform(IDataView input);

    /// <summary>Whether <see cref="GetRowToRowMapper"/> is supported (each output row depends on one input row).</summary>
    bool IsRowToRowMapper { get; }

    /// <summary>A mapper from rows of <paramref name="inputSchema"/> to output rows.</summary>
    IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema);
}

/// <summary>A component that can be written into a model file.</summary>
public interface ICanSaveModel
{
    /// <summary>Writes the component's versioned state into <paramref name="ctx"/>.</summary>
    void Save(ModelSaveContext ctx);
}

/// <summary>Maps one input row to one output row.</summary>
public interface IRowToRowMapper
{
    /// <summary>The schema of the input rows.</summary>
    DataViewSchema InputSchema { get; }

    /// <summary>The schema of the output rows.</summary>
    DataViewSchema OutputSchema { get; }

    /// <summary>The input columns needed to compute <paramref name="dependingColumns"/> of the output.</summary>
    IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns);

    /// <summary>
    /// An output row over <paramref name="input"/> with <paramref name="activeColumns"/> (of <see cref="OutputSchema"/>)
    /// active. The input row must have the dependencies of those columns active.
    /// </summary>
    DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns);
}

/// <summary>Which uses of a pipeline a transformer applies to.</summary>
[Flags]
public enum TransformerScope
{
    /// <summary>Not applied.</summary>
    None = 0,

    /// <summary>Applied when training.</summary>
    Training = 1 << 0,

    /// <summary>Applied when testing.</summary>
    Testing = 1 << 1,

    /// <summary>Applied when scoring.</summary>
    Scoring = 1 << 2,

    /// <summary>Training and testing.</summary>
    TrainTest = Training | Testing,

    /// <summary>All uses.</summary>
    Everything = Training | Testing | Scoring,
}
