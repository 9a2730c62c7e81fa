using Symmetry.ML.Data;

namespace Symmetry.ML;

/// <summary>Checks shared by every cursor, with the messages the API documents.</summary>
internal static class CursorUtils
{
    /// <summary>Which columns of <paramref name="schema"/> are requested; throws when a column is not from this schema.</summary>
    public static bool[] GetActive(DataViewSchema schema, IEnumerable<DataViewSchema.Column> columnsNeeded)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var active = new bool[schema.Count];
        foreach (var c in columnsNeeded)
        {
            if (!schema.Owns(c))
                throw new ArgumentException($"Column '{c.Name}' (index {c.Index}) does not belong to this data view's schema.", nameof(columnsNeeded));
            active[c.Index] = true;
        }
        return active;
    }

    /// <summary>A getter was called while its cursor was not on a row.</summary>
    public static InvalidOperationException NotOnRow(DataViewSchema.Column column) =>
        new($"Cannot get the value of column '{column.Name}': the cursor is not on a row (MoveNext has not returned true yet, has returned false, or the cursor was disposed).");

    public static InvalidOperationException InactiveColumn(DataViewSchema.Column column) =>
        new($"Column '{column.Name}' is not active in this cursor; include it in columnsNeeded when opening the cursor.");

    /// <summary>Casts a getter, or throws naming the column, the requested type and the column's raw type.</summary>
    public static ValueGetter<TValue> Cast<TValue>(Delegate getter, DataViewSchema.Column column) =>
        getter as ValueGetter<TValue> ?? throw new InvalidOperationException(
            $"Invalid TValue in GetGetter for column '{column.Name}': requested {TypeName(typeof(TValue))}, but the column's type {column.Type} is read as {TypeName(column.Type.RawType)}.");

    public static string TypeName(Type t) => t.IsGenericType
        ? $"{t.Name[..t.Name.IndexOf('`')]}<{string.Join(", ", t.GetGenericArguments().Select(TypeName))}>"
        : t.Name;

    /// <summary>Checks that <paramref name="column"/> belongs to <paramref name="schema"/> and is active.</summary>
    public static void CheckActive(DataViewSchema schema, bool[] active, DataViewSchema.Column column)
    {
        if (!schema.Owns(column))
            throw new ArgumentOutOfRangeException(nameof(column), $"Column '{column.Name}' (index {column.Index}) does not belong to this row's schema.");
        if (!active[column.Index])
            throw InactiveColumn(column);
    }

    /// <summary>Returns the columns of <paramref name="schema"/> whose index passes <paramref name="predicate"/>.</summary>
    public static IEnumerable<DataViewSchema.Column> Columns(DataViewSchema schema, Func<int, bool> predicate) =>
        schema.Where(c => predicate(c.Index));

    /// <summary>An id getter that returns <paramref name="position"/>()'s value as a row id.</summary>
    public static ValueGetter<DataViewRowId> IdFromIndex(Func<long> position) =>
        (ref DataViewRowId id) => id = new DataViewRowId((ulong)position(), 0);
}

/// <summary>
/// A cursor base that owns the active-column bookkeeping and the cursor state: once <see cref="MoveNext"/> has
/// returned false or the cursor is disposed, <see cref="MoveNext"/> keeps returning false, and getters throw
/// <see cref="InvalidOperationException"/> naming the column whenever the cursor is not on a row (as ML.NET's cursors
/// do), instead of reading a stale or out-of-range row. Subclasses produce untyped getters per column.
/// </summary>
internal abstract class SimpleCursorBase : DataViewRowCursor
{
    private bool _onRow;
    private bool _done;
    private bool _disposed;

    protected SimpleCursorBase(DataViewSchema schema, bool[] active)
    {
        Schema = schema;
        Active = active;
    }

    protected bool[] Active { get; }

    public override DataViewSchema Schema { get; }

    public override long Batch => 0;

    public sealed override bool MoveNext()
    {
        if (_done)
            return false;
        _onRow = MoveNextCore();
        _done = !_onRow;
        return _onRow;
    }

    /// <summary>Advances to the next row; called only while the cursor is neither finished nor disposed.</summary>
    protected abstract bool MoveNextCore();

    public override bool IsColumnActive(DataViewSchema.Column column)
    {
        if (!Schema.Owns(column))
            throw new ArgumentOutOfRangeException(nameof(column), $"Column '{column.Name}' does not belong to this row's schema.");
        return Active[column.Index];
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        CursorUtils.CheckActive(Schema, Active, column);
        return Guard(CursorUtils.Cast<TValue>(MakeGetter(column.Index), column), column);
    }

    /// <summary>Wraps <paramref name="getter"/> so that it throws when the cursor is not on a row.</summary>
    protected ValueGetter<TValue> Guard<TValue>(ValueGetter<TValue> getter, DataViewSchema.Column column) =>
        (ref TValue value) =>
        {
            if (!_onRow)
                throw CursorUtils.NotOnRow(column);
            getter(ref value);
        };

    /// <summary>The getter of active column <paramref name="col"/> (a <c>ValueGetter&lt;RawType&gt;</c>).</summary>
    protected abstract Delegate MakeGetter(int col);

    protected sealed override void Dispose(bool disposing)
    {
        if (_disposed)
            return;
        _disposed = true;
        _onRow = false;
        _done = true;
        DisposeCore(disposing);
    }

    /// <summary>Releases the subclass's resources (called once).</summary>
    protected virtual void DisposeCore(bool disposing)
    {
    }
}
