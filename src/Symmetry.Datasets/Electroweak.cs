namespace Microsoft.ML.Symmetry;

/// <summary>
/// Electroweak inputs of the leading-order γ*/Z cross-sections: Z mass and width (GeV), sin²θ_W and the QED
/// coupling α at the scale of interest.
/// </summary>
/// <param name="ZMass">m_Z in GeV.</param>
/// <param name="ZWidth">Γ_Z in GeV.</param>
/// <param name="SinSquaredThetaW">sin²θ_W (effective, e.g. the PDG M̄S value).</param>
/// <param name="Alpha">QED coupling α (e.g. α(m_Z) ≈ 1/128.9).</param>
public sealed record ElectroweakParameters(double ZMass, double ZWidth, double SinSquaredThetaW, double Alpha)
{
    /// <summary>PDG-like values: m_Z = 91.1876, Γ_Z = 2.4952 GeV, sin²θ_W = 0.23122, α = 1/128.9 (reference/datasets.md §1).</summary>
    public static ElectroweakParameters Pdg { get; } = new(91.1876, 2.4952, 0.23122, 1 / 128.9);

    /// <summary>
    /// MadGraph5 'sm' default model: m_Z = 91.188, Γ_Z = 2.441404 GeV, α⁻¹ = 132.507, G_F = 1.16639e-5 giving
    /// m_W = 80.419 and sin²θ_W = 1 − m_W²/m_Z² = 0.22225 (MG5 Parameters_sm.cc; reference/datasets.md §1).
    /// </summary>
    public static ElectroweakParameters MadGraphSm { get; } = new(91.188, 2.441404, 1 - 80.419 * 80.419 / (91.188 * 91.188), 1 / 132.507);
}

/// <summary>
/// Leading-order f f̄ → γ*/Z → f' f̄' angular coefficients (Ellis, Stirling, Webber, "QCD and Collider Physics",
/// §8.1 e⁺e⁻ → f f̄; same structure as Pythia 8's Sigma1ffbar2gmZ): for a massless final state
/// dσ/dΩ = N_c α²/(4s) [A0 (1 + cos²θ) + A1 cos θ], θ the angle between the incoming and the outgoing fermion,
/// with
/// A0 = Q_i²Q_f² + 2 Q_i Q_f v_i v_f χ1 + (v_i² + a_i²)(v_f² + a_f²) χ2,
/// A1 = 4 Q_i Q_f a_i a_f χ1 + 8 v_i a_i v_f a_f χ2,
/// χ1 = κ s (s − m_Z²)/((s − m_Z²)² + m_Z²Γ_Z²), χ2 = κ² s²/((s − m_Z²)² + m_Z²Γ_Z²), κ = 1/(4 sin²θ_W cos²θ_W),
/// v = T3 − 2Q sin²θ_W, a = T3.
/// </summary>
internal static class Electroweak
{
    /// <summary>(ħc)² in pb·GeV²: converts GeV⁻² to picobarn (PDG: 0.3893794 mb GeV²).</summary>
    public const double GeV2ToPb = 0.3893794e9;

    /// <summary>Muon mass in GeV (PDG 2022: 105.6583755 MeV).</summary>
    public const double MuonMass = 0.1056583755;

    /// <summary>The propagator factors χ1 and χ2 at squared energy <paramref name="s"/>.</summary>
    /// <param name="s">Squared centre-of-mass energy of the f f̄ system, GeV².</param>
    /// <param name="p">Electroweak parameters.</param>
    public static (double Chi1, double Chi2) Propagators(double s, ElectroweakParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        double sw2 = p.SinSquaredThetaW;
        double kappa = 1 / (4 * sw2 * (1 - sw2));
        double mz2 = p.ZMass * p.ZMass;
        double den = (s - mz2) * (s - mz2) + mz2 * p.ZWidth * p.ZWidth;
        return (kappa * s * (s - mz2) / den, kappa * kappa * s * s / den);
    }

    /// <summary>The coefficients A0 and A1 for incoming fermion i and outgoing fermion f.</summary>
    /// <param name="s">Squared energy, GeV².</param>
    /// <param name="chargeIn">Q_i of the incoming fermion (−1 for e⁻, 2/3 for u).</param>
    /// <param name="isospinIn">T3 of the incoming fermion.</param>
    /// <param name="chargeOut">Q_f of the outgoing fermion (−1 for μ⁻).</param>
    /// <param name="isospinOut">T3 of the outgoing fermion.</param>
    /// <param name="p">Electroweak parameters.</param>
    public static (double A0, double A1) Coefficients(double s, double chargeIn, double isospinIn, double chargeOut, double isospinOut, ElectroweakParameters p)
    {
        var (chi1, chi2) = Propagators(s, p);
        double sw2 = p.SinSquaredThetaW;
        double vi = isospinIn - 2 * chargeIn * sw2, ai = isospinIn;
        double vf = isospinOut - 2 * chargeOut * sw2, af = isospinOut;
        double a0 = chargeIn * chargeIn * chargeOut * chargeOut
                    + 2 * chargeIn * chargeOut * vi * vf * chi1
                    + (vi * vi + ai * ai) * (vf * vf + af * af) * chi2;
        double a1 = 4 * chargeIn * chargeOut * ai * af * chi1 + 8 * vi * ai * vf * af * chi2;
        return (a0, a1);
    }

    /// <summary>e⁺e⁻ → μ⁺μ⁻ coefficients (A0, A1) at √s (θ = angle between e⁻ and μ⁻).</summary>
    /// <param name="sqrtS">Centre-of-mass energy in GeV.</param>
    /// <param name="p">Electroweak parameters.</param>
    public static (double A0, double A1) ElectronMuonCoefficients(double sqrtS, ElectroweakParameters p) =>
        Coefficients(sqrtS * sqrtS, -1, -0.5, -1, -0.5, p);

    /// <summary>Total Born cross-section σ = 4πα²/(3s) A0 of e⁺e⁻ → μ⁺μ⁻ in pb (massless muons).</summary>
    /// <param name="sqrtS">Centre-of-mass energy in GeV.</param>
    /// <param name="p">Electroweak parameters.</param>
    public static double ElectronMuonCrossSectionPb(double sqrtS, ElectroweakParameters p)
    {
        double s = sqrtS * sqrtS;
        var (a0, _) = ElectronMuonCoefficients(sqrtS, p);
        return 4 * Math.PI * p.Alpha * p.Alpha / (3 * s) * a0 * GeV2ToPb;
    }

    /// <summary>Forward–backward asymmetry A_FB = 3 A1 / (8 A0) of e⁺e⁻ → μ⁺μ⁻ (μ⁻ relative to e⁻).</summary>
    /// <param name="sqrtS">Centre-of-mass energy in GeV.</param>
    /// <param name="p">Electroweak parameters.</param>
    public static double ElectronMuonAsymmetry(double sqrtS, ElectroweakParameters p)
    {
        var (a0, a1) = ElectronMuonCoefficients(sqrtS, p);
        return 3 * a1 / (8 * a0);
    }

    /// <summary>
    /// Samples c ∈ [−1, 1] from f(c) ∝ 1 + c² + b c (|b| ≤ 2) by inverting its CDF
    /// F(c) = (3/8)[(c + 1) + (c³ + 1)/3 + (b/2)(c² − 1)] with safeguarded Newton iterations (one uniform per call).
    /// </summary>
    /// <param name="b">The linear coefficient A1/A0.</param>
    /// <param name="u">A uniform number in [0, 1].</param>
    public static double SampleCosTheta(double b, double u)
    {
        double target = 8.0 / 3.0 * u;
        double lo = -1, hi = 1, c = 2 * u - 1;
        for (int it = 0; it < 100; it++)
        {
            double g = (c + 1) + (c * c * c + 1) / 3 + 0.5 * b * (c * c - 1) - target;
            if (g > 0) hi = c; else lo = c;
            double d = 1 + c * c + b * c;
            double next = d > 1e-300 ? c - g / d : 0.5 * (lo + hi);
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            if (Math.Abs(next - c) < 1e-15) { c = next; break; }
            c = next;
        }
        return c;
    }
}
