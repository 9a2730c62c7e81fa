using TorchSharp;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// Picks the training device as ML.NET's TorchSharp components do, except that the GPU index is honoured:
/// <c>gpuDeviceId == null</c> → CPU; a GPU id with CUDA present → <c>cuda:id</c>; without CUDA (or with fewer
/// devices) → CPU when <c>fallbackToCpu</c>, otherwise an exception that says what to change.
/// </summary>
internal static class Devices
{
    /// <summary>The device for ML.NET's <c>MLContext.GpuDeviceId</c> / <c>MLContext.FallbackToCpu</c> settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gpuDeviceId"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">A GPU was asked for, none is usable, and <paramref name="fallbackToCpu"/> is false.</exception>
    public static torch.Device Select(int? gpuDeviceId, bool fallbackToCpu)
    {
        Runtime.Ensure();
        if (gpuDeviceId is not { } id) return torch.CPU;
        if (id < 0) throw new ArgumentOutOfRangeException(nameof(gpuDeviceId), id, $"MLContext.GpuDeviceId must be ≥ 0 or null; got {id}.");
        if (torch.cuda.is_available())
        {
            var count = torch.cuda.device_count();
            if (id < count) return new torch.Device(DeviceType.CUDA, id);
            if (fallbackToCpu) return torch.CPU;
            throw new InvalidOperationException(
                $"MLContext.GpuDeviceId is {id} but only {count} CUDA device(s) are visible. Set GpuDeviceId to a valid index, or FallbackToCpu = true.");
        }
        if (fallbackToCpu) return torch.CPU;
        throw new InvalidOperationException(
            $"MLContext.GpuDeviceId is {id} but CUDA is not available (libtorch {torch.__version__} was built without CUDA, or no GPU is visible). " +
            "Set FallbackToCpu = true to train on the CPU, or reference a CUDA libtorch bundle (the TorchSharp-cuda-linux package) instead of TorchSharp-cpu.");
    }
}
