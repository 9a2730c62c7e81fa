using Symmetry.ML.Runtime;

namespace Symmetry.ML.Data;

/// <summary>
/// Builds a columnar in-memory <see cref="IDataView"/> directly from arrays (ML.NET's <c>ArrayDataViewBuilder</c>,
/// public here). The arrays are not copied: the view takes ownership, so do not change them afterwards.
/// <example><code>
/// var b = new ArrayDataViewBuilder();
/// b.AddVectorColumn("Features", size: 3, rowMajor);   // float[rows * 3]
/// b.AddColumn("Label", labels);                         // float[rows]
/// IDataView view = b.GetDataView();
/// </code></example>
/// </summary>
public sealed class ArrayDataViewBuilder
{
    private readonly List<ArrayColumn> _columns = [];

    /// <summary>A builder; the environment is accepted for ML.NET compatibility and not needed.</summary>
    public ArrayDataViewBuilder(IHostEnvironment? env = null)
    {
    }

    /// <summary>Adds a scalar column of <paramref name="type"/> (whose raw type must be <typeparamref name="T"/>).</summary>
    public void AddColumn<T>(string name, PrimitiveDataViewType type, params T[] values)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(values);
        if (type is TextDataViewType && typeof(T) == typeof(string))
        {
            Add(new TextArrayColumn(name, (string?[])(object)values, null));
            return;
        }
        if (type.RawType != typeof(T))
            throw new ArgumentException($"Column '{name}' has type {type}, read as {type.RawType.Name}; the values are {typeof(T).Name}.", nameof(values));
        Add(new ScalarArrayColumn<T>(name, type, values, null));
    }

    /// <summary>Adds a <see cref="NumberDataViewType.Single"/> column.</summary>
    public void AddColumn(string name, params float[] values) => AddColumn(name, NumberDataViewType.Single, values);

    /// <summary>Adds a <see cref="NumberDataViewType.Double"/> column.</summary>
    public void AddColumn(string name, params double[] values) => AddColumn(name, NumberDataViewType.Double, values);

    /// <summary>Adds a <see cref="NumberDataViewType.Int32"/> column.</summary>
    public void AddColumn(string name, params int[] values) => AddColumn(name, NumberDataViewType.Int32, values);

    /// <summary>Adds a <see cref="NumberDataViewType.Int64"/> column.</summary>
    public void AddColumn(string name, params long[] values) => AddColumn(name, NumberDataViewType.Int64, values);

    /// <summary>Adds a <see cref="BooleanDataViewType"/> column.</summary>
    public void AddColumn(string name, params bool[] values) => AddColumn(name, BooleanDataViewType.Instance, values);

    /// <summary>Adds a text column (null strings read as empty text).</summary>
    public void AddColumn(string name, params string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Add(new TextArrayColumn(name, values, null));
    }

    /// <summary>
    /// Adds a vector column from one array per row: known-size when every row has the same positive length,
    /// variable-size otherwise.
    /// </summary>
    public void AddColumn<T>(string name, PrimitiveDataViewType itemType, params T[][] values)
    {
        ArgumentNullException.ThrowIfNull(itemType);
        ArgumentNullException.ThrowIfNull(values);
        CheckItem<T>(name, itemType);
        int size = values.Length > 0 && values[0] is { Length: > 0 } first && values.All(v => v is not null && v.Length == first.Length) ? first.Length : 0;
        Add(new JaggedVectorArrayColumn<T>(name, new VectorDataViewType(itemType, size), values, null));
    }

    /// <summary>Adds a vector column of <paramref name="type"/> from <see cref="VBuffer{T}"/>s (dense or sparse).</summary>
    public void AddColumn<T>(string name, VectorDataViewType type, params VBuffer<T>[] values)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(values);
        CheckItem<T>(name, type.ItemType);
        if (type.IsKnownSize)
            for (int i = 0; i < values.Length; i++)
                if (values[i].Length != type.Size)
                    throw new ArgumentException($"Column '{name}' has size {type.Size} but row {i} has {values[i].Length} elements.", nameof(values));
        Add(new VBufferArrayColumn<T>(name, type, values, null));
    }

    /// <summary>
    /// Adds a known-size vector column of <paramref name="type"/> from row-major values
    /// (rows × <see cref="VectorDataViewType.Size"/>), optionally with annotations such as slot names.
    /// </summary>
    public void AddVectorColumn<T>(string name, VectorDataViewType type, T[] rowMajorValues, DataViewSchema.Annotations? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(rowMajorValues);
        if (!type.IsKnownSize)
            throw new ArgumentException($"Column '{name}': row-major values need a known-size vector type, not {type}.", nameof(type));
        CheckItem<T>(name, type.ItemType);
        if (rowMajorValues.Length % type.Size != 0)
            throw new ArgumentException($"Column '{name}': {rowMajorValues.Length} values is not a whole number of rows of {type.Size}.", nameof(rowMajorValues));
        Add(new DenseVectorArrayColumn<T>(name, type, rowMajorValues, annotations));
    }

    /// <summary>Adds a <c>Vector&lt;Single, size&gt;</c> column from row-major values (rows × <paramref name="size"/>).</summary>
    public void AddVectorColumn(string name, int size, float[] rowMajorValues, string[]? slotNames = null) =>
        AddVectorColumn(name, new VectorDataViewType(NumberDataViewType.Single, size), rowMajorValues, SlotNames(name, size, slotNames));

    /// <summary>Adds a <c>Vector&lt;Double, size&gt;</c> column from row-major values (rows × <paramref name="size"/>).</summary>
    public void AddVectorColumn(string name, int size, double[] rowMajorValues, string[]? slotNames = null) =>
        AddVectorColumn(name, new VectorDataViewType(NumberDataViewType.Double, size), rowMajorValues, SlotNames(name, size, slotNames));

    /// <summary>
    /// The view of the columns added so far. All columns must have the same number of rows; with no columns,
    /// <paramref name="rowCount"/> rows without columns.
    /// </summary>
    public IDataView GetDataView(int? rowCount = null)
    {
        int n = rowCount ?? (_columns.Count > 0 ? _columns[0].RowCount : 0);
        ArgumentOutOfRangeException.ThrowIfNegative(n, nameof(rowCount));
        foreach (var c in _columns)
            if (c.RowCount != n)
                throw new InvalidOperationException(
                    $"Column '{c.Name}' has {c.RowCount} rows; expected {n} (the row count of {(rowCount.HasValue ? "rowCount" : $"column '{_columns[0].Name}'")}).");
        return new ArrayDataView([.. _columns], n);
    }

    private void Add(ArrayColumn column)
    {
        ArgumentException.ThrowIfNullOrEmpty(column.Name, "name");
        _columns.Add(column);
    }

    private static void CheckItem<T>(string name, PrimitiveDataViewType itemType)
    {
        if (itemType.RawType != typeof(T))
            throw new ArgumentException($"Column '{name}' has items of type {itemType}, read as {itemType.RawType.Name}; the values are {typeof(T).Name}.");
    }

    private static DataViewSchema.Annotations? SlotNames(string name, int size, string[]? names)
    {
        if (names is null)
            return null;
        if (names.Length != size)
            throw new ArgumentException($"Column '{name}' has {size} slots but {names.Length} slot names were given.", nameof(names));
        var memory = names.Select(n => n.AsMemory()).ToArray();
        var b = new DataViewSchema.Annotations.Builder();
        b.AddSlotNames(size, (ref VBuffer<ReadOnlyMemory<char>> v) =>
        {
            var editor = VBufferEditor.Create(ref v, size);
            memory.CopyTo(editor.Values);
            v = editor.Commit();
        });
        return b.ToAnnotations();
    }
}
