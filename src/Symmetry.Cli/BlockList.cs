namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// A list that grows in fixed blocks: adding never copies what is stored, so reading a column of unknown length
/// allocates its values once (a doubling array would allocate about three times as much and copy it). The first
/// block doubles up to the block size, so that the many short columns of a wide file stay small.
/// </summary>
internal sealed class BlockList<T> where T : unmanaged
{
    // 16,384 values: 64 KiB blocks of floats stay under the large object heap's threshold (85,000 bytes).
    private const int Shift = 14;
    private const int Mask = (1 << Shift) - 1;
    private readonly List<T[]> _blocks = [];

    /// <summary>The number of values added.</summary>
    public int Count { get; private set; }

    /// <summary>The value at <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
    public T this[int index] => _blocks[index >> Shift][index & Mask];

    /// <summary>Appends <paramref name="value"/>.</summary>
    public void Add(T value)
    {
        if (Count == 0) _blocks.Add(new T[16]);
        else if (Count < 1 << Shift && Count == _blocks[0].Length)
        {
            var first = _blocks[0];
            Array.Resize(ref first, Count * 2);
            _blocks[0] = first;
        }
        else if ((Count & Mask) == 0) _blocks.Add(new T[1 << Shift]);
        _blocks[^1][Count & Mask] = value;
        Count++;
    }
}
