using static Symmetry.Torch.Native.NativeMethods;

namespace Symmetry.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>A view with a new shape (one entry may be −1); the data must be compatible.</summary>
        public Tensor view(params long[] shape) => new(sym_shape_view(Handle, shape, Count(shape)));
        /// <summary>A tensor with a new shape (a view when possible, else a copy).</summary>
        public Tensor reshape(params long[] shape) => new(sym_shape_reshape(Handle, shape, Count(shape)));
        /// <summary>Flattens dimensions start_dim..end_dim into one.</summary>
        public Tensor flatten(long start_dim = 0, long end_dim = -1) => new(sym_shape_flatten(Handle, start_dim, end_dim));
        /// <summary>Splits dimension <paramref name="dim"/> into <paramref name="sizes"/>.</summary>
        public Tensor unflatten(long dim, params long[] sizes) => new(sym_shape_unflatten(Handle, dim, sizes, Count(sizes)));
        /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/>.</summary>
        public Tensor unsqueeze(long dim) => new(sym_shape_unsqueeze(Handle, dim));
        /// <summary>Removes all dimensions of size 1.</summary>
        public Tensor squeeze() => new(sym_shape_squeeze(Handle, 0, 1));
        /// <summary>Removes dimension <paramref name="dim"/> when its size is 1.</summary>
        public Tensor squeeze(long dim) => new(sym_shape_squeeze(Handle, dim, 0));
        /// <summary>Swaps two dimensions (a view).</summary>
        public Tensor transpose(long dim0, long dim1) => new(sym_shape_transpose(Handle, dim0, dim1));
        /// <summary>Reorders dimensions (a view).</summary>
        public Tensor permute(params long[] dims) => new(sym_shape_permute(Handle, dims, Count(dims)));
        /// <summary>Transpose of a ≤2-D tensor.</summary>
        public Tensor t() => new(sym_shape_t(Handle));
        /// <summary>Transpose of a 2-D tensor.</summary>
        public Tensor T => t();
        /// <summary>Broadcasts to <paramref name="sizes"/> without copying (−1 keeps a size).</summary>
        public Tensor expand(params long[] sizes) => new(sym_shape_expand(Handle, sizes, Count(sizes)));
        /// <summary>Broadcasts to the shape of <paramref name="other"/>.</summary>
        public Tensor expand_as(Tensor other) => expand(other.shape);
        /// <summary>Tiles the tensor <paramref name="repeats"/> times along each dimension.</summary>
        public Tensor repeat(params long[] repeats) => new(sym_shape_repeat(Handle, repeats, Count(repeats)));
        /// <summary>The slice [start, start+length) of dimension <paramref name="dim"/> (a view).</summary>
        public Tensor narrow(long dim, long start, long length) => new(sym_shape_narrow(Handle, dim, start, length));
        /// <summary>The sub-tensor at <paramref name="index"/> of dimension <paramref name="dim"/>, which is removed (a view).</summary>
        public Tensor select(long dim, long index) => new(sym_shape_select(Handle, dim, index));
        /// <summary>Elements start, start+step, … before end along <paramref name="dim"/> (a view).</summary>
        public Tensor slice(long dim, long start, long finish, long step) => new(sym_shape_slice(Handle, dim, start, finish, step));
        /// <summary>Entries of dimension <paramref name="dim"/> picked by the int64 <paramref name="index"/>.</summary>
        public Tensor index_select(long dim, Tensor index) => new(sym_shape_index_select(Handle, dim, Arg(index)));
        /// <summary>out[i][j] = this[index[i][j]][j] (for dim 0), etc.</summary>
        public Tensor gather(long dim, Tensor index) => new(sym_shape_gather(Handle, dim, Arg(index)));
        /// <summary>The elements where <paramref name="mask"/> is true, as a 1-D tensor.</summary>
        public Tensor masked_select(Tensor mask) => new(sym_shape_masked_select(Handle, Arg(mask)));
        /// <summary>Diagonal matrices from the last dimension.</summary>
        public Tensor diag_embed() => new(sym_shape_diag_embed(Handle));
        /// <summary>The diagonal of the last two dimensions (a view).</summary>
        public Tensor diagonal(long offset = 0, long dim1 = 0, long dim2 = 1) => new(sym_shape_diagonal(Handle, offset, dim1, dim2));
        /// <summary>Lower triangle.</summary>
        public Tensor tril(long diagonal = 0) => new(sym_shape_tril(Handle, diagonal));
        /// <summary>Upper triangle.</summary>
        public Tensor triu(long diagonal = 0) => new(sym_shape_triu(Handle, diagonal));
        /// <summary>Cyclic shift along dimensions.</summary>
        public Tensor roll(long[] shifts, long[] dims) => new(sym_shape_roll(Handle, shifts, Count(shifts), dims, Count(dims)));
        /// <summary>Reverses the order along dimensions.</summary>
        public Tensor flip(params long[] dims) => new(sym_shape_flip(Handle, dims, Count(dims)));

        // The length of a size/dim list argument; a null list throws ArgumentNullException naming it.
        private static int Count(long[]? list, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(list))] string? name = null) =>
            (list ?? throw new ArgumentNullException(name)).Length;

        /// <summary>Integer indexing of the leading dimensions: t[i, j] selects (and removes) them.</summary>
        public Tensor this[params long[] indices]
        {
            get
            {
                ArgumentNullException.ThrowIfNull(indices);
                if (indices.Length == 0) return alias();
                var r = select(0, indices[0]);
                for (var k = 1; k < indices.Length; k++)
                {
                    Tensor next;
                    // An index out of range must not leak the intermediate view (it is not in any scope when none is open).
                    try { next = r.select(0, indices[k]); }
                    finally { r.Dispose(); }
                    r = next;
                }
                return r;
            }
        }

        /// <summary>General indexing: integers, slices (C# ranges), <see cref="TensorIndex.Ellipsis"/>, <see cref="TensorIndex.None"/>.</summary>
        public Tensor this[params TensorIndex[] indices] => TensorIndex.Apply(this, indices);
    }
}

/// <summary>One entry of an indexing expression, as in Python's t[1, 2:5, ..., None].</summary>
public readonly struct TensorIndex
{
    internal enum Kind { Single, Slice, Ellipsis, None }

    internal readonly Kind kind;
    internal readonly long start;
    internal readonly long? stop;
    internal readonly long step;
    internal readonly bool startFromEnd;
    internal readonly bool stopFromEnd;

    private TensorIndex(Kind kind, long start = 0, long? stop = null, long step = 1, bool startFromEnd = false, bool stopFromEnd = false)
    {
        this.kind = kind; this.start = start; this.stop = stop; this.step = step; this.startFromEnd = startFromEnd; this.stopFromEnd = stopFromEnd;
    }

    /// <summary>Selects one index (negative counts from the end) and removes the dimension.</summary>
    public static TensorIndex Single(long index) => new(Kind.Single, index);

    /// <summary>start:stop:step; null bounds are open, negative ones count from the end.</summary>
    public static TensorIndex Slice(long? start = null, long? stop = null, long step = 1)
    {
        if (step <= 0) throw new ArgumentOutOfRangeException(nameof(step), step, "Slice steps must be positive.");
        return new(Kind.Slice, start ?? 0, stop, step);
    }

    /// <summary>"...": as many full slices as needed.</summary>
    public static TensorIndex Ellipsis => new(Kind.Ellipsis);

    /// <summary>None: inserts a dimension of size 1.</summary>
    public static TensorIndex None => new(Kind.None);

    /// <summary>An integer index.</summary>
    public static implicit operator TensorIndex(long index) => Single(index);

    /// <summary>An integer index.</summary>
    public static implicit operator TensorIndex(int index) => Single(index);

    /// <summary>A C# range as a slice (^n counts from the end).</summary>
    public static implicit operator TensorIndex(Range r) =>
        new(Kind.Slice, r.Start.Value, r.End.IsFromEnd && r.End.Value == 0 ? null : r.End.Value, 1, r.Start.IsFromEnd, r.End.IsFromEnd);

    internal static torch.Tensor Apply(torch.Tensor t, TensorIndex[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var ndim = t.ndim;
        var consumed = indices.Count(i => i.kind is Kind.Single or Kind.Slice);
        if (indices.Count(i => i.kind == Kind.Ellipsis) > 1) throw new ArgumentException("An index may contain at most one ellipsis.", nameof(indices));
        if (consumed > ndim) throw new ArgumentException($"Too many indices ({consumed}) for a tensor of {ndim} dimensions.", nameof(indices));
        var r = t.alias();
        long dim = 0;
        foreach (var ix in indices)
        {
            torch.Tensor next;
            try
            {
                next = Step(r, ix, ref dim, ndim, consumed);
            }
            finally
            {
                // Out-of-range indices throw; the intermediate view must not leak (no scope may be open).
                if (ix.kind != Kind.Ellipsis) r.Dispose();
            }
            if (ix.kind != Kind.Ellipsis) r = next;
        }
        return r;
    }

    // One indexing step on r; for an ellipsis only advances dim and returns r itself.
    private static torch.Tensor Step(torch.Tensor r, TensorIndex ix, ref long dim, long ndim, int consumed)
    {
        switch (ix.kind)
        {
            case Kind.Single:
                return r.select(dim, ix.start);
            case Kind.Slice:
                var size = r.size((int)dim);
                var s = ix.startFromEnd ? size - ix.start : ix.start < 0 ? size + ix.start : ix.start;
                var e = ix.stop is null ? size : ix.stopFromEnd ? size - ix.stop.Value : ix.stop.Value < 0 ? size + ix.stop.Value : ix.stop.Value;
                return r.slice(dim++, Math.Clamp(s, 0, size), Math.Clamp(e, 0, size), ix.step);
            case Kind.None:
                return r.unsqueeze(dim++);
            default:
                dim += ndim - consumed;
                return r;
        }
    }
}
