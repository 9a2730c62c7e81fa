using Microsoft.ML.Symmetry.Torch.Platform;

namespace Microsoft.ML.Symmetry.Datasets.Tests;

[TestClass]
public static class AssemblySetup
{
    /// <summary>Loads TorchSharp (with the Debian 12 platform fix) before any test touches a tensor.</summary>
    [AssemblyInitialize]
    public static void LoadTorch(TestContext _) => TorchRuntime.EnsureAvailable();
}
