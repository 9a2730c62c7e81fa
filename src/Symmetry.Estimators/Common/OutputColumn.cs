namespace Microsoft.ML.Symmetry;

/// <summary>A column a symmetry transformer appends: a Single scalar (<paramref name="Size"/> 0) or a known-size vector of Single.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Size">Vector size, or 0 for a scalar.</param>
/// <param name="SlotNames">Names of the vector's slots, or null.</param>
internal sealed record OutputColumn(string Name, int Size, IReadOnlyList<string>? SlotNames = null)
{
    /// <summary>Values per row (1 for a scalar).</summary>
    public int Width => Math.Max(1, Size);

    /// <summary>The column's ML.NET type.</summary>
    public DataViewType Type => Size == 0 ? NumberDataViewType.Single : new VectorDataViewType(NumberDataViewType.Single, Size);

    /// <summary>The column's annotations (slot names when given).</summary>
    public DataViewSchema.Annotations Annotations
    {
        get
        {
            var b = new DataViewSchema.Annotations.Builder();
            if (SlotNames is { } names && Size > 0)
            {
                var copy = names.Select(n => n.AsMemory()).ToArray();
                b.Add("SlotNames", new VectorDataViewType(TextDataViewType.Instance, Size),
                    (ref VBuffer<ReadOnlyMemory<char>> v) => v = new VBuffer<ReadOnlyMemory<char>>(copy.Length, (ReadOnlyMemory<char>[])copy.Clone()));
            }
            return b.ToAnnotations();
        }
    }
}

/// <summary>A known-size vector&lt;Single&gt; column a transformer reads.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Size">Vector size the model was trained on.</param>
internal sealed record InputColumn(string Name, int Size);

/// <summary>
/// Scores <paramref name="rows"/> rows: <paramref name="inputs"/>[i] holds rows × size values of input column i
/// (row-major); fills <paramref name="outputs"/>[j] (rows × width) for every j with <paramref name="active"/>[j].
/// </summary>
internal delegate void BatchScorer(IReadOnlyList<float[]> inputs, int rows, IReadOnlyList<bool> active, float[][] outputs);
