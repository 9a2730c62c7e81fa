namespace Microsoft.ML.Symmetry;

/// <summary>Momentum densities x·f(x, Q²) of the proton's partons (per flavour; s = s̄, c = c̄, b = b̄).</summary>
/// <param name="UValence">x u_v.</param>
/// <param name="DValence">x d_v.</param>
/// <param name="UBar">x ū.</param>
/// <param name="DBar">x d̄.</param>
/// <param name="Strange">x s = x s̄.</param>
/// <param name="Charm">x c = x c̄.</param>
/// <param name="Bottom">x b = x b̄.</param>
/// <param name="Gluon">x g.</param>
internal readonly record struct PartonDensities(double UValence, double DValence, double UBar, double DBar, double Strange, double Charm, double Bottom, double Gluon)
{
    /// <summary>x u = x u_v + x ū.</summary>
    public double Up => UValence + UBar;

    /// <summary>x d = x d_v + x d̄.</summary>
    public double Down => DValence + DBar;

    /// <summary>Σ x f over all partons (quarks, antiquarks and the gluon): the momentum-sum integrand.</summary>
    public double MomentumSum => Up + UBar + Down + DBar + 2 * (Strange + Charm + Bottom) + Gluon;
}

/// <summary>
/// The GRV94 leading-order parton distributions of the proton in their published analytic parametrisation:
/// M. Glück, E. Reya, A. Vogt, "Dynamical parton distributions of the proton and small-x physics",
/// Z. Phys. C67 (1995) 433, LO set (Λ_LO = 232 MeV, μ²_LO = 0.23 GeV²), with the coefficients as listed in
/// reference/datasets.md §2. With ŝ = ln[ln(Q²/Λ²)/ln(μ²/Λ²)] and L = ln(1/x):
/// valence x v = N x^a (1 + A x^b + x (B + C √x)) (1 − x)^D;
/// light sea and gluon x w = [x^a (A + B x + C x²) L^b + ŝ^α exp(−E + √(E′ ŝ^β L))] (1 − x)^D;
/// strange and heavy x h = (ŝ − ŝ0)^α / L^a (1 + A √x + B x) (1 − x)^D exp(−E + √(E′ ŝ^β L)) for ŝ &gt; ŝ0.
/// Stated validity: 10⁻⁵ &lt; x &lt; 1, 0.4 &lt; Q² &lt; 10⁶ GeV². Implemented from the formulas, not translated from any code.
/// </summary>
internal static class Grv94Lo
{
    private const double Lambda2 = 0.232 * 0.232;
    private const double Mu2 = 0.23;

    /// <summary>The evolution variable ŝ = ln[ln(Q²/Λ²)/ln(μ²/Λ²)].</summary>
    /// <param name="q2">Q² in GeV².</param>
    public static double EvolutionVariable(double q2) => Math.Log(Math.Log(q2 / Lambda2) / Math.Log(Mu2 / Lambda2));

    /// <summary>Evaluates all densities at momentum fraction <paramref name="x"/> and scale <paramref name="q2"/>.</summary>
    /// <param name="x">Momentum fraction in (0, 1); 0 is returned for x ≥ 1.</param>
    /// <param name="q2">Q² in GeV² (clamped to the parametrisation's range [0.4, 10⁶]).</param>
    public static PartonDensities Evaluate(double x, double q2)
    {
        if (!(x > 0)) throw new ArgumentOutOfRangeException(nameof(x), x, "x must be positive.");
        if (x >= 1) return default;
        q2 = Math.Clamp(q2, 0.4, 1e6);
        double s = EvolutionVariable(q2);
        double s2 = s * s, s3 = s2 * s, ds = Math.Sqrt(s);
        double lx = Math.Log(1 / x);

        double uv = Valence(x, 2.284 + 0.802 * s + 0.055 * s2, 0.590 - 0.024 * s, 0.131 + 0.063 * s,
            -0.449 - 0.138 * s - 0.076 * s2, 0.213 + 2.669 * s - 0.728 * s2, 8.854 - 9.135 * s + 1.979 * s2,
            2.997 + 0.753 * s - 0.076 * s2);
        double dv = Valence(x, 0.371 + 0.083 * s + 0.039 * s2, 0.376, 0.486 + 0.062 * s,
            -0.509 + 3.310 * s - 1.248 * s2, 12.41 - 10.52 * s + 2.267 * s2, 6.373 - 6.208 * s + 1.418 * s2,
            3.691 + 0.799 * s - 0.071 * s2);
        double del = Valence(x, 0.082 + 0.014 * s + 0.008 * s2, 0.409 - 0.005 * s, 0.799 + 0.071 * s,
            -38.07 + 36.13 * s - 0.656 * s2, 90.31 - 74.15 * s + 7.645 * s2, 0,
            7.486 + 1.217 * s - 0.159 * s2);
        double udb = Sea(x, lx, s, 1.451, 0.271, 0.410 - 0.232 * s, 0.534 - 0.457 * s, 0.890 - 0.140 * s, -0.981,
            0.320 + 0.683 * s, 4.752 + 1.164 * s + 0.286 * s2, 4.119 + 1.713 * s, 0.682 + 2.978 * s);
        double str = Heavy(x, lx, s, 0, 0.914, 0.577, 1.798 - 0.596 * s, -5.548 + 3.669 * ds - 0.616 * s,
            18.92 - 16.73 * ds + 5.168 * s, 6.379 - 0.350 * s + 0.142 * s2, 3.981 + 1.638 * s, 6.402);
        double chm = Heavy(x, lx, s, 0.888, 1.01, 0.37, 0, 0, 4.24 - 0.804 * s, 3.46 - 1.076 * s, 4.61 + 1.49 * s, 2.555 + 1.961 * s);
        double bot = Heavy(x, lx, s, 1.351, 1.00, 0.51, 0, 0, 1.848, 2.929 + 1.396 * s, 4.71 + 1.514 * s, 4.02 + 1.239 * s);
        double glu = Sea(x, lx, s, 0.524, 1.088, 1.742 - 0.930 * s, -0.399 * s2, 7.486 - 2.185 * s,
            16.69 - 22.74 * s + 5.779 * s2, -25.59 + 29.71 * s - 7.296 * s2,
            2.792 + 2.215 * s + 0.422 * s2 - 0.104 * s3, 0.807 + 2.005 * s, 3.841 + 0.316 * s);
        return new PartonDensities(uv, dv, 0.5 * (udb - del), 0.5 * (udb + del), str, chm, bot, glu);
    }

    private static double Valence(double x, double n, double a, double b, double aa, double bb, double cc, double d) =>
        n * Math.Pow(x, a) * (1 + aa * Math.Pow(x, b) + x * (bb + cc * Math.Sqrt(x))) * Math.Pow(1 - x, d);

    private static double Sea(double x, double lx, double s, double al, double be, double a, double b,
        double aa, double bb, double cc, double d, double e, double ep) =>
        (Math.Pow(x, a) * (aa + bb * x + cc * x * x) * Math.Pow(lx, b)
         + Math.Pow(s, al) * Math.Exp(-e + Math.Sqrt(ep * Math.Pow(s, be) * lx))) * Math.Pow(1 - x, d);

    private static double Heavy(double x, double lx, double s, double s0, double al, double be, double a,
        double aa, double bb, double d, double e, double ep)
    {
        if (s <= s0) return 0;
        return Math.Pow(s - s0, al) / Math.Pow(lx, a) * (1 + aa * Math.Sqrt(x) + bb * x) * Math.Pow(1 - x, d)
               * Math.Exp(-e + Math.Sqrt(ep * Math.Pow(s, be) * lx));
    }

    /// <summary>
    /// ∫₀¹ g(x) dx of a function of x by the substitution x = e^(−t) (∫₀^∞ g(e^(−t)) e^(−t) dt), composite Simpson
    /// on t ∈ [0, 60] with the given number of intervals. Used for the sum rules.
    /// </summary>
    /// <param name="g">Integrand as a function of x.</param>
    /// <param name="intervals">Even number of Simpson intervals.</param>
    public static double IntegrateOverX(Func<double, double> g, int intervals = 20000)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (intervals % 2 == 1) intervals++;
        double tMax = 60, h = tMax / intervals, sum = 0;
        for (int i = 0; i <= intervals; i++)
        {
            double t = i * h;
            double x = Math.Exp(-t);
            double v = x >= 1 ? 0 : g(x) * x;
            double w = i == 0 || i == intervals ? 1 : (i % 2 == 1 ? 4 : 2);
            sum += w * v;
        }
        return sum * h / 3;
    }
}
