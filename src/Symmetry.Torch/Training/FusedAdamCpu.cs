using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// Adam's update as one pass over contiguous float32 or float64 CPU buffers: per element m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// p ← p + s·(m / (√v / c₂ + ε)), the operations and their order of <c>torch.optim.Adam</c>'s single-tensor update
/// (s = −lr / (1 − β₁ᵗ), c₂ = √(1 − β₂ᵗ)). The update is memory-bound: libtorch's eight kernels read and write the
/// four buffers about twenty times, this loop seven (measured for 3.2 M parameters at one thread: 1.7 ms against 8.5–10.5 ms).
/// Buffers above <see cref="ParallelFrom"/> elements are split over <c>torch.get_num_threads()</c> workers.
/// </summary>
internal static class FusedAdamCpu
{
    /// <summary>Below this many elements one thread does the whole update (a few hundred microseconds at most).</summary>
    internal const long ParallelFrom = 1 << 22;

    private const int Chunk = 1 << 16;

    /// <summary>Whether the buffers qualify: CPU, float32 or float64 (OracleFlows trains in float64), contiguous.</summary>
    internal static bool Applies(Tensor parameters) =>
        parameters.device_type == DeviceType.CPU && parameters.dtype is ScalarType.Float32 or ScalarType.Float64 && parameters.is_contiguous();

    /// <summary>One Adam update of <paramref name="p"/> from <paramref name="g"/>, with moments <paramref name="m"/>, <paramref name="v"/> (all the same length).</summary>
    internal static unsafe void Step(Tensor p, Tensor g, Tensor m, Tensor v, double beta1, double beta2, double correction2, double epsilon, double stepSize)
    {
        var length = p.numel();
        var single = p.dtype == ScalarType.Float32;
        fixed (byte* pb = p.bytes, gb = g.bytes, mb = m.bytes, vb = v.bytes)
        {
            var (pp, gp, mp, vp) = ((nint)pb, (nint)gb, (nint)mb, (nint)vb);
            void Range(long start, long end)
            {
                if (single)
                    Update((float*)pp + start, (float*)gp + start, (float*)mp + start, (float*)vp + start, end - start,
                           (float)beta1, (float)beta2, (float)correction2, (float)epsilon, (float)stepSize);
                else
                    Update((double*)pp + start, (double*)gp + start, (double*)mp + start, (double*)vp + start, end - start, beta1, beta2, correction2, epsilon, stepSize);
            }
            var workers = (int)Math.Min(get_num_threads(), (length + Chunk - 1) / Chunk);
            if (length < ParallelFrom || workers <= 1)
            {
                Range(0, length);
                return;
            }
            var chunks = (length + Chunk - 1) / Chunk;
            Parallel.For(0L, chunks, new ParallelOptions { MaxDegreeOfParallelism = workers }, c => Range(c * Chunk, Math.Min(length, (c + 1) * Chunk)));
        }
    }

    /// <summary>
    /// <see cref="Step(Tensor, Tensor, Tensor, Tensor, double, double, double, double, double)"/> with the gradient given as
    /// consecutive pieces (contiguous CPU tensors of <paramref name="p"/>'s dtype whose lengths add up to <paramref name="p"/>'s), each read in
    /// place; one thread (for the small models that pass gradients this way).
    /// </summary>
    internal static unsafe void Step(Tensor p, ReadOnlySpan<Tensor> gradients, Tensor m, Tensor v, double beta1, double beta2, double correction2, double epsilon, double stepSize)
    {
        var length = p.numel();
        var single = p.dtype == ScalarType.Float32;
        fixed (byte* pb = p.bytes, mb = m.bytes, vb = v.bytes)
        {
            long offset = 0;
            foreach (var g in gradients)
            {
                var n = g.numel();
                if (offset + n > length) throw new ArgumentException("The gradients hold more elements than the parameters.", nameof(gradients));
                fixed (byte* gb = g.bytes)
                {
                    if (single)
                        Update((float*)pb + offset, (float*)gb, (float*)mb + offset, (float*)vb + offset, n,
                               (float)beta1, (float)beta2, (float)correction2, (float)epsilon, (float)stepSize);
                    else
                        Update((double*)pb + offset, (double*)gb, (double*)mb + offset, (double*)vb + offset, n, beta1, beta2, correction2, epsilon, stepSize);
                }
                offset += n;
            }
            if (offset != length) throw new ArgumentException($"The gradients hold {offset} elements; the parameters {length}.", nameof(gradients));
        }
    }

    private static unsafe void Update<T>(T* p, T* g, T* m, T* v, long length, T beta1, T beta2, T correction2, T epsilon, T stepSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var oneMinus1 = T.One - beta1;
        var oneMinus2 = T.One - beta2;
        correction2 = T.One / correction2;
        long i = 0;
        var w = Vector<T>.Count;
        var vb1 = new Vector<T>(beta1);
        var va1 = new Vector<T>(oneMinus1);
        var vb2 = new Vector<T>(beta2);
        var va2 = new Vector<T>(oneMinus2);
        var vc2 = new Vector<T>(correction2);
        var veps = new Vector<T>(epsilon);
        var vs = new Vector<T>(stepSize);
        for (; i + w <= length; i += w)
        {
            var gv = Vector.Load(g + i);
            var mv = Vector.Load(m + i) * vb1 + gv * va1;
            var vv = Vector.Load(v + i) * vb2 + gv * gv * va2;
            mv.Store(m + i);
            vv.Store(v + i);
            (Vector.Load(p + i) + vs * (mv / (Vector.SquareRoot(vv) * vc2 + veps))).Store(p + i);
        }
        for (; i < length; i++)
        {
            var gi = g[i];
            var mi = m[i] * beta1 + gi * oneMinus1;
            var vi = v[i] * beta2 + gi * gi * oneMinus2;
            m[i] = mi;
            v[i] = vi;
            p[i] += stepSize * (mi / (T.Sqrt(vi) * correction2 + epsilon));
        }
    }
}
