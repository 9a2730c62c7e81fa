using Microsoft.ML.Symmetry.Torch.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>
/// Pseudo-spectral λ–ω reaction–diffusion solver on a periodic square, on <c>torch.fft</c> in float64 (Champion et
/// al., PNAS 116 (2019) 22445, SindyAutoencoders rd_solver/reaction_diffusion.m; reused by LaLiGAN, Yang et al.,
/// Yang et al. §3): u_t = (1 − A²) u + β A² v + d1 Δu, v_t = −β A² u + (1 − A²) v + d2 Δv, A² = u² + v².
/// </summary>
/// <remarks>
/// Time stepping: integrating-factor RK4 (L. N. Trefethen, "Spectral Methods in MATLAB", SIAM 2000, program 27):
/// diffusion is integrated exactly by e^(−d K² dt), the reaction is evaluated in physical space without dealiasing,
/// as the original. u and v travel as one complex field w = u + i v, whose reaction term is
/// (1 − (1 + iβ)|w|²) w, so each right-hand side costs one inverse and one forward complex 2-D FFT. The state is
/// W = FFT(u + i v) of shape (B, n, n): a batch of B independent fields sharing the parameters. The linear
/// propagator is e^(−d1K²h) on û and e^(−d2K²h) on v̂; on W it reads P_h(W) = a_h W + b_h conj(W(−k)) with
/// a_h, b_h = (e^(−d1K²h) ± e^(−d2K²h))/2, so b_h = 0 (a plain product) when d1 = d2.
/// Every step runs inside its own dispose scope; the solver owns its state and constants (dispose it).
/// </remarks>
internal sealed class ReactionDiffusionSolver : IDisposable
{
    private readonly int _n;
    private readonly double _dt;
    private readonly bool _reaction;
    private readonly Tensor _aHalf, _aFull;            // (n, n) float64
    private readonly Tensor? _bHalf, _bFull;           // null when d1 = d2
    private readonly Tensor _onePlusIBeta;             // complex128 scalar 1 + iβ
    private readonly Tensor _imaginaryUnit;            // complex128 scalar i
    private Tensor? _w;                                // (B, n, n) complex128 spectral state

    public ReactionDiffusionSolver(int n, double length, double d1, double d2, double beta, double dt, bool reaction = true, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        TorchRuntime.EnsureAvailable();
        _n = n;
        _dt = dt;
        _reaction = reaction;
        Device = device ?? CPU;
        var k = new double[n];
        for (int i = 0; i < n; i++) k[i] = Wavenumber(i, n, length);
        var k2 = new double[n * n];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++) k2[r * n + c] = k[r] * k[r] + k[c] * k[c];
        double[] Factor(double d, double h) => [.. k2.Select(q => Math.Exp(-d * q * h))];
        Tensor Real(double[] values) => tensor(values, [n, n], float64, Device);
        var (e1h, e2h, e1, e2) = (Factor(d1, dt / 2), Factor(d2, dt / 2), Factor(d1, dt), Factor(d2, dt));
        _aHalf = Real([.. e1h.Zip(e2h, (a, b) => (a + b) / 2)]);
        _aFull = Real([.. e1.Zip(e2, (a, b) => (a + b) / 2)]);
        if (d1 != d2)
        {
            _bHalf = Real([.. e1h.Zip(e2h, (a, b) => (a - b) / 2)]);
            _bFull = Real([.. e1.Zip(e2, (a, b) => (a - b) / 2)]);
        }
        _onePlusIBeta = ComplexScalar(1, beta);
        _imaginaryUnit = ComplexScalar(0, 1);
    }

    /// <summary>Wavenumber of FFT index i: (2π/L)·[0..n/2−1, −n/2..−1].</summary>
    public static double Wavenumber(int i, int n, double length) => 2 * Math.PI / length * (i < n / 2 ? i : i - n);

    public int N => _n;

    /// <summary>Where the state lives.</summary>
    public Device Device { get; }

    /// <summary>Time since the last <see cref="SetState(Tensor, Tensor)"/>.</summary>
    public double Time { get; private set; }

    /// <summary>Batch size of the current state.</summary>
    public long BatchSize => _w?.shape[0] ?? 0;

    /// <summary>A complex128 scalar re + i·im on the device (written through the real/imaginary views: exact).</summary>
    private Tensor ComplexScalar(double re, double im)
    {
        var z = zeros([], complex128, Device);
        using (var r = z.real) r.fill_(re).Dispose();
        using (var i = z.imag) i.fill_(im).Dispose();
        return z.DetachFromDisposeScope();
    }

    /// <summary>Sets the state from physical fields u, v of shape (B, n, n) or (n, n) (row = y index, column = x index).</summary>
    public void SetState(Tensor u, Tensor v)
    {
        using var scope = NewDisposeScope();
        var uu = u.to(Device).to(float64);
        var vv = v.to(Device).to(float64);
        if (uu.ndim == 2) { uu = uu.unsqueeze(0); vv = vv.unsqueeze(0); }
        if (uu.ndim != 3 || uu.shape[1] != _n || uu.shape[2] != _n || !uu.shape.SequenceEqual(vv.shape))
            throw new ArgumentException($"u and v must both have shape (B, {_n}, {_n}) or ({_n}, {_n}).");
        var w = fft.fft2(uu.to(complex128) + vv * _imaginaryUnit);
        _w?.Dispose();
        _w = w.DetachFromDisposeScope();
        Time = 0;
    }

    /// <summary>Sets a single (B = 1) state from row-major arrays.</summary>
    public void SetState(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        using var scope = NewDisposeScope();
        SetState(TensorSpans.FromSpan(u, [_n, _n]), TensorSpans.FromSpan(v, [_n, _n]));
    }

    /// <summary>The physical field u + i v of the current state, (B, n, n) complex128, in the caller's dispose scope.</summary>
    public Tensor Physical() => fft.ifft2(State);

    /// <summary>Writes the physical fields of batch member 0 (row-major).</summary>
    public void GetState(Span<double> u, Span<double> v)
    {
        using var scope = NewDisposeScope();
        var w = Physical()[0].cpu();
        w.real.contiguous().CopyTo(u);
        w.imag.contiguous().CopyTo(v);
    }

    private Tensor State => _w ?? throw new InvalidOperationException("Call SetState first.");

    /// <summary>P_h(X) = a_h X + b_h conj(X(−k)).</summary>
    private Tensor Propagate(Tensor x, bool half)
    {
        var a = half ? _aHalf : _aFull;
        var b = half ? _bHalf : _bFull;
        if (b is null) return x * a;
        // X(−k): flip maps index r to n − 1 − r, the roll by one to n − r (mod n). conj z = 2 Re z − z.
        var reflected = x.flip(-2, -1).roll([1, 1], [-2, -1]);
        var conj = reflected.real * 2.0 - reflected;
        return x * a + conj * b;
    }

    /// <summary>FFT of the reaction term (1 − (1 + iβ)|w|²) w at spectral state <paramref name="x"/>; <paramref name="physical"/> = w.</summary>
    private Tensor Nonlinear(Tensor x, out Tensor physical)
    {
        physical = fft.ifft2(x);
        if (!_reaction) return zeros_like(x);
        var a2 = physical.real.square() + physical.imag.square();
        return fft.fft2(physical - physical * _onePlusIBeta * a2);
    }

    /// <summary>
    /// One integrating-factor RK4 step of size dt. Returns the physical field u + i v (B, n, n) at the start of the
    /// step (computed anyway by the first stage), in the caller's dispose scope.
    /// </summary>
    public Tensor Step()
    {
        var w = State;
        double h = _dt, h2 = _dt / 2;
        Tensor next, start;
        using (var scope = NewDisposeScope())
        {
            var a = Nonlinear(w, out start);
            var wHalf = Propagate(w, half: true);
            var b = Nonlinear(Propagate(w + a * h2, half: true), out _);
            var c = Nonlinear(wHalf + b * h2, out _);
            var wFull = Propagate(w, half: false);
            var d = Nonlinear(wFull + Propagate(c, half: true) * h, out _);
            next = wFull + (Propagate(a, half: false) + Propagate(b + c, half: true) * 2.0 + d) * (h / 6);
            scope.Detach(next);
            scope.MoveToOuter(start);
        }
        w.Dispose();
        _w = next;
        Time += _dt;
        return start;
    }

    public void Dispose()
    {
        _w?.Dispose();
        _w = null;
        _aHalf.Dispose(); _aFull.Dispose();
        _bHalf?.Dispose(); _bFull?.Dispose();
        _onePlusIBeta.Dispose();
        _imaginaryUnit.Dispose();
    }
}
