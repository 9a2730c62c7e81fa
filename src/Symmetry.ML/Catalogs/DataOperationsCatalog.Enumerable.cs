namespace Symmetry.ML;

public sealed partial class DataOperationsCatalog
{
    /// <summary>
    /// A view over <paramref name="data"/>: one column per public field or property of <typeparamref name="TRow"/>
    /// (see <c>ColumnName</c>, <c>VectorType</c>, <c>NoColumn</c>). Nothing is copied; each cursor enumerates again.
    /// </summary>
    public IDataView LoadFromEnumerable<TRow>(IEnumerable<TRow> data)
        where TRow : class
    {
        ArgumentNullException.ThrowIfNull(data);
        return new EnumerableDataView<TRow>(data);
    }

    /// <summary>
    /// Reads <paramref name="data"/> into objects of <typeparamref name="TRow"/>, lazily. With
    /// <paramref name="reuseRowObject"/> one object is refilled for every row. A member without a column throws
    /// "Could not find input column 'X'" unless <paramref name="ignoreMissingColumns"/>; a type mismatch throws
    /// "Schema mismatch for input column 'X': expected …, got …".
    /// </summary>
    public IEnumerable<TRow> CreateEnumerable<TRow>(IDataView data, bool reuseRowObject, bool ignoreMissingColumns = false)
        where TRow : class, new()
    {
        ArgumentNullException.ThrowIfNull(data);
        return TypedEnumerable.Create<TRow>(data, reuseRowObject, ignoreMissingColumns);
    }
}
