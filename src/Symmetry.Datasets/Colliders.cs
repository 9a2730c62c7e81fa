using System.Globalization;

namespace Microsoft.ML.Symmetry;

/// <summary>Which incoming beam travels along +z in e⁺e⁻ → μ⁺μ⁻.</summary>
public enum BeamOrientation
{
    /// <summary>The electron moves along +z: μ⁻ follows 1 + c² + b c in the lab polar angle.</summary>
    ElectronAlongPlusZ,
    /// <summary>The positron moves along +z (MadGraph's "e+ e- &gt; mu+ mu-", beam 1 = e⁺): 1 + c² − b c.</summary>
    PositronAlongPlusZ,
}

/// <summary>Array generator for e⁺e⁻ → γ*/Z → μ⁺μ⁻ (Sanz §4.2).</summary>
internal static class ElectronPositron
{
    public static DatasetTable Generate(int count, double sqrtS, ElectroweakParameters ew, BeamOrientation orientation,
        double muonMass, double? minPt, double? maxAbsEta, long seed)
    {
        Check.Count(count);
        Check.Positive(sqrtS, nameof(sqrtS));
        ArgumentNullException.ThrowIfNull(ew);
        if (!(muonMass >= 0) || 2 * muonMass >= sqrtS)
            throw new ArgumentOutOfRangeException(nameof(muonMass), muonMass, "'muonMass' must be in [0, sqrtS/2).");
        if (minPt is { } mp && !(mp >= 0)) throw new ArgumentOutOfRangeException(nameof(minPt), mp, "'minPt' must be non-negative.");
        if (maxAbsEta is { } me && !(me > 0)) throw new ArgumentOutOfRangeException(nameof(maxAbsEta), me, "'maxAbsEta' must be positive.");

        var (a0, a1) = Electroweak.ElectronMuonCoefficients(sqrtS, ew);
        double b = a1 / a0;
        double p = Math.Sqrt(sqrtS * sqrtS / 4 - muonMass * muonMass);
        // Acceptance in |cos θ|: the pT and η cuts are both cuts on |cos θ| at fixed |p| (η = −ln tan(θ/2), cos θ = tanh η).
        double cMax = 1;
        if (maxAbsEta is { } eta) cMax = Math.Min(cMax, Math.Tanh(eta));
        if (minPt is { } pt) cMax = pt >= p ? 0 : Math.Min(cMax, Math.Sqrt(1 - pt * pt / (p * p)));
        if (cMax <= 0) throw new ArgumentException("The cuts reject every event.");
        double acceptance = (2 * cMax + 2 * cMax * cMax * cMax / 3) / (8.0 / 3.0);
        // Events are drawn by rejection: a vanishing acceptance would loop (practically) forever.
        if (acceptance < Check.MinAcceptance)
            throw new ArgumentException(
                $"The cuts (minPt = {minPt?.ToString(CultureInfo.InvariantCulture) ?? "none"}, maxAbsEta = {maxAbsEta?.ToString(CultureInfo.InvariantCulture) ?? "none"}) " +
                $"accept a fraction {acceptance.ToString("G3", CultureInfo.InvariantCulture)} of events; at least {Check.MinAcceptance.ToString(CultureInfo.InvariantCulture)} is required.");
        double afbInAcceptance = b * cMax * cMax / (2 * cMax + 2 * cMax * cMax * cMax / 3);
        double zSign = orientation == BeamOrientation.ElectronAlongPlusZ ? 1 : -1;

        var rng = new SymmetryRandom(seed);
        Check.ArraySize(6L * count, nameof(count));
        var f = new float[6 * count];
        var cosCol = new float[count];
        var phiCol = new float[count];
        for (int i = 0; i < count;)
        {
            double c = Electroweak.SampleCosTheta(b, rng.NextDouble());
            double phi = 2 * Math.PI * rng.NextDouble();
            if (Math.Abs(c) > cMax) continue;               // cuts: reject and draw again
            double s = Math.Sqrt(Math.Max(0, 1 - c * c));
            float px = (float)(p * s * Math.Cos(phi)), py = (float)(p * s * Math.Sin(phi)), pz = (float)(zSign * p * c);
            f[6 * i] = px; f[6 * i + 1] = py; f[6 * i + 2] = pz;
            f[6 * i + 3] = -px; f[6 * i + 4] = -py; f[6 * i + 5] = -pz;
            cosCol[i] = (float)c;
            phiCol[i] = (float)phi;
            i++;
        }

        var jz = LieAlgebras.So(3)[2];      // rotation in the (x, y) plane, i.e. about the beam
        var gens = new List<SymmetryGenerator>
        {
            new("Jz(beam)", LieAlgebras.BlockDiagonal(jz, 2), SymmetryKind.Distribution),
        };
        string[] axes = ["Jx", "Jy", "Jz"];
        var so3 = LieAlgebras.So(3);
        int[] order = [2, 1, 0];   // So(3) order is (x,y),(x,z),(y,z) -> Jz, -Jy, Jx
        for (int k = 0; k < 3; k++)
            gens.Add(new SymmetryGenerator($"{axes[k]}(diagonal)", LieAlgebras.BlockDiagonal(so3[order[k]], 2), SymmetryKind.Manifold));

        double sigma = Electroweak.ElectronMuonCrossSectionPb(sqrtS, ew);
        var info = new DatasetInfo(
            "ee-mumu",
            $"e+e- → γ*/Z → μ+μ- at √s = {sqrtS} GeV, leading order with γ/Z interference (no ISR); features are the lab three-momenta of μ- and μ+. " +
            "The data fill a 2-sphere: p(μ+) = −p(μ−) and |p| fixed. SO(2) about the beam is exact; the diagonal SO(3) preserves the support only.",
            "V. Sanz, arXiv:2504.05174 §4.2 (dataset); Ellis–Stirling–Webber, QCD and Collider Physics §8.1 (cross-section); reference/datasets.md §1",
            ["px(mu-)", "py(mu-)", "pz(mu-)", "px(mu+)", "py(mu+)", "pz(mu+)"],
            ["GeV", "GeV", "GeV", "GeV", "GeV", "GeV"],
            intrinsicDimension: 2, embeddingDimension: 6,
            generators: gens,
            referenceValues: new Dictionary<string, double>
            {
                ["SqrtS"] = sqrtS,
                ["MomentumMagnitude"] = p,
                ["A0"] = a0,
                ["A1"] = a1,
                ["B"] = b,
                ["ForwardBackwardAsymmetry"] = 3 * a1 / (8 * a0),
                ["ForwardBackwardAsymmetryInAcceptance"] = afbInAcceptance,
                ["AcceptedFraction"] = acceptance,
                ["CosThetaMax"] = cMax,
                ["CrossSectionPb"] = sigma,
                ["FiducialCrossSectionPb"] = sigma * acceptance,
                ["ConstraintCount"] = 4,
                ["PaperRelevantLatents"] = 3,
            },
            parameters: Geometry.Params(("count", count), ("sqrtS", sqrtS), ("zMass", ew.ZMass), ("zWidth", ew.ZWidth),
                ("sin2ThetaW", ew.SinSquaredThetaW), ("alpha", ew.Alpha), ("orientation", orientation.ToString()), ("muonMass", muonMass),
                ("minPt", minPt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"),
                ("maxAbsEta", maxAbsEta?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"), ("seed", seed)),
            oracle: x => Math.Sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]),
            oracleDescription: "|p(μ−)| (equals MomentumMagnitude)");
        return new DatasetTable(info, count,
        [
            DatasetColumn.Vector("Features", f, 6),
            DatasetColumn.Scalar("CosTheta", cosCol),
            DatasetColumn.Scalar("Phi", phiCol),
        ]);
    }
}
