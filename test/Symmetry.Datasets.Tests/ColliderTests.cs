namespace Microsoft.ML.Symmetry.Datasets.Tests;

[TestClass]
public sealed class ElectronPositronTests
{
    [TestMethod]
    public void AnalyticCoefficientsMatchTheReference()
    {
        var (a0, a1) = Electroweak.ElectronMuonCoefficients(80, ElectroweakParameters.Pdg);
        // reference/datasets.md §1 prints 3 decimals: A0 = 2.364, A1 = −4.573, A_FB = −0.726, σ = 36.3 pb.
        Assert.AreEqual(2.364, a0, 0.001);
        Assert.AreEqual(-4.573, a1, 0.001);
        Assert.AreEqual(-0.726, Electroweak.ElectronMuonAsymmetry(80, ElectroweakParameters.Pdg), 0.001);
        Assert.AreEqual(36.3, Electroweak.ElectronMuonCrossSectionPb(80, ElectroweakParameters.Pdg), 0.1);
        // MG5 'sm' model: A_FB = −0.709, σ = 35.5 pb (same source).
        Assert.AreEqual(-0.709, Electroweak.ElectronMuonAsymmetry(80, ElectroweakParameters.MadGraphSm), 0.001);
        Assert.AreEqual(35.5, Electroweak.ElectronMuonCrossSectionPb(80, ElectroweakParameters.MadGraphSm), 0.1);
        // Cross-checks at other energies from the same notes: 58 GeV → −0.34, 85 GeV → −0.52 (2 decimals).
        Assert.AreEqual(-0.34, Electroweak.ElectronMuonAsymmetry(58, ElectroweakParameters.Pdg), 0.01);
        Assert.AreEqual(-0.52, Electroweak.ElectronMuonAsymmetry(85, ElectroweakParameters.Pdg), 0.01);
        // Far below the Z the pure-QED limit: σ = 4πα²/(3s), A_FB → 0.
        double s = 10.0 * 10.0, alpha = ElectroweakParameters.Pdg.Alpha;
        Assert.AreEqual(4 * Math.PI * alpha * alpha / (3 * s) * Electroweak.GeV2ToPb, Electroweak.ElectronMuonCrossSectionPb(10, ElectroweakParameters.Pdg), 0.01 * 4 * Math.PI * alpha * alpha / (3 * s) * Electroweak.GeV2ToPb);
    }

    [TestMethod]
    public void MomentumConservationAndMagnitude()
    {
        var t = ElectronPositron.Generate(20_000, 80, ElectroweakParameters.Pdg, BeamOrientation.ElectronAlongPlusZ, Electroweak.MuonMass, null, null, seed: 11);
        double p = t.Info.Reference("MomentumMagnitude");
        Assert.AreEqual(Math.Sqrt(1600 - Electroweak.MuonMass * Electroweak.MuonMass), p, 1e-12);
        var f = t.GetColumn("Features");
        for (int i = 0; i < f.RowCount; i++)
        {
            var r = f.Row(i);
            for (int k = 0; k < 3; k++) Assert.AreEqual(0f, r[k] + r[k + 3]);   // p(μ+) = −p(μ−) exactly
            double mag = Math.Sqrt((double)r[0] * r[0] + (double)r[1] * r[1] + (double)r[2] * r[2]);
            Assert.AreEqual(p, mag, 40 * 2e-7);   // three float roundings of ≤ 40 GeV components: ≤ ~1.5 ulp(40)
        }
    }

    [TestMethod]
    public void ForwardBackwardAsymmetryWithinThreeSigma()
    {
        const int n = 200_000;
        var t = ElectronPositron.Generate(n, 80, ElectroweakParameters.Pdg, BeamOrientation.ElectronAlongPlusZ, Electroweak.MuonMass, null, null, seed: 12);
        var f = t.GetColumn("Features").Values.Span;
        int forward = 0;
        for (int i = 0; i < n; i++) if (f[6 * i + 2] > 0) forward++;
        double afb = (2.0 * forward - n) / n;
        double expected = t.Info.Reference("ForwardBackwardAsymmetry");
        Assert.AreEqual(-0.726, expected, 0.001);
        double sigma = Math.Sqrt((1 - afb * afb) / n);   // binomial error of (F − B)/N
        Assert.AreEqual(expected, afb, 3 * sigma);

        // The other orientation flips the sign.
        var t2 = ElectronPositron.Generate(50_000, 80, ElectroweakParameters.Pdg, BeamOrientation.PositronAlongPlusZ, Electroweak.MuonMass, null, null, seed: 13);
        var f2 = t2.GetColumn("Features").Values.Span;
        int fw2 = 0;
        for (int i = 0; i < 50_000; i++) if (f2[6 * i + 2] > 0) fw2++;
        double afb2 = (2.0 * fw2 - 50_000) / 50_000;
        Assert.AreEqual(-expected, afb2, 3 * Math.Sqrt((1 - afb2 * afb2) / 50_000));   // 3σ binomial
    }

    [TestMethod]
    public void CosThetaHistogramAndUniformPhi()
    {
        const int n = 100_000, bins = 20;
        var t = ElectronPositron.Generate(n, 80, ElectroweakParameters.Pdg, BeamOrientation.ElectronAlongPlusZ, Electroweak.MuonMass, null, null, seed: 14);
        double b = t.Info.Reference("B");
        var f = t.GetColumn("Features");
        var obs = new double[bins];
        var phis = new double[n];
        for (int i = 0; i < n; i++)
        {
            var r = f.Row(i);
            double mag = Math.Sqrt((double)r[0] * r[0] + (double)r[1] * r[1] + (double)r[2] * r[2]);
            double c = r[2] / mag;
            obs[Math.Min(bins - 1, (int)((c + 1) / 2 * bins))]++;
            phis[i] = Math.Atan2(r[1], r[0]);
        }
        double F(double c) => 3.0 / 8.0 * ((c + 1) + (c * c * c + 1) / 3 + b / 2 * (c * c - 1));
        var exp = Enumerable.Range(0, bins).Select(k => n * (F(-1 + 2.0 * (k + 1) / bins) - F(-1 + 2.0 * k / bins))).ToArray();
        // χ² with bins − 1 degrees of freedom at level 0.001.
        Assert.IsLessThan(Stats.ChiSquareCritical(bins - 1, 0.001), Stats.ChiSquare(obs, exp));
        double d = Stats.KolmogorovSmirnov(phis, x => (x + Math.PI) / (2 * Math.PI));
        Assert.IsLessThan(Stats.KolmogorovSmirnovCritical(n, 0.01), d);   // KS at α = 0.01
    }

    [TestMethod]
    public void CutsAreRespectedAndAcceptanceIsAnalytic()
    {
        const int n = 20_000;
        var t = ElectronPositron.Generate(n, 80, ElectroweakParameters.Pdg, BeamOrientation.ElectronAlongPlusZ, Electroweak.MuonMass, minPt: 10, maxAbsEta: 2.5, seed: 15);
        double cMax = t.Info.Reference("CosThetaMax");
        double p = t.Info.Reference("MomentumMagnitude");
        Assert.AreEqual(Math.Sqrt(1 - 100 / (p * p)), cMax, 1e-12);   // pT > 10 GeV binds (|cos| < 0.968) before |η| < 2.5 (0.987)
        var f = t.GetColumn("Features");
        int forward = 0;
        for (int i = 0; i < n; i++)
        {
            var r = f.Row(i);
            double pt = Math.Sqrt((double)r[0] * r[0] + (double)r[1] * r[1]);
            double mag = Math.Sqrt(pt * pt + (double)r[2] * r[2]);
            Assert.IsGreaterThan(10.0, pt);
            Assert.IsLessThan(2.5, Math.Abs(Math.Atanh(r[2] / mag)));
            if (r[2] > 0) forward++;
        }
        double afb = (2.0 * forward - n) / n;
        Assert.AreEqual(t.Info.Reference("ForwardBackwardAsymmetryInAcceptance"), afb, 3 * Math.Sqrt((1 - afb * afb) / n));   // 3σ binomial
    }
}

[TestClass]
public sealed class PartonDensityTests
{
    [TestMethod]
    public void ValenceSumRulesAndMomentumSum()
    {
        foreach (double q2 in new[] { 10.0, 91.1876 * 91.1876 })
        {
            double uv = Grv94Lo.IntegrateOverX(x => Grv94Lo.Evaluate(x, q2).UValence / x);
            double dv = Grv94Lo.IntegrateOverX(x => Grv94Lo.Evaluate(x, q2).DValence / x);
            double mom = Grv94Lo.IntegrateOverX(x => Grv94Lo.Evaluate(x, q2).MomentumSum);
            Console.WriteLine($"Q2={q2}: uv={uv:F4} dv={dv:F4} momentum={mom:F4}");
            // GRV94's parametrisation reproduces its evolved valence integrals to about 2 % (reference: 2.001 and 0.989).
            Assert.AreEqual(2.0, uv, 0.04);
            Assert.AreEqual(1.0, dv, 0.02);
        }
    }
}
