using Microsoft.ML.Symmetry.Torch;

namespace Microsoft.ML.Symmetry.Torch.Tests;

/// <summary>The idle-core measure that caps the automatic thread count.</summary>

[TestClass]
public sealed class IdleCoresTests
{
    [TestMethod]
    public void ParsesTheAggregateCpuLine()
    {
        // Linux 6.x layout: user nice system idle iowait irq softirq steal guest guest_nice; guest is inside user.
        var parsed = IdleCores.Parse("cpu  100 5 30 800 20 1 2 7 50 0");
        Assert.AreEqual((820L, 965L), parsed);
        // Older kernels print fewer fields; idle + iowait and the sum of what is there.
        Assert.AreEqual((45L, 60L), IdleCores.Parse("cpu 10 0 5 40 5"));
    }

    [TestMethod]
    public void RefusesOtherLines()
    {
        Assert.IsNull(IdleCores.Parse("cpu0 100 5 30 800 20 1 2 7"));
        Assert.IsNull(IdleCores.Parse("cpu 100 x 30 800 20"));
        Assert.IsNull(IdleCores.Parse("cpu 100 5"));
        Assert.IsNull(IdleCores.Parse(""));
    }

    [TestMethod]
    public void IdleShareIsTheIdleTicksOverAllTicks()
    {
        Assert.AreEqual(0.25, IdleCores.IdleShare((100, 1000), (150, 1200)), 1e-15);
        Assert.AreEqual(1.0, IdleCores.IdleShare((100, 1000), (100, 1000)));   // no tick passed: nothing known to be busy
        Assert.AreEqual(0.0, IdleCores.IdleShare((100, 1000), (100, 1400)));
    }

    [TestMethod]
    public void CapKeepsACoreThatIsThreeQuartersIdle()
    {
        Assert.AreEqual(2, IdleCores.Cap(2, 1.94));  // an idle 2-core machine, our own reading thread aside
        Assert.AreEqual(2, IdleCores.Cap(2, 1.75));
        Assert.AreEqual(1, IdleCores.Cap(2, 1.6));
        Assert.AreEqual(1, IdleCores.Cap(2, 0.0));   // fully loaded: one thread, never none
        Assert.AreEqual(4, IdleCores.Cap(4, 7.9));   // never above the rule's count
        Assert.AreEqual(3, IdleCores.Cap(3, null));  // unknown: no cap
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => IdleCores.Cap(0, 1));
    }

    [TestMethod]
    public void MeasureSeesABusyCore()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/stat")) Assert.Inconclusive("Needs Linux's /proc/stat.");
        var cores = Environment.ProcessorCount;
        using var stop = new CancellationTokenSource();
        // One thread spinning for the whole window keeps one of the machine's cores fully busy.
        var spinner = new Thread(() => { while (!stop.IsCancellationRequested) { } }) { IsBackground = true };
        spinner.Start();
        try
        {
            var idle = IdleCores.Measure(cores, IdleCores.Window);
            Assert.IsNotNull(idle);
            // At most cores − 1 can be idle while the spinner runs (tick accounting: allow a tenth of a core).
            Assert.IsTrue(idle.Value >= 0 && idle.Value <= cores - 1 + 0.1, $"idle {idle} of {cores} with one core spinning");
        }
        finally
        {
            stop.Cancel();
            spinner.Join();
        }
    }
}
