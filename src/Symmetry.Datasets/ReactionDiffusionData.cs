using Microsoft.ML.Symmetry.Torch.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry;

/// <summary>Array generator for the λ–ω reaction–diffusion frames (Yang et al. §3; recipe in reference/datasets.md §3).</summary>
internal static class ReactionDiffusionData
{
    public const double MaskCoefficient = 0.01;

    public static DatasetTable Generate(int frames, int gridSize, int? outputSize, double dt, double d1, double d2, double beta,
        double length, int arms, double noise, bool pairs, long seed, Device? device = null)
    {
        Check.Count(frames, nameof(frames));
        if (pairs && frames < 2) throw new ArgumentOutOfRangeException(nameof(frames), frames, "Pairs need at least 2 frames.");
        ArgumentOutOfRangeException.ThrowIfLessThan(gridSize, 4);
        int m = outputSize ?? gridSize;
        if (m < 2 || m > gridSize)
            throw new ArgumentOutOfRangeException(nameof(outputSize), m, $"'outputSize' must be in [2, gridSize = {gridSize}].");
        Check.Positive(dt, nameof(dt));
        Check.Positive(length, nameof(length));
        if (!(d1 >= 0) || !(d2 >= 0)) throw new ArgumentOutOfRangeException(nameof(d1), "Diffusion coefficients must be non-negative.");
        Check.Finite(beta, nameof(beta));
        if (!(noise >= 0)) throw new ArgumentOutOfRangeException(nameof(noise), noise, "'noise' must be non-negative.");

        int n = gridSize, mm = m * m;
        TorchRuntime.EnsureAvailable();
        var dev = device ?? CPU;
        var mask = Mask(m, length);
        var data = new float[(long)frames * mm > int.MaxValue ? throw new ArgumentOutOfRangeException(nameof(frames), "Too many frames × pixels for one array.") : frames * mm];
        var time = new float[frames];
        var rng = new SymmetryRandom(seed);
        int probe = ProbeIndex(m, length);
        var probeSeries = new double[frames];
        double maxAbs = 0;
        // Frames travel to the host in chunks of up to 128 (one transfer, and one batched resampling, per chunk).
        int chunk = Math.Clamp((1 << 22) / (n * n), 1, 128);
        var host = new double[chunk * mm];
        using (no_grad())
        using (var solver = new ReactionDiffusionSolver(n, length, d1, d2, beta, dt, reaction: true, dev))
        using (var resampler = m == n ? null : new SpectralResampler(n, m, dev))
        {
            var (u0, v0) = InitialCondition(n, length, arms);
            solver.SetState(u0, v0);
            // Frame i is the state at t = dt (i + 1); Step returns the state at the start of each step, so run one extra step.
            using (NewDisposeScope()) solver.Step();
            for (int first = 0; first < frames; first += chunk)
            {
                int count = Math.Min(chunk, frames - first);
                using (var scope = NewDisposeScope())
                {
                    var batch = new Tensor[count];
                    for (int j = 0; j < count; j++)
                    {
                        using var step = NewDisposeScope();
                        batch[j] = step.MoveToOuter(solver.Step()[0].real);
                    }
                    var u = stack(batch);
                    if (resampler is not null) u = resampler.Resample(u);
                    u.cpu().contiguous().CopyTo(host.AsSpan(0, count * mm));
                }
                for (int j = 0; j < count; j++)
                {
                    int i = first + j;
                    var frame = host.AsSpan(j * mm, mm);
                    for (int p = 0; p < mm; p++)
                    {
                        maxAbs = Math.Max(maxAbs, Math.Abs(frame[p]));
                        double px = mask[p] * frame[p];
                        if (noise > 0) px += noise * rng.NextGaussian();
                        data[i * mm + p] = (float)px;
                    }
                    probeSeries[i] = frame[probe];
                    time[i] = (float)(dt * (i + 1));
                }
            }
        }

        int test = (int)Math.Round(frames * 0.1), val = test, train = frames - test - val;
        var splitOf = new float[frames];
        for (int i = 0; i < frames; i++) splitOf[i] = i < train ? 0 : (i < train + val ? 1 : 2);
        double period = MeasurePeriod(probeSeries, dt, skipFraction: 0.2);

        var columns = new List<DatasetColumn>();
        int rows;
        if (pairs)
        {
            var src = new List<int>();
            for (int i = 0; i + 1 < frames; i++) if (splitOf[i] == splitOf[i + 1]) src.Add(i);
            int[] a = [.. src], b = [.. src.Select(i => i + 1)];
            rows = a.Length;
            var feat = new DatasetColumn("Features", data, mm, true, a);
            columns.Add(feat);
            columns.Add(feat.Alias("Source"));
            columns.Add(new DatasetColumn("Target", data, mm, true, b));
            columns.Add(new DatasetColumn("Time", time, 1, false, a));
            columns.Add(new DatasetColumn("Split", splitOf, 1, false, a));
        }
        else
        {
            rows = frames;
            columns.Add(DatasetColumn.Vector("Features", data, mm));
            columns.Add(DatasetColumn.Scalar("Time", time));
            columns.Add(DatasetColumn.Scalar("Split", splitOf));
        }

        var latent = new double[,] { { 0, -1 }, { 1, 0 } };
        var refs = new Dictionary<string, double>
        {
            ["FrameCount"] = frames,
            ["TrainFrames"] = train,
            ["ValidationFrames"] = val,
            ["TestFrames"] = test,
            ["Dt"] = dt,
            ["GridSize"] = n,
            ["OutputSize"] = m,
            ["Length"] = length,
            ["MaskCoefficient"] = MaskCoefficient,
            ["MaxAbsU"] = maxAbs,
            ["Period"] = period,
            ["AngularFrequency"] = 2 * Math.PI / period,
            ["ProbeIndex"] = probe,
        };
        var info = new DatasetInfo(
            "reaction-diffusion",
            $"λ–ω reaction–diffusion on a periodic {length}×{length} square ({n}×{n} spectral grid, output {m}×{m}), spiral initial condition with {arms} arm(s), " +
            $"d1 = {d1}, d2 = {d2}, β = {beta}, dt = {dt}; frames of u × exp(−{MaskCoefficient} r²) plus {noise}·N(0,1), flattened row-major (row = y). " +
            "The spiral rotates rigidly: a limit cycle, so the frames trace a closed 1-D curve (latent SO(2)); the PDE is exactly invariant under phase rotations (u, v) → R(α)(u, v)." +
            (pairs ? " Rows are consecutive (t, t + dt) pairs inside each consecutive train/validation/test split." : ""),
            "K. Champion et al., PNAS 116 (2019) 22445 (SindyAutoencoders rd_solver); J. Yang et al., latent LieGAN §3; integrating-factor RK4 on torch.fft (float64): Trefethen, Spectral Methods in MATLAB (2000) p27; reference/datasets.md §3",
            ["u[row,col]"], ["1"],
            intrinsicDimension: 1, embeddingDimension: mm,
            generators: [new SymmetryGenerator("phase rotation (latent)", latent, SymmetryKind.Latent, "latent limit-cycle plane")],
            referenceValues: refs,
            parameters: Geometry.Params(("frames", frames), ("gridSize", n), ("outputSize", m), ("dt", dt), ("d1", d1), ("d2", d2),
                ("beta", beta), ("length", length), ("arms", arms), ("noise", noise), ("pairs", pairs), ("seed", seed)));
        return new DatasetTable(info, rows, columns);
    }

    /// <summary>Spiral u = tanh(r) cos(m θ − r), v = tanh(r) sin(m θ − r) on x = y = linspace(−L/2, L/2, n+1)[0..n−1].</summary>
    public static (double[] U, double[] V) InitialCondition(int n, double length, int arms)
    {
        var u = new double[n * n];
        var v = new double[n * n];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
            {
                double x = Coordinate(c, n, length), y = Coordinate(r, n, length);
                double rad = Math.Sqrt(x * x + y * y), th = Math.Atan2(y, x);
                u[r * n + c] = Math.Tanh(rad) * Math.Cos(arms * th - rad);
                v[r * n + c] = Math.Tanh(rad) * Math.Sin(arms * th - rad);
            }
        return (u, v);
    }

    public static double Coordinate(int i, int n, double length) => -length / 2 + length * i / n;

    public static double[] Mask(int m, double length)
    {
        var mask = new double[m * m];
        for (int r = 0; r < m; r++)
            for (int c = 0; c < m; c++)
            {
                double x = Coordinate(c, m, length), y = Coordinate(r, m, length);
                mask[r * m + c] = Math.Exp(-MaskCoefficient * (x * x + y * y));
            }
        return mask;
    }

    /// <summary>The output pixel nearest to (x, y) = (L/4, 0), where the rotating spiral gives a clean oscillation.</summary>
    public static int ProbeIndex(int m, double length) => (m / 2) * m + (int)Math.Round((length / 4 + length / 2) * m / length);

    /// <summary>Mean spacing of upward zero crossings (linear interpolation) after a transient; NaN when fewer than two.</summary>
    public static double MeasurePeriod(ReadOnlySpan<double> series, double dt, double skipFraction)
    {
        var crossings = new List<double>();
        for (int i = Math.Max(1, (int)(series.Length * skipFraction)); i < series.Length; i++)
            if (series[i - 1] < 0 && series[i] >= 0)
                crossings.Add(dt * (i - 1 + series[i - 1] / (series[i - 1] - series[i])));
        return crossings.Count < 2 ? double.NaN : (crossings[^1] - crossings[0]) / (crossings.Count - 1);
    }
}

/// <summary>
/// Band-limited (Fourier) resampling of periodic n×n fields to m×m (m ≤ n) on <c>torch.fft</c> in float64: keep the
/// modes |k| &lt; m/2 of each field's 2-D FFT, drop the rest (and the Nyquist mode of an even m), inverse FFT at size
/// m. Exact for fields whose spectrum already lies below the new Nyquist frequency. Batched over leading dims.
/// </summary>
internal sealed class SpectralResampler : IDisposable
{
    private readonly int _n, _m;
    private readonly Tensor _index;   // (m) int64: FFT index on the n-grid of each m-grid mode (0 for the dropped Nyquist)
    private readonly Tensor _keep;    // (m, m) float64: m²/n² on kept modes, 0 on the Nyquist row/column of an even m

    public SpectralResampler(int n, int m, Device? device = null)
    {
        if (m < 1 || m > n) throw new ArgumentOutOfRangeException(nameof(m), m, $"The output size must be in [1, {n}].");
        TorchRuntime.EnsureAvailable();
        _n = n; _m = m;
        var dev = device ?? CPU;
        int half = (m - 1) / 2;   // keep |k| ≤ half
        var index = new long[m];
        var keep1 = new double[m];
        for (int j = 0; j < m; j++)
        {
            int k = j <= half ? j : j - m;   // signed mode of m-grid index j
            if (Math.Abs(k) > half) continue;
            index[j] = (k + n) % n;
            keep1[j] = 1;
        }
        var keep = new double[m * m];
        double scale = (double)(m * m) / ((double)n * n);
        for (int r = 0; r < m; r++)
            for (int c = 0; c < m; c++) keep[r * m + c] = keep1[r] * keep1[c] * scale;
        _index = tensor(index, dtype: int64, device: dev).DetachFromDisposeScope();
        _keep = tensor(keep, [m, m], float64, dev).DetachFromDisposeScope();
    }

    /// <summary>Resamples real fields (…, n, n) to (…, m, m) float64, in the caller's dispose scope.</summary>
    public Tensor Resample(Tensor fields)
    {
        Tensor result;
        using (var scope = NewDisposeScope())
        {
            var spectrum = fft.fft2(fields.to(float64));
            var low = spectrum.index_select(-2, _index).index_select(-1, _index) * _keep;
            result = scope.MoveToOuter(fft.ifft2(low).real.contiguous());
        }
        return result;
    }

    /// <summary>Resamples one row-major field.</summary>
    public void Resample(ReadOnlySpan<double> field, Span<double> output)
    {
        using var scope = NewDisposeScope();
        Resample(TensorSpans.FromSpan(field, [_n, _n], _keep.device)).cpu().contiguous().CopyTo(output);
    }

    public void Dispose()
    {
        _index.Dispose();
        _keep.Dispose();
    }
}
