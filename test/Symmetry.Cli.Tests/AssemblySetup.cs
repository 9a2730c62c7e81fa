using Microsoft.ML.Symmetry.Torch.Platform;
using TorchSharp;

namespace Microsoft.ML.Symmetry.Cli.Tests;

[TestClass]
public static class AssemblySetup
{
    /// <summary>
    /// One libtorch thread for the commands run in this process, as the CLI's default was before --threads auto: the
    /// automatic count never exceeds the caller's (ThreadRule), so the tests' fits, their results and their time stay
    /// those of one thread on a 2-core machine shared with other builds.
    /// </summary>
    [AssemblyInitialize]
    public static void OneThread(TestContext _)
    {
        TorchRuntime.EnsureAvailable();
        torch.set_num_threads(1);
    }
}
