using System.Collections.Immutable;
using System.IO.Compression;
using System.Text;
using Symmetry.ML;
using Symmetry.ML.Data;
using Symmetry.ML.Transforms;

namespace Symmetry.ML.Tests;

/// <summary>NormalizeMeanVariance(useCdf: true): y = Φ((x − μ)/σ) per slot.</summary>
[TestClass]
public sealed class CdfNormalizerTests
{
    // Reference values of the standard normal CDF.
    private const double Phi1 = 0.8413447460685429;
    private const double PhiMinus2 = 0.022750131948179195;

    /// <summary>
    /// Φ(z) by composite Simpson integration of the density φ(t) = e^(−t²/2)/√(2π), independent of the library's erf:
    /// the lower tail ∫ from |z| to |z| + 12 of φ (the rest is below e^(−12|z|−72) relative), and 1 − that for z ≥ 0.
    /// With 20000 intervals the relative error is below 1e-10 for |z| ≤ 10.
    /// </summary>
    private static double ReferencePhi(double z)
    {
        double a = Math.Abs(z), b = a + 12;
        const int N = 20000;
        double h = (b - a) / N, sum = Density(a) + Density(b);
        for (int i = 1; i < N; i++)
            sum += (i % 2 == 1 ? 4 : 2) * Density(a + i * h);
        double tail = sum * h / 3;
        return z < 0 ? tail : 1 - tail;

        static double Density(double t) => Math.Exp(-t * t / 2) / Math.Sqrt(2 * Math.PI);
    }

    private static void AreCloseRelative(double expected, double actual, double relTol, string what) =>
        Assert.IsTrue(Math.Abs(expected - actual) <= relTol * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R}");

    // One float ulp relative: the double result rounded to Single is within half an ulp.
    private const double FloatRel = 1.2e-7;

    [TestMethod]
    public void ReferenceIntegralReproducesKnownValues()
    {
        AreCloseRelative(0.5, ReferencePhi(0), 1e-12, "Φ(0)");
        AreCloseRelative(Phi1, ReferencePhi(1), 1e-12, "Φ(1)");
        AreCloseRelative(PhiMinus2, ReferencePhi(-2), 1e-10, "Φ(−2)");
    }

    [TestMethod]
    public void ScalarOutputsAreTheNormalCdfOfTheFittedMeanAndDeviation()
    {
        var ml = new MLContext(seed: 1);
        // Population mean 5 and standard deviation 2.
        var train = new ArrayDataViewBuilder();
        train.AddColumn("X", 2f, 4f, 4f, 4f, 5f, 5f, 7f, 9f);
        train.AddColumn("D", 2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0);
        var trainData = train.GetDataView();
        var model = ml.Transforms.NormalizeMeanVariance([new InputOutputColumnPair("X"), new InputOutputColumnPair("D")], useCdf: true).Fit(trainData);

        var p = (CdfNormalizerModelParameters)model.GetNormalizerModelParameters(0);
        CollectionAssert.AreEqual(new[] { 5.0 }, p.Mean.ToArray());
        CollectionAssert.AreEqual(new[] { 2.0 }, p.StandardDeviation.ToArray());
        Assert.IsFalse(p.UseLog);
        Assert.IsTrue(model.Columns[1].UseCdf);

        var test = new ArrayDataViewBuilder();
        test.AddColumn("X", 5f, 7f, 1f, 12f, -3f, 25f, float.NaN, float.PositiveInfinity, float.NegativeInfinity);
        test.AddColumn("D", 5.0, 7.0, 1.0, 12.0, -3.0, 25.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity);
        var output = model.Transform(test.GetDataView());
        var x = output.GetColumn<float>("X").ToArray();
        var d = output.GetColumn<double>("D").ToArray();

        double[] expected = [0.5, Phi1, PhiMinus2, ReferencePhi(3.5), ReferencePhi(-4), ReferencePhi(10)];
        for (int i = 0; i < expected.Length; i++)
        {
            AreCloseRelative(expected[i], d[i], 1e-9, $"Double row {i}");
            AreCloseRelative(expected[i], x[i], FloatRel, $"Single row {i}");
        }
        Assert.AreEqual(0.5, d[0]);
        AreCloseRelative(Phi1, d[1], 1e-13, "Φ(1)");
        AreCloseRelative(PhiMinus2, d[2], 1e-13, "Φ(−2)");
        // NaN and ±∞ map to 0, as in ML.NET.
        CollectionAssert.AreEqual(new[] { 0f, 0, 0 }, x[6..]);
        CollectionAssert.AreEqual(new[] { 0.0, 0, 0 }, d[6..]);
    }

    [TestMethod]
    public void VectorSlotsMatchTheIndependentCdfAndStayInTheUnitInterval()
    {
        var ml = new MLContext(seed: 1);
        const int Rows = 200, Size = 3;
        var rand = new Random(42);
        var values = new double[Rows * Size];
        for (int r = 0; r < Rows; r++)
        {
            values[r * Size] = rand.NextDouble() * 10 - 3;                    // uniform
            values[r * Size + 1] = Math.Exp(rand.NextDouble() * 4);           // skewed
            values[r * Size + 2] = 1e4 + (rand.NextDouble() - 0.5) * 10;     // large mean, small spread
        }
        var b = new ArrayDataViewBuilder();
        b.AddVectorColumn("V", Size, values);
        b.AddVectorColumn("F", Size, values.Select(v => (float)v).ToArray());
        var data = b.GetDataView();
        var model = ml.Transforms.NormalizeMeanVariance([new InputOutputColumnPair("V"), new InputOutputColumnPair("F")], useCdf: true).Fit(data);
        var output = model.Transform(data);
        var v = output.GetColumn<double[]>("V").ToArray();
        var f = TestData.Vectors(output, "F");

        for (int s = 0; s < Size; s++)
        {
            // Population statistics computed here, in two passes.
            double[] col = Enumerable.Range(0, Rows).Select(r => values[r * Size + s]).ToArray();
            double mean = col.Average();
            double sd = Math.Sqrt(col.Select(c => (c - mean) * (c - mean)).Sum() / Rows);
            double[] fcol = col.Select(c => (double)(float)c).ToArray();
            double fmean = fcol.Average();
            double fsd = Math.Sqrt(fcol.Select(c => (c - fmean) * (c - fmean)).Sum() / Rows);
            for (int r = 0; r < Rows; r++)
            {
                double expected = ReferencePhi((col[r] - mean) / sd);
                // The library's one-pass statistics agree with these to ~1e-12 of σ, which moves Φ by far less than 1e-8.
                Assert.AreEqual(expected, v[r][s], 1e-8, $"Double slot {s} row {r}");
                Assert.AreEqual(ReferencePhi((fcol[r] - fmean) / fsd), f[r][s], 2e-7, $"Single slot {s} row {r}");
                Assert.IsTrue(v[r][s] is >= 0 and <= 1 && f[r][s] is >= 0 and <= 1);
            }
        }
    }

    [TestMethod]
    public void SlotsWithoutSpreadMapToZeroAndFixZeroHasNoEffect()
    {
        var ml = new MLContext(seed: 1);
        var b = new ArrayDataViewBuilder();
        // slot 0: constant 3; slot 1: mean 0, σ 1; slot 2: no finite value.
        b.AddVectorColumn("V", 3, new float[] { 3, -1, float.NaN, 3, 1, float.PositiveInfinity, 3, -1, float.NaN, 3, 1, float.NaN });
        b.AddColumn("C", 7.0, 7.0, 7.0, 7.0);
        var data = b.GetDataView();
        var withFix = ml.Transforms.NormalizeMeanVariance([new InputOutputColumnPair("V"), new InputOutputColumnPair("C")], fixZero: true, useCdf: true).Fit(data);
        var withoutFix = ml.Transforms.NormalizeMeanVariance([new InputOutputColumnPair("V"), new InputOutputColumnPair("C")], fixZero: false, useCdf: true).Fit(data);

        var p = (CdfNormalizerModelParameters)withFix.GetNormalizerModelParameters(0);
        // As ML.NET: a slot without spread stores mean 0 and standard deviation 0.
        CollectionAssert.AreEqual(new[] { 0.0, 0, 0 }, p.Mean.ToArray());
        CollectionAssert.AreEqual(new[] { 0.0, 1, 0 }, p.StandardDeviation.ToArray());

        var probe = new ArrayDataViewBuilder();
        probe.AddVectorColumn("V", 3, new float[] { 3, 0, 5, -100, 1, 0 });
        probe.AddColumn("C", 7.0, -2.0);
        foreach (var model in new[] { withFix, withoutFix })
        {
            var output = model.Transform(probe.GetDataView());
            var rows = TestData.Vectors(output, "V");
            CollectionAssert.AreEqual(new[] { 0f, 0.5f, 0 }, rows[0]);
            Assert.AreEqual(0f, rows[1][0]);
            AreCloseRelative(Phi1, rows[1][1], FloatRel, "slot 1");
            Assert.AreEqual(0f, rows[1][2]);
            CollectionAssert.AreEqual(new[] { 0.0, 0.0 }, output.GetColumn<double>("C").ToArray());
        }
    }

    [TestMethod]
    public void SparseInputIsNormalizedLikeItsDenseEquivalent()
    {
        var ml = new MLContext(seed: 1);
        var type = new VectorDataViewType(NumberDataViewType.Single, 3);
        var b = new ArrayDataViewBuilder();
        b.AddColumn("V", type,
            new VBuffer<float>(3, 1, [2f], [1]),
            new VBuffer<float>(3, 2, [1f, 4f], [0, 2]),
            new VBuffer<float>(3, [-1f, -2f, 0f]),
            new VBuffer<float>(3, 0, [], []));
        var data = b.GetDataView();
        var dense = new ArrayDataViewBuilder();
        dense.AddVectorColumn("V", 3, new float[] { 0, 2, 0, 1, 0, 4, -1, -2, 0, 0, 0, 0 });
        var denseData = dense.GetDataView();
        var sparseOut = TestData.Vectors(ml.Transforms.NormalizeMeanVariance("V", useCdf: true).Fit(data).Transform(data), "V");
        var denseOut = TestData.Vectors(ml.Transforms.NormalizeMeanVariance("V", useCdf: true).Fit(denseData).Transform(denseData), "V");
        for (int r = 0; r < 4; r++)
            CollectionAssert.AreEqual(denseOut[r], sparseOut[r], $"row {r}");
        // Slot 0 has mean 0, so an implicit zero maps to Φ(0) = 0.5.
        Assert.AreEqual(0.5f, sparseOut[3][0]);
    }

    [TestMethod]
    public void CdfOutputKeepsTheAnnotationsOfTheAffinePath()
    {
        var ml = new MLContext(seed: 1);
        var b = new ArrayDataViewBuilder();
        b.AddVectorColumn("V", 2, new float[] { 1, 2, 3, 5, 4, 4 }, ["first", "second"]);
        var data = b.GetDataView();
        var cdf = ml.Transforms.NormalizeMeanVariance("N", "V", useCdf: true).Fit(data).Transform(data).Schema["N"];
        var affine = ml.Transforms.NormalizeMeanVariance("N", "V").Fit(data).Transform(data).Schema["N"];
        Assert.AreEqual(affine.Type, cdf.Type);
        CollectionAssert.AreEqual(affine.Annotations.Schema.Select(c => c.Name).ToArray(), cdf.Annotations.Schema.Select(c => c.Name).ToArray());
        VBuffer<ReadOnlyMemory<char>> names = default;
        cdf.GetSlotNames(ref names);
        CollectionAssert.AreEqual(new[] { "first", "second" }, names.DenseValues().Select(n => n.ToString()).ToArray());
        bool isNormalized = false;
        cdf.Annotations.GetValue(AnnotationUtils.Kinds.IsNormalized, ref isNormalized);
        Assert.IsTrue(isNormalized);
        var shape = ml.Transforms.NormalizeMeanVariance("N", "V", useCdf: true).GetOutputSchema(SchemaShape.Create(data.Schema));
        Assert.IsTrue(shape.TryFindColumn("N", out var n));
        Assert.AreEqual(SchemaShape.Column.VectorKind.Vector, n.Kind);
    }

    [TestMethod]
    public void UseCdfIsOnlyForMeanVariance()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            new NormalizingEstimator.ColumnOptions("Y", "X", NormalizingEstimator.NormalizationMode.MinMax, useCdf: true));
        Assert.AreEqual("useCdf", e.ParamName);
        Assert.IsTrue(new NormalizingEstimator.ColumnOptions("Y", "X", NormalizingEstimator.NormalizationMode.MeanVariance, useCdf: true).UseCdf);
        Assert.IsFalse(new NormalizingEstimator.ColumnOptions("Y").UseCdf);
    }

    [TestMethod]
    public void SavedAndLoadedCdfModelGivesIdenticalOutputs()
    {
        var ml = new MLContext(seed: 1);
        var b = new ArrayDataViewBuilder();
        b.AddColumn("X", 1f, 2f, 3f, 6f, float.NaN);
        b.AddColumn("D", 1.0, -2.0, 3.5, 6.0, 0.0);
        b.AddVectorColumn("V", 2, new double[] { 1, 5, 3, 5, 2, 5, 1, 5, 9, 5 }, ["a", "b"]);
        var data = b.GetDataView();
        var model = ml.Transforms.NormalizeMeanVariance([new InputOutputColumnPair("Xc", "X"), new InputOutputColumnPair("V")], useCdf: true)
            .Append(ml.Transforms.NormalizeMeanVariance("Dc", "D", fixZero: false, useCdf: true))
            .Append(ml.Transforms.NormalizeMeanVariance("Da", "D", fixZero: false))
            .Fit(data);
        string path = TestData.TempFile(".zip");
        ml.Model.Save(model, data.Schema, path);
        var loaded = ml.Model.Load(path, out _);

        var a = model.Transform(data);
        var l = loaded.Transform(data);
        CollectionAssert.AreEqual(a.Schema.Select(c => $"{c.Name}:{c.Type}").ToArray(), l.Schema.Select(c => $"{c.Name}:{c.Type}").ToArray());
        CollectionAssert.AreEqual(a.GetColumn<float>("Xc").ToArray(), l.GetColumn<float>("Xc").ToArray());
        CollectionAssert.AreEqual(a.GetColumn<double[]>("V").SelectMany(x => x).ToArray(), l.GetColumn<double[]>("V").SelectMany(x => x).ToArray());
        CollectionAssert.AreEqual(a.GetColumn<double>("Dc").ToArray(), l.GetColumn<double>("Dc").ToArray());
        CollectionAssert.AreEqual(a.GetColumn<double>("Da").ToArray(), l.GetColumn<double>("Da").ToArray());
        VBuffer<ReadOnlyMemory<char>> names = default;
        l.Schema["V"].GetSlotNames(ref names);
        CollectionAssert.AreEqual(new[] { "a", "b" }, names.DenseValues().Select(n => n.ToString()).ToArray());

        var normalizer = (NormalizingTransformer)((TransformerChain<ITransformer>)loaded).First();
        var p = (CdfNormalizerModelParameters)normalizer.GetNormalizerModelParameters(1);
        CollectionAssert.AreEqual(new[] { 3.2, 0 }, p.Mean.ToArray());
        Assert.AreEqual(0.0, p.StandardDeviation[1]);
        using var zip = ZipFile.OpenRead(path);
        Assert.AreEqual(0x00010002u, EntryVersionWritten(zip, "Model/Transform_000/Model.bin"));
    }

    // A model saved by the normalizer before the CDF existed (entry version 0x00010001): a mean–variance
    // transformer on X (Single) -> Xn and V (Vector<Double, 2>, slot names a, b) -> Vn with fixZero false, then a
    // min–max transformer on X -> Xm with fixZero, fitted on X = 1, 2, 3, 6 and V rows (1, −4), (3, 2), (2, −1), (1, 2).
    private const string ModelBeforeCdfBase64 =
        "UEsDBBQABggIAAJrdl36GCaXEwAAABgAAAARAAAAU2NoZW1hL1NjaGVtYS5iaW5jZGBgYGJgYGCMYOBkDGPkgvEBUEsDBBQABggI" +
        "AAJrdl1uW0FHfAAAAJYAAAAdAAAATW9kZWwvVHJhbnNmb3JtXzAwMC9Nb2RlbC5iaW4KjvT18fV38WFkYGDg8PMP8nX0iQpiZEBA" +
        "Lr/8otzEnMyq1CLu4Mrc3NSSoko9X58wBghgYmBgYIrIY4xg4ATpYWDQUkl4ek7qoT1EmsOBKSyPMYyRC2Q+SC0jA4hUyxC1/eb9" +
        "2b7D9PiyubtuQhX/gdIX9gMAAAD//wMAUEsDBBQABggIAAJrdl2YC7PeUAAAAGEAAAAdAAAATW9kZWwvVHJhbnNmb3JtXzAwMS9N" +
        "b2RlbC5iaW4KjvT18fV38WFkYGDg8PMP8nX0iQpiZEBALr/8otzEnMyq1CLu4Mrc3NSSoko9Xx9FBggA6WOKyGWMYOBkYARxQsHg" +
        "qD1EmoEBAAAA//8DAFBLAwQUAAYICAACa3ZdNRhagEgAAABSAAAADwAAAE1vZGVsL01vZGVsLmJpbgqO9PXx9XfxYWRgYOCIcFNw" +
        "9nD09GNkQECBkKLEvOK0/KLc1CLnjMTMPO7gytzc1JKiSj1fHx4GCGBiYGBgh2IAAAAA//8DAFBLAwQUAAYICAACa3ZdONjj2yoB" +
        "AABrAwAADQAAAE1hbmlmZXN0Lmpzb26q5lJQUErLL8pNLFGyUlAKrszNTS0pqtTz9dHzzU9JzVHSQSgISy0qzszPU7JSMASLJhel" +
        "JpakpjhVoulUMNQzAEGI3qL8fLDRYOP0IWKZeQWlJcHJGam5iWC9YJY+REAvKTMPoio1r6QoM7VYyUohmktBQUEB5FYQrQSSAFsK" +
        "MTOkKDGvGOSHeAMDA32wGNwQsPpckE+CM9PzEktKi1JBNvr5B/k6+kQFgS0Cq8nJT0xJLUJVBAqWnMyq1CJ0ZY7Fxam5STlgNyAF" +
        "GUJZGSSowosyS0pSQSFmZmpqbA4KNbBlUOmg1MSUxKQckIvA8mBf1kJUEeNZw+HuWaLiMsJNwdnD0dMPEfpY4hKeRlKLnDMSoSkM" +
        "HBcQxTSNUS4FhViuWgAAAAD//wMAUEsBAhQDFAAGCAgAAmt2XfoYJpcTAAAAGAAAABEAAAAAAAAAAAAAAKSBAAAAAFNjaGVtYS9T" +
        "Y2hlbWEuYmluUEsBAhQDFAAGCAgAAmt2XW5bQUd8AAAAlgAAAB0AAAAAAAAAAAAAAKSBQgAAAE1vZGVsL1RyYW5zZm9ybV8wMDAv" +
        "TW9kZWwuYmluUEsBAhQDFAAGCAgAAmt2XZgLs95QAAAAYQAAAB0AAAAAAAAAAAAAAKSB+QAAAE1vZGVsL1RyYW5zZm9ybV8wMDEv" +
        "TW9kZWwuYmluUEsBAhQDFAAGCAgAAmt2XTUYWoBIAAAAUgAAAA8AAAAAAAAAAAAAAKSBhAEAAE1vZGVsL01vZGVsLmJpblBLAQIU" +
        "AxQABggIAAJrdl042OPbKgEAAGsDAAANAAAAAAAAAAAAAACkgfkBAABNYW5pZmVzdC5qc29uUEsFBgAAAAAFAAUATQEAAE4DAAAA" +
        "AA==";

    [TestMethod]
    public void ModelSavedBeforeTheCdfFormatStillLoads()
    {
        string path = TestData.TempFile(".zip");
        File.WriteAllBytes(path, Convert.FromBase64String(ModelBeforeCdfBase64));
        using (var zip = ZipFile.OpenRead(path))
        {
            Assert.AreEqual(0x00010001u, EntryVersionWritten(zip, "Model/Transform_000/Model.bin"));
            Assert.AreEqual(0x00010001u, EntryVersionWritten(zip, "Model/Transform_001/Model.bin"));
        }

        var ml = new MLContext(seed: 1);
        var loaded = ml.Model.Load(path, out var inputSchema);
        Assert.AreEqual("X:Single,V:Vector<Double, 2>", string.Join(",", inputSchema.Select(c => $"{c.Name}:{c.Type}")));
        var b = new ArrayDataViewBuilder();
        b.AddColumn("X", 1f, 2f, 3f, 6f);
        b.AddVectorColumn("V", 2, new double[] { 1, -4, 3, 2, 2, -1, 1, 2 }, ["a", "b"]);
        var data = b.GetDataView();
        var output = loaded.Transform(data);

        // X: mean 3, population variance 3.5. V: slot 0 mean 1.75, variance 0.6875; slot 1 mean −0.25, variance 6.1875.
        var xn = output.GetColumn<float>("Xn").ToArray();
        CollectionAssert.AreEqual(new[] { -2 / MathF.Sqrt(3.5f), -1 / MathF.Sqrt(3.5f), 0, 3 / MathF.Sqrt(3.5f) }, xn);
        var vn = output.GetColumn<double[]>("Vn").ToArray();
        Assert.AreEqual((3 - 1.75) / Math.Sqrt(0.6875), vn[1][0], 1e-14);
        Assert.AreEqual((-4 + 0.25) / Math.Sqrt(6.1875), vn[0][1], 1e-14);
        CollectionAssert.AreEqual(new[] { 1 / 6f, 2 / 6f, 3 / 6f, 1 }, output.GetColumn<float>("Xm").ToArray());
        var normalizer = (NormalizingTransformer)((TransformerChain<ITransformer>)loaded).First();
        Assert.IsFalse(normalizer.Columns.Any(c => c.UseCdf));
        Assert.IsInstanceOfType<AffineNormalizerModelParameters>(normalizer.GetNormalizerModelParameters(1));

        // Saved again, it is written in the current version and gives the same outputs.
        string resaved = TestData.TempFile(".zip");
        ml.Model.Save(loaded, inputSchema, resaved);
        using (var zip = ZipFile.OpenRead(resaved))
            Assert.AreEqual(0x00010002u, EntryVersionWritten(zip, "Model/Transform_000/Model.bin"));
        var again = ml.Model.Load(resaved, out _).Transform(data);
        CollectionAssert.AreEqual(xn, again.GetColumn<float>("Xn").ToArray());
        CollectionAssert.AreEqual(vn.SelectMany(x => x).ToArray(), again.GetColumn<double[]>("Vn").SelectMany(x => x).ToArray());
    }

    // Reads verWrittenCur from a component entry's header: magic, uint32 header version, model signature, uint32.
    private static uint EntryVersionWritten(ZipArchive zip, string entryName)
    {
        using var s = zip.GetEntry(entryName)!.Open();
        using var r = new BinaryReader(s, Encoding.UTF8);
        CollectionAssert.AreEqual("SYMLMODL"u8.ToArray(), r.ReadBytes(8));
        r.ReadUInt32();
        Assert.AreEqual("NORMALZR", r.ReadString());
        return r.ReadUInt32();
    }
}
