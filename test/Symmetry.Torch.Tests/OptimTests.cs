using Symmetry.Torch.Modules;
using static Symmetry.Torch.torch;

namespace Symmetry.Torch.Tests;

/// <summary>Adam and SGD against hand-written updates in plain doubles, convergence, parameter groups and StepLR.</summary>
[TestClass]
public sealed class OptimTests
{
    // float64 throughout: the native update and the reference differ only in rounding order, a few ulps per step.
    private const double Tol = 1e-13;

    private static Parameter P(params double[] values)
    {
        using var t = tensor(values);
        return new Parameter(t);
    }

    private static void SetGrad(Parameter p, double[] g)
    {
        using var t = tensor(g);
        p.grad = t;
    }

    private static double[] Values(Tensor t) => t.ToArray<double>();

    private static void AssertClose(double[] expected, double[] actual, double tol)
    {
        Assert.HasCount(expected.Length, actual);
        for (var i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], tol, $"element {i}");
    }

    // PyTorch 1.13's Adam for one parameter vector, in doubles.
    private sealed class AdamRef(double[] p, double lr, double b1, double b2, double eps, double wd, bool amsgrad, bool maximize)
    {
        public readonly double[] P = (double[])p.Clone();
        private readonly double[] m = new double[p.Length], v = new double[p.Length], vmax = new double[p.Length];
        private int t;

        public void Step(double[] grad)
        {
            t++;
            var bc1 = 1 - Math.Pow(b1, t);
            var bc2 = 1 - Math.Pow(b2, t);
            for (var i = 0; i < P.Length; i++)
            {
                var g = (maximize ? -grad[i] : grad[i]) + wd * P[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                vmax[i] = Math.Max(vmax[i], v[i]);
                var denom = Math.Sqrt(amsgrad ? vmax[i] : v[i]) / Math.Sqrt(bc2) + eps;
                P[i] -= lr / bc1 * m[i] / denom;
            }
        }
    }

    [TestMethod]
    [DataRow(false, false, 0.0)]
    [DataRow(false, false, 0.1)]
    [DataRow(true, false, 0.0)]
    [DataRow(false, true, 0.01)]
    public void AdamStepsEqualTheHandWrittenUpdate(bool amsgrad, bool maximize, double weightDecay)
    {
        var init = new[] { 0.5, -1.5, 2.0, 0.0 };
        using var p = P(init);
        using var opt = optim.Adam([p], lr: 0.05, beta1: 0.8, beta2: 0.95, eps: 1e-6, weight_decay: weightDecay, amsgrad: amsgrad, maximize: maximize);
        var reference = new AdamRef(init, 0.05, 0.8, 0.95, 1e-6, weightDecay, amsgrad, maximize);
        // Gradients that shrink after the first step so that AMSGrad's running maximum matters.
        var grads = new[] { new[] { 1.0, -2.0, 0.5, 3.0 }, new[] { 0.1, 0.2, -0.3, 0.0 }, new[] { -0.05, 0.01, 0.02, -0.1 } };
        foreach (var g in grads)
        {
            SetGrad(p, g);
            opt.step();
            reference.Step(g);
            AssertClose(reference.P, Values(p), Tol);
        }
    }

    [TestMethod]
    [DataRow(0.0, 0.0, 0.0, false)]
    [DataRow(0.9, 0.0, 0.0, false)]
    [DataRow(0.9, 0.3, 0.01, false)]
    [DataRow(0.9, 0.0, 0.01, true)]
    public void SgdStepsEqualTheHandWrittenUpdate(double momentum, double dampening, double weightDecay, bool nesterov)
    {
        var x = new[] { 1.0, -2.0, 0.25 };
        using var p = P(x);
        const double lr = 0.1;
        using var opt = optim.SGD([p], lr, momentum, dampening, weightDecay, nesterov);
        var buf = new double[3];
        var grads = new[] { new[] { 0.5, 1.0, -1.0 }, new[] { 0.25, -0.5, 2.0 }, new[] { -1.0, 0.0, 0.5 } };
        for (var step = 0; step < grads.Length; step++)
        {
            SetGrad(p, grads[step]);
            opt.step();
            for (var i = 0; i < 3; i++)
            {
                var d = grads[step][i] + weightDecay * x[i];
                if (momentum != 0)
                {
                    buf[i] = step == 0 ? d : momentum * buf[i] + (1 - dampening) * d;
                    d = nesterov ? d + momentum * buf[i] : buf[i];
                }
                x[i] -= lr * d;
            }
            AssertClose(x, Values(p), Tol);
        }
    }

    private static double[] MinimiseQuadratic(Func<Parameter, optim.Optimizer> make, int steps)
    {
        // f(p) = Σ (p − c)², minimum at c.
        using var p = P(5.0, -3.0, 0.5);
        using var target = tensor(new[] { 1.0, 2.0, -1.0 });
        using var opt = make(p);
        for (var i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            var loss = (p - target).square().sum();
            loss.backward();
            opt.step();
        }
        return Values(p);
    }

    [TestMethod]
    public void OptimizersConvergeOnAQuadratic()
    {
        var expected = new[] { 1.0, 2.0, -1.0 };
        // Adam with a decayed step oscillates within about lr·0.5^k of the minimum; SGD contracts by 0.8 per step.
        AssertClose(expected, MinimiseQuadratic(p => optim.Adam([p], lr: 0.1), 500), 1e-3);
        AssertClose(expected, MinimiseQuadratic(p => optim.SGD([p], 0.1), 200), 1e-9);
        AssertClose(expected, MinimiseQuadratic(p => optim.SGD([p], 0.05, momentum: 0.9, nesterov: true), 500), 1e-6);
    }

    [TestMethod]
    public void ParameterGroupsHonourTheirOwnLearningRates()
    {
        using var a = P(1.0, 1.0);
        using var b = P(1.0, 1.0);
        using var sgd = optim.SGD([new SGD.ParamGroup([a], lr: 0.1), new SGD.ParamGroup([b], lr: 0.01, momentum: 0.5)], lr: 1.0);
        SetGrad(a, [1, 2]);
        SetGrad(b, [1, 2]);
        sgd.step();
        AssertClose([0.9, 0.8], Values(a), 1e-15);
        AssertClose([0.99, 0.98], Values(b), 1e-15);
        var groups = sgd.ParamGroups.ToList();
        Assert.AreEqual(0.1, groups[0].LearningRate);
        Assert.AreEqual(0.0, ((SGD.Options)groups[0].Options).momentum, "unset options take the optimizer's default");
        Assert.AreEqual(0.5, ((SGD.Options)groups[1].Options).momentum);

        // Adam's first step moves each coordinate by ≈ lr (m̂/√v̂ = ±1, up to eps).
        using var c = P(0.0);
        using var d = P(0.0);
        using var adam = optim.Adam([new Adam.ParamGroup([c], lr: 0.3), new Adam.ParamGroup([d])], lr: 0.02);
        SetGrad(c, [4]);
        SetGrad(d, [4]);
        adam.step();
        Assert.AreEqual(-0.3, Values(c)[0], 1e-8);
        Assert.AreEqual(-0.02, Values(d)[0], 1e-9);
    }

    [TestMethod]
    public void ParametersWithoutGradientsAreLeftAlone()
    {
        using var a = P(1.0);
        using var b = P(2.0);
        using var opt = optim.Adam([a, b], lr: 0.1);
        SetGrad(a, [1]);
        opt.step();
        Assert.AreEqual(2.0, Values(b)[0]);
        // b's first real step is its step 1 (bias correction as a fresh parameter): a move of lr.
        SetGrad(b, [1]);
        a.grad = null;
        opt.step();
        Assert.AreEqual(1.9, Values(b)[0], 1e-8);
    }

    [TestMethod]
    public void ZeroGradDropsOrZeroesEveryGradient()
    {
        using var a = P(1.0, 2.0);
        using var opt = optim.SGD([a], 0.1);
        SetGrad(a, [3, 4]);
        opt.zero_grad(set_to_none: false);
        using (var g = a.grad) CollectionAssert.AreEqual(new[] { 0.0, 0.0 }, Values(g!));
        opt.zero_grad();
        Assert.IsNull(a.grad);
    }

    [TestMethod]
    public void StepLRDecaysEveryStepSizeEpochsPerGroup()
    {
        using var a = P(1.0);
        using var b = P(1.0);
        using var opt = optim.SGD([new SGD.ParamGroup([a], lr: 1.0), new SGD.ParamGroup([b], lr: 0.1)], lr: 1.0);
        var sched = optim.lr_scheduler.StepLR(opt, step_size: 2, gamma: 0.5);
        var seen = new List<double[]>();
        for (var epoch = 0; epoch < 5; epoch++)
        {
            seen.Add(opt.ParamGroups.Select(g => g.LearningRate).ToArray());
            sched.step();
        }
        CollectionAssert.AreEqual(new[] { 1.0, 1.0, 0.5, 0.5, 0.25 }, seen.Select(s => s[0]).ToArray());
        CollectionAssert.AreEqual(new[] { 0.1, 0.1, 0.05, 0.05, 0.025 }, seen.Select(s => s[1]).ToArray());
        // Five steps after construction: epoch 5, still in the third period.
        CollectionAssert.AreEqual(new[] { 0.25, 0.025 }, sched.get_last_lr().ToArray());
        Assert.AreEqual(5, sched.last_epoch);
    }

    [TestMethod]
    public void InvalidSettingsAndMisuseThrowClearErrors()
    {
        using var a = P(1.0);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => optim.Adam([a], lr: -1)).Message, "Invalid learning rate");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => optim.Adam([a], beta1: 1.0)).Message, "beta");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => optim.SGD([a], 0.1, nesterov: true)).Message, "Nesterov");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => optim.SGD([new SGD.ParamGroup([a]), new SGD.ParamGroup([a])], 0.1)).Message, "more than one parameter group");
        var b = P(1.0);
        using var opt = optim.Adam([b]);
        b.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => opt.step());
    }

    [TestMethod]
    public void OptimizerStateFollowsAModuleConvertedBeforeTheFirstStep()
    {
        using var scope = NewDisposeScope();
        using var lin = nn.Linear(2, 1);
        using var opt = optim.Adam(lin.parameters(), lr: 0.01);
        lin.to(ScalarType.Float64);
        var loss = lin.call(ones([4, 2], ScalarType.Float64)).sum();
        loss.backward();
        opt.step();
        Assert.AreEqual(ScalarType.Float64, lin.weight.dtype);
    }
}
