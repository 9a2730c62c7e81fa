using Symmetry.ML;
using Symmetry.ML.Data;
using Symmetry.ML.Runtime;

namespace Symmetry.Estimators.Common;

/// <summary>A dense row-major copy of one known-size float vector column.</summary>
/// <param name="Values">rows × size values, row-major.</param>
/// <param name="Rows">Number of rows.</param>
/// <param name="Size">Vector size.</param>
/// <param name="SlotNames">Names of the vector's slots when the column carries them, else "x0", "x1", …</param>
public sealed record FeatureMatrix(float[] Values, int Rows, int Size, string[] SlotNames);

/// <summary>Schema checks with ML.NET's messages, and reading feature columns into memory with validation.</summary>
public static class FeatureReader
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
        if (col is null) throw Contracts.ExceptSchemaMismatch(paramName, "input", columnName);
        if (col.Value.Type is not VectorDataViewType vt || vt.ItemType != NumberDataViewType.Single || !vt.IsKnownSize)
            throw Contracts.ExceptSchemaMismatch(paramName, "input", columnName, "Vector<Single>", col.Value.Type.ToString()!);
        return (col.Value, vt.Size);
    }

    /// <summary>The same checks on a <see cref="SchemaShape"/> (for <c>GetOutputSchema</c>).</summary>
    public static SchemaShape.Column CheckVectorColumn(SchemaShape shape, string columnName, string paramName = "inputColumnName")
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!shape.TryFindColumn(columnName, out var col)) throw Contracts.ExceptSchemaMismatch(paramName, "input", columnName);
        if (col.Kind != SchemaShape.Column.VectorKind.Vector || col.ItemType != NumberDataViewType.Single)
            throw Contracts.ExceptSchemaMismatch(paramName, "input", columnName, "Vector<Single>", col.GetTypeString());
        return col;
    }

    /// <summary>
    /// Reads every row of a float vector column. NaN or ±∞ → <see cref="InvalidOperationException"/> naming the column,
    /// the row and the slot; fewer than <paramref name="minimumRows"/> rows → <see cref="ArgumentException"/>.
    /// Checks <see cref="IHostEnvironment.CheckAlive"/> every 4096 rows so cancelling a large read works.
    /// </summary>
    public static FeatureMatrix Read(IHostEnvironment env, IDataView data, string columnName, int minimumRows = 1)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(data);
        var (col, size) = CheckVectorColumn(data.Schema, columnName);
        var rowsHint = data.GetRowCount();
        var values = new List<float>(rowsHint is { } n && n < int.MaxValue / Math.Max(1, size) ? (int)n * size : 1024);
        var rows = 0;
        using (var cursor = data.GetRowCursor([col]))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(col);
            var buffer = default(VBuffer<float>);
            while (cursor.MoveNext())
            {
                if ((rows & 4095) == 0) env.CheckAlive();
                getter(ref buffer);
                if (buffer.Length != size)
                    throw new InvalidOperationException($"Row {rows} of column '{columnName}' has {buffer.Length} values; the schema says {size}.");
                var slot = 0;
                foreach (var v in buffer.DenseValues())
                {
                    if (!float.IsFinite(v))
                        throw new InvalidOperationException($"Column '{columnName}' holds {v} at row {rows}, slot {slot}: the features must be finite numbers (remove or impute NaN/∞ first).");
                    values.Add(v);
                    slot++;
                }
                rows++;
            }
        }
        if (rows < minimumRows)
            throw new ArgumentException(rows == 0
                ? $"The data has no rows; column '{columnName}' needs at least {minimumRows}."
                : $"The data has {rows} rows; training needs at least {minimumRows} (one batch).", nameof(data));
        return new FeatureMatrix(values.ToArray(), rows, size, SlotNames(col, size));
    }

    private static string[] SlotNames(DataViewSchema.Column col, int size)
    {
        var names = Enumerable.Range(0, size).Select(i => $"x{i}").ToArray();
        if (col.HasSlotNames())
        {
            var buf = default(VBuffer<ReadOnlyMemory<char>>);
            col.GetSlotNames(ref buf);
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
}
