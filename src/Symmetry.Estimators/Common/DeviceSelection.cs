using Symmetry.ML.Runtime;
using Symmetry.Torch;
using static Symmetry.Torch.torch;

namespace Symmetry.Estimators.Common;

/// <summary>
/// Picks the training device from the context, as ML.NET's TorchSharp components do, except that the GPU index
/// is honoured: <c>GpuDeviceId == null</c> → CPU; a GPU id with CUDA present → <c>cuda:id</c>; without CUDA →
/// CPU when <c>FallbackToCpu</c>, otherwise an exception.
/// </summary>
public static class DeviceSelection
{
    /// <summary>The device for <paramref name="env"/>'s settings.</summary>
    public static Device Select(IHostEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (env.GpuDeviceId is not { } id) return CPU;
        if (id < 0) throw new ArgumentOutOfRangeException(nameof(env), id, $"MLContext.GpuDeviceId must be ≥ 0 or null; got {id}.");
        if (cuda.is_available())
        {
            var count = cuda.device_count();
            if (id < count) return new Device(DeviceType.CUDA, id);
            if (!env.FallbackToCpu)
                throw new InvalidOperationException($"MLContext.GpuDeviceId is {id} but only {count} CUDA device(s) are visible. Set GpuDeviceId to a valid index, or FallbackToCpu = true.");
            return CPU;
        }
        if (env.FallbackToCpu) return CPU;
        throw new InvalidOperationException(
            $"MLContext.GpuDeviceId is {id} but CUDA is not available (libtorch {__version__} was built without CUDA, or no GPU is visible). " +
            "Set FallbackToCpu = true to train on the CPU, or build the shim against a CUDA libtorch with eng/build-native.sh.");
    }
}
