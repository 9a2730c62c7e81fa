using Microsoft.ML.Symmetry.Torch.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

// libtorch 2.10's oneDNN convolutions are wrong for small float32 shapes (OneDnnConvolutions). The numeric checks run with
// the allocator full of freed NaN and large finite blocks, which is what exposed it: each of them fails with
// SYMMETRY_MKLDNN=on (measured: the raw one-channel transposed convolution off by 0.66–1.4 on its first call).
[TestClass]
public sealed partial class OneDnnConvolutionsTests
{
    private const int Repeats = 40;
    private const int Batch = 16;

    [TestMethod]
    public void TheBackendIsOffOnLinux()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("The switch is applied on Linux only.");
        Runtime.Ensure();
        Assert.AreEqual(OneDnnConvolutionsStatus.Applied, OneDnnConvolutions.Result?.Status, OneDnnConvolutions.Result?.Reason);
        Assert.IsFalse(OneDnnConvolutions.Enabled(), "at::globalContext().userEnabledMkldnn() reads false");
        Assert.IsFalse(OneDnnConvolutions.NnpackEnabled(), "at::globalContext().userEnabledNNPACK() reads false");
    }

    [TestMethod]
    public void ConvolutionsWriteNothingToStandardError()
    {
        // With oneDNN off and NNPACK on, libtorch 2.10 writes "Could not initialize NNPACK! Reason: Unsupported
        // hardware." to stderr at every convolution on CPUs NNPACK does not support (this one): measured once per call.
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("File descriptor 2 is redirected through glibc here.");
        Runtime.Ensure();
        var path = Path.GetTempFileName();
        try
        {
            var written = StandardError.Capture(path, () =>
            {
                using var scope = NewDisposeScope();
                using var ae = new ConvAutoencoder(28, 28, [4, 8], 2, new Generator(1));
                var x = rand([8, 784], generator: new Generator(2)).requires_grad_(true);
                (ae.forward(x) - x.detach()).pow(2).mean().backward();
            });
            Assert.AreEqual("", written, "libtorch's stderr during a convolutional autoencoder's forward and backward");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    [DataRow(null, false)]
    [DataRow("on", true)]
    [DataRow(" TRUE ", true)]
    [DataRow("1", true)]
    [DataRow("off", false)]
    [DataRow("auto", false)]
    public void TheVariableKeepsOneDnnOnlyWhenAskedTo(string? setting, bool keeps) =>
        Assert.AreEqual(keeps, OneDnnConvolutions.KeepsOneDnn(setting));

    [TestMethod]
    [DataRow(1, 4, DisplayName = "1 channel in, 4 × 4")]
    [DataRow(3, 4, DisplayName = "3 channels in, 4 × 4 (the OracleFlows test autoencoder's last layer)")]
    [DataRow(3, 8, DisplayName = "3 channels in, 8 × 8")]
    [DataRow(32, 14, DisplayName = "32 channels in, 14 × 14 (MNIST's last layer)")]
    public void AOneChannelTransposedConvolutionEqualsDirectSums(int channels, int side)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(5);
        var x = rand([Batch, channels, side, side], generator: g);
        var w = rand([channels, 1, 4, 4], generator: g) - 0.5;
        var b = rand([1], generator: g);
        var r = rand([Batch, 1, 2 * side, 2 * side], generator: g);   // Σ r·y: the upstream gradient is r
        var (y, gx, gw, gb) = DirectSums(x, w, b, r);
        for (var k = 0; k < Repeats; k++)
        {
            using var inner = NewDisposeScope();
            Dirty(y.numel(), k);
            var xs = x.clone().requires_grad_(true);
            var ws = w.clone().requires_grad_(true);
            var bs = b.clone().requires_grad_(true);
            var out32 = nn.functional.conv_transpose2d(xs, ws, bs, strides: [2, 2], padding: [1, 1]);
            (out32 * r).sum().backward();
            // float32 sums of 4·C products of magnitude ≤ 1 (values, input gradient); Batch·side² of them (weight, bias).
            var tolerance = 1e-5 * Math.Max(1, channels / 4.0);
            AssertClose(y, out32, tolerance, $"values, call {k + 1}");
            AssertClose(gx, xs.grad!, tolerance, $"input gradient, call {k + 1}");
            AssertClose(gw, ws.grad!, 1e-4 * side * side, $"weight gradient, call {k + 1}");
            AssertClose(gb, bs.grad!, 1e-4 * side * side, $"bias gradient, call {k + 1}");
        }
    }

    [TestMethod]
    public void TheConvolutionalAutoencodersStepEqualsItsFloat64Twin()
    {
        // float64 convolutions never went through oneDNN (it has none): an independent path to the same numbers.
        using var scope = NewDisposeScope();
        using var ae = new ConvAutoencoder(6, 5, [3, 4], 2, new Generator(7));
        using var twin = new ConvAutoencoder(6, 5, [3, 4], 2, new Generator(7));
        twin.to(float64);
        var x = rand([64, 30], generator: new Generator(8));
        var reference = Step(twin, x.to(float64));
        for (var k = 0; k < Repeats; k++)
        {
            using var inner = NewDisposeScope();
            Dirty(64L * 8 * 8, k);
            var step = Step(ae, x);
            foreach (var (name, expected) in reference)
                // float32 rounding through five layers, relative to the largest entry: measured ≤ 1e-6 here, 1.2e-4 through oneDNN.
                AssertClose(expected, step[name], 1e-6 * Math.Max(1, expected.abs().max().item<double>()), $"{name}, step {k + 1}");
        }
    }

    // The loss and every parameter's gradient of one reconstruction step.
    private static Dictionary<string, Tensor> Step(ConvAutoencoder model, Tensor x)
    {
        model.zero_grad();
        var loss = (model.forward(x) - x).pow(2).mean();
        loss.backward();
        var result = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.to(float64));
        result["loss"] = loss.to(float64).reshape(1);
        return result;
    }

    // Points file descriptor 2 at a file while an action runs (libtorch writes its warnings there, not through Console).
    private static partial class StandardError
    {
        [System.Runtime.InteropServices.LibraryImport("libc.so.6")]
        private static partial int dup(int fd);

        [System.Runtime.InteropServices.LibraryImport("libc.so.6")]
        private static partial int dup2(int fd, int fd2);

        [System.Runtime.InteropServices.LibraryImport("libc.so.6")]
        private static partial int close(int fd);

        public static string Capture(string path, Action action)
        {
            var saved = dup(2);
            Assert.IsGreaterThanOrEqualTo(0, saved, "dup(2)");
            using (var file = File.OpenHandle(path, FileMode.Create, FileAccess.Write))
            {
                Assert.AreEqual(2, dup2((int)file.DangerousGetHandle(), 2), "dup2(file, 2)");
                try { action(); }
                finally
                {
                    dup2(saved, 2);
                    close(saved);
                }
            }
            return File.ReadAllText(path);
        }
    }

    // Hands the allocator freed blocks of about the output's size holding NaN (even k) or large finite values (odd k).
    private static void Dirty(long values, int k)
    {
        using var junk = full(values * 2, k % 2 == 0 ? float.NaN : 1000f);
        using var junk2 = full(values, k % 2 == 0 ? float.NaN : -1000f);
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance, string what)
    {
        var difference = (actual.to(float64) - expected).abs().max().item<double>();
        Assert.IsTrue(difference <= tolerance, $"{what}: max |Δ| {difference:G3} > {tolerance:G3}");
    }

    // y[n, 0, i, j] = b + Σ_{c, p, q} x[n, c, p, q] · w[c, 0, i + 1 − 2p, j + 1 − 2q] (stride 2, padding 1, kernel 4), and the
    // gradients of Σ r·y, in float64 loops.
    private static (Tensor Y, Tensor Gx, Tensor Gw, Tensor Gb) DirectSums(Tensor x, Tensor w, Tensor b, Tensor r)
    {
        int n = (int)x.shape[0], c = (int)x.shape[1], s = (int)x.shape[2], o = 2 * s;
        var xs = x.data<float>().ToArray();
        var ws = w.data<float>().ToArray();
        var rs = r.data<float>().ToArray();
        double bias = b.item<float>();
        var y = new double[n * o * o];
        var gx = new double[xs.Length];
        var gw = new double[ws.Length];
        double gb = 0;
        for (var m = 0; m < n; m++)
            for (var i = 0; i < o; i++)
                for (var j = 0; j < o; j++)
                {
                    double upstream = rs[(m * o + i) * o + j], sum = bias;
                    gb += upstream;
                    for (var ch = 0; ch < c; ch++)
                        for (var p = 0; p < s; p++)
                            for (var q = 0; q < s; q++)
                            {
                                int kh = i + 1 - 2 * p, kw = j + 1 - 2 * q;
                                if (kh < 0 || kh > 3 || kw < 0 || kw > 3) continue;
                                int xi = ((m * c + ch) * s + p) * s + q, wi = (ch * 4 + kh) * 4 + kw;
                                sum += xs[xi] * (double)ws[wi];
                                gx[xi] += upstream * ws[wi];
                                gw[wi] += upstream * xs[xi];
                            }
                    y[(m * o + i) * o + j] = sum;
                }
        return (tensor(y, [n, 1, o, o]), tensor(gx, x.shape), tensor(gw, w.shape), tensor([gb]));
    }
}
