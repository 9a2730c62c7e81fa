using TorchSharp;
using static TorchSharp.torch;

namespace Symmetry.Torch.Tests;

[TestClass]
public sealed class FlatAdamTests
{
    [TestMethod]
    public void MatchesTorchOptimAdam()
    {
        using var scope = NewDisposeScope();
        using var reference = new VaeModel(2, [16, 16], 3, new Generator(1));
        using var flat = new VaeModel(2, [16, 16], 3, new Generator(1));
        using var data = TestData.Circle(64, 1.0, 2);
        using var adam = optim.Adam(reference.parameters(), 1e-2);
        using var ours = new FlatAdam(flat.parameters(), 1e-2);
        using var g1 = new Generator(3);
        using var g2 = new Generator(3);
        for (var step = 0; step < 200; step++)
        {
            using var s = NewDisposeScope();
            adam.zero_grad();
            var (r1, k1) = reference.Loss(data, g1);
            (r1 + k1 * 0.1).backward();
            adam.step();
            ours.ZeroGrad();
            var (r2, k2) = flat.Loss(data, g2);
            (r2 + k2 * 0.1).backward();
            ours.Step();
        }
        Assert.AreEqual(200, ours.Steps);
        var a = reference.state_dict();
        var b = flat.state_dict();
        var worst = a.Keys.Max(k => TestData.MaxAbsDiff(a[k], b[k]));
        // Same float32 operations in the same order, over one buffer instead of 14 tensors: observed agreement to the
        // last bit (observed: exactly equal; vectorised and scalar tails could round an fma differently), over 200 steps.
        Console.WriteLine($"max |Δw| = {worst}");
        Assert.IsLessThan(1e-6, worst, $"max |Δw| = {worst}");
    }

    [TestMethod]
    public void ParametersBecomeViewsOfOneBufferAndKeepTheirValues()
    {
        using var scope = NewDisposeScope();
        using var model = new VaeModel(2, [4], 2, new Generator(1));
        var before = model.parameters().Select(p => TestData.Values(p)).ToArray();
        using var opt = new FlatAdam(model.parameters());
        var parameters = model.parameters().ToArray();
        Assert.AreEqual(parameters.Sum(p => p.numel()), opt.Count);
        for (var i = 0; i < parameters.Length; i++) CollectionAssert.AreEqual(before[i], TestData.Values(parameters[i]));
        // Writing the buffer writes the module's parameters.
        using (no_grad()) opt.Values.fill_(0.25f);
        Assert.IsTrue(model.parameters().All(p => TestData.Values(p).All(v => v == 0.25f)));
        // Backward accumulates into the gradient buffer; ZeroGrad clears all of it.
        using var x = ones(3, 2);
        var (rec, kl) = model.LossWithNoise(x, zeros(3, 2));
        (rec + kl).backward();
        Assert.IsGreaterThan(0f, TestData.Values(opt.Gradients).Max(Math.Abs));
        var mean = model.named_parameters().First(p => p.name == "mean.weight").parameter;
        using var expected = opt.Gradients.narrow(0, parameters.TakeWhile(p => p.Handle != mean.Handle).Sum(p => p.numel()), mean.numel());
        CollectionAssert.AreEqual(TestData.Values(expected), TestData.Values(mean.grad!));
        opt.ZeroGrad();
        Assert.IsTrue(TestData.Values(opt.Gradients).All(v => v == 0));
        Assert.IsTrue(model.parameters().All(p => TestData.Values(p.grad!).All(v => v == 0)));
    }

    [TestMethod]
    public void OneStepIsAdamsFirstUpdate()
    {
        // Adam's first step moves each parameter by −lr·g/(|g| + ε·…) ≈ −lr·sign(g) (m̂ = g, v̂ = g²).
        using var scope = NewDisposeScope();
        var p = tensor(new float[] { 1, 2, 3, -4 }).requires_grad_();
        using var opt = new FlatAdam([p], learningRate: 0.1);
        opt.ZeroGrad();
        (p * tensor(new float[] { 2, -3, 0.5f, 0 })).sum().backward();
        opt.Step();
        var v = TestData.Values(p);
        // float32 arithmetic on values of size ~3.
        Assert.AreEqual(0.9, v[0], 1e-6);
        Assert.AreEqual(2.1, v[1], 1e-6);
        Assert.AreEqual(2.9, v[2], 1e-6);
        Assert.AreEqual(-4.0, v[3], 1e-6, "a zero gradient does not move the parameter");
    }

    [TestMethod]
    public void BadParametersAreRejected()
    {
        using var scope = NewDisposeScope();
        Assert.ThrowsExactly<ArgumentException>(() => new FlatAdam([]));
        Assert.ThrowsExactly<ArgumentException>(() => new FlatAdam([zeros(2)]));
        Assert.ThrowsExactly<ArgumentException>(() => new FlatAdam([zeros(2).requires_grad_(), zeros(2, dtype: ScalarType.Float64).requires_grad_()]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new FlatAdam([zeros(2).requires_grad_()], learningRate: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new FlatAdam([zeros(2).requires_grad_()], beta1: 1));
    }
}
