using System.Reflection;
using Symmetry.ML;
using Symmetry.ML.Data;

namespace Symmetry.Data.Analysis;

/// <summary>Converting data views to DataFrames.</summary>
public static class DataFrameExtensions
{
    /// <summary>The first 100 rows of <paramref name="dataView"/>'s <paramref name="selectColumns"/> (all visible columns when none).</summary>
    public static DataFrame ToDataFrame(this IDataView dataView, params string[] selectColumns) => ToDataFrame(dataView, 100, selectColumns);

    /// <summary>
    /// The first <paramref name="maxRows"/> rows (−1: all rows; the default cap of 100 is deliberate, as in ML.NET,
    /// because a view can be huge) of the selected columns, or of all visible columns when none are named. Hidden
    /// columns are skipped; columns of unsupported types throw <see cref="NotSupportedException"/>.
    /// </summary>
    public static DataFrame ToDataFrame(this IDataView dataView, long maxRows, params string[] selectColumns)
    {
        ArgumentNullException.ThrowIfNull(dataView);
        if (maxRows < -1)
            throw new ArgumentOutOfRangeException(nameof(maxRows), "maxRows must be -1 (all rows) or non-negative.");
        long limit = maxRows == -1 ? long.MaxValue : maxRows;
        var cols = selectColumns is { Length: > 0 }
            ? selectColumns.Select(n => dataView.Schema.GetColumnOrNull(n) ?? throw Symmetry.ML.Runtime.Contracts.ExceptSchemaMismatch(nameof(selectColumns), "input", n)).ToArray()
            : dataView.Schema.Where(c => !c.IsHidden).ToArray();
        using var cursor = dataView.GetRowCursor(cols);
        var builders = cols.Select(c => MakeBuilder(cursor, c)).ToArray();
        long n = 0;
        while (n < limit && cursor.MoveNext())
        {
            foreach (var b in builders)
                b.Read();
            n++;
        }
        return new DataFrame(builders.Select(b => b.Build()));
    }

    private abstract class Builder
    {
        public abstract void Read();

        public abstract DataFrameColumn Build();
    }

    private sealed class ScalarBuilder<T>(DataViewRowCursor cursor, DataViewSchema.Column c) : Builder
        where T : unmanaged
    {
        private readonly ValueGetter<T> _get = cursor.GetGetter<T>(c);
        private readonly List<T> _values = [];

        public override void Read()
        {
            T v = default;
            _get(ref v);
            _values.Add(v);
        }

        public override DataFrameColumn Build() => _values switch
        {
            List<float> f => new SingleDataFrameColumn(c.Name, f),
            List<double> d => new DoubleDataFrameColumn(c.Name, d),
            List<int> i => new Int32DataFrameColumn(c.Name, i),
            List<long> l => new Int64DataFrameColumn(c.Name, l),
            List<bool> b => new BooleanDataFrameColumn(c.Name, b),
            _ => new PrimitiveDataFrameColumn<T>(c.Name, _values),
        };
    }

    private sealed class TextBuilder(DataViewRowCursor cursor, DataViewSchema.Column c) : Builder
    {
        private readonly ValueGetter<ReadOnlyMemory<char>> _get = cursor.GetGetter<ReadOnlyMemory<char>>(c);
        private readonly List<string?> _values = [];

        public override void Read()
        {
            ReadOnlyMemory<char> v = default;
            _get(ref v);
            _values.Add(v.ToString());
        }

        public override DataFrameColumn Build() => new StringDataFrameColumn(c.Name, _values);
    }

    private sealed class VectorBuilder<T>(DataViewRowCursor cursor, DataViewSchema.Column c) : Builder
    {
        private readonly ValueGetter<VBuffer<T>> _get = cursor.GetGetter<VBuffer<T>>(c);
        private readonly List<VBuffer<T>> _values = [];

        public override void Read()
        {
            // A fresh buffer per row: the DataFrame keeps every row.
            VBuffer<T> v = default;
            _get(ref v);
            _values.Add(v);
        }

        public override DataFrameColumn Build() => new VBufferDataFrameColumn<T>(c.Name, _values, (VectorDataViewType)c.Type);
    }

    private static Builder MakeBuilder(DataViewRowCursor cursor, DataViewSchema.Column c)
    {
        Type t = c.Type switch
        {
            VectorDataViewType v => typeof(VectorBuilder<>).MakeGenericType(v.ItemType.RawType),
            TextDataViewType => typeof(TextBuilder),
            NumberDataViewType or BooleanDataViewType => typeof(ScalarBuilder<>).MakeGenericType(c.Type.RawType),
            _ => throw new NotSupportedException($"Column '{c.Name}' has type {c.Type}, which a DataFrame cannot hold."),
        };
        return (Builder)Activator.CreateInstance(t, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, null, [cursor, c], null)!;
    }
}
