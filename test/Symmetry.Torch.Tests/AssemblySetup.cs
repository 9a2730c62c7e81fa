using Microsoft.ML.Symmetry.Torch.Platform;

namespace Microsoft.ML.Symmetry.Torch.Tests;

[TestClass]
public static class AssemblySetup
{
    [AssemblyInitialize]
    public static void Initialize(TestContext _)
    {
        TorchRuntime.EnsureAvailable();
        // Small models: one thread is fastest, and two OpenMP threads spinning on a loaded 2-core machine are very slow.
        TorchSharp.torch.set_num_threads(1);
    }
}
