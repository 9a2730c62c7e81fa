using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

/// <summary>
/// The multi-seed protocol of LieDetector and LatentLieGan (Options.Runs): run r is the fit with seed Seed + r, the kept
/// run is the one the documented criterion picks, the agreement counts what it says, and shards merged through their
/// files equal the single fit bit for bit (one libtorch thread, as AssemblySetup and ShardingTests set).
/// </summary>
[TestClass]
public sealed class SeedProtocolTests
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), $"symmetry-seed-tests-{Environment.ProcessId}");

    [ClassInitialize]
    public static void MakeFolder(TestContext _)
    {
        Directory.CreateDirectory(Folder);
        TorchSharp.torch.set_num_threads(1);
    }

    [ClassCleanup]
    public static void DeleteFolder() => Directory.Delete(Folder, recursive: true);

    // 6 epochs on 160 pairs of 8 × 8 shifts: the bookkeeping, not the discovery, is under test.
    private static LieDetectorEstimator.Options Detector(int runs, SymmetryShard? shard, int epochs = 6) =>
        LieDetectorTests.Quick(o => { o.Runs = runs; o.Shard = shard; o.Epochs = epochs; o.Seed = 3; });

    private static IDataView Pairs() => LieDetectorTests.Shifts(160, 1);

    private static LatentLieGanEstimator.Options Gan(int runs, SymmetryShard? shard) => new()
    {
        HiddenLayers = [16, 16], DiscriminatorHiddenLayers = [16, 16], Epochs = 4, BatchSize = 64, Seed = 5, Runs = runs, Shard = shard,
    };

    private static IDataView Ring() => LatentLieGanTests.Ring(128, 1);

    // Through the file, as shards on other machines hand their results over.
    private static SymmetryPartialResult ThroughFile(MLContext ml, SymmetryPartialResult part, string name)
    {
        var path = Path.Combine(Folder, name + ".symshard");
        part.Save(path);
        part.Dispose();
        return SymmetryPartialResult.Load(ml, path);
    }

    [TestMethod]
    public void LieDetectorRunsAreTheSeededFitsAndTheKeptRunHasTheLowestAlphaLoss()
    {
        var ml = new MLContext(1);
        // No held-out pairs: a run's split is then the same as a single fit's with its seed, so run r must be that fit.
        var protocol = ml.Transforms.SymmetryDiscovery.LieDetector(LieDetectorTests.Quick(o => { o.Runs = 3; o.Seed = 3; o.Epochs = 6; o.ValidationFraction = 0; })).Fit(Pairs());
        var report = protocol.Report;
        CollectionAssert.AreEqual(new[] { 3, 4, 5 }, report.SeedRuns.Select(r => r.Seed).ToArray());
        var singles = Enumerable.Range(3, 3).Select(seed =>
            ml.Transforms.SymmetryDiscovery.LieDetector(LieDetectorTests.Quick(o => { o.Seed = seed; o.Epochs = 6; o.ValidationFraction = 0; })).Fit(Pairs())).ToArray();
        var alpha = singles.Select(s => s.Report.History[^1].Losses["alpha"]).ToArray();
        CollectionAssert.AreEqual(alpha, report.SeedRuns.Select(r => r.Criterion).ToArray());
        var kept = Array.IndexOf(alpha, alpha.Min());
        Assert.AreEqual(kept, report.KeptRun);
        CollectionAssert.AreEqual(singles[kept].Report.CoefficientVector.ToArray(), report.CoefficientVector.ToArray());
        CollectionAssert.AreEqual(T(singles[kept].Transform(Pairs())), T(protocol.Transform(Pairs())));
        // Agreement: |cos| ≥ 0.99 of the unit coefficient vectors with the kept run's, computed here from the single fits.
        var k = singles[kept].Report.CoefficientVector;
        var agreeing = singles.Count(s => Math.Abs(s.Report.CoefficientVector.Zip(k, (a, b) => a * b).Sum()) >= 0.99);
        Assert.AreEqual(agreeing, report.AgreeingRuns);
        StringAssert.Contains(report.Summary, $"Seeds: {agreeing} of 3 runs agree");
        Assert.AreEqual($"{agreeing} of 3 runs agree", report.KeyResults.Single(r => r.Key == "agreement").Value);
        for (var r = 0; r < 3; r++)
        {
            Assert.AreEqual(singles[r].Report.GeneratorName, report.SeedRuns[r].Generator);
            Assert.AreEqual(singles[r].Report.ClosestGenerator.Cosine, report.SeedRuns[r].Cosine);
        }
        Assert.AreEqual("Seeded runs", report.Tables()[^1].Title);
        Assert.AreEqual(3L, report.SeedRunsDataFrame().Rows.Count);
        // A single run's report is as before: no runs, no table, no sentence.
        Assert.IsEmpty(singles[0].Report.SeedRuns);
        Assert.IsFalse(singles[0].Report.Tables().Any(t => t.Title == "Seeded runs"));
        Assert.DoesNotContain("Seeds:", singles[0].Report.Summary);
        foreach (var s in singles) s.Dispose();
        protocol.Dispose();
    }

    [TestMethod]
    public void LieDetectorShardsMergeIntoTheSingleFitBitForBitAndTheModelRoundTrips()
    {
        var ml = new MLContext(1);
        var single = ml.Transforms.SymmetryDiscovery.LieDetector(Detector(3, null)).Fit(Pairs());
        var parts = new[] { 1, 0 }.Select(i => ThroughFile(ml, ml.Transforms.SymmetryDiscovery.LieDetector(Detector(3, new SymmetryShard(i, 2))).FitPartial(Pairs()), $"detector-{i}")).ToArray();
        CollectionAssert.AreEqual(new[] { 1, 2 }, parts.OrderBy(p => p.Shard.Index).Select(p => p.Block.Length).ToArray());
        var merged = (LieDetectorTransformer)SymmetryPartialResult.Merge(parts);
        AssertSame(single.Report, merged.Report);
        CollectionAssert.AreEqual(single.Report.SeedRuns.Select(r => r.Coefficients.ToArray()).SelectMany(c => c).ToArray(),
                                  merged.Report.SeedRuns.Select(r => r.Coefficients.ToArray()).SelectMany(c => c).ToArray());
        CollectionAssert.AreEqual(single.Report.CoefficientVector.ToArray(), merged.Report.CoefficientVector.ToArray());
        CollectionAssert.AreEqual(T(single.Transform(Pairs())), T(merged.Transform(Pairs())));
        foreach (var p in parts) p.Dispose();   // the merged model outlives its parts

        // Saved and loaded, the runs come back (body version 0x00010002).
        using var stream = new MemoryStream();
        ml.Model.Save(merged, Pairs().Schema, stream);
        stream.Position = 0;
        var loaded = (LieDetectorTransformer)ml.Model.Load(stream, out _);
        AssertSame(single.Report, loaded.Report);
        CollectionAssert.AreEqual(T(single.Transform(Pairs())), T(loaded.Transform(Pairs())));
        loaded.Dispose();
        merged.Dispose();
        single.Dispose();
    }

    [TestMethod]
    public void ASingleRunIsSavedInTheBodyVersionOfReleasesBeforeRuns()
    {
        var ml = new MLContext(1);
        using var single = new Holder(ml.Transforms.SymmetryDiscovery.LieDetector(Detector(1, null, epochs: 1)).Fit(Pairs()));
        using var runs = new Holder(ml.Transforms.SymmetryDiscovery.LieDetector(Detector(2, null, epochs: 1)).Fit(Pairs()));
        Assert.AreEqual(0x00010001u, BodyVersion(ml, single.Model));   // readable by releases without Runs
        Assert.AreEqual(0x00010002u, BodyVersion(ml, runs.Model));
    }

    private sealed class Holder(ITransformer model) : IDisposable
    {
        public ITransformer Model { get; } = model;
        public void Dispose() => ((SymmetryTransformerBase)Model).Dispose();
    }

    // ML.NET's model header of the transformer's entry (a *Model.key in the zip) holds the 8-byte model signature and,
    // right after it, ModelVerWritten (uint32).
    private static uint BodyVersion(MLContext ml, ITransformer model)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, Pairs().Schema, stream);
        stream.Position = 0;
        using var zip = new System.IO.Compression.ZipArchive(stream);
        var versions = new List<uint>();
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith("Model.key", StringComparison.Ordinal)))
        {
            using var copy = new MemoryStream();
            using (var s = entry.Open()) s.CopyTo(copy);
            var bytes = copy.ToArray();
            var at = bytes.AsSpan().IndexOf("SYMLIEDT"u8);
            if (at >= 0) versions.Add(BitConverter.ToUInt32(bytes, at + 8));
        }
        return versions.Single();
    }

    [TestMethod]
    public void LatentLieGanShardsMergeIntoTheSingleFitBitForBitAndKeepTheAccuracyClosestToChance()
    {
        var ml = new MLContext(1);
        var single = ml.Transforms.SymmetryDiscovery.LatentLieGan(Gan(3, null)).Fit(Ring());
        var report = single.Report;
        CollectionAssert.AreEqual(new[] { 5, 6, 7 }, report.SeedRuns.Select(r => r.Seed).ToArray());
        // The criterion, from each run's own single fit: |final accuracy − 0.5|, the first lowest kept.
        var accuracy = Enumerable.Range(5, 3).Select(seed =>
        {
            var options = Gan(1, null);
            options.Seed = seed;
            var fit = ml.Transforms.SymmetryDiscovery.LatentLieGan(options).Fit(Ring());
            var result = (Value: fit.Report.FinalDiscriminatorAccuracy!.Value, fit.Report.Details[0].Invariants.Kind);
            fit.Dispose();
            return result;
        }).ToArray();
        CollectionAssert.AreEqual(accuracy.Select(a => (double?)a.Value).ToArray(), report.SeedRuns.Select(r => r.DiscriminatorAccuracy).ToArray());
        var gaps = accuracy.Select(a => Math.Abs(a.Value - 0.5)).ToArray();
        Assert.AreEqual(Array.IndexOf(gaps, gaps.Min()), report.KeptRun);
        Assert.AreEqual(accuracy[report.KeptRun].Value, report.FinalDiscriminatorAccuracy);
        Assert.AreEqual(accuracy.Count(a => a.Kind == accuracy[report.KeptRun].Kind), report.AgreeingRuns);
        StringAssert.Contains(report.Summary, $"Seeds: {report.AgreeingRuns} of 3 runs agree");

        var parts = Enumerable.Range(0, 3).Reverse()
            .Select(i => ThroughFile(ml, ml.Transforms.SymmetryDiscovery.LatentLieGan(Gan(3, new SymmetryShard(i, 3))).FitPartial(Ring()), $"gan-{i}")).ToArray();
        var merged = (LatentLieGanTransformer)SymmetryPartialResult.Merge(parts);
        AssertSame(report, merged.Report);
        CollectionAssert.AreEqual(report.Generators[0].Cast<double>().ToArray(), merged.Report.Generators[0].Cast<double>().ToArray());
        CollectionAssert.AreEqual(TestData.Read(single.Transform(Ring()), "Latent"), TestData.Read(merged.Transform(Ring()), "Latent"));
        foreach (var p in parts) p.Dispose();

        using var stream = new MemoryStream();
        ml.Model.Save(merged, Ring().Schema, stream);
        stream.Position = 0;
        var loaded = (LatentLieGanTransformer)ml.Model.Load(stream, out _);
        AssertSame(report, loaded.Report);
        loaded.Dispose();
        merged.Dispose();
        single.Dispose();
    }

    [TestMethod]
    public void MergeRefusesAnotherProtocolAndNamesAMissingShard()
    {
        var ml = new MLContext(1);
        var s0 = ThroughFile(ml, ml.Transforms.SymmetryDiscovery.LieDetector(Detector(2, new SymmetryShard(0, 2), epochs: 2)).FitPartial(Pairs()), "refuse-0");
        var other = ThroughFile(ml, ml.Transforms.SymmetryDiscovery.LieDetector(Detector(2, new SymmetryShard(1, 2), epochs: 3)).FitPartial(Pairs()), "refuse-1");
        try
        {
            var mismatch = Assert.ThrowsExactly<InvalidOperationException>(() => SymmetryPartialResult.Merge([s0, other]));
            StringAssert.StartsWith(mismatch.Message, "Shard 1/2 (LieDetector, 2 items, fingerprint ");
            StringAssert.EndsWith(mismatch.Message, "the options, the data or the package version differ.");
            var missing = Assert.ThrowsExactly<InvalidOperationException>(() => SymmetryPartialResult.Merge([s0]));
            Assert.AreEqual("1 of 2 shards are missing: 1. Run them again (--shard 1/2) and merge once all are present.", missing.Message);
        }
        finally
        {
            s0.Dispose();
            other.Dispose();
        }
        var noSeed = Gan(2, new SymmetryShard(0, 2));
        noSeed.Seed = null;
        Assert.ThrowsExactly<ArgumentException>(() => new LatentLieGanEstimator(ml, noSeed));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new LieDetectorEstimator(ml, Detector(2, new SymmetryShard(0, 3))));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new LieDetectorEstimator(ml, Detector(0, null)));
    }

    private static float[] T(IDataView scored) => [.. scored.GetColumn<float>("T")];

    // Everything the outputs are written from: summary, key results, tables and the per-run records.
    private static void AssertSame(SymmetryReport a, SymmetryReport b)
    {
        Assert.AreEqual(a.Summary, b.Summary);
        CollectionAssert.AreEqual(a.KeyResults.Select(k => $"{k.Key}={SymmetryReport.FormatValue(k.Value)}").ToArray(),
                                  b.KeyResults.Select(k => $"{k.Key}={SymmetryReport.FormatValue(k.Value)}").ToArray());
        Assert.AreEqual(a.Tables().Count, b.Tables().Count);
        foreach (var ((title, ta), (_, tb)) in a.Tables().Zip(b.Tables())) Assert.AreEqual(ta.ToString(), tb.ToString(), title);
    }
}
