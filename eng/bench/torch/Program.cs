// Symmetry.Torch side of the "Symmetry.Torch vs PyTorch eager" benchmark; bench.py is the PyTorch side and does
// exactly the same work. Prints one line per measurement: "<name> <threads> <value>", value in µs (ops), ms
// (training step) or GFLOP/s (big matmul). Each figure is the best of several timed repeats after a warm-up.
using System.Diagnostics;
using Symmetry.Torch;
using Symmetry.Torch.Modules;
using static Symmetry.Torch.torch;
using F = Symmetry.Torch.torch.nn.functional;

var threadCounts = args.Length > 0 ? args[0].Split(',').Select(int.Parse).ToArray() : [1, 2];
foreach (var threads in threadCounts)
{
    set_num_threads(threads);
    Console.WriteLine($"add_64x32_us {threads} {SmallOp([64, 32], (a, b) => a + b):F3}");
    Console.WriteLine($"matmul_64x64_us {threads} {SmallOp([64, 64], (a, b) => a.matmul(b)):F3}");
    Console.WriteLine($"vae_step_ms {threads} {VaeStep():F4}");
    Console.WriteLine($"matmul_1024_gflops {threads} {BigMatmul():F2}");
}

// µs per call of op(a, b), including disposing the result (as Python's refcounting frees it).
static double SmallOp(long[] shape, Func<Tensor, Tensor, Tensor> op)
{
    manual_seed(0);
    using var a = randn(shape);
    using var b = randn(shape);
    const int n = 20_000;
    var best = double.MaxValue;
    for (var rep = 0; rep < 7; rep++)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++) op(a, b).Dispose();
        best = Math.Min(best, sw.Elapsed.TotalMicroseconds / n);
    }
    return best;
}

// ms per training step of the LatentRelevance-sized VAE (see Vae), batch 128, Adam(lr 1e-3), β = 0.1.
static double VaeStep()
{
    manual_seed(0);
    using var model = new Vae();
    using var opt = optim.Adam(model.parameters(), lr: 1e-3);
    using var x = randn(128, 2);
    void Step()
    {
        using var scope = NewDisposeScope();
        opt.zero_grad();
        var loss = model.Loss(x, 0.1);
        loss.backward();
        opt.step();
    }
    for (var i = 0; i < 300; i++) Step();
    const int n = 1000;
    var best = double.MaxValue;
    for (var rep = 0; rep < 5; rep++)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++) Step();
        best = Math.Min(best, sw.Elapsed.TotalMilliseconds / n);
    }
    return best;
}

static double BigMatmul()
{
    manual_seed(0);
    using var a = randn(1024, 1024);
    using var b = randn(1024, 1024);
    a.matmul(b).Dispose();
    var best = double.MaxValue;
    for (var rep = 0; rep < 10; rep++)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < 8; i++) a.matmul(b).Dispose();
        best = Math.Min(best, sw.Elapsed.TotalSeconds / 8);
    }
    return 2.0 * 1024 * 1024 * 1024 / best / 1e9;
}

/// <summary>Encoder 2→64→64→(μ, logσ²) with latent 4, decoder 4→64→64→2, ReLU.</summary>
internal sealed class Vae : nn.Module<Tensor, Tensor>
{
    private readonly Linear enc1 = nn.Linear(2, 64), enc2 = nn.Linear(64, 64), mu = nn.Linear(64, 4), logvar = nn.Linear(64, 4);
    private readonly Linear dec1 = nn.Linear(4, 64), dec2 = nn.Linear(64, 64), dec3 = nn.Linear(64, 2);

    public Vae() : base(nameof(Vae)) => RegisterComponents();

    public override Tensor forward(Tensor input) => throw new NotSupportedException("Use Loss.");

    // Reconstruction (squared error summed over features, mean over the batch) + β·KL(q(z|x) ‖ N(0, I)).
    // Called inside a dispose scope, which frees every intermediate.
    public Tensor Loss(Tensor x, double beta)
    {
        var h = F.relu(enc2.call(F.relu(enc1.call(x))));
        var m = mu.call(h);
        var lv = logvar.call(h);
        var z = m + (lv * 0.5).exp() * randn_like(m);
        var xh = dec3.call(F.relu(dec2.call(F.relu(dec1.call(z)))));
        var recon = (xh - x).square().sum(1).mean();
        var kl = (1 + lv - m.square() - lv.exp()).sum(1).mean() * -0.5;
        return recon + kl * beta;
    }
}
