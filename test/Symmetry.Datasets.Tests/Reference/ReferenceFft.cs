namespace Microsoft.ML.Symmetry.Datasets.Tests.Reference;

/// <summary>
/// TEST REFERENCE (the generator's previous FFT, kept for <see cref="ReferenceReactionDiffusionSolver"/>):
/// a mixed-radix complex FFT of any length (specialised radix-2, 3, 4 and 5 butterflies, direct DFT for other
/// prime factors), in the Stockham auto-sort formulation (C. Van Loan, "Computational Frameworks for the Fast
/// Fourier Transform", SIAM 1992, §1.7): stage q with radix r, L = l·r, m = n/L maps
/// X'[(j + l s) m + k] = Σ_t ω_r^(s t) ω_L^(j t) X[j (n/l) + k + t m].
/// Forward transform X_k = Σ x_j e^(−2πi jk/n) (numpy/torch convention); inverse divides by n.
/// Written in C# so the reaction–diffusion data are bit-for-bit reproducible with no native dependency.
/// </summary>
internal sealed class Fft
{
    private readonly int _n;
    private readonly int[] _radix;
    private readonly double[][] _twRe, _twIm;   // per stage: ω_L^(j t), index j*r + t
    private readonly double[] _bufRe, _bufIm;

    public Fft(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        _n = n;
        var radices = new List<int>();
        int rem = n;
        while (rem % 4 == 0) { radices.Add(4); rem /= 4; }
        foreach (int p in new[] { 2, 3, 5 })
            while (rem % p == 0) { radices.Add(p); rem /= p; }
        for (int p = 7; rem > 1; p += 2)
            while (rem % p == 0) { radices.Add(p); rem /= p; }
        _radix = [.. radices];
        _twRe = new double[_radix.Length][];
        _twIm = new double[_radix.Length][];
        int l = 1;
        for (int q = 0; q < _radix.Length; q++)
        {
            int r = _radix[q], big = l * r;
            _twRe[q] = new double[l * r];
            _twIm[q] = new double[l * r];
            for (int j = 0; j < l; j++)
                for (int t = 0; t < r; t++)
                {
                    double a = -2 * Math.PI * ((long)j * t % big) / big;
                    _twRe[q][j * r + t] = Math.Cos(a);
                    _twIm[q][j * r + t] = Math.Sin(a);
                }
            l = big;
        }
        _bufRe = new double[n];
        _bufIm = new double[n];
    }

    public int Length => _n;

    /// <summary>In-place forward transform of (re, im).</summary>
    public void Forward(Span<double> re, Span<double> im)
    {
        Span<double> xr = re, xi = im, yr = _bufRe, yi = _bufIm;
        int l = 1;
        bool inBuffer = false;
        for (int q = 0; q < _radix.Length; q++)
        {
            int r = _radix[q], m = _n / (l * r), stride = _n / l;
            Stage(r, l, m, stride, xr, xi, yr, yi, _twRe[q], _twIm[q]);
            var tr = xr; xr = yr; yr = tr;
            var ti = xi; xi = yi; yi = ti;
            inBuffer = !inBuffer;
            l *= r;
        }
        if (inBuffer)
        {
            xr.CopyTo(re);
            xi.CopyTo(im);
        }
    }

    /// <summary>In-place inverse transform (conjugate, forward, conjugate, divide by n).</summary>
    public void Inverse(Span<double> re, Span<double> im)
    {
        for (int i = 0; i < _n; i++) im[i] = -im[i];
        Forward(re, im);
        double s = 1.0 / _n;
        for (int i = 0; i < _n; i++) { re[i] *= s; im[i] = -im[i] * s; }
    }

    private static void Stage(int r, int l, int m, int stride, Span<double> xr, Span<double> xi, Span<double> yr, Span<double> yi, double[] twr, double[] twi)
    {
        Span<double> ar = stackalloc double[r];
        Span<double> ai = stackalloc double[r];
        for (int j = 0; j < l; j++)
        {
            int inBase = j * stride, outBase = j * m, lm = l * m;
            for (int k = 0; k < m; k++)
            {
                // Load and twiddle.
                for (int t = 0; t < r; t++)
                {
                    double vr = xr[inBase + k + t * m], vi = xi[inBase + k + t * m];
                    double wr = twr[j * r + t], wi = twi[j * r + t];
                    ar[t] = vr * wr - vi * wi;
                    ai[t] = vr * wi + vi * wr;
                }
                int o = outBase + k;
                switch (r)
                {
                    case 2:
                        yr[o] = ar[0] + ar[1]; yi[o] = ai[0] + ai[1];
                        yr[o + lm] = ar[0] - ar[1]; yi[o + lm] = ai[0] - ai[1];
                        break;
                    case 4:
                    {
                        double s0r = ar[0] + ar[2], s0i = ai[0] + ai[2], d0r = ar[0] - ar[2], d0i = ai[0] - ai[2];
                        double s1r = ar[1] + ar[3], s1i = ai[1] + ai[3], d1r = ar[1] - ar[3], d1i = ai[1] - ai[3];
                        yr[o] = s0r + s1r; yi[o] = s0i + s1i;
                        yr[o + lm] = d0r + d1i; yi[o + lm] = d0i - d1r;          // a0 − i a1 − a2 + i a3
                        yr[o + 2 * lm] = s0r - s1r; yi[o + 2 * lm] = s0i - s1i;
                        yr[o + 3 * lm] = d0r - d1i; yi[o + 3 * lm] = d0i + d1r;  // a0 + i a1 − a2 − i a3
                        break;
                    }
                    case 3:
                    {
                        const double c = -0.5, s = -0.86602540378443864676;   // cos, sin(−2π/3)
                        double tr = ar[1] + ar[2], ti = ai[1] + ai[2];
                        double ur = ar[1] - ar[2], ui = ai[1] - ai[2];
                        yr[o] = ar[0] + tr; yi[o] = ai[0] + ti;
                        double br = ar[0] + c * tr, bi = ai[0] + c * ti;
                        yr[o + lm] = br - s * ui; yi[o + lm] = bi + s * ur;
                        yr[o + 2 * lm] = br + s * ui; yi[o + 2 * lm] = bi - s * ur;
                        break;
                    }
                    case 5:
                    {
                        const double c1 = 0.30901699437494742410, c2 = -0.80901699437494742410;
                        const double s1 = -0.95105651629515357212, s2 = -0.58778525229247312917;   // sin(−2π/5), sin(−4π/5)
                        double t1r = ar[1] + ar[4], t1i = ai[1] + ai[4], u1r = ar[1] - ar[4], u1i = ai[1] - ai[4];
                        double t2r = ar[2] + ar[3], t2i = ai[2] + ai[3], u2r = ar[2] - ar[3], u2i = ai[2] - ai[3];
                        yr[o] = ar[0] + t1r + t2r; yi[o] = ai[0] + t1i + t2i;
                        double b1r = ar[0] + c1 * t1r + c2 * t2r, b1i = ai[0] + c1 * t1i + c2 * t2i;
                        double b2r = ar[0] + c2 * t1r + c1 * t2r, b2i = ai[0] + c2 * t1i + c1 * t2i;
                        // i·(s1 u1 + s2 u2) and i·(s2 u1 − s1 u2)
                        double e1r = -(s1 * u1i + s2 * u2i), e1i = s1 * u1r + s2 * u2r;
                        double e2r = -(s2 * u1i - s1 * u2i), e2i = s2 * u1r - s1 * u2r;
                        yr[o + lm] = b1r + e1r; yi[o + lm] = b1i + e1i;
                        yr[o + 4 * lm] = b1r - e1r; yi[o + 4 * lm] = b1i - e1i;
                        yr[o + 2 * lm] = b2r + e2r; yi[o + 2 * lm] = b2i + e2i;
                        yr[o + 3 * lm] = b2r - e2r; yi[o + 3 * lm] = b2i - e2i;
                        break;
                    }
                    default:
                        for (int s = 0; s < r; s++)
                        {
                            double sr = 0, si = 0;
                            for (int t = 0; t < r; t++)
                            {
                                double a = -2 * Math.PI * (s * t % r) / r;
                                double wr = Math.Cos(a), wi = Math.Sin(a);
                                sr += ar[t] * wr - ai[t] * wi;
                                si += ar[t] * wi + ai[t] * wr;
                            }
                            yr[o + s * lm] = sr; yi[o + s * lm] = si;
                        }
                        break;
                }
            }
        }
    }
}

/// <summary>2-D FFT of an n×n row-major complex field: 1-D transforms along rows, then along columns.</summary>
internal sealed class Fft2
{
    private readonly Fft _fft;
    private readonly double[] _colRe, _colIm;

    public Fft2(int n)
    {
        _fft = new Fft(n);
        N = n;
        _colRe = new double[n];
        _colIm = new double[n];
    }

    public int N { get; }

    public void Forward(double[] re, double[] im) => Transform(re, im, inverse: false);

    public void Inverse(double[] re, double[] im) => Transform(re, im, inverse: true);

    private void Transform(double[] re, double[] im, bool inverse)
    {
        int n = N;
        for (int r = 0; r < n; r++)
        {
            var sr = re.AsSpan(r * n, n);
            var si = im.AsSpan(r * n, n);
            if (inverse) _fft.Inverse(sr, si); else _fft.Forward(sr, si);
        }
        for (int c = 0; c < n; c++)
        {
            for (int r = 0; r < n; r++) { _colRe[r] = re[r * n + c]; _colIm[r] = im[r * n + c]; }
            if (inverse) _fft.Inverse(_colRe, _colIm); else _fft.Forward(_colRe, _colIm);
            for (int r = 0; r < n; r++) { re[r * n + c] = _colRe[r]; im[r * n + c] = _colIm[r]; }
        }
    }
}
