using Microsoft.ML.Symmetry.Torch.Platform;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>Calls <see cref="TorchRuntime.EnsureAvailable"/> once per process before our first TorchSharp call.</summary>
internal static class Runtime
{
    private static volatile bool ready;

    /// <summary>Loads libtorch (with the platform fix where needed); throws the loader's real cause when it cannot.</summary>
    public static void Ensure()
    {
        if (ready) return;
        TorchRuntime.EnsureAvailable();
        ready = true;
    }

    /// <summary><see cref="Ensure"/>, then <paramref name="name"/>: for module constructors' base-constructor argument.</summary>
    public static string Named(string name)
    {
        Ensure();
        return name;
    }
}
