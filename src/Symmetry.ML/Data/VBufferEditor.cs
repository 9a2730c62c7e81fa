namespace Symmetry.ML.Data;

/// <summary>Creates <see cref="VBufferEditor{T}"/>s that write into a <see cref="VBuffer{T}"/> while reusing its arrays.</summary>
public static class VBufferEditor
{
    /// <summary>
    /// An editor over <paramref name="destination"/>'s arrays, grown if needed, for a vector of
    /// <paramref name="newLogicalLength"/> with <paramref name="valuesCount"/> stored values (default: dense).
    /// Write <see cref="VBufferEditor{T}.Values"/> (and <see cref="VBufferEditor{T}.Indices"/> when sparse), then
    /// assign <see cref="VBufferEditor{T}.Commit"/> back to <paramref name="destination"/>.
    /// </summary>
    public static VBufferEditor<T> Create<T>(ref VBuffer<T> destination, int newLogicalLength, int? valuesCount = null,
        int? maxValuesCapacity = null, bool keepOldOnResize = false, bool requireIndicesOnDense = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(newLogicalLength);
        int count = valuesCount ?? newLogicalLength;
        ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(valuesCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, newLogicalLength, nameof(valuesCount));

        var values = destination.ValuesArray;
        bool newValues = false;
        if (values is null || values.Length < count)
        {
            int capacity = Math.Max(count, Math.Min(maxValuesCapacity ?? count, newLogicalLength));
            var grown = new T[capacity];
            if (keepOldOnResize && values is not null)
                values.AsSpan().CopyTo(grown);
            values = grown;
            newValues = true;
        }

        var indices = destination.IndicesArray;
        bool newIndices = false;
        bool needIndices = count < newLogicalLength || requireIndicesOnDense;
        if (needIndices && (indices is null || indices.Length < count))
        {
            var grown = new int[Math.Max(count, 1)];
            if (keepOldOnResize && indices is not null)
                indices.AsSpan().CopyTo(grown);
            indices = grown;
            newIndices = true;
        }
        return new VBufferEditor<T>(newLogicalLength, count, values, indices, newValues, newIndices);
    }

    /// <summary>An editor over <paramref name="destination"/> as it is (same length and count).</summary>
    public static VBufferEditor<T> CreateFromBuffer<T>(ref VBuffer<T> destination) =>
        Create(ref destination, destination.Length, destination.GetValues().Length, keepOldOnResize: true);
}

/// <summary>A writable view of a <see cref="VBuffer{T}"/>'s arrays; <see cref="Commit"/> produces the new buffer.</summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly ref struct VBufferEditor<T>
{
    private readonly int _length;
    private readonly int _count;
    private readonly T[] _values;
    private readonly int[]? _indices;

    internal VBufferEditor(int length, int count, T[] values, int[]? indices, bool createdNewValues, bool createdNewIndices)
    {
        _length = length;
        _count = count;
        _values = values;
        _indices = indices;
        CreatedNewValues = createdNewValues;
        CreatedNewIndices = createdNewIndices;
    }

    /// <summary>The values to write (<c>valuesCount</c> of them).</summary>
    public Span<T> Values => _values.AsSpan(0, _count);

    /// <summary>The indices to write for a sparse vector (empty when dense and not requested).</summary>
    public Span<int> Indices => _indices is null ? [] : _indices.AsSpan(0, Math.Min(_count, _indices.Length));

    /// <summary>Whether a new values array was allocated (the old contents are not in it unless kept).</summary>
    public bool CreatedNewValues { get; }

    /// <summary>Whether a new indices array was allocated.</summary>
    public bool CreatedNewIndices { get; }

    /// <summary>The buffer with the edits; assign it back to the variable the editor was created from.</summary>
    public VBuffer<T> Commit() => new(_length, _count, _values, _indices);

    /// <summary>The buffer keeping only the first <paramref name="maxValuesCount"/> stored values.</summary>
    public VBuffer<T> CommitTruncated(int maxValuesCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValuesCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxValuesCount, _count);
        return new VBuffer<T>(_length, maxValuesCount, _values, maxValuesCount == _length ? _indices : _indices ?? new int[0]);
    }
}
