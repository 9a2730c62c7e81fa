namespace Microsoft.ML.Symmetry.Torch.Platform;

/// <summary>What <see cref="MallocTuning"/> does in this process.</summary>
internal enum MallocTuningStatus
{
    /// <summary>glibc's malloc keeps freed memory for reuse while a training runs (see <see cref="MallocTuning"/>).</summary>
    Active,
    /// <summary>Not glibc (another OS or C library): nothing to tune.</summary>
    NotGlibc,
    /// <summary>The process was started with its own malloc settings (MALLOC_*_ or GLIBC_TUNABLES): left as they are.</summary>
    UserSettings,
    /// <summary>Turned off by <see cref="MallocTuning.EnvironmentVariable"/>.</summary>
    Disabled,
}

/// <summary>
/// libtorch's CPU allocator is plain <c>malloc</c>/<c>free</c>. A training step allocates and frees its activations
/// and gradients (for a 512-wide MLP at batch 256, about 100 MB in 0.5–1 MB blocks), and glibc's default policy hands
/// the top of the heap back to the kernel whenever more than twice its mmap threshold lies free there, so the next
/// step faults the same pages in again: measured 11 ms of a 68 ms LaLiGAN step here, and about as much for PyTorch
/// eager. While any training runs (<see cref="ForTraining"/>, which <c>TrainingLoop</c> holds), this raises glibc's
/// mmap threshold to its maximum (32 MiB) and its trim threshold to 256 MiB, so freed blocks are reused; when the last
/// training ends it sets the trim threshold to 64 MiB (the ceiling of glibc's own dynamic policy, reached by any
/// process that frees a 32 MiB block) and calls <c>malloc_trim(0)</c>, which returns what was kept.
/// <para>
/// Left alone: processes not on glibc, processes started with their own malloc settings, and
/// <c>SYMMETRY_MALLOC_TUNING=off</c> (or 0, false). glibc offers no way back to its dynamic policy once a threshold is
/// set, which is why the values after training are the ones the dynamic policy itself ends at.
/// </para>
/// </summary>
internal static class MallocTuning
{
    /// <summary>Set to <c>off</c>, <c>0</c> or <c>false</c> to leave glibc's malloc settings alone.</summary>
    public const string EnvironmentVariable = "SYMMETRY_MALLOC_TUNING";

    /// <summary>The mmap threshold set while training: glibc's largest accepted value on 64-bit systems.</summary>
    public const int MmapThreshold = 32 << 20;

    /// <summary>The trim threshold while training.</summary>
    public const int TrainingTrimThreshold = 256 << 20;

    /// <summary>The trim threshold after training: twice the mmap threshold, where glibc's dynamic policy ends.</summary>
    public const int IdleTrimThreshold = 2 * MmapThreshold;

    private const int MTrimThreshold = -1, MMmapThreshold = -3;
    private static readonly Lock Gate = new();
    private static MallocTuningStatus? status;
    private static int holders;

    /// <summary>What this process does (decided once, at the first training).</summary>
    public static MallocTuningStatus Status { get { lock (Gate) return status ??= Decide(); } }

    /// <summary>The decision for a process whose environment <paramref name="variable"/> reads, on glibc or not.</summary>
    public static MallocTuningStatus Decide(bool glibc, Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var setting = variable(EnvironmentVariable)?.Trim();
        if (setting is "0" || string.Equals(setting, "off", StringComparison.OrdinalIgnoreCase) || string.Equals(setting, "false", StringComparison.OrdinalIgnoreCase))
            return MallocTuningStatus.Disabled;
        if (!glibc) return MallocTuningStatus.NotGlibc;
        string[] own = ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_"];
        if (own.Any(n => variable(n) is { Length: > 0 }) || variable("GLIBC_TUNABLES")?.Contains("glibc.malloc.", StringComparison.Ordinal) == true)
            return MallocTuningStatus.UserSettings;
        return MallocTuningStatus.Active;
    }

    /// <summary>Keeps freed memory for reuse until the returned scope (and every other one) is disposed. Never throws.</summary>
    public static IDisposable ForTraining()
    {
        lock (Gate)
        {
            status ??= Decide();
            if (status != MallocTuningStatus.Active) return Scope.None;
            if (holders++ == 0)
            {
                LibC.mallopt(MMmapThreshold, MmapThreshold);
                LibC.mallopt(MTrimThreshold, TrainingTrimThreshold);
            }
            return new Scope();
        }
    }

    private static MallocTuningStatus Decide()
    {
        bool glibc;
        try
        {
            glibc = OperatingSystem.IsLinux() && LibC.gnu_get_libc_version() != IntPtr.Zero;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            glibc = false;
        }
        return Decide(glibc, Environment.GetEnvironmentVariable);
    }

    private static void Release()
    {
        lock (Gate)
        {
            if (--holders > 0) return;
            LibC.mallopt(MTrimThreshold, IdleTrimThreshold);
            LibC.malloc_trim(0);
        }
    }

    private sealed class Scope : IDisposable
    {
        public static readonly IDisposable None = new NoScope();
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) Release();
        }

        private sealed class NoScope : IDisposable
        {
            public void Dispose() { }
        }
    }
}
