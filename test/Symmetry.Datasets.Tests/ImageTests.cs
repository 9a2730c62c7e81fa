using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Datasets.Tests;

[TestClass]
public sealed class ImageTests
{
    private static readonly Lazy<(float[] Images, float[] Labels)> s_mnist = new(() => ImageData.LoadNpmMnist(null));

    [TestMethod]
    public void MnistCountsRangeAndChecksum()
    {
        var (img, lab) = s_mnist.Value;
        Assert.HasCount(10_000, lab);
        Assert.HasCount(10_000 * 784, img);
        int[] expected = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];   // the package's per-digit files
        for (int d = 0; d < 10; d++) Assert.AreEqual(expected[d], lab.Count(l => l == d));
        Assert.AreEqual(0f, img.Min());
        Assert.AreEqual(1f, img.Max());
        // FNV-1a 64 over labels then pixels quantised to the package's 3 decimals (each as an 8-byte little-endian integer):
        // pins the loader's order and values. The constant was computed independently by Python's json module from the package files.
        ulong h = 14695981039346656037UL;
        void Mix(long v) { unchecked { for (int k = 0; k < 8; k++) { h ^= (byte)(v >> (8 * k)); h *= 1099511628211UL; } } }
        foreach (var l in lab) Mix((long)l);
        foreach (var p in img) Mix((long)Math.Round(p * 1000));
        Assert.AreEqual(0xDC698DEF0F24F793UL, h);
    }

    [TestMethod]
    public void MissingMnistNamesTheInstallCommand()
    {
        var dir = Path.Combine(Path.GetTempPath(), "symmetry-missing-" + Guid.NewGuid().ToString("N"));
        var ex = Assert.ThrowsExactly<FileNotFoundException>(() => SymmetryDatasets.Mnist(new MLContext(1), dataDirectory: dir));
        Assert.Contains("eng/install-deps.sh", ex.Message);
    }

    [TestMethod]
    public void IdxReaderReadsWhatTheTestWrites()
    {
        var dir = Path.Combine(Path.GetTempPath(), "symmetry-idx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var pixels = new byte[3 * 4 * 5];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 4 + 1);
            byte[] labels = [7, 0, 9];
            foreach (var ext in new[] { "", ".gz" })
            {
                string ip = Path.Combine(dir, "img-idx3-ubyte" + ext), lp = Path.Combine(dir, "lab-idx1-ubyte" + ext);
                IdxReader.WriteUnsignedBytes(ip, [3, 4, 5], pixels);
                IdxReader.WriteUnsignedBytes(lp, [3], labels);
                var a = IdxReader.Read(ip);
                Assert.AreEqual(IdxDataType.UnsignedByte, a.Type);
                CollectionAssert.AreEqual(new[] { 3, 4, 5 }, a.Shape);
                CollectionAssert.AreEqual(pixels.Select(b => (float)b).ToArray(), a.Values);
                // Hand-made header: magic 00 00 08 01, size 3 big-endian.
                var raw = File.ReadAllBytes(lp);
                if (ext == "") CollectionAssert.AreEqual(new byte[] { 0, 0, 8, 1, 0, 0, 0, 3, 7, 0, 9 }, raw);
            }
            var ex = Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.Read(new MemoryStream([1, 2, 8, 1, 0, 0, 0, 1, 5])));
            Assert.Contains("Not an IDX file", ex.Message);
            Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.Read(new MemoryStream([0, 0, 8, 1, 0, 0, 0, 9, 5])));   // truncated
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void FashionMnistLoadsFromDebianPackage()
    {
        var ds = SymmetryDatasets.FashionMnist(new MLContext(1));
        Assert.AreEqual(10_000, ds.RowCount);
        var lab = ds.GetColumnValues("Label");
        for (int d = 0; d < 10; d++) Assert.AreEqual(1000, lab.Count(l => l == d));   // Fashion-MNIST test set: 1000 per class
        var f = ds.GetColumnValues("Features");
        Assert.AreEqual(1f, f.Max());
        Assert.AreEqual(0f, f.Min());
    }

    [TestMethod]
    public void RotatingByTThenMinusTRecoversTheInterior()
    {
        // A smooth blob (σ = 3 px): bilinear interpolation errs by at most h²/8 (|f_xx| + |f_yy|) = 2/(8σ²) ≈ 0.028 of the
        // peak per resampling, so two resamplings stay below 0.056.
        const int w = 28;
        var blob = new float[w * w];
        for (int i = 0; i < w; i++)
            for (int j = 0; j < w; j++)
                blob[i * w + j] = (float)Math.Exp(-((i - 11.0) * (i - 11.0) + (j - 16.0) * (j - 16.0)) / (2 * 9.0));
        var there = new float[w * w];
        var back = new float[w * w];
        ImageTransforms.Apply(blob, there, w, w, SyMnistTransformation.Rotation, 0.6);
        ImageTransforms.Apply(there, back, w, w, SyMnistTransformation.Rotation, -0.6);
        double worst = Interior(w).Max(p => Math.Abs(back[p] - blob[p]));
        Assert.IsLessThan(2 * 2 / (8 * 9.0), worst);

        // Real digits: 1-pixel stroke edges blur under two bilinear resamplings (measured: correlation 0.98, mean abs error
        // 0.07 on [0, 1] pixels), so the interior is compared by correlation (> 0.95) and mean absolute error (< 0.1).
        var (img, _) = s_mnist.Value;
        double corrSum = 0, errSum = 0;
        int count = 0;
        for (int k = 0; k < 200; k += 7, count++)
        {
            var x = img.AsSpan(k * 784, 784).ToArray();
            ImageTransforms.Apply(x, there, w, w, SyMnistTransformation.Rotation, 0.5);
            ImageTransforms.Apply(there, back, w, w, SyMnistTransformation.Rotation, -0.5);
            var idx = Interior(w).ToArray();
            double[] a = [.. idx.Select(p => (double)x[p])], b = [.. idx.Select(p => (double)back[p])];
            corrSum += Correlation(a, b);
            errSum += a.Zip(b, (u, v) => Math.Abs(u - v)).Average();
        }
        Console.WriteLine($"digits: mean corr {corrSum / count}, mean |err| {errSum / count}");
        Assert.IsGreaterThan(0.95, corrSum / count);
        Assert.IsLessThan(0.1, errSum / count);
    }

    [TestMethod]
    [DataRow(0.6, 28, 28)]
    [DataRow(-2.2, 36, 30)]
    public void GridSampleRotationMatchesDirectBilinearInterpolation(double t, int w, int h)
    {
        // Independent truth written here: the output pixel centre p = ((2j + 1)/W − 1, 1 − (2i + 1)/H) (align_corners =
        // false, y up) reads the source at R(−t) p by bilinear interpolation between pixel centres, zero outside.
        var rng = new SymmetryRandom(11);
        const int count = 3;
        var src = new float[count * w * h];
        for (int i = 0; i < src.Length; i++) src[i] = (float)rng.NextDouble();
        var dst = new float[src.Length];
        double[] ts = [t, -t, 0.5 * t];
        ImageTransforms.Apply(src, ts, dst, w, h, SyMnistTransformation.Rotation, batchSize: 2);   // two batches
        for (int k = 0; k < count; k++)
        {
            var img = src.AsSpan(k * w * h, w * h);
            double c = Math.Cos(ts[k]), s = Math.Sin(ts[k]);
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++)
                {
                    double x = (2.0 * j + 1) / w - 1, y = 1 - (2.0 * i + 1) / h;
                    double expected = DirectBilinear(img, w, h, c * x + s * y, -s * x + c * y);
                    Assert.AreEqual(expected, dst[k * w * h + i * w + j], 1e-6);   // float32 storage of values in [0, 1]
                }
        }
    }

    /// <summary>Bilinear value at normalised (x right, y up) between pixel centres, zero padding (reference for grid_sample).</summary>
    private static double DirectBilinear(ReadOnlySpan<float> image, int w, int h, double x, double y)
    {
        double px = ((x + 1) * w - 1) / 2, py = ((1 - y) * h - 1) / 2;   // column, row of the source point
        int x0 = (int)Math.Floor(px), y0 = (int)Math.Floor(py);
        double wx = px - x0, wy = py - y0, v = 0;
        for (int dy = 0; dy < 2; dy++)
            for (int dx = 0; dx < 2; dx++)
            {
                int xx = x0 + dx, yy = y0 + dy;
                if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
                v += (dx == 1 ? wx : 1 - wx) * (dy == 1 ? wy : 1 - wy) * image[yy * w + xx];
            }
        return v;
    }

    [TestMethod]
    public void SpecialConformalGridIsItsClosedForm()
    {
        // The SCT sampling grid, built with tensor ops, against g_−b(p) computed here as inversion ∘ translation ∘ inversion.
        const int w = 24, h = 20;
        double[] bs = [0.25, -0.4];
        foreach (var tr in new[] { SyMnistTransformation.SpecialConformalX, SyMnistTransformation.SpecialConformalY })
        {
            using var scope = NewDisposeScope();
            var grid = ImageTransforms.SamplingGrid(tr, bs, w, h).contiguous().data<double>().ToArray();
            for (int k = 0; k < bs.Length; k++)
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < w; j++)
                    {
                        double x = (2.0 * j + 1) / w - 1, y = 1 - (2.0 * i + 1) / h;
                        var (bx, by) = tr == SyMnistTransformation.SpecialConformalX ? (bs[k], 0.0) : (0.0, bs[k]);
                        double r2 = x * x + y * y, ix = x / r2 + bx, iy = y / r2 + by;   // invert, translate by −(−b), invert
                        double q2 = ix * ix + iy * iy;
                        int o = ((k * h + i) * w + j) * 2;
                        Assert.AreEqual(ix / q2, grid[o], 1e-12);        // round-off of two formulas
                        Assert.AreEqual(-iy / q2, grid[o + 1], 1e-12);   // torch's grid y points down
                    }
        }
    }

    private static IEnumerable<int> Interior(int w)
    {
        for (int i = 0; i < w; i++)
            for (int j = 0; j < w; j++)
            {
                double x = (2.0 * j + 1) / w - 1, y = 1 - (2.0 * i + 1) / w;
                if (x * x + y * y < 0.6 * 0.6) yield return i * w + j;   // rotations keep the disk r < 0.6 inside the canvas
            }
    }

    private static double Correlation(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb); }
        return sab / Math.Sqrt(saa * sbb);
    }

    [TestMethod]
    public void SpecialConformalMatchesItsClosedForm()
    {
        // A linear image I(x, y) = 0.5 + 0.2 x − 0.3 y is reproduced exactly by bilinear interpolation, so the transformed
        // image at p must equal I(g_−b(p)), with g_b computed independently as inversion ∘ translation by b ∘ inversion.
        const int w = 40;
        var img = new float[w * w];
        for (int i = 0; i < w; i++)
            for (int j = 0; j < w; j++)
            {
                double x = (2.0 * j + 1) / w - 1, y = 1 - (2.0 * i + 1) / w;
                img[i * w + j] = (float)(0.5 + 0.2 * x - 0.3 * y);
            }
        const double b = 0.25;
        var outp = new float[w * w];
        ImageTransforms.Apply(img, outp, w, w, SyMnistTransformation.SpecialConformalX, b);
        int checkedPoints = 0;
        foreach (var (i, j) in new[] { (20, 20), (10, 25), (30, 12), (15, 5), (25, 33), (5, 18) })
        {
            double x = (2.0 * j + 1) / w - 1, y = 1 - (2.0 * i + 1) / w;
            // Inversion x/|x|², translate by −b (the inverse element), invert again.
            double r2 = x * x + y * y, ix = x / r2 + b, iy = y / r2;
            double q2 = ix * ix + iy * iy, sx = ix / q2, sy = iy / q2;
            Assert.IsLessThan(1 - 1.0 / w, Math.Max(Math.Abs(sx), Math.Abs(sy)));   // the source point is inside the pixel-centre hull
            Assert.AreEqual(0.5 + 0.2 * sx - 0.3 * sy, outp[i * w + j], 1e-6);   // float storage of the image
            checkedPoints++;
        }
        Assert.AreEqual(6, checkedPoints);
        // The generator is the derivative of the group at t = 0: (x² − y², 2xy).
        var gen = ImageTransforms.Generator(SyMnistTransformation.SpecialConformalX, w, w);
        const double h = 1e-6;
        var (px, py) = ImageTransforms.Map(SyMnistTransformation.SpecialConformalX, h, 0.3, -0.4, w, w);
        var v = gen.Apply([0.3, -0.4]);
        Assert.AreEqual((px - 0.3) / h, v[0], 1e-5);   // forward difference O(h)
        Assert.AreEqual((py + 0.4) / h, v[1], 1e-5);
    }

    [TestMethod]
    public void SyMnistMagnitudesFollowTheRequestedDistribution()
    {
        var (img, lab) = s_mnist.Value;
        var uni = SyMnistData.Generate(img, lab, 28, 3000, SyMnistTransformation.Rotation, MagnitudeDistribution.Uniform(-0.8, 0.8), 28, false, 5, "test");
        var t = uni.GetColumn("Magnitude").Values.ToArray().Select(v => (double)v).ToArray();
        Assert.IsLessThan(Stats.KolmogorovSmirnovCritical(t.Length, 0.01), Stats.KolmogorovSmirnov(t, x => (x + 0.8) / 1.6));   // KS α = 0.01

        double[] values = [-0.5, 0, 0.5, 1.0];
        double[] weights = [1, 2, 3, 4];
        var cat = SyMnistData.Generate(img, lab, 28, 4000, SyMnistTransformation.Scale, MagnitudeDistribution.Categorical(values, weights), 36, super: true, 6, "test");
        var m = cat.GetColumn("Magnitude").Values.ToArray();
        var obs = values.Select(v => (double)m.Count(x => x == (float)v)).ToArray();
        Assert.AreEqual(4000.0, obs.Sum());
        var exp = weights.Select(w => 4000 * w / 10).ToArray();
        Assert.IsLessThan(Stats.ChiSquareCritical(3, 0.001), Stats.ChiSquare(obs, exp));   // χ², 3 dof, α = 0.001
        // Super pairs: same class, different digit; canvas 36×36.
        var labels = cat.GetColumn("Label").Values.Span;
        var partner = cat.GetColumn("PartnerIndex").Values.Span;
        Assert.AreEqual(36 * 36, cat.Info.EmbeddingDimension);
        for (int i = 0; i < 100; i++) Assert.AreEqual(labels[i], lab[(int)partner[i]]);
    }

    [TestMethod]
    public void SyMnistTargetIsTheTransformOfTheSource()
    {
        var ds = SymmetryDatasets.SyMnist(new MLContext(3), count: 50, transformation: SyMnistTransformation.TranslationX,
            magnitudes: MagnitudeDistribution.Categorical([2.0]), canvasSize: 32);
        var src = ds.Table.GetColumn("Source");
        var dst = ds.Table.GetColumn("Target");
        // An integer shift of 2 pixels is exact: Target[i, j] = Source[i, j − 2].
        for (int r = 0; r < 50; r++)
            for (int i = 0; i < 32; i++)
                for (int j = 2; j < 32; j++)
                    Assert.AreEqual(src.Row(r)[i * 32 + j - 2], dst.Row(r)[i * 32 + j], 1e-6f);
        var g = ds.Info.Generators.Single();
        CollectionAssert.AreEqual(new[] { 2.0 / 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, g.QuadraticCoefficients);
    }
}
