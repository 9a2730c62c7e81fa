using Microsoft.ML.Symmetry.Torch.Platform;
using TorchSharp;

namespace Microsoft.ML.Symmetry.Estimators.Tests;

[TestClass]
public static class AssemblySetup
{
    /// <summary>
    /// Loads TorchSharp (with the Debian 12 platform fix) before any test touches a tensor, on one libtorch thread:
    /// these networks are tiny, and on a 2-core machine shared with other builds two OpenMP threads spin against
    /// each other (a 20-run fit measured 18 s with one thread, 3.5 min with two under load; docs/benchmarks.md).
    /// The load-only child process is started with the same setting (OMP_NUM_THREADS=1).
    /// </summary>
    [AssemblyInitialize]
    public static void LoadTorch(TestContext _)
    {
        TorchRuntime.EnsureAvailable();
        torch.set_num_threads(1);
    }
}
