using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Spectre.Console;
using Microsoft.ML.Symmetry.Torch.Platform;
using TorchSharp;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// <c>symmetry info</c>: what this installation runs on — versions, devices, threads, and what each platform fix of
/// <c>Microsoft.ML.Symmetry.Torch.Platform</c> decided in this process (docs/platforms.md) — for bug reports and speed questions.
/// </summary>
internal static class InfoCommand
{
    public static System.CommandLine.Command Create(IAnsiConsole console)
    {
        var command = new System.CommandLine.Command("info", "Show versions, devices, threads and the platform fixes applied (docs/platforms.md).");
        command.SetAction(_ =>
        {
            var rows = new List<(string Item, string Value)>
            {
                ("symmetry", typeof(InfoCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown"),
                (".NET", $"{RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture})"),
                ("CPU", $"{MklCpuDispatch.CpuVendor() ?? "not x86"}, {Environment.ProcessorCount} logical cores, widest vector ISA {(Avx512F.IsSupported ? "AVX-512" : Avx2.IsSupported ? "AVX2" : "below AVX2")}"),
            };
            try
            {
                TorchRuntime.EnsureAvailable();
                rows.Add(("TorchSharp", typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown"));
                rows.Add(("libtorch", torch.__version__));
                rows.Add(("CUDA", torch.cuda.is_available() ? $"available, {torch.cuda.device_count()} device(s)" : "not available (CPU build of libtorch, or no GPU visible)"));
                rows.Add(("libtorch threads", torch.get_num_threads().ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            catch (InvalidOperationException e)
            {
                rows.Add(("libtorch", $"cannot load: {e.Message}"));
            }
            var fix = TorchRuntime.Fix;
            rows.Add(("libstdc++ fix", fix is null ? "not needed (TorchSharp loaded without it)" : $"{fix.Status}: {fix.Reason}"));
            var mkl = MklCpuDispatch.Result;
            rows.Add(("MKL dispatch", mkl is null ? "not decided" : $"{mkl.Status}: {mkl.Reason}"));
            rows.Add(("malloc while training", MallocTuning.Status.ToString()));
            var onednn = OneDnnConvolutions.Result;
            rows.Add(("oneDNN convolutions", onednn is null ? "not decided (libtorch not loaded)" : $"{onednn.Status}: {onednn.Reason}"));
            rows.Add(("native cache", TorchRuntime.CacheDirectory));
            var table = new Table().AddColumns("item", "value");
            foreach (var (item, value) in rows) table.AddRow(Markup.Escape(item), Markup.Escape(value));
            console.Write(table);
            return Program.Ok;
        });
        return command;
    }
}
