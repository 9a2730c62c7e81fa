using TorchSharp;

namespace Microsoft.ML.Symmetry;

/// <summary>A dense row-major copy of one known-size float vector column.</summary>
/// <param name="Values">rows × size values, row-major.</param>
/// <param name="Rows">Number of rows.</param>
/// <param name="Size">Vector size.</param>
/// <param name="SlotNames">Names of the vector's slots when the column carries them, else "x0", "x1", …</param>
internal sealed record FeatureMatrix(float[] Values, int Rows, int Size, string[] SlotNames)
{
    /// <summary>The matrix as a rows × size float32 tensor on <paramref name="device"/> (the caller disposes it).</summary>
    public torch.Tensor ToTensor(torch.Device device)
    {
        // torch.tensor copies Values; on the CPU that copy is the result (a second one would hold the data twice).
        var host = torch.tensor(Values, [Rows, Size]);
        if (device.type == DeviceType.CPU) return host;
        using (host) return host.to(device, copy: true);
    }
}

/// <summary>What <see cref="FeatureReader.ReadColumns"/> read: one matrix per feature column, in the order asked, and the labels.</summary>
/// <param name="Features">One matrix per requested vector column.</param>
/// <param name="Labels">The label of each row, or null when no label column was asked for.</param>
/// <param name="Rows">Number of rows.</param>
internal sealed record TrainingData(IReadOnlyList<FeatureMatrix> Features, double[]? Labels, int Rows);

/// <summary>Schema checks with ML.NET's messages, and reading feature columns into memory with validation.</summary>
internal static class FeatureReader
{
    /// <summary>
    /// Checks that <paramref name="columnName"/> exists and is a known-size vector of Single in
    /// <paramref name="schema"/>; throws ML.NET's "Could not find input column" / "Schema mismatch" exceptions otherwise.
    /// Returns the column and its size.
    /// </summary>
    public static (DataViewSchema.Column Column, int Size) CheckVectorColumn(DataViewSchema schema, string columnName, string paramName = "inputColumnName")
    {
        ArgumentNullException.ThrowIfNull(schema);
        var col = schema.GetColumnOrNull(columnName);
        if (col is null) throw MLNetInternals.MissingColumn(paramName, "input", columnName);
        if (col.Value.Type is not VectorDataViewType vt || vt.ItemType != NumberDataViewType.Single || !vt.IsKnownSize)
            throw MLNetInternals.ColumnMismatch(paramName, "input", columnName, "known-size vector of Single", col.Value.Type.ToString()!);
        return (col.Value, vt.Size);
    }

    /// <summary>The same checks on a <see cref="SchemaShape"/> (for <c>GetOutputSchema</c>).</summary>
    public static SchemaShape.Column CheckVectorColumn(SchemaShape shape, string columnName, string paramName = "inputColumnName")
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!MLNetInternals.TryFindColumn(shape, columnName, out var col)) throw MLNetInternals.MissingColumn(paramName, "input", columnName);
        if (col.Kind != SchemaShape.Column.VectorKind.Vector || col.ItemType != NumberDataViewType.Single)
            throw MLNetInternals.ColumnMismatch(paramName, "input", columnName, "known-size vector of Single", MLNetInternals.TypeString(col));
        return col;
    }

    /// <summary>
    /// Reads every row of a float vector column (see <see cref="ReadColumns"/> for the checks).
    /// </summary>
    public static FeatureMatrix Read(Action checkAlive, IDataView data, string columnName, int minimumRows = 1) =>
        ReadColumns(checkAlive, data, [columnName], labelColumnName: null, minimumRows).Features[0];

    /// <summary>
    /// Reads, in one pass, every row of one or more known-size float vector columns (e.g. Source and Target of image
    /// pairs) and an optional numeric scalar label column. NaN or ±∞ → <see cref="InvalidOperationException"/> naming
    /// the column, the row and the slot; fewer than <paramref name="minimumRows"/> rows → <see cref="ArgumentException"/>.
    /// Calls <paramref name="checkAlive"/> every 4096 rows so cancelling a large read works.
    /// </summary>
    public static TrainingData ReadColumns(Action checkAlive, IDataView data, IReadOnlyList<string> vectorColumnNames,
                                           string? labelColumnName = null, int minimumRows = 1)
    {
        ArgumentNullException.ThrowIfNull(checkAlive);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(vectorColumnNames);
        if (vectorColumnNames.Count == 0) throw new ArgumentException("At least one feature column is needed.", nameof(vectorColumnNames));
        var columns = vectorColumnNames.Select(n => CheckVectorColumn(data.Schema, n)).ToArray();
        var label = labelColumnName is null ? (DataViewSchema.Column?)null : CheckLabelColumn(data.Schema, labelColumnName);
        var rowsHint = data.GetRowCount() is { } n && n < int.MaxValue ? (int)n : 1024;
        var values = columns.Select(c => new FloatBuilder((int)Math.Min((long)rowsHint * c.Size, Array.MaxLength))).ToArray();
        var labels = label is null ? null : new List<double>(rowsHint);
        var rows = 0;
        var active = columns.Select(c => c.Column).Concat(label is { } l ? [l] : []).ToArray();
        using (var cursor = data.GetRowCursor(active))
        {
            var getters = columns.Select(c => cursor.GetGetter<VBuffer<float>>(c.Column)).ToArray();
            var labelGetter = label is { } lc ? LabelGetter(cursor, lc) : null;
            var buffer = default(VBuffer<float>);
            while (cursor.MoveNext())
            {
                if ((rows & 4095) == 0) checkAlive();
                for (var k = 0; k < columns.Length; k++)
                {
                    var (col, size) = columns[k];
                    getters[k](ref buffer);
                    if (buffer.Length != size)
                        throw new InvalidOperationException($"Row {rows} of column '{col.Name}' has {buffer.Length} values; the schema says {size}.");
                    var slot = 0;
                    foreach (var v in buffer.DenseValues())
                    {
                        if (!float.IsFinite(v))
                            throw new InvalidOperationException($"Column '{col.Name}' holds {v} at row {rows}, slot {slot}: the features must be finite numbers (remove or impute NaN/∞ first).");
                        values[k].Add(v);
                        slot++;
                    }
                }
                if (labelGetter is not null)
                {
                    var y = labelGetter();
                    if (!double.IsFinite(y))
                        throw new InvalidOperationException($"Label column '{labelColumnName}' holds {y} at row {rows}: labels must be finite numbers.");
                    labels!.Add(y);
                }
                rows++;
            }
        }
        if (rows < minimumRows)
            throw new ArgumentException(rows == 0
                ? $"The data has no rows; column '{vectorColumnNames[0]}' needs at least {minimumRows}."
                : $"The data has {rows} rows; training needs at least {minimumRows}.", nameof(data));
        var matrices = columns.Select((c, k) => new FeatureMatrix(values[k].Take(), rows, c.Size, SlotNames(c.Column, c.Size))).ToArray();
        return new TrainingData(matrices, labels?.ToArray(), rows);
    }

    /// <summary>Checks that a label column exists and is a numeric or Boolean scalar.</summary>
    public static DataViewSchema.Column CheckLabelColumn(DataViewSchema schema, string columnName, string paramName = "labelColumnName")
    {
        var col = schema.GetColumnOrNull(columnName) ?? throw MLNetInternals.MissingColumn(paramName, "label", columnName);
        var t = col.Type;
        if (t != NumberDataViewType.Single && t != NumberDataViewType.Double && t != NumberDataViewType.Int32 &&
            t != NumberDataViewType.Int64 && t != BooleanDataViewType.Instance)
            throw MLNetInternals.ColumnMismatch(paramName, "label", columnName, "Single, Double, Int32, Int64 or Boolean", t.ToString()!);
        return col;
    }

    private static Func<double> LabelGetter(DataViewRowCursor cursor, DataViewSchema.Column col)
    {
        if (col.Type == NumberDataViewType.Single) { var g = cursor.GetGetter<float>(col); return () => { float v = 0; g(ref v); return v; }; }
        if (col.Type == NumberDataViewType.Double) { var g = cursor.GetGetter<double>(col); return () => { double v = 0; g(ref v); return v; }; }
        if (col.Type == NumberDataViewType.Int32) { var g = cursor.GetGetter<int>(col); return () => { int v = 0; g(ref v); return v; }; }
        if (col.Type == NumberDataViewType.Int64) { var g = cursor.GetGetter<long>(col); return () => { long v = 0; g(ref v); return v; }; }
        var b = cursor.GetGetter<bool>(col);
        return () => { bool v = false; b(ref v); return v ? 1 : 0; };
    }

    private static string[] SlotNames(DataViewSchema.Column col, int size)
    {
        var names = Enumerable.Range(0, size).Select(i => $"x{i}").ToArray();
        if (col.Annotations.Schema.GetColumnOrNull("SlotNames") is { Type: VectorDataViewType { ItemType: TextDataViewType } })
        {
            var buf = default(VBuffer<ReadOnlyMemory<char>>);
            col.Annotations.GetValue("SlotNames", ref buf);
            var i = 0;
            foreach (var s in buf.DenseValues())
            {
                if (i >= size) break;
                if (!s.IsEmpty) names[i] = s.ToString();
                i++;
            }
        }
        return names;
    }

    /// <summary>Every row's key of a key-typed label column (as the key index 0 … count−1); a missing key (0) is an error naming the row.</summary>
    public static double[] ReadKeys(Action checkAlive, IDataView data, DataViewSchema.Column column)
    {
        var keys = new List<double>();
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<uint>(column);
        uint key = 0;
        while (cursor.MoveNext())
        {
            if ((keys.Count & 4095) == 0) checkAlive();
            getter(ref key);
            if (key == 0) throw new InvalidOperationException($"Label column '{column.Name}' has a missing key at row {keys.Count}: every row needs a class.");
            keys.Add(key - 1);
        }
        return [.. keys];
    }
}

/// <summary>
/// A float array filled in order: when the data view knows its row count the first array is exact and becomes the
/// result without a copy (a List's ToArray would hold the values twice at the end of a read); otherwise it doubles.
/// </summary>
internal sealed class FloatBuilder(int capacity)
{
    private float[] _values = new float[Math.Max(capacity, 16)];
    private int _count;

    /// <summary>Appends <paramref name="value"/>.</summary>
    public void Add(float value)
    {
        if (_count == _values.Length)
        {
            if (_count == Array.MaxLength) throw new InvalidOperationException($"The data hold more than {Array.MaxLength:N0} values, the most one .NET array can.");
            Array.Resize(ref _values, (int)Math.Min(2L * _count, Array.MaxLength));
        }
        _values[_count++] = value;
    }

    /// <summary>The values added, as an array of exactly their number (the builder's own when it is full).</summary>
    public float[] Take() => _count == _values.Length ? _values : _values.AsSpan(0, _count).ToArray();
}
