using Symmetry.ML.Data;

namespace Symmetry.ML;

/// <summary>
/// One row of an <see cref="IDataView"/>: typed getters for its active columns. The values a getter returns are those
/// of the current row and change when the owning cursor moves.
/// </summary>
public abstract class DataViewRow : IDisposable
{
    /// <summary>The row's index in the sequence produced by its cursor; -1 before the first row.</summary>
    public abstract long Position { get; }

    /// <summary>Which cursor of a cursor set produced this row (0 for a single cursor).</summary>
    public abstract long Batch { get; }

    /// <summary>The schema of the row (the view's schema).</summary>
    public abstract DataViewSchema Schema { get; }

    /// <summary>A getter of an id that is unique for each row of the view and stable across cursors.</summary>
    public abstract ValueGetter<DataViewRowId> GetIdGetter();

    /// <summary>Whether <paramref name="column"/> was requested when the cursor was created.</summary>
    public abstract bool IsColumnActive(DataViewSchema.Column column);

    /// <summary>
    /// A getter for <paramref name="column"/>. Throws <see cref="InvalidOperationException"/> when the column is not
    /// active or when <typeparamref name="TValue"/> is not the column type's <see cref="DataViewType.RawType"/>.
    /// </summary>
    public abstract ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column);

    /// <summary>Releases resources; a disposed cursor returns false from <c>MoveNext</c>.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Override to release resources.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>A <see cref="DataViewRow"/> that moves forward over the rows of a view.</summary>
public abstract class DataViewRowCursor : DataViewRow
{
    /// <summary>Advances to the next row; false when there are no more rows.</summary>
    public abstract bool MoveNext();
}
