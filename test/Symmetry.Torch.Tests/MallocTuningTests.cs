using System.Runtime.InteropServices;
using Microsoft.ML.Symmetry.Torch.Platform;

namespace Microsoft.ML.Symmetry.Torch.Tests;

[TestClass]
public sealed partial class MallocTuningTests
{
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [LibraryImport("libc.so.6")]
    private static partial MallInfo2 mallinfo2();

    [LibraryImport("libc.so.6")]
    private static partial IntPtr sbrk(nint increment);

    [TestMethod]
    public void DecisionFollowsTheEnvironment()
    {
        static Func<string, string?> Env(params (string Name, string Value)[] set) => n => set.FirstOrDefault(s => s.Name == n).Value;
        Assert.AreEqual(MallocTuningStatus.Active, MallocTuning.Decide(true, Env()));
        Assert.AreEqual(MallocTuningStatus.NotGlibc, MallocTuning.Decide(false, Env()));
        Assert.AreEqual(MallocTuningStatus.Disabled, MallocTuning.Decide(true, Env(("SYMMETRY_MALLOC_TUNING", "off"))));
        Assert.AreEqual(MallocTuningStatus.Disabled, MallocTuning.Decide(false, Env(("SYMMETRY_MALLOC_TUNING", "0"))));
        Assert.AreEqual(MallocTuningStatus.UserSettings, MallocTuning.Decide(true, Env(("MALLOC_TRIM_THRESHOLD_", "1000000"))));
        Assert.AreEqual(MallocTuningStatus.UserSettings, MallocTuning.Decide(true, Env(("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=4096"))));
        Assert.AreEqual(MallocTuningStatus.Active, MallocTuning.Decide(true, Env(("GLIBC_TUNABLES", "glibc.cpu.hwcaps=-AVX512F"))));
    }

    private static long ResidentBytes() =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;

    [TestMethod]
    public unsafe void FreedMemoryIsKeptWhileTrainingAndReturnedAfter()
    {
        if (MallocTuning.Status != MallocTuningStatus.Active) Assert.Inconclusive($"Malloc tuning is {MallocTuning.Status} in this process.");
        const int size = 16 << 20;
        MallInfo2 before, during;
        bool inMainHeap;
        long touched, freed;
        using (MallocTuning.ForTraining())
        using (MallocTuning.ForTraining())          // nested: only the last scope restores
        {
            before = mallinfo2();
            var p = (byte*)NativeMemory.Alloc(size);
            for (var i = 0; i < size; i += 4096) p[i] = 1;
            during = mallinfo2();
            // The thresholds govern the main arena's heap (below the program break). A thread that glibc has moved to
            // one of its thread arenas (it does so under contention, e.g. after other tests' libtorch threads) may
            // get the block in a heap of its own, which free() deletes whole whatever the thresholds.
            inMainHeap = (nuint)(p + size) <= (nuint)sbrk(0);
            touched = ResidentBytes();
            NativeMemory.Free(p);
            freed = ResidentBytes();
        }
        var after = ResidentBytes();
        if (!inMainHeap) Assert.Inconclusive("The block came from one of glibc's thread arenas in this process, not the main heap the thresholds govern.");
        // 16 MiB is below the 32 MiB mmap threshold: it comes from the heap, not a separate mapping; freed during
        // training it stays resident for reuse (below the 256 MiB trim threshold), and the last scope's malloc_trim(0)
        // hands its pages back. Margins of 4 MiB leave room for the runtime's own allocations on other threads.
        Assert.IsLessThan(1u << 20, (ulong)during.Hblkhd - Math.Min((ulong)during.Hblkhd, before.Hblkhd), "not a separate mapping");
        Assert.IsLessThan(4L << 20, touched - freed, $"kept while training: resident {touched >> 20} MiB touched, {freed >> 20} MiB after free");
        Assert.IsGreaterThan(size - (4L << 20), freed - after, $"returned after training: resident {freed >> 20} MiB, then {after >> 20} MiB");
    }
}
