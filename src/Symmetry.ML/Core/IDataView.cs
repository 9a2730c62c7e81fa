namespace Symmetry.ML;

/// <summary>
/// The input and output of queries and transforms: a lazy, immutable, repeatable table whose rows are read through
/// cursors. Only the columns a cursor asks for are computed.
/// </summary>
public interface IDataView
{
    /// <summary>Whether <see cref="GetRowCursor"/> honours a non-null <c>rand</c> by returning rows in a random order.</summary>
    bool CanShuffle { get; }

    /// <summary>The schema of the rows this view produces.</summary>
    DataViewSchema Schema { get; }

    /// <summary>The number of rows if it is known cheaply; <see langword="null"/> when it would need a pass over the data.</summary>
    long? GetRowCount();

    /// <summary>
    /// Opens a cursor over the rows. Only columns in <paramref name="columnsNeeded"/> are active; getters of other
    /// columns throw. A non-null <paramref name="rand"/> asks for a shuffled order when <see cref="CanShuffle"/> is true.
    /// </summary>
    DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null);

    /// <summary>
    /// Opens up to <paramref name="n"/> cursors that together cover the rows once. This implementation may return a
    /// single cursor, which is always allowed.
    /// </summary>
    DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null);
}
