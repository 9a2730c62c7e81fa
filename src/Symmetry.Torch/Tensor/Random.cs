using Symmetry.Torch.Native;
using static Symmetry.Torch.Native.NativeMethods;

namespace Symmetry.Torch;

public static partial class torch
{
    /// <summary>
    /// A random number generator with its own state, so seeded code never depends on global state. Numbers for a
    /// CUDA tensor are drawn on the CPU from this generator and moved, so a seed gives the same values on every device.
    /// </summary>
    public sealed class Generator : IDisposable
    {
        internal readonly GeneratorHandle handle;

        /// <summary>Creates a CPU generator seeded with <paramref name="seed"/>.</summary>
        public Generator(ulong seed = 0, Device? device = null)
        {
            var p = sym_generator_new(unchecked((long)seed));
            if (p == IntPtr.Zero) Throw.Last();
            handle = new GeneratorHandle(p);
            this.device = device ?? CPU;
        }

        /// <summary>The device the generator's numbers are meant for.</summary>
        public Device device { get; }

        /// <summary>Reseeds the generator and returns it.</summary>
        public Generator manual_seed(long seed)
        {
            sym_generator_manual_seed(Handle, seed);
            Throw.IfPending();
            return this;
        }

        /// <summary>The seed last set.</summary>
        public long initial_seed() => sym_generator_initial_seed(Handle);

        internal GeneratorHandle Handle => handle.IsClosed ? throw new ObjectDisposedException(nameof(Generator)) : handle;

        /// <summary>Releases the native generator.</summary>
        public void Dispose() => handle.Dispose();
    }

    private static GeneratorHandle Gen(Generator? g) => g?.Handle ?? GeneratorHandle.Null;

    /// <summary>Seeds the global generators (CPU and CUDA).</summary>
    public static void manual_seed(long seed)
    {
        sym_torch_manual_seed(seed);
        Throw.IfPending();
    }

    /// <summary>torch.random.</summary>
    public static class random
    {
        /// <summary>Seeds the global generators.</summary>
        public static void manual_seed(long seed) => torch.manual_seed(seed);
    }

    /// <summary>Uniform [0, 1) numbers.</summary>
    public static Tensor rand(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        var (d, t, i, g) = Opts(dtype, device, requires_grad); var s = size.ToArray();
        return new Tensor(sym_random_rand(s, s.Length, Gen(generator), d, t, i, g));
    }
    /// <summary>Uniform [0, 1) numbers.</summary>
    public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => rand((ReadOnlySpan<long>)(size ?? throw new ArgumentNullException(nameof(size))), dtype, device, requires_grad, generator);
    /// <summary>Uniform [0, 1) numbers. (1-D).</summary>
    public static Tensor rand(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => rand([size], dtype, device, requires_grad, generator);
    /// <summary>Uniform [0, 1) numbers. (2-D).</summary>
    public static Tensor rand(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => rand([rows, columns], dtype, device, requires_grad, generator);
    /// <summary>Uniform [0, 1) numbers. (3-D).</summary>
    public static Tensor rand(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => rand([dim0, dim1, dim2], dtype, device, requires_grad, generator);
    /// <summary>Uniform [0, 1) numbers. (4-D).</summary>
    public static Tensor rand(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => rand([dim0, dim1, dim2, dim3], dtype, device, requires_grad, generator);
    /// <summary>Uniform [0, 1) numbers. (1-D).</summary>
    public static Tensor rand(int size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => rand([size], dtype, device, requires_grad, generator);
    /// <summary>Uniform [0, 1) numbers. (2-D).</summary>
    public static Tensor rand(int rows, int columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => rand([rows, columns], dtype, device, requires_grad, generator);
    /// <summary>Uniform [0, 1) numbers. (3-D).</summary>
    public static Tensor rand(int dim0, int dim1, int dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => rand([dim0, dim1, dim2], dtype, device, requires_grad, generator);
    /// <summary>Uniform [0, 1) numbers. (4-D).</summary>
    public static Tensor rand(int dim0, int dim1, int dim2, int dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => rand([dim0, dim1, dim2, dim3], dtype, device, requires_grad, generator);
    /// <summary>Standard normal numbers.</summary>
    public static Tensor randn(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        var (d, t, i, g) = Opts(dtype, device, requires_grad); var s = size.ToArray();
        return new Tensor(sym_random_randn(s, s.Length, Gen(generator), d, t, i, g));
    }
    /// <summary>Standard normal numbers.</summary>
    public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => randn((ReadOnlySpan<long>)(size ?? throw new ArgumentNullException(nameof(size))), dtype, device, requires_grad, generator);
    /// <summary>Standard normal numbers. (1-D).</summary>
    public static Tensor randn(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => randn([size], dtype, device, requires_grad, generator);
    /// <summary>Standard normal numbers. (2-D).</summary>
    public static Tensor randn(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => randn([rows, columns], dtype, device, requires_grad, generator);
    /// <summary>Standard normal numbers. (3-D).</summary>
    public static Tensor randn(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => randn([dim0, dim1, dim2], dtype, device, requires_grad, generator);
    /// <summary>Standard normal numbers. (4-D).</summary>
    public static Tensor randn(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => randn([dim0, dim1, dim2, dim3], dtype, device, requires_grad, generator);
    /// <summary>Standard normal numbers. (1-D).</summary>
    public static Tensor randn(int size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => randn([size], dtype, device, requires_grad, generator);
    /// <summary>Standard normal numbers. (2-D).</summary>
    public static Tensor randn(int rows, int columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => randn([rows, columns], dtype, device, requires_grad, generator);
    /// <summary>Standard normal numbers. (3-D).</summary>
    public static Tensor randn(int dim0, int dim1, int dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => randn([dim0, dim1, dim2], dtype, device, requires_grad, generator);
    /// <summary>Standard normal numbers. (4-D).</summary>
    public static Tensor randn(int dim0, int dim1, int dim2, int dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => randn([dim0, dim1, dim2, dim3], dtype, device, requires_grad, generator);
    /// <summary>Uniform integers in [low, high) (int64 by default).</summary>
    public static Tensor randint(long low, long high, ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        if (high <= low) throw new ArgumentException($"randint needs low < high; got [{low}, {high}).", nameof(high));
        var (d, t, i, g) = Opts(dtype ?? ScalarType.Int64, device, requires_grad); var s = size.ToArray();
        return new Tensor(sym_random_randint(low, high, s, s.Length, Gen(generator), d, t, i, g));
    }
    /// <summary>Uniform integers in [0, high).</summary>
    public static Tensor randint(long high, ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) =>
        randint(0, high, size, dtype, device, requires_grad, generator);
    /// <summary>A random permutation of 0..n−1 (int64 by default).</summary>
    public static Tensor randperm(long n, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "randperm needs n ≥ 0.");
        var (d, t, i, g) = Opts(dtype ?? ScalarType.Int64, device, requires_grad);
        return new Tensor(sym_random_randperm(n, Gen(generator), d, t, i, g));
    }
    /// <summary>Uniform numbers shaped like <paramref name="input"/>.</summary>
    public static Tensor rand_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) =>
        rand(NotNull(input).shape, dtype ?? input.dtype, device ?? input.device, requires_grad, generator);
    /// <summary>Normal numbers shaped like <paramref name="input"/>.</summary>
    public static Tensor randn_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) =>
        randn(NotNull(input).shape, dtype ?? input.dtype, device ?? input.device, requires_grad, generator);
    /// <summary>Bernoulli draws with probabilities <paramref name="p"/>.</summary>
    public static Tensor bernoulli(Tensor p, Generator? generator = null) => new(sym_random_bernoulli(Arg(p), Gen(generator)));

    public partial class Tensor
    {
        /// <summary>Fills with U(from, to) in place, without recording autograd.</summary>
        public Tensor uniform_(double from = 0, double to = 1, Generator? generator = null) => new(sym_random_uniform_(Handle, from, to, Gen(generator)));
        /// <summary>Fills with N(mean, std²) in place, without recording autograd.</summary>
        public Tensor normal_(double mean = 0, double std = 1, Generator? generator = null) => new(sym_random_normal_(Handle, mean, std, Gen(generator)));
    }
}
