using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

[TestClass]
public sealed class FlatAdamTests
{
    [TestMethod]
    // Same operations in the same order; one step's update may round differently by an ulp (ATen's vectorised
    // kernels fuse some multiply-adds), so 200 steps on weights |w| < 2 stay within 200 ulps of 2:
    // ≈ 5e-5 in float32, ≈ 1e-13 in float64 (OracleFlows' dtype).
    [DataRow(ScalarType.Float32, 5e-5)]
    [DataRow(ScalarType.Float64, 1e-13)]
    public void MatchesTorchOptimAdam(ScalarType dtype, double tolerance)
    {
        // A deterministic least-squares fit (full batch, no noise) through two Linear layers' four tensors: a
        // trajectory that does not amplify rounding, so torch.optim.Adam's kernels and our fused CPU pass must agree.
        using var scope = NewDisposeScope();
        var init = new Generator(1);
        using var reference = nn.Sequential(nn.Linear(5, 7), nn.Linear(7, 3)).to(dtype);
        using var flat = nn.Sequential(nn.Linear(5, 7), nn.Linear(7, 3)).to(dtype);
        using (no_grad())
            foreach (var (a, b) in reference.parameters().Zip(flat.parameters()))
            {
                a.uniform_(-0.5, 0.5, init);
                b.copy_(a);
            }
        var x = randn([64, 5], generator: init).to(dtype);
        var y = randn([64, 3], generator: init).to(dtype);
        var start = reference.parameters().Select(p => p.detach().clone()).ToArray();
        using var adam = optim.Adam(reference.parameters(), 1e-2);
        using var ours = new FlatAdam(flat.parameters(), 1e-2);
        for (var step = 0; step < 200; step++)
        {
            using var s = NewDisposeScope();
            adam.zero_grad();
            (reference.forward(x) - y).pow(2).mean().backward();
            adam.step();
            ours.ZeroGrad();
            (flat.forward(x) - y).pow(2).mean().backward();
            ours.Step();
        }
        Assert.AreEqual(200, ours.Steps);
        var worst = reference.parameters().Zip(flat.parameters()).Max(p => TestData.MaxAbsDiff(p.First, p.Second));
        var moved = reference.parameters().Zip(start).Max(p => TestData.MaxAbsDiff(p.First, p.Second));
        Console.WriteLine($"{dtype}: max |Δw| = {worst}, moved by up to {moved}");
        Assert.IsTrue(FusedAdamCpu.Applies(ours.Values), "the fused CPU pass is the one compared");
        Assert.IsLessThan(tolerance, worst, $"max |Δw| = {worst}");
        Assert.IsGreaterThan(0.1, moved, "the fit moved the weights (Adam's steps are ≈ lr = 0.01 each)");
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
