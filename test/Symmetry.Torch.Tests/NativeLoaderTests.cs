using System.Reflection;
using System.Runtime.Loader;

namespace Symmetry.Torch.Tests;

[TestClass]
[DoNotParallelize] // sets a process-wide environment variable for the duration of the test
public sealed class NativeLoaderTests
{
    [TestMethod]
    public void FailedLoadListsEveryAttemptAndTheInstallHint()
    {
        // Resolve this process's shim first, so the variable below cannot affect the assembly the other tests use.
        _ = torch.cuda.is_available();
        var bogus = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "libSymmetryTorchNative.so");
        var previous = Environment.GetEnvironmentVariable("SYMMETRY_TORCH_NATIVE");
        // A second copy of Symmetry.Torch in its own load context has its own resolver and must load the shim anew.
        var context = new AssemblyLoadContext("loader-test", isCollectible: true);
        try
        {
            Environment.SetEnvironmentVariable("SYMMETRY_TORCH_NATIVE", bogus);
            using var image = File.OpenRead(typeof(torch).Assembly.Location);
            var copy = context.LoadFromStream(image);
            var cuda = copy.GetType("Symmetry.Torch.torch+cuda", throwOnError: true)!;
            var call = Assert.ThrowsExactly<TargetInvocationException>(() => cuda.GetMethod("is_available")!.Invoke(null, null));
            var e = call.InnerException as DllNotFoundException;
            Assert.IsNotNull(e, $"expected DllNotFoundException, got {call.InnerException}");
            StringAssert.Contains(e.Message, bogus);                  // the attempt, with the OS loader's reason
            StringAssert.Contains(e.Message, "Run eng/install-deps.sh"); // and what to do
        }
        finally
        {
            Environment.SetEnvironmentVariable("SYMMETRY_TORCH_NATIVE", previous);
            context.Unload();
        }
    }
}
