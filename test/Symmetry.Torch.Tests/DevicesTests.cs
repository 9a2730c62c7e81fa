using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

[TestClass]
public sealed class DevicesTests
{
    [TestMethod]
    public void NoGpuIdMeansCpu()
    {
        Assert.AreEqual(DeviceType.CPU, Devices.Select(null, fallbackToCpu: false).type);
        Assert.AreEqual(DeviceType.CPU, Devices.Select(null, fallbackToCpu: true).type);
    }

    [TestMethod]
    public void AGpuIdWithoutCudaThrowsUnlessFallingBack()
    {
        if (cuda.is_available()) Assert.Inconclusive("CUDA is available here: this test is for CPU-only libtorch builds.");
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Devices.Select(0, fallbackToCpu: false));
        StringAssert.Contains(e.Message, "GpuDeviceId is 0");
        StringAssert.Contains(e.Message, "FallbackToCpu = true");
        StringAssert.Contains(e.Message, "TorchSharp-cuda-linux");
        Assert.DoesNotContain("build-native", e.Message);
        Assert.DoesNotContain("shim", e.Message);
        Assert.AreEqual(DeviceType.CPU, Devices.Select(0, fallbackToCpu: true).type);
        Assert.AreEqual(DeviceType.CPU, Devices.Select(3, fallbackToCpu: true).type);
    }

    [TestMethod]
    public void AGpuIdHonoursTheIndexWhereCudaIsPresent()
    {
        if (!cuda.is_available()) Assert.Inconclusive("CUDA is not available here.");
        var count = cuda.device_count();
        var d = Devices.Select(count - 1, fallbackToCpu: false);
        Assert.AreEqual(DeviceType.CUDA, d.type);
        Assert.AreEqual(count - 1, d.index);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => Devices.Select(count, fallbackToCpu: false)).Message, $"only {count} CUDA device(s)");
        Assert.AreEqual(DeviceType.CPU, Devices.Select(count, fallbackToCpu: true).type);
    }

    [TestMethod]
    public void ANegativeGpuIdIsRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Devices.Select(-1, fallbackToCpu: true));
        Assert.AreEqual("gpuDeviceId", e.ParamName);
    }
}
