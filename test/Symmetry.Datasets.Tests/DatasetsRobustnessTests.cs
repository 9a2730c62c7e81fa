using Microsoft.ML;

namespace Microsoft.ML.Symmetry.Datasets.Tests;

/// <summary>Regression tests for bad parameters and malformed files found in an adversarial review of the generators.</summary>
[TestClass]
public sealed class DatasetsRobustnessTests
{
    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void ElectronPositronCutsWithVanishingAcceptanceThrowInsteadOfLooping()
    {
        var ml = new MLContext(seed: 1);
        var e = Assert.ThrowsExactly<ArgumentException>(() => SymmetryDatasets.ElectronPositronToMuons(ml, count: 10, maxAbsEta: 1e-12));
        StringAssert.StartsWith(e.Message, "The cuts (minPt = none, maxAbsEta = 1E-12) accept a fraction 7.5E-13 of events; at least 0.0001 is required.");
        // A tight but workable cut still generates.
        Assert.AreEqual(10L, ((IDataView)SymmetryDatasets.ElectronPositronToMuons(ml, count: 10, maxAbsEta: 0.01)).GetRowCount());
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public void DrellYanCutsThatRejectEverythingThrowInsteadOfLooping()
    {
        var ml = new MLContext(seed: 1);
        var e = Assert.ThrowsExactly<ArgumentException>(() => SymmetryDatasets.DrellYan(ml, count: 10, minLeptonPt: 1e5));
        Assert.AreEqual("The lepton cuts (minLeptonPt = 100000, maxAbsEta = 2.4) accepted 0 of 1000000 events; at least a fraction 0.0001 is required. " +
            "Loosen the cuts or widen the mass window.", e.Message);
    }

    [TestMethod]
    public void DrellYanRejectsInfinitePairPtParameters()
    {
        var ml = new MLContext(seed: 1);
        var scale = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SymmetryDatasets.DrellYan(ml, count: 10, pairPtScale: double.PositiveInfinity));
        StringAssert.StartsWith(scale.Message, "'pairPtScale' must be non-negative and finite. (Parameter 'pairPtScale')");
        var max = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SymmetryDatasets.DrellYan(ml, count: 10, pairPtMax: double.PositiveInfinity));
        StringAssert.StartsWith(max.Message, "'pairPtMax' must be non-negative and finite. (Parameter 'pairPtMax')");
    }

    [TestMethod]
    public void LotkaVolterraRejectsParametersThatGiveNoRowsOrNonFiniteRows()
    {
        var ml = new MLContext(seed: 1);
        var save = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SymmetryDatasets.LotkaVolterra(ml, trajectories: 2, steps: 100, saveEvery: 1000));
        StringAssert.StartsWith(save.Message, "'saveEvery' must be at most 'steps' (100) so that each trajectory keeps at least two states. (Parameter 'saveEvery')");
        var inf = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SymmetryDatasets.LotkaVolterra(ml, trajectories: 2, steps: 100, energyMax: double.PositiveInfinity));
        StringAssert.StartsWith(inf.Message, "'energyMax' must be finite. (Parameter 'energyMax')");
        var overflow = Assert.ThrowsExactly<ArgumentException>(() => SymmetryDatasets.LotkaVolterra(ml, trajectories: 2, steps: 100, energyMax: 1e300));
        StringAssert.StartsWith(overflow.Message, "The lotka-volterra integration produced a non-finite value (trajectory ");
        StringAssert.EndsWith(overflow.Message, "use a smaller 'dt' or a lower 'energyMax'.");
        // saveEvery == steps is the smallest valid case: one pair per trajectory.
        Assert.AreEqual(2L, ((IDataView)SymmetryDatasets.LotkaVolterra(ml, trajectories: 2, steps: 100, saveEvery: 100)).GetRowCount());
    }

    [TestMethod]
    public void MagnitudeDistributionsRejectNonFiniteMagnitudes()
    {
        var categorical = Assert.ThrowsExactly<ArgumentException>(() => MagnitudeDistribution.Categorical([0.5, double.NaN]));
        Assert.AreEqual("Magnitudes must be finite; values[1] is NaN. (Parameter 'values')", categorical.Message);
        var normal = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MagnitudeDistribution.Normal(double.PositiveInfinity, 1));
        StringAssert.StartsWith(normal.Message, "'mean' must be finite. (Parameter 'mean')");
        Assert.AreEqual("Categorical(-1, 1)", MagnitudeDistribution.Categorical([-1.0, 1.0]).ToString());
    }

    [TestMethod]
    public void SizesBeyondOneArrayThrowNamingTheParameter()
    {
        var ml = new MLContext(seed: 1);
        // Without the check, int arithmetic wrapped: an OverflowException or an IndexOutOfRangeException deep in a generator.
        var circle = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SymmetryDatasets.Circle(ml, count: int.MaxValue));
        Assert.AreEqual($"'count' is too large: the dataset would need {2L * int.MaxValue} values in one array (at most {Array.MaxLength}). (Parameter 'count')", circle.Message);
        var sphere = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SymmetryDatasets.Sphere(ml, count: 1_000_000_000, dimension: 3));
        StringAssert.StartsWith(sphere.Message, "'count' is too large: the dataset would need 3000000000 values");
        var pendulum = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SymmetryDatasets.Pendulum(ml, trajectories: 1_000_000, steps: 10_000));
        StringAssert.StartsWith(pendulum.Message, "'trajectories' × ('steps' + 1) is too large: the dataset would need 20002000000 values");
        var steps = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SymmetryDatasets.Pendulum(ml, trajectories: 1, steps: int.MaxValue));
        StringAssert.StartsWith(steps.Message, "'trajectories' × ('steps' + 1) is too large:");
    }

    private static string TempFile(byte[] bytes, string extension = ".idx")
    {
        var path = Path.Combine(Path.GetTempPath(), $"robust-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [TestMethod]
    public void SyMnistSizeBeyondOneArrayThrowsBeforeAllocating()
    {
        var ml = new MLContext(seed: 1);
        // Two 2×2 images from IDX files, so the test does not need the MNIST cache.
        var images = TempFile([0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 255, 255, 0, 1, 2, 3, 4]);
        var labels = TempFile([0, 0, 0x08, 1, 0, 0, 0, 2, 3, 7]);
        var tiny = SymmetryDatasets.MnistFromIdx(ml, images, labels);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SymmetryDatasets.SyMnist(ml, tiny, count: 1_000_000, canvasSize: 100));
        StringAssert.StartsWith(e.Message, "'count' × 'canvasSize'² is too large: the dataset would need 10000000000 values");
    }

    [TestMethod]
    public void IdxHeaderTruncatedNamesTheFile()
    {
        var path = TempFile([0, 0, 0x08, 3, 0, 0]);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.Read(path));
        Assert.AreEqual($"'{path}': IDX header truncated: expected 3 dimension sizes, found 0.", e.Message);
    }

    [TestMethod]
    public void IdxHeaderClaimingAHugeArrayFailsOnTheShortFile()
    {
        // 100,000,000 × 4 × 4 bytes declared, none present: a truncation error, without allocating the declared size first.
        var path = TempFile([0, 0, 0x08, 3, 0x05, 0xF5, 0xE1, 0x00, 0, 0, 0, 4, 0, 0, 0, 4]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual($"'{path}': IDX file truncated: expected 1600000000 values of 1 bytes, found 0.", e.Message);
        Assert.IsLessThan(64L << 20, allocated, $"allocated {allocated} bytes for an empty body");
    }

    [TestMethod]
    public void CorruptGzipIdxNamesTheFile()
    {
        var path = TempFile([0x1F, 0x8B, 1, 2, 3], ".gz");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.Read(path));
        StringAssert.StartsWith(e.Message, $"'{path}': ");
    }

    [TestMethod]
    public void DisposedDatasetCursorReturnsFalseAndItsGettersThrow()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = SymmetryDatasets.Circle(ml, count: 5);
        var cursor = data.GetRowCursor(data.Schema);
        var getter = cursor.GetGetter<float>(data.Schema["Angle"]);
        Assert.IsTrue(cursor.MoveNext());
        cursor.Dispose();
        Assert.IsFalse(cursor.MoveNext());
        float v = 0;
        Assert.ThrowsExactly<InvalidOperationException>(() => getter(ref v));
    }
}
