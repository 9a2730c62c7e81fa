using System.Runtime.InteropServices;
using Microsoft.ML.Symmetry.Torch.Platform;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

[TestClass]
public sealed class MklDispatchTests
{
    private static void RequireLinuxX64()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            Assert.Inconclusive("The stub is an x86-64 Linux shared object.");
    }

    [TestMethod]
    public unsafe void StubLibraryLoadsAndItsFunctionsReturnTheirConstants()
    {
        RequireLinuxX64();
        var folder = Path.Combine(Path.GetTempPath(), $"symmetry-stub-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "libstubtest.so");
        File.WriteAllBytes(path, StubSharedObject.Build("libstubtest.so", [("answer", 42), ("minus_seven", -7), ("_zero", 0)]));
        var handle = NativeLibrary.Load(path);
        Directory.Delete(folder, recursive: true);                 // the mapping outlives the file
        Assert.AreEqual(42, ((delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "answer"))());
        Assert.AreEqual(-7, ((delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "minus_seven"))());
        Assert.AreEqual(0, ((delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "_zero"))());
        Assert.IsFalse(NativeLibrary.TryGetExport(handle, "missing", out _));
    }

    [TestMethod]
    public void StubLibraryRejectsBadFunctionLists()
    {
        Assert.ThrowsExactly<ArgumentException>(() => StubSharedObject.Build("libx.so", []));
        Assert.ThrowsExactly<ArgumentException>(() => StubSharedObject.Build("libx.so", [("f", 1), ("f", 2)]));
        Assert.ThrowsExactly<ArgumentException>(() => StubSharedObject.Build("libx.so", [("1f", 1)]));
        Assert.ThrowsExactly<ArgumentException>(() => StubSharedObject.Build("libx.so", [("f-g", 1)]));
        Assert.ThrowsExactly<ArgumentException>(() => StubSharedObject.Build("", [("f", 1)]));
    }

    [TestMethod]
    public void DecisionFollowsPlatformVendorAndSetting()
    {
        Assert.AreEqual(MklDispatchStatus.Applied, MklCpuDispatch.Decide(true, "AuthenticAMD", null).Status);
        Assert.AreEqual(MklDispatchStatus.Applied, MklCpuDispatch.Decide(true, "AuthenticAMD", " Auto ").Status);
        Assert.AreEqual(MklDispatchStatus.NotNeeded, MklCpuDispatch.Decide(true, "GenuineIntel", null).Status);
        Assert.AreEqual(MklDispatchStatus.NotNeeded, MklCpuDispatch.Decide(true, null, null).Status);
        Assert.AreEqual(MklDispatchStatus.NotNeeded, MklCpuDispatch.Decide(false, "AuthenticAMD", null).Status);
        foreach (var off in new[] { "off", "0", "FALSE" })
            Assert.AreEqual(MklDispatchStatus.Disabled, MklCpuDispatch.Decide(true, "AuthenticAMD", off).Status, off);
        var bad = MklCpuDispatch.Decide(true, "AuthenticAMD", "fast");
        Assert.AreEqual(MklDispatchStatus.Failed, bad.Status);
        StringAssert.Contains(bad.Reason, "SYMMETRY_MKL_DISPATCH=fast is not one of auto, off, 0, false");
    }

    [TestMethod]
    public void CpuVendorIsTheCpuidString()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64) Assert.Inconclusive("CPUID is x86.");
        var vendor = MklCpuDispatch.CpuVendor();
        Assert.IsNotNull(vendor);
        Assert.AreEqual(12, vendor.Length);
        if (OperatingSystem.IsLinux())
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("vendor_id", StringComparison.Ordinal));
            if (line is not null) Assert.AreEqual(line[(line.IndexOf(':') + 1)..].Trim(), vendor);
        }
    }

    [TestMethod]
    public void ThisProcessDecidedAndMklProductsStayCorrect()
    {
        TorchRuntime.EnsureAvailable();
        var result = MklCpuDispatch.Result;
        Assert.IsNotNull(result);
        Console.WriteLine($"{result.Status}: {result.Reason}");
        var expected = MklCpuDispatch.Decide(OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64,
            MklCpuDispatch.CpuVendor(), Environment.GetEnvironmentVariable(MklCpuDispatch.EnvironmentVariable)).Status;
        Assert.AreEqual(expected, result.Status, result.Reason);
        if (result.Status == MklDispatchStatus.Applied)
            Assert.IsTrue(File.ReadLines("/proc/self/maps").Any(l => l.EndsWith("/libsymmetry_mkl_dispatch.so", StringComparison.Ordinal)), "the stub is mapped");

        // Whatever kernels MKL now picks, float32 products must match float64 ones: odd sizes reach the edge kernels,
        // transposed operands and batches other code paths.
        using var scope = NewDisposeScope();
        var g = new TorchSharp.torch.Generator(17);
        var a = randn([301, 203], generator: g);
        var b = randn([203, 157], generator: g);
        var c = randn([7, 33, 65], generator: g);
        var d = randn([7, 65, 19], generator: g);
        (Tensor Ours, Tensor Exact)[] cases =
        [
            (a.matmul(b), a.to(float64).matmul(b.to(float64))),
            (b.t().matmul(a.t()), b.to(float64).t().matmul(a.to(float64).t())),
            (addmm(b[0], a, b, 1, 1), b[0].to(float64) + a.to(float64).matmul(b.to(float64))),
            (bmm(c, d), bmm(c.to(float64), d.to(float64))),
        ];
        foreach (var (ours, exact) in cases)
        {
            var error = (ours.to(float64) - exact).abs().max().item<double>();
            var scale = exact.abs().max().item<double>();
            // float32 sums of ≤ 203 products of N(0,1) numbers: rounding ~ √203 · 6e-8 of the scale; 1e-5 leaves room for any blocking order.
            Assert.IsLessThan(1e-5, error / scale, $"relative error {error / scale}");
        }
    }
}
