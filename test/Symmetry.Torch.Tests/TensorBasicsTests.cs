using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Tests;

[TestClass]
public sealed class TensorBasicsTests
{
    [TestMethod]
    public void FromDataRoundTripsValuesAndShape()
    {
        using var t = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        CollectionAssert.AreEqual(new long[] { 2, 3 }, t.shape);
        Assert.AreEqual(ScalarType.Float32, t.dtype);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4, 5, 6 }, t.ToArray<float>());
    }

    [TestMethod]
    public void BroadcastingArithmeticMatchesHandComputation()
    {
        using var a = tensor(new double[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = tensor(new double[] { 10, 20 }, [2]);
        using var c = a * b + 1.0;
        CollectionAssert.AreEqual(new double[] { 11, 41, 31, 81 }, c.ToArray<double>());
    }

    [TestMethod]
    public void IntegerTensorPlusIntegerStaysIntegral()
    {
        using var a = arange(5);
        using var b = a + 1;
        Assert.AreEqual(ScalarType.Int64, b.dtype);
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4, 5 }, b.ToArray<long>());
    }

    [TestMethod]
    public void ShapeMismatchThrowsTorchExceptionWithLibtorchMessage()
    {
        using var a = ones(2, 3);
        using var b = ones(4, 5);
        var e = Assert.ThrowsExactly<TorchException>(() => a.add(b));
        StringAssert.Contains(e.Message, "must match the size");
    }

    [TestMethod]
    public void UseAfterDisposeThrowsObjectDisposed()
    {
        var a = ones(2);
        a.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => a.sum());
    }

    [TestMethod]
    public void BackwardGivesAnalyticGradient()
    {
        using var x = tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        using var y = (x * x).sum();
        y.backward();
        using var g = x.grad!;
        CollectionAssert.AreEqual(new double[] { 2, 4, 6 }, g.ToArray<double>());
    }

    [TestMethod]
    public void DisposeScopeReleasesEverythingNotMovedOut()
    {
        var before = Tensor.TotalCount;
        Tensor kept;
        using (var scope = NewDisposeScope())
        {
            var a = ones(3);
            var b = a * 2.0;
            kept = (b + 1.0).MoveToOuterDisposeScope();
        }
        Assert.AreEqual(before + 1, Tensor.TotalCount);
        CollectionAssert.AreEqual(new float[] { 3, 3, 3 }, kept.ToArray<float>());
        kept.Dispose();
        Assert.AreEqual(before, Tensor.TotalCount);
    }

    [TestMethod]
    public void SeededGeneratorsRepeatBitForBit()
    {
        using var g1 = new Generator(42);
        using var g2 = new Generator(42);
        using var a = randn([5], generator: g1);
        using var b = randn([5], generator: g2);
        CollectionAssert.AreEqual(a.ToArray<float>(), b.ToArray<float>());
    }

    [TestMethod]
    public void ComplexConjAndRealViewsRoundTrip()
    {
        using var re = tensor(new double[] { 1, -2 });
        using var im = tensor(new double[] { 3, 0.5 });
        using var z = complex(re, im);
        Assert.AreEqual(ScalarType.ComplexFloat64, z.dtype);
        using var c = z.conj();
        using var pair = view_as_real(c);
        CollectionAssert.AreEqual(new double[] { 1, -3, -2, -0.5 }, pair.ToArray<double>());
        using var back = view_as_complex(pair);
        using var backIm = back.imag;
        CollectionAssert.AreEqual(new double[] { -3, -0.5 }, backIm.contiguous().ToArray<double>());
    }
}
