namespace Microsoft.ML.Symmetry.Cli.Tests;

/// <summary>
/// --runs with --shard/--partials on <c>symmetry detector</c> and <c>symmetry liegan</c>: shards merged by
/// <c>symmetry merge</c> write the single run's report (CSV byte for byte, JSON but the fit and creation times), with the
/// per-run table and the agreement sentence. Tiny fits on one thread, as the single run they are compared with.
/// </summary>
[TestClass]
public sealed class SeedShardCliTests : CliTestBase
{
    private void MergedEqualsSingle(string[] protocol, string method)
    {
        var parts = Path.Combine(Dir, "parts");
        for (var i = 0; i < 2; i++)
        {
            var (code, output) = Run([.. protocol, "--shard", $"{i}/2", "--partials", parts]);
            Assert.AreEqual(0, code, output);
            StringAssert.Contains(output, i == 0 ? "shard 0/2: runs 1-1 of 3 (seeds 4-4)" : "shard 1/2: runs 2-3 of 3 (seeds 5-6)");
        }
        var merged = Run("merge", parts, "--report", Path.Combine(Dir, "merged.csv"), "--json", Path.Combine(Dir, "merged.json"));
        Assert.AreEqual(0, merged.Code, merged.Output);
        StringAssert.Contains(merged.Output, $"merging 2 shards of 3 {method} items");
        StringAssert.Contains(merged.Output, "Seeded runs");
        var single = Run([.. protocol, "--report", Path.Combine(Dir, "single.csv"), "--json", Path.Combine(Dir, "single.json")]);
        Assert.AreEqual(0, single.Code, single.Output);
        CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(Dir, "single.csv")), File.ReadAllBytes(Path.Combine(Dir, "merged.csv")));
        var json = ShardCliTests.Comparable(Path.Combine(Dir, "merged.json"));
        CollectionAssert.AreEqual(ShardCliTests.Comparable(Path.Combine(Dir, "single.json")), json);
        Assert.IsTrue(json.Any(l => l.Contains("Seeded runs", StringComparison.Ordinal)), "the per-run table is in the JSON");
        Assert.IsTrue(json.Any(l => l.Contains(" of 3 runs agree", StringComparison.Ordinal)), "the agreement is in the JSON");

        // A missing shard is named; too many shards for the runs is a usage error before training.
        File.Delete(Path.Combine(parts, "shard-0001-of-0002.symshard"));
        var missing = Run("merge", parts);
        Assert.AreEqual(1, missing.Code);
        StringAssert.Contains(missing.Output, "1 of 2 shards are missing: 1. Run them again (--shard 1/2)");
        var tooMany = Run([.. protocol, "--shard", "0/4", "--partials", parts]);
        Assert.AreEqual(2, tooMany.Code);
        StringAssert.Contains(tooMany.Output, "3 run(s) cannot be split into 4 shards");
    }

    [TestMethod]
    public void DetectorShardsMergedByTheCliWriteTheSingleRunsReport()
    {
        // A CSV of image pairs (no MNIST download needed): 8 × 8 stripes, y = x shifted right by t ~ U(−1, 1) pixels.
        var csv = Path.Combine(Dir, "pairs.csv");
        var rng = new Random(2);
        var lines = new List<string> { string.Join(",", Enumerable.Range(0, 64).Select(i => $"s{i}").Concat(Enumerable.Range(0, 64).Select(i => $"t{i}"))) };
        for (var r = 0; r < 120; r++)
        {
            double phase = rng.NextDouble() * 2 * Math.PI, shift = rng.NextDouble() * 2 - 1;
            string Image(double dx) => string.Join(",", Enumerable.Range(0, 64).Select(p =>
                Math.Sin(2 * Math.PI * (p % 8 - dx) / 8 + phase).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            lines.Add(Image(0) + "," + Image(shift));
        }
        File.WriteAllLines(csv, lines);
        MergedEqualsSingle(["detector", "--input", csv, "--source", "0-63", "--target", "64-127", "--epochs", "2", "--latent-side", "3", "--batch", "64",
                            "--runs", "3", "--seed", "4", "--threads", "1"], "LieDetector");
    }

    [TestMethod]
    public void LieGanShardsMergedByTheCliWriteTheSingleRunsReport() =>
        MergedEqualsSingle(["liegan", "--dataset", "circle", "--count", "100", "--epochs", "2", "--runs", "3", "--seed", "4", "--threads", "1"], "LatentLieGan");
}
