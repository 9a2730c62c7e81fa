using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

[TestClass]
public sealed class TrainingLoopTests
{
    private static Tensor Rows(int n) => arange(n, dtype: ScalarType.Float32).unsqueeze(1);

    private static Dictionary<string, double> Loss(double value) => new() { ["total"] = value };

    [TestMethod]
    public void EveryEpochVisitsEveryRowOnceInTheGeneratorsOrder()
    {
        using var data = Rows(10);
        var seen = new List<float>();
        using var g = new Generator(5);
        var loop = new TrainingLoop(null, null, CancellationToken.None);
        var history = loop.Run(data, 4, 3, g, batch =>
        {
            seen.AddRange(TestData.Values(batch));
            return Loss(TestData.Values(batch).Average());
        });
        Assert.HasCount(30, seen);
        // Independent truth: the same generator's three randperm(10) draws, in order.
        using var reference = new Generator(5);
        var expected = new List<float>();
        for (var e = 0; e < 3; e++)
        {
            using var p = randperm(10, generator: reference);
            expected.AddRange(p.data<long>().ToArray().Select(v => (float)v));
        }
        CollectionAssert.AreEqual(expected, seen);
        for (var e = 0; e < 3; e++) CollectionAssert.AreEquivalent(Enumerable.Range(0, 10).Select(v => (float)v).ToArray(), seen.Skip(10 * e).Take(10).ToArray());
        CollectionAssert.AreNotEqual(seen.Take(10).ToArray(), seen.Skip(10).Take(10).ToArray());
        // Epoch means weight batches by their size (4, 4, 2): the mean over all rows, 4.5.
        Assert.HasCount(3, history);
        foreach (var e in history) Assert.AreEqual(4.5, e.Losses["total"], 1e-6);
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, history.Select(h => h.Epoch).ToArray());
    }

    [TestMethod]
    public void DeviceLossesGiveTheSameOrderAndMeansAndAFullBatchIsNotShuffled()
    {
        // The deferred overload: same shuffle as the eager one (the same generator's draws), per-epoch means of the
        // values the step left on the device, named in the given order.
        using var data = Rows(10);
        var seen = new List<float>();
        using var g = new Generator(5);
        var loop = new TrainingLoop(null, null, CancellationToken.None);
        var history = loop.Run(data, 4, 2, g, batch =>
        {
            seen.AddRange(TestData.Values(batch));
            return stack([batch.mean(), batch.max()]).squeeze();
        }, ["mean", "max"]);
        using var reference = new Generator(5);
        using (var p = randperm(10, generator: reference)) CollectionAssert.AreEqual(p.data<long>().ToArray().Select(v => (float)v).ToArray(), seen.Take(10).ToArray());
        Assert.HasCount(2, history);
        Assert.AreEqual(4.5, history[0].Losses["mean"], 1e-6);                     // batch means weighted by size: the mean of 0…9
        CollectionAssert.AreEqual(new[] { "mean", "max" }, history[0].Losses.Keys.ToArray());
        // One batch of all rows: passed in the data's own order, and the generator is left untouched.
        var full = new List<float>();
        using var untouched = new Generator(9);
        loop.Run(data, 10, 2, untouched, batch => { full.AddRange(TestData.Values(batch)); return Loss(0); });
        CollectionAssert.AreEqual(Enumerable.Range(0, 10).Select(v => (float)v).Concat(Enumerable.Range(0, 10).Select(v => (float)v)).ToArray(), full.ToArray());
        using var fresh = new Generator(9);
        using var a = randperm(10, generator: untouched);
        using var b = randperm(10, generator: fresh);
        CollectionAssert.AreEqual(b.data<long>().ToArray(), a.data<long>().ToArray());
    }

    [TestMethod]
    public void ReportsProgressAndLogsOncePerEpoch()
    {
        using var data = Rows(10);
        using var g = new Generator(1);
        var reports = new List<TrainingProgress>();
        var lines = new List<string>();
        var hooks = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var loop = new TrainingLoop(new Sync<TrainingProgress>(reports.Add), lines.Add, CancellationToken.None, () => hooks++, clock);
        loop.Run(data, 4, 3, g, _ => new Dictionary<string, double> { ["reconstruction"] = 1, ["kl"] = 2 }, run: 1, runs: 2);
        Assert.AreEqual(9, hooks, "beforeStep is called before every step");
        Assert.HasCount(3, reports);
        Assert.HasCount(3, lines);
        for (var e = 0; e < 3; e++)
        {
            var p = reports[e];
            Assert.AreEqual(1, p.Run);
            Assert.AreEqual(2, p.Runs);
            Assert.AreEqual(e + 1, p.Epoch);
            Assert.AreEqual(3, p.Epochs);
            Assert.AreEqual(3 * (e + 1), p.Step);
            Assert.AreEqual(3, p.StepsPerEpoch);
            Assert.IsTrue(p.IsEpochEnd);
            Assert.AreEqual(1.0, p.Losses["reconstruction"]);
            Assert.AreEqual(2.0, p.Losses["kl"]);
            // Run 2 of 2: half the fit was done before it started.
            Assert.AreEqual(0.5 + 0.5 * (e + 1) / 3.0, p.Fraction, 1e-12);
            Assert.IsLessThanOrEqualTo(clock.Elapsed, p.Elapsed);
            StringAssert.Contains(lines[e], $"run 2/2 epoch {e + 1}/3");
            StringAssert.Contains(lines[e], "reconstruction = 1");
            StringAssert.Contains(lines[e], "kl = 2");
        }
        // Runs trained together count as that many runs.
        Assert.AreEqual(0.5, new TrainingProgress(0, 4, 1, 2, 3, 3, new Dictionary<string, double>(), TimeSpan.Zero, true, RunsTogether: 4).Fraction, 1e-12);
    }

    [TestMethod]
    public void CancellationStopsBeforeTheNextStep()
    {
        using var data = Rows(100);
        using var g = new Generator(1);
        using var cts = new CancellationTokenSource();
        var steps = 0;
        var loop = new TrainingLoop(null, null, cts.Token);
        var e = Assert.ThrowsExactly<OperationCanceledException>(() => loop.Run(data, 10, 5, g, _ =>
        {
            if (++steps == 4) cts.Cancel();
            return Loss(1);
        }));
        Assert.AreEqual(cts.Token, e.CancellationToken);
        Assert.AreEqual(4, steps, "no step runs after the token is cancelled");
        // Already cancelled: no step at all.
        steps = 0;
        Assert.ThrowsExactly<OperationCanceledException>(() => loop.Run(data, 10, 5, g, _ => { steps++; return Loss(1); }));
        Assert.AreEqual(0, steps);
    }

    [TestMethod]
    public void TheBeforeStepHookCanStopTraining()
    {
        using var data = Rows(100);
        using var g = new Generator(1);
        var calls = 0;
        var steps = 0;
        var loop = new TrainingLoop(null, null, CancellationToken.None, () => { if (++calls == 3) throw new OperationCanceledException("host says stop"); });
        var e = Assert.ThrowsExactly<OperationCanceledException>(() => loop.Run(data, 10, 5, g, _ => { steps++; return Loss(1); }));
        Assert.AreEqual("host says stop", e.Message);
        Assert.AreEqual(2, steps);
    }

    [TestMethod]
    public void ANonFiniteLossIsReportedWithItsTermEpochAndBatch()
    {
        using var data = Rows(10);
        using var g = new Generator(1);
        var steps = 0;
        var loop = new TrainingLoop(null, null, CancellationToken.None);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(data, 4, 3, g, _ =>
            new Dictionary<string, double> { ["reconstruction"] = 1, ["kl"] = ++steps == 5 ? double.PositiveInfinity : 1 }));
        StringAssert.Contains(e.Message, "'kl'");
        StringAssert.Contains(e.Message, "Infinity");
        StringAssert.Contains(e.Message, "epoch 2");
        StringAssert.Contains(e.Message, "batch 2 of 3");
        Assert.AreEqual(5, steps);
        steps = 0;
        var nan = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(data, 4, 3, g, _ => Loss(++steps == 1 ? double.NaN : 1)));
        StringAssert.Contains(nan.Message, "NaN");
        StringAssert.Contains(nan.Message, "epoch 1, batch 1");
    }

    [TestMethod]
    public void TensorsMadeInAStepAreDisposedAfterIt()
    {
        using var data = Rows(8);
        using var g = new Generator(1);
        var made = new List<Tensor>();
        var loop = new TrainingLoop(null, null, CancellationToken.None);
        var before = VaeTrainingTests.LiveTensors();
        loop.Run(data, 4, 2, g, batch =>
        {
            made.Add(batch);
            made.Add(batch * 2);
            return Loss(1);
        });
        Assert.HasCount(8, made);
        Assert.IsTrue(made.All(t => t.IsInvalid));
        Assert.AreEqual(before, VaeTrainingTests.LiveTensors());
    }

    [TestMethod]
    public void BadArgumentsAreRejected()
    {
        using var data = Rows(8);
        using var none = zeros(0, 1);
        using var g = new Generator(1);
        var loop = new TrainingLoop(null, null, CancellationToken.None);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.Run(data, 0, 1, g, _ => Loss(1)));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.Run(data, 2, 0, g, _ => Loss(1)));
        Assert.ThrowsExactly<ArgumentException>(() => loop.Run(none, 2, 1, g, _ => Loss(1)));
    }
}
