using System.Diagnostics;
using Microsoft.ML.Data;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// A built-in dataset: an in-memory <see cref="IDataView"/> (columnar, shuffleable, row count known) over the
/// generated arrays, carrying the dataset's ground truth in <see cref="Info"/>. Vector columns have type
/// <c>Vector&lt;Single, n&gt;</c>, scalar columns <c>Single</c>.
/// </summary>
public sealed class SymmetryDataset : IDataView
{
    internal SymmetryDataset(DatasetTable table, TimeSpan generationTime)
    {
        Table = table;
        GenerationTime = generationTime;
        var b = new DataViewSchema.Builder();
        foreach (var c in table.Columns)
            b.AddColumn(c.Name, c.IsVector ? new VectorDataViewType(NumberDataViewType.Single, c.VectorSize) : NumberDataViewType.Single,
                        c.IsVector ? SlotNames(table.Info, c.VectorSize) : null);
        Schema = b.ToSchema();
    }

    // The feature names (with units) become the vector's slot names, as ML.NET annotates vectors, so reports and
    // saved files name "px(μ−) [GeV]" rather than "x0". Read with column.GetSlotNames(ref buffer).
    private static DataViewSchema.Annotations? SlotNames(DatasetInfo info, int size)
    {
        if (info.FeatureNames.Count != size) return null;
        var names = info.FeatureNames.Select((n, i) =>
            (ReadOnlyMemory<char>)(i < info.FeatureUnits.Count && !string.IsNullOrEmpty(info.FeatureUnits[i]) ? $"{n} [{info.FeatureUnits[i]}]" : n).AsMemory()).ToArray();
        var a = new DataViewSchema.Annotations.Builder();
        a.Add(SlotNamesKind, new VectorDataViewType(TextDataViewType.Instance, size), (ref VBuffer<ReadOnlyMemory<char>> dst) =>
        {
            // The caller owns dst: reuse its arrays (the editor reallocates only when they are too small).
            var editor = VBufferEditor.Create(ref dst, size);
            names.CopyTo(editor.Values);
            dst = editor.Commit();
        });
        return a.ToAnnotations();
    }

    /// <summary>ML.NET's annotation kind of a vector's slot names.</summary>
    internal const string SlotNamesKind = "SlotNames";

    internal static SymmetryDataset Create(Func<DatasetTable> generate)
    {
        var sw = Stopwatch.StartNew();
        var t = generate();
        return new SymmetryDataset(t, sw.Elapsed);
    }

    /// <summary>Ground truth: features, intrinsic dimension, generators, reference values.</summary>
    public DatasetInfo Info => Table.Info;

    /// <summary>The underlying arrays.</summary>
    public DatasetTable Table { get; }

    /// <summary>Wall-clock time the generation (or loading) took.</summary>
    public TimeSpan GenerationTime { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => Table.RowCount;

    /// <inheritdoc/>
    public bool CanShuffle => true;

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public long? GetRowCount() => Table.RowCount;

    /// <summary>The row-major values of a column (a copy for paired columns): RowCount × size floats.</summary>
    /// <param name="name">Column name, e.g. "Features".</param>
    public float[] GetColumnValues(string name) => Table.GetColumn(name).Values.ToArray();

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var active = new bool[Schema.Count];
        foreach (var c in columnsNeeded)
        {
            CheckOwned(c, nameof(columnsNeeded));
            active[c.Index] = true;
        }
        int[]? order = null;
        if (rand is not null)
        {
            order = new int[RowCount];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            rand.Shuffle(order);
        }
        return new Cursor(this, active, order);
    }

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <inheritdoc/>
    public override string ToString() => $"{Info} ({RowCount} rows)";

    private void CheckOwned(DataViewSchema.Column c, string paramName)
    {
        if (c.Index < 0 || c.Index >= Schema.Count || Schema[c.Index].Name != c.Name || !Schema[c.Index].Type.Equals(c.Type))
            throw new ArgumentOutOfRangeException(paramName, $"Column '{c.Name}' (index {c.Index}) does not belong to this data view's schema.");
    }

    private sealed class Cursor(SymmetryDataset parent, bool[] active, int[]? order) : DataViewRowCursor
    {
        private long _position = -1;
        private int _row = -1;

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => parent.Schema;

        public override bool MoveNext()
        {
            if (_position + 1 >= parent.RowCount)
            {
                _position = parent.RowCount;
                _row = -1;
                return false;
            }
            _position++;
            _row = order is null ? (int)_position : order[_position];
            return true;
        }

        /// <summary>The id of a row is its index in the table, so it does not change when the cursor is shuffled.</summary>
        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) =>
        {
            CheckRow();
            id = new DataViewRowId((ulong)_row, 0);
        };

        public override bool IsColumnActive(DataViewSchema.Column column)
        {
            parent.CheckOwned(column, nameof(column));
            return active[column.Index];
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            parent.CheckOwned(column, nameof(column));
            if (!active[column.Index])
                throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor; include it in columnsNeeded when opening the cursor.");
            var data = parent.Table.Columns[column.Index];
            Delegate getter;
            if (data.IsVector)
            {
                int size = data.VectorSize;
                getter = (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) =>
                {
                    CheckRow();
                    var editor = VBufferEditor.Create(ref v, size);
                    data.Row(_row).CopyTo(editor.Values);
                    v = editor.Commit();
                });
            }
            else
            {
                getter = (ValueGetter<float>)((ref float v) =>
                {
                    CheckRow();
                    v = data.Row(_row)[0];
                });
            }
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException(
                $"Invalid TValue in GetGetter for column '{column.Name}': requested {typeof(TValue).Name}, but the column's type {column.Type} is read as {(data.IsVector ? "VBuffer<Single>" : "Single")}.");
        }

        /// <summary>A disposed cursor is finished: MoveNext returns false and getters throw.</summary>
        protected override void Dispose(bool disposing)
        {
            _position = parent.RowCount;
            _row = -1;
        }

        private void CheckRow()
        {
            if (_row < 0)
                throw new InvalidOperationException("The cursor is not on a row: call MoveNext() first, and stop when it returns false.");
        }
    }
}
