using Spectre.Console;

namespace Microsoft.ML.Symmetry.Cli.Tests;

/// <summary>A scratch folder per test and a way to run the CLI against a recording console.</summary>
public abstract class CliTestBase
{
    /// <summary>A fresh folder for the test's files, deleted afterwards.</summary>
    protected string Dir { get; private set; } = null!;

    [TestInitialize]
    public void CreateScratchFolder()
    {
        Dir = Path.Combine(Path.GetTempPath(), "symmetry-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
    }

    [TestCleanup]
    public void DeleteScratchFolder() => Directory.Delete(Dir, recursive: true);

    /// <summary>Runs <c>symmetry args…</c>; returns the exit code and everything printed (no colours, wide lines).</summary>
    protected static (int Code, string Output) Run(params string[] args) => Run(400, args);

    /// <summary>Asserts that a <c>relevance</c> run failed (exit 1) with <paramref name="message"/> before it trained anything.</summary>
    protected static void AssertFailedBeforeTraining((int Code, string Output) run, string message)
    {
        Assert.AreEqual(1, run.Code, run.Output);
        StringAssert.Contains(run.Output, message);
        Assert.DoesNotContain("Intrinsic dimension", run.Output, "nothing was trained");
    }

    /// <summary>Runs <c>symmetry args…</c> on a console <paramref name="width"/> characters wide.</summary>
    protected static (int Code, string Output) Run(int width, params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = width;
        var code = Program.Run(args, console);
        return (code, writer.ToString());
    }
}
