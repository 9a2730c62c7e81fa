namespace Microsoft.ML.Symmetry.Datasets.Tests.Reference;

/// <summary>
/// TEST REFERENCE (the generator's previous, all-C# scheme, kept as independent truth for the torch integrator):
/// pseudo-spectral λ–ω reaction–diffusion solver on a periodic square (Champion et al., PNAS 116 (2019) 22445,
/// SindyAutoencoders rd_solver/reaction_diffusion.m; reused by LaLiGAN, Yang et al. §3):
/// u_t = (1 − A²) u + β A² v + d1 Δu, v_t = −β A² u + (1 − A²) v + d2 Δv, A² = u² + v².
/// Time stepping: integrating-factor RK4 (L. N. Trefethen, "Spectral Methods in MATLAB", SIAM 2000, program 27),
/// diffusion integrated exactly by e^(−d K² dt), reaction terms evaluated in physical space without dealiasing
/// as the original. u and v are carried together as one complex field u + i v, so each right-hand side costs one
/// inverse and one forward 2-D FFT.
/// </summary>
internal sealed class ReferenceReactionDiffusionSolver
{
    private readonly int _n;
    private readonly Fft2 _fft;
    private readonly double _dt, _beta;
    private readonly bool _reaction;
    private readonly double[] _eHalfU, _eHalfV, _eFullU, _eFullV;   // e^(L dt/2), e^(L dt) per mode
    private readonly int[] _neg;                                    // index of −k
    // Spectral state û, v̂ and work arrays.
    private readonly double[] _ur, _ui, _vr, _vi;
    private readonly double[] _wr, _wi;
    private readonly double[][] _k;   // RK stage results: 4 stages × (ur, ui, vr, vi)
    private readonly double[] _tr, _ti, _sr, _si;
    private readonly double[] _lastU, _lastV;

    public ReferenceReactionDiffusionSolver(int n, double length, double d1, double d2, double beta, double dt, bool reaction = true)
    {
        _n = n;
        _fft = new Fft2(n);
        _dt = dt;
        _beta = beta;
        _reaction = reaction;
        int nn = n * n;
        _eHalfU = new double[nn]; _eHalfV = new double[nn]; _eFullU = new double[nn]; _eFullV = new double[nn];
        _neg = new int[nn];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
            {
                double ky = Wavenumber(r, n, length), kx = Wavenumber(c, n, length);
                double k2 = kx * kx + ky * ky;
                int i = r * n + c;
                _eHalfU[i] = Math.Exp(-d1 * k2 * dt / 2); _eFullU[i] = Math.Exp(-d1 * k2 * dt);
                _eHalfV[i] = Math.Exp(-d2 * k2 * dt / 2); _eFullV[i] = Math.Exp(-d2 * k2 * dt);
                _neg[i] = ((n - r) % n) * n + (n - c) % n;
            }
        _ur = new double[nn]; _ui = new double[nn]; _vr = new double[nn]; _vi = new double[nn];
        _wr = new double[nn]; _wi = new double[nn];
        _tr = new double[nn]; _ti = new double[nn]; _sr = new double[nn]; _si = new double[nn];
        _lastU = new double[nn]; _lastV = new double[nn];
        _k = new double[16][];
        for (int i = 0; i < 16; i++) _k[i] = new double[nn];
        Time = 0;
    }

    /// <summary>Wavenumber of FFT index i: (2π/L)·[0..n/2−1, −n/2..−1].</summary>
    public static double Wavenumber(int i, int n, double length) => 2 * Math.PI / length * (i < n / 2 ? i : i - n);

    public int N => _n;

    public double Time { get; private set; }

    /// <summary>Sets the state from physical fields u, v (row = y index, column = x index).</summary>
    public void SetState(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        u.CopyTo(_wr);
        v.CopyTo(_wi);
        _fft.Forward(_wr, _wi);
        Split(_wr, _wi, _ur, _ui, _vr, _vi);
        Time = 0;
    }

    /// <summary>Writes the physical fields of the current state.</summary>
    public void GetState(Span<double> u, Span<double> v)
    {
        Combine(_ur, _ui, _vr, _vi, _wr, _wi);
        _fft.Inverse(_wr, _wi);
        _wr.CopyTo(u);
        _wi.CopyTo(v);
    }

    /// <summary>The current spectral state (û, v̂) as (re, im) arrays (copies).</summary>
    public (double[] Ur, double[] Ui, double[] Vr, double[] Vi) Spectrum => ([.. _ur], [.. _ui], [.. _vr], [.. _vi]);

    // F = FFT(u + i v) ⇒ û(k) = (F(k) + conj F(−k))/2, v̂(k) = (F(k) − conj F(−k))/(2i).
    private void Split(double[] fr, double[] fi, double[] ur, double[] ui, double[] vr, double[] vi)
    {
        for (int i = 0; i < fr.Length; i++)
        {
            int j = _neg[i];
            double ar = fr[i], ai = fi[i], br = fr[j], bi = -fi[j];
            ur[i] = 0.5 * (ar + br); ui[i] = 0.5 * (ai + bi);
            // (a − b)/(2i) = −i (a − b)/2
            vr[i] = 0.5 * (ai - bi); vi[i] = -0.5 * (ar - br);
        }
    }

    private static void Combine(double[] ur, double[] ui, double[] vr, double[] vi, double[] wr, double[] wi)
    {
        for (int i = 0; i < ur.Length; i++) { wr[i] = ur[i] - vi[i]; wi[i] = ui[i] + vr[i]; }
    }

    /// <summary>Reaction term N(û, v̂) into the four output arrays; the physical u, v it used are left in _tr, _ti.</summary>
    private void Nonlinear(double[] ur, double[] ui, double[] vr, double[] vi, double[] nur, double[] nui, double[] nvr, double[] nvi)
    {
        if (!_reaction)
        {
            Array.Clear(nur); Array.Clear(nui); Array.Clear(nvr); Array.Clear(nvi);
            return;
        }
        Combine(ur, ui, vr, vi, _wr, _wi);
        _fft.Inverse(_wr, _wi);
        for (int i = 0; i < _wr.Length; i++)
        {
            double u = _wr[i], v = _wi[i], a2 = u * u + v * v;
            _tr[i] = u; _ti[i] = v;
            _wr[i] = (1 - a2) * u + _beta * a2 * v;
            _wi[i] = -_beta * a2 * u + (1 - a2) * v;
        }
        _fft.Forward(_wr, _wi);
        Split(_wr, _wi, nur, nui, nvr, nvi);
    }

    /// <summary>Physical u, v at the start of the last step (available after <see cref="Step"/>).</summary>
    public ReadOnlySpan<double> LastU => _lastU;

    /// <summary>Physical v at the start of the last step.</summary>
    public ReadOnlySpan<double> LastV => _lastV;

    /// <summary>One integrating-factor RK4 step of size dt.</summary>
    public void Step()
    {
        int nn = _ur.Length;
        var k = _k;
        // a = N(û)
        Nonlinear(_ur, _ui, _vr, _vi, k[0], k[1], k[2], k[3]);
        double h = _dt, h2 = _dt / 2;
        // û1 = E(û + h/2 a)
        for (int i = 0; i < nn; i++)
        {
            _sr[i] = _eHalfU[i] * (_ur[i] + h2 * k[0][i]); _si[i] = _eHalfU[i] * (_ui[i] + h2 * k[1][i]);
            k[12][i] = _eHalfV[i] * (_vr[i] + h2 * k[2][i]); k[13][i] = _eHalfV[i] * (_vi[i] + h2 * k[3][i]);
        }
        Array.Copy(_tr, _lastU, nn);
        Array.Copy(_ti, _lastV, nn);
        // b = N(û1)
        Nonlinear(_sr, _si, k[12], k[13], k[4], k[5], k[6], k[7]);
        // û2 = E û + h/2 b
        for (int i = 0; i < nn; i++)
        {
            _sr[i] = _eHalfU[i] * _ur[i] + h2 * k[4][i]; _si[i] = _eHalfU[i] * _ui[i] + h2 * k[5][i];
            k[12][i] = _eHalfV[i] * _vr[i] + h2 * k[6][i]; k[13][i] = _eHalfV[i] * _vi[i] + h2 * k[7][i];
        }
        // c = N(û2)
        Nonlinear(_sr, _si, k[12], k[13], k[8], k[9], k[10], k[11]);
        // û3 = E² û + h E c
        for (int i = 0; i < nn; i++)
        {
            _sr[i] = _eFullU[i] * _ur[i] + h * _eHalfU[i] * k[8][i]; _si[i] = _eFullU[i] * _ui[i] + h * _eHalfU[i] * k[9][i];
            k[12][i] = _eFullV[i] * _vr[i] + h * _eHalfV[i] * k[10][i]; k[13][i] = _eFullV[i] * _vi[i] + h * _eHalfV[i] * k[11][i];
        }
        // d = N(û3), reusing stage-1 slots after folding a, b, c into the update.
        for (int i = 0; i < nn; i++)
        {
            double eu = _eFullU[i], ehu = _eHalfU[i], ev = _eFullV[i], ehv = _eHalfV[i];
            _ur[i] = eu * _ur[i] + h / 6 * (eu * k[0][i] + 2 * ehu * (k[4][i] + k[8][i]));
            _ui[i] = eu * _ui[i] + h / 6 * (eu * k[1][i] + 2 * ehu * (k[5][i] + k[9][i]));
            _vr[i] = ev * _vr[i] + h / 6 * (ev * k[2][i] + 2 * ehv * (k[6][i] + k[10][i]));
            _vi[i] = ev * _vi[i] + h / 6 * (ev * k[3][i] + 2 * ehv * (k[7][i] + k[11][i]));
        }
        Nonlinear(_sr, _si, k[12], k[13], k[0], k[1], k[2], k[3]);
        for (int i = 0; i < nn; i++)
        {
            _ur[i] += h / 6 * k[0][i]; _ui[i] += h / 6 * k[1][i];
            _vr[i] += h / 6 * k[2][i]; _vi[i] += h / 6 * k[3][i];
        }
        Time += _dt;
    }
}
