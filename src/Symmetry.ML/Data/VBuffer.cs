namespace Symmetry.ML.Data;

/// <summary>
/// A vector value, dense or sparse. The struct is immutable; it takes ownership of the arrays given to its
/// constructors and exposes them read-only. Write through <see cref="VBufferEditor.Create{T}"/>, which reuses the
/// arrays when they are large enough (ML.NET's buffer-reuse contract).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly struct VBuffer<T>
{
    private readonly T[]? _values;
    private readonly int[]? _indices;
    private readonly int _count;

    /// <summary>A dense vector of <paramref name="length"/> whose first <paramref name="length"/> elements are in <paramref name="values"/>.</summary>
    public VBuffer(int length, T[] values, int[]? indices = null)
        : this(length, length, values, indices)
    {
    }

    /// <summary>
    /// A vector of logical <paramref name="length"/> with <paramref name="count"/> stored values. With
    /// <paramref name="count"/> == <paramref name="length"/> it is dense; otherwise <paramref name="indices"/> holds
    /// the strictly increasing positions of the stored values.
    /// </summary>
    public VBuffer(int length, int count, T[] values, int[]? indices)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, length);
        if (count > 0 && (values is null || values.Length < count))
            throw new ArgumentException($"values must hold at least {count} elements.", nameof(values));
        if (count < length && count > 0 && (indices is null || indices.Length < count))
            throw new ArgumentException($"A sparse vector needs at least {count} indices.", nameof(indices));
        if (count < length)
        {
            for (int i = 0, previous = -1; i < count; previous = indices![i], i++)
                if (indices![i] <= previous || indices[i] >= length)
                    throw new ArgumentException(
                        $"Sparse indices must be strictly increasing and in [0, {length}); indices[{i}] = {indices[i]}{(i > 0 ? $" follows {previous}" : "")}.",
                        nameof(indices));
        }
        Length = length;
        _count = count;
        _values = values;
        _indices = indices;
    }

    /// <summary>The logical length of the vector.</summary>
    public int Length { get; }

    /// <summary>Whether every element is stored explicitly.</summary>
    public bool IsDense => _count == Length;

    /// <summary>The stored values (all <see cref="Length"/> of them when dense).</summary>
    public ReadOnlySpan<T> GetValues() => _values is null ? [] : _values.AsSpan(0, _count);

    /// <summary>The positions of the stored values; empty when dense.</summary>
    public ReadOnlySpan<int> GetIndices() => IsDense || _indices is null ? [] : _indices.AsSpan(0, _count);

    /// <summary>The arrays backing this buffer, for <see cref="VBufferEditor"/> to reuse.</summary>
    internal T[]? ValuesArray => _values;

    internal int[]? IndicesArray => _indices;

    /// <summary>Copies this vector into <paramref name="destination"/>, reusing its arrays when they are large enough.</summary>
    public void CopyTo(ref VBuffer<T> destination)
    {
        var editor = VBufferEditor.Create(ref destination, Length, _count);
        GetValues().CopyTo(editor.Values);
        if (!IsDense)
            GetIndices().CopyTo(editor.Indices);
        destination = editor.Commit();
    }

    /// <summary>Writes the vector densely into <paramref name="destination"/> (missing sparse elements become default).</summary>
    public void CopyTo(Span<T> destination)
    {
        if (destination.Length < Length)
            throw new ArgumentException($"The destination holds {destination.Length} elements; the vector has {Length}.", nameof(destination));
        if (IsDense)
        {
            GetValues().CopyTo(destination);
            return;
        }
        destination[..Length].Clear();
        var values = GetValues();
        var indices = GetIndices();
        for (int i = 0; i < values.Length; i++)
            destination[indices[i]] = values[i];
    }

    /// <summary>Copies this vector densely into <paramref name="destination"/>.</summary>
    public void CopyToDense(ref VBuffer<T> destination)
    {
        var editor = VBufferEditor.Create(ref destination, Length);
        CopyTo(editor.Values);
        destination = editor.Commit();
    }

    /// <summary>All <see cref="Length"/> elements in order, with default values where a sparse vector stores none.</summary>
    public IEnumerable<T> DenseValues()
    {
        if (IsDense)
        {
            for (int i = 0; i < Length; i++)
                yield return _values![i];
            yield break;
        }
        int k = 0;
        for (int i = 0; i < Length; i++)
        {
            if (k < _count && _indices![k] == i)
                yield return _values![k++];
            else
                yield return default!;
        }
    }

    /// <summary>The element at <paramref name="index"/>, or default when a sparse vector stores none there.</summary>
    public T GetItemOrDefault(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
        if (IsDense)
            return _values![index];
        int k = GetIndices().BinarySearch(index);
        return k >= 0 ? _values![k] : default!;
    }

    /// <summary>Renders up to 16 elements, for debugging.</summary>
    public override string ToString()
    {
        var shown = DenseValues().Take(16).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture));
        return "[" + string.Join(", ", shown) + (Length > 16 ? ", …" : "") + "]";
    }
}
