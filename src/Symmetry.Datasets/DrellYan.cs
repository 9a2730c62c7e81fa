namespace Microsoft.ML.Symmetry;

/// <summary>
/// Collins–Soper decay angle of a lepton pair from lab four-momenta (J. C. Collins, D. E. Soper, Phys. Rev. D16
/// (1977) 2219): cos θ_CS = 2 (l1⁺ l2⁻ − l1⁻ l2⁺) / (M √(M² + p_T²)), l± = (E ± p_z)/√2, lepton 1 = μ⁻, lepton 2 = μ⁺
/// (the form used by CDF, CMS and ATLAS; reference/datasets.md §2 step 4).
/// </summary>
internal static class CollinsSoper
{
    /// <summary>cos θ_CS of μ⁻ from (E, px, py, pz) of μ⁻ and μ⁺.</summary>
    /// <param name="muMinus">(E, px, py, pz) of μ⁻ in GeV.</param>
    /// <param name="muPlus">(E, px, py, pz) of μ⁺ in GeV.</param>
    /// <param name="signedByRapidity">
    /// True (the LHC convention) multiplies by sign(P_z) of the pair, taking the quark direction to be the boost
    /// direction; false measures θ from beam 1 (+z), the convention the generator samples in.
    /// </param>
    public static double CosTheta(ReadOnlySpan<double> muMinus, ReadOnlySpan<double> muPlus, bool signedByRapidity = true)
    {
        if (muMinus.Length != 4 || muPlus.Length != 4)
            throw new ArgumentException("Four-momenta must be (E, px, py, pz).");
        double e = muMinus[0] + muPlus[0], px = muMinus[1] + muPlus[1], py = muMinus[2] + muPlus[2], pz = muMinus[3] + muPlus[3];
        double m2 = e * e - px * px - py * py - pz * pz;
        double pt2 = px * px + py * py;
        double l1p = (muMinus[0] + muMinus[3]) / Math.Sqrt(2), l1m = (muMinus[0] - muMinus[3]) / Math.Sqrt(2);
        double l2p = (muPlus[0] + muPlus[3]) / Math.Sqrt(2), l2m = (muPlus[0] - muPlus[3]) / Math.Sqrt(2);
        double c = 2 * (l1p * l2m - l1m * l2p) / Math.Sqrt(m2 * (m2 + pt2));
        return signedByRapidity && pz < 0 ? -c : c;
    }

    /// <summary>cos θ_CS from single-precision four-momenta (converted to double first).</summary>
    /// <param name="muMinus">(E, px, py, pz) of μ⁻ in GeV.</param>
    /// <param name="muPlus">(E, px, py, pz) of μ⁺ in GeV.</param>
    /// <param name="signedByRapidity">See <see cref="CosTheta(ReadOnlySpan{double}, ReadOnlySpan{double}, bool)"/>.</param>
    public static double CosTheta(ReadOnlySpan<float> muMinus, ReadOnlySpan<float> muPlus, bool signedByRapidity = true)
    {
        if (muMinus.Length != 4 || muPlus.Length != 4)
            throw new ArgumentException("Four-momenta must be (E, px, py, pz).");
        Span<double> a = [muMinus[0], muMinus[1], muMinus[2], muMinus[3]];
        Span<double> b = [muPlus[0], muPlus[1], muPlus[2], muPlus[3]];
        return CosTheta(a, b, signedByRapidity);
    }
}

/// <summary>
/// Leading-order Drell–Yan pp → γ*/Z → μ⁺μ⁻ (reference/datasets.md §2):
/// d²σ/(dM dy) = 8πα²/(9M³) Σ_q A0_q(M²) [x1 q(x1) x2 q̄(x2) + x1 q̄(x1) x2 q(x2)], x1,2 = (M/√S) e^(±y), PDFs at Q² = M²,
/// with the μ⁻ decay angle from 1 + cos²θ* + b_eff cos θ* in the Collins–Soper frame (θ* from beam 1),
/// b_eff(M, y) = Σ_q A1_q [q(x1) q̄(x2) − q̄(x1) q(x2)] / Σ_q A0_q [q(x1) q̄(x2) + q̄(x1) q(x2)].
/// </summary>
internal sealed class DrellYanModel
{
    private static readonly (double Q, double T3)[] Flavours = [(2.0 / 3, 0.5), (-1.0 / 3, -0.5), (-1.0 / 3, -0.5), (2.0 / 3, 0.5), (-1.0 / 3, -0.5)];

    public DrellYanModel(double sqrtS, ElectroweakParameters ew)
    {
        SqrtS = sqrtS;
        Ew = ew;
    }

    public double SqrtS { get; }

    public ElectroweakParameters Ew { get; }

    public double MaxRapidity(double m) => Math.Log(SqrtS / m);

    /// <summary>d²σ/(dM dy) in pb/GeV and b_eff at (M, y).</summary>
    public (double Density, double BEff) Evaluate(double m, double y)
    {
        double ymax = MaxRapidity(m);
        if (Math.Abs(y) >= ymax) return (0, 0);
        double tau = m / SqrtS;
        double x1 = tau * Math.Exp(y), x2 = tau * Math.Exp(-y);
        double q2 = m * m;
        var p1 = Grv94Lo.Evaluate(x1, q2);
        var p2 = Grv94Lo.Evaluate(x2, q2);
        double sum0 = 0, sum1 = 0;
        for (int k = 0; k < Flavours.Length; k++)
        {
            var (q, t3) = Flavours[k];
            var (a0, a1) = Electroweak.Coefficients(q2, q, t3, -1, -0.5, Ew);
            var (q1, qb1, q2f, qb2) = k switch
            {
                0 => (p1.Up, p1.UBar, p2.Up, p2.UBar),
                1 => (p1.Down, p1.DBar, p2.Down, p2.DBar),
                2 => (p1.Strange, p1.Strange, p2.Strange, p2.Strange),
                3 => (p1.Charm, p1.Charm, p2.Charm, p2.Charm),
                _ => (p1.Bottom, p1.Bottom, p2.Bottom, p2.Bottom),
            };
            sum0 += a0 * (q1 * qb2 + qb1 * q2f);
            sum1 += a1 * (q1 * qb2 - qb1 * q2f);
        }
        double density = 8 * Math.PI * Ew.Alpha * Ew.Alpha / (9 * m * m * m) * sum0 * Electroweak.GeV2ToPb;
        return (density, sum0 > 0 ? sum1 / sum0 : 0);
    }

    /// <summary>∫∫ g(density, b_eff, y) dM dy over [mLo, mHi] × allowed y by composite Gauss–Legendre.</summary>
    public double Integrate(double mLo, double mHi, Func<double, double, double, double> g)
    {
        var (nodes, weights) = GaussLegendre.Rule(8);
        int mPanels = Math.Max(4, (int)Math.Ceiling((mHi - mLo) / 0.5));
        const int yPanels = 12;
        double total = 0, hm = (mHi - mLo) / mPanels;
        for (int pm = 0; pm < mPanels; pm++)
            for (int im = 0; im < nodes.Length; im++)
            {
                double m = mLo + hm * (pm + 0.5 + 0.5 * nodes[im]);
                double ymax = MaxRapidity(m), hy = 2 * ymax / yPanels;
                double inner = 0;
                for (int py = 0; py < yPanels; py++)
                    for (int iy = 0; iy < nodes.Length; iy++)
                    {
                        double y = -ymax + hy * (py + 0.5 + 0.5 * nodes[iy]);
                        var (d, b) = Evaluate(m, y);
                        inner += weights[iy] * 0.5 * hy * g(d, b, y);
                    }
                total += weights[im] * 0.5 * hm * inner;
            }
        return total;
    }
}

/// <summary>Gauss–Legendre rules on [−1, 1], nodes found by Newton iteration on P_n (Golub–Welsch-free classic).</summary>
internal static class GaussLegendre
{
    public static (double[] Nodes, double[] Weights) Rule(int n)
    {
        var x = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            double z = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5)), dp = 0;
            for (int it = 0; it < 100; it++)
            {
                double p0 = 1, p1 = z;
                for (int k = 2; k <= n; k++) { double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k; p0 = p1; p1 = p2; }
                dp = n * (z * p1 - p0) / (z * z - 1);
                double dz = p1 / dp;
                z -= dz;
                if (Math.Abs(dz) < 1e-15) break;
            }
            x[i] = z;
            w[i] = 2 / ((1 - z * z) * dp * dp);
        }
        return (x, w);
    }
}

/// <summary>Array generator for pp → γ*/Z → μ⁺μ⁻ at the LHC (Sanz §4.3).</summary>
internal static class DrellYan
{
    public static DatasetTable Generate(int count, double sqrtS, double massMin, double massMax, double pairPtScale, double pairPtMax,
        double? minLeptonPt, double? maxAbsEta, ElectroweakParameters ew, double muonMass, long seed)
    {
        Check.Count(count);
        Check.Positive(sqrtS, nameof(sqrtS));
        ArgumentNullException.ThrowIfNull(ew);
        if (!(massMin > 2 * muonMass) || !(massMax > massMin) || massMax >= sqrtS)
            throw new ArgumentOutOfRangeException(nameof(massMin), $"The mass window must satisfy 2 m_mu < massMin < massMax < sqrtS (got {massMin}..{massMax}).");
        if (!(pairPtScale >= 0) || double.IsInfinity(pairPtScale)) throw new ArgumentOutOfRangeException(nameof(pairPtScale), pairPtScale, "'pairPtScale' must be non-negative and finite.");
        if (!(pairPtMax >= 0) || double.IsInfinity(pairPtMax)) throw new ArgumentOutOfRangeException(nameof(pairPtMax), pairPtMax, "'pairPtMax' must be non-negative and finite.");
        if (minLeptonPt is { } mp && !(mp >= 0)) throw new ArgumentOutOfRangeException(nameof(minLeptonPt), mp, "'minLeptonPt' must be non-negative.");
        if (maxAbsEta is { } me && !(me > 0)) throw new ArgumentOutOfRangeException(nameof(maxAbsEta), me, "'maxAbsEta' must be positive.");

        var model = new DrellYanModel(sqrtS, ew);
        var sampler = new DrellYanSampler(model, massMin, massMax);
        var rng = new SymmetryRandom(seed);

        Check.ArraySize(8L * count, nameof(count));
        var f = new float[8 * count];
        var mass = new float[count];
        var rap = new float[count];
        var ptCol = new float[count];
        var cosCol = new float[count];
        var phiCol = new float[count];
        // Truncated pT density p(pT) ∝ pT/(pT² + p0²)²: CDF F = pT²/(pT² + p0²).
        double fMax = pairPtScale > 0 ? pairPtMax * pairPtMax / (pairPtMax * pairPtMax + pairPtScale * pairPtScale) : 0;
        long proposals = 0;
        Span<double> lm = stackalloc double[4];
        Span<double> lp = stackalloc double[4];
        for (int i = 0; i < count;)
        {
            // The lepton cuts are applied by rejection; stop with a clear error when they accept (almost) nothing.
            if (++proposals % Check.AcceptanceCheckProposals == 0 && i < proposals * Check.MinAcceptance)
                throw new ArgumentException(
                    $"The lepton cuts (minLeptonPt = {minLeptonPt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, " +
                    $"maxAbsEta = {maxAbsEta?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}) accepted {i} of {proposals} events; " +
                    $"at least a fraction {Check.MinAcceptance.ToString(System.Globalization.CultureInfo.InvariantCulture)} is required. Loosen the cuts or widen the mass window.");
            var (m, y, b) = sampler.Sample(rng);
            double c = Electroweak.SampleCosTheta(b, rng.NextDouble());
            double phiStar = 2 * Math.PI * rng.NextDouble();
            double u = rng.NextDouble() * fMax;
            double pt = pairPtScale > 0 ? pairPtScale * Math.Sqrt(u / (1 - u)) : 0;
            double phiPair = 2 * Math.PI * rng.NextDouble();
            Kinematics.PairDecay(m, y, pt, phiPair, c, phiStar, muonMass, sqrtS, lm, lp);
            if (minLeptonPt is { } ptCut && (Kinematics.Pt(lm) <= ptCut || Kinematics.Pt(lp) <= ptCut)) continue;
            if (maxAbsEta is { } etaCut && (Math.Abs(Kinematics.Eta(lm)) >= etaCut || Math.Abs(Kinematics.Eta(lp)) >= etaCut)) continue;
            for (int k = 0; k < 4; k++) { f[8 * i + k] = (float)lm[k]; f[8 * i + 4 + k] = (float)lp[k]; }
            mass[i] = (float)m; rap[i] = (float)y; ptCol[i] = (float)pt; cosCol[i] = (float)c; phiCol[i] = (float)phiStar;
            i++;
        }
        double accepted = count / (double)proposals;

        double sigma = sampler.CrossSectionPb;
        double Afb(double lo, double hi)
        {
            double num = model.Integrate(lo, hi, (d, bb, yy) => d * bb * Math.Sign(yy));
            double den = model.Integrate(lo, hi, (d, _, _) => d);
            return 3.0 / 8.0 * num / den;
        }
        double mz = ew.ZMass;
        var refs = new Dictionary<string, double>
        {
            ["SqrtS"] = sqrtS,
            ["ZMass"] = mz,
            ["ZWidth"] = ew.ZWidth,
            ["MuonMass"] = muonMass,
            ["MuonMassSquared"] = muonMass * muonMass,
            ["MassMin"] = massMin,
            ["MassMax"] = massMax,
            ["CrossSectionPb"] = sigma,
            ["AcceptedFraction"] = accepted,
            ["FiducialCrossSectionPb"] = sigma * accepted,
            ["PairPtScale"] = pairPtScale,
            ["PairPtMax"] = pairPtMax,
            ["PaperRelevantLatents"] = 3,
        };
        if (massMin < mz - 5 && massMax > mz + 5)
        {
            refs["ForwardBackwardAsymmetryBelowPeak"] = Afb(massMin, mz - 5);
            refs["ForwardBackwardAsymmetryAbovePeak"] = Afb(mz + 5, massMax);
        }
        var rot = new double[4, 4];
        rot[1, 2] = -1; rot[2, 1] = 1;
        var gens = new List<SymmetryGenerator> { new("Jz(beam)", LieAlgebras.BlockDiagonal(rot, 2), SymmetryKind.Distribution) };
        string[] ln = ["Jx", "Jy", "Jz", "K1", "K2", "K3"];
        var so13 = LieAlgebras.So13();
        for (int k = 0; k < 6; k++) gens.Add(new SymmetryGenerator($"{ln[k]}(diagonal)", LieAlgebras.BlockDiagonal(so13[k], 2), SymmetryKind.Oracle));

        var info = new DatasetInfo(
            "drell-yan",
            $"pp → γ*/Z → μ+μ- at √S = {sqrtS / 1000} TeV, LO Drell–Yan with GRV94 LO PDFs, {massMin} < M < {massMax} GeV, " +
            $"ad-hoc pair pT (p0 = {pairPtScale} GeV, ≤ {pairPtMax} GeV)" +
            (minLeptonPt is null && maxAbsEta is null ? ", no lepton cuts" : $", lepton cuts pT > {minLeptonPt ?? 0} GeV, |η| < {maxAbsEta?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "∞"}") +
            ". Features are (E, px, py, pz) of μ- then μ+. Two mass shells leave 6 degrees of freedom; with a narrow Z and small pT the paper counts 3.",
            "V. Sanz, arXiv:2504.05174 §4.3 (dataset); Glück–Reya–Vogt Z. Phys. C67 (1995) 433 (PDFs); Collins–Soper PRD 16 (1977) 2219; reference/datasets.md §2",
            ["E(mu-)", "px(mu-)", "py(mu-)", "pz(mu-)", "E(mu+)", "px(mu+)", "py(mu+)", "pz(mu+)"],
            ["GeV", "GeV", "GeV", "GeV", "GeV", "GeV", "GeV", "GeV"],
            intrinsicDimension: 6, embeddingDimension: 8,
            generators: gens,
            referenceValues: refs,
            parameters: Geometry.Params(("count", count), ("sqrtS", sqrtS), ("massMin", massMin), ("massMax", massMax),
                ("pairPtScale", pairPtScale), ("pairPtMax", pairPtMax),
                ("minLeptonPt", minLeptonPt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"),
                ("maxAbsEta", maxAbsEta?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"),
                ("zMass", ew.ZMass), ("zWidth", ew.ZWidth), ("sin2ThetaW", ew.SinSquaredThetaW), ("alpha", ew.Alpha),
                ("muonMass", muonMass), ("pdf", "GRV94 LO"), ("seed", seed)),
            oracle: x =>
            {
                double e = x[0] + x[4], px = x[1] + x[5], py = x[2] + x[6], pz = x[3] + x[7];
                return Math.Sqrt(Math.Max(0, e * e - px * px - py * py - pz * pz));
            },
            oracleDescription: "Invariant mass M of the pair (GeV); the lepton mass shells E² − p² = m_μ² are the other invariants");
        return new DatasetTable(info, count,
        [
            DatasetColumn.Vector("Features", f, 8),
            DatasetColumn.Scalar("Mass", mass),
            DatasetColumn.Scalar("Rapidity", rap),
            DatasetColumn.Scalar("PairPt", ptCol),
            DatasetColumn.Scalar("CosThetaCS", cosCol),
            DatasetColumn.Scalar("PhiCS", phiCol),
        ]);
    }
}

/// <summary>
/// Exact unweighted sampling of (M, y) from d²σ/(dM dy): a piecewise-constant envelope on a grid (0.25 GeV × Y/50
/// cells, each bounded by 1.25 × the maximum of the density on a 3 × 3 lattice of the cell) and accept–reject.
/// </summary>
internal sealed class DrellYanSampler
{
    private readonly DrellYanModel _model;
    private readonly double _mLo, _yMax, _dm, _dy;
    private readonly int _nm, _ny;
    private readonly double[] _env;      // envelope height per cell
    private readonly double[] _cdf;      // cumulative envelope mass

    public DrellYanSampler(DrellYanModel model, double mLo, double mHi)
    {
        _model = model;
        _mLo = mLo;
        _nm = Math.Max(8, (int)Math.Ceiling((mHi - mLo) / 0.25));
        _dm = (mHi - mLo) / _nm;
        _yMax = model.MaxRapidity(mLo);
        _ny = 100;
        _dy = 2 * _yMax / _ny;
        int fm = 2 * _nm + 1, fy = 2 * _ny + 1;
        var node = new double[fm * fy];
        for (int i = 0; i < fm; i++)
            for (int j = 0; j < fy; j++)
                node[i * fy + j] = model.Evaluate(mLo + 0.5 * _dm * i, -_yMax + 0.5 * _dy * j).Density;
        _env = new double[_nm * _ny];
        _cdf = new double[_nm * _ny];
        double acc = 0;
        for (int i = 0; i < _nm; i++)
            for (int j = 0; j < _ny; j++)
            {
                double mx = 0;
                for (int a = 0; a < 3; a++)
                    for (int c = 0; c < 3; c++)
                        mx = Math.Max(mx, node[(2 * i + a) * fy + 2 * j + c]);
                // The density is smooth on the lattice scale (0.125 GeV ≪ Γ_Z/2; (1 − x)^D at the y edge): 25 % headroom.
                double e = 1.25 * mx;
                _env[i * _ny + j] = e;
                acc += e * _dm * _dy;
                _cdf[i * _ny + j] = acc;
            }
        // Cross-section in the window: composite Simpson over the 2× refined node lattice.
        double sum = 0;
        for (int i = 0; i < fm; i++)
        {
            double wi = i == 0 || i == fm - 1 ? 1 : (i % 2 == 1 ? 4 : 2);
            for (int j = 0; j < fy; j++)
            {
                double wj = j == 0 || j == fy - 1 ? 1 : (j % 2 == 1 ? 4 : 2);
                sum += wi * wj * node[i * fy + j];
            }
        }
        CrossSectionPb = sum * (0.5 * _dm / 3) * (0.5 * _dy / 3);
    }

    /// <summary>σ in the mass window (all rapidities), pb.</summary>
    public double CrossSectionPb { get; }

    /// <summary>Number of accepted points whose density exceeded the envelope (should stay 0).</summary>
    public long EnvelopeViolations { get; private set; }

    public (double M, double Y, double BEff) Sample(SymmetryRandom rng)
    {
        double total = _cdf[^1];
        while (true)
        {
            double r = rng.NextDouble() * total;
            int k = Array.BinarySearch(_cdf, r);
            if (k < 0) k = ~k;
            if (k >= _cdf.Length) k = _cdf.Length - 1;
            int i = k / _ny, j = k % _ny;
            double m = _mLo + _dm * (i + rng.NextDouble());
            double y = -_yMax + _dy * (j + rng.NextDouble());
            var (d, b) = _model.Evaluate(m, y);
            double env = _env[k];
            if (d > env) EnvelopeViolations++;
            if (rng.NextDouble() * env < d) return (m, y, b);
        }
    }
}

/// <summary>Relativistic kinematics helpers (four-vectors as (E, px, py, pz)).</summary>
internal static class Kinematics
{
    public static double Pt(ReadOnlySpan<double> p) => Math.Sqrt(p[1] * p[1] + p[2] * p[2]);

    public static double Eta(ReadOnlySpan<double> p)
    {
        double pt = Pt(p);
        double pabs = Math.Sqrt(pt * pt + p[3] * p[3]);
        return 0.5 * Math.Log((pabs + p[3]) / (pabs - p[3]));
    }

    /// <summary>Boosts <paramref name="p"/> from the rest frame of a system with four-momentum P (mass m) to the frame where it has P.</summary>
    public static void Boost(ReadOnlySpan<double> big, double m, Span<double> p)
    {
        double bp = big[1] * p[1] + big[2] * p[2] + big[3] * p[3];
        double e = (big[0] * p[0] + bp) / m;
        double k = bp / (m * (big[0] + m)) + p[0] / m;
        p[0] = e;
        p[1] += k * big[1];
        p[2] += k * big[2];
        p[3] += k * big[3];
    }

    /// <summary>
    /// Builds μ⁻ and μ⁺ lab momenta for a pair of mass m, rapidity y, transverse momentum pT at azimuth φ_pair,
    /// with the μ⁻ direction at (cos θ*, φ*) in the Collins–Soper frame (z bisecting beam 1 and −beam 2 in the
    /// pair rest frame, x in the beams' plane along the pair pT).
    /// </summary>
    public static void PairDecay(double m, double y, double pt, double phiPair, double cosTheta, double phiStar, double leptonMass,
        double sqrtS, Span<double> muMinus, Span<double> muPlus)
    {
        double mt = Math.Sqrt(m * m + pt * pt);
        Span<double> big = [mt * Math.Cosh(y), pt * Math.Cos(phiPair), pt * Math.Sin(phiPair), mt * Math.Sinh(y)];
        Span<double> minus = [big[0], -big[1], -big[2], -big[3]];
        // Beams boosted into the pair rest frame (only their directions matter).
        Span<double> a = [0.5 * sqrtS, 0, 0, 0.5 * sqrtS];
        Span<double> b = [0.5 * sqrtS, 0, 0, -0.5 * sqrtS];
        Boost(minus, m, a);
        Boost(minus, m, b);
        Normalize3(a);
        Normalize3(b);
        Span<double> z = [0, a[1] - b[1], a[2] - b[2], a[3] - b[3]];
        Normalize3(z);
        Span<double> x = [0, -(a[1] + b[1]), -(a[2] + b[2]), -(a[3] + b[3])];
        double xn = Math.Sqrt(x[1] * x[1] + x[2] * x[2] + x[3] * x[3]);
        if (xn < 1e-12) { x[1] = 1; x[2] = 0; x[3] = 0; } else { x[1] /= xn; x[2] /= xn; x[3] /= xn; }
        Span<double> yv = [0, z[2] * x[3] - z[3] * x[2], z[3] * x[1] - z[1] * x[3], z[1] * x[2] - z[2] * x[1]];
        double s = Math.Sqrt(Math.Max(0, 1 - cosTheta * cosTheta));
        double cx = s * Math.Cos(phiStar), cy = s * Math.Sin(phiStar);
        double q = Math.Sqrt(Math.Max(0, m * m / 4 - leptonMass * leptonMass));
        for (int k = 1; k < 4; k++)
        {
            double n = cx * x[k] + cy * yv[k] + cosTheta * z[k];
            muMinus[k] = q * n;
            muPlus[k] = -q * n;
        }
        muMinus[0] = muPlus[0] = m / 2;
        Boost(big, m, muMinus);
        Boost(big, m, muPlus);
    }

    private static void Normalize3(Span<double> v)
    {
        double n = Math.Sqrt(v[1] * v[1] + v[2] * v[2] + v[3] * v[3]);
        v[1] /= n; v[2] /= n; v[3] /= n;
    }
}
