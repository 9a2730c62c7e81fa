using Microsoft.Data.Analysis;
using Spectre.Console;

namespace Microsoft.ML.Symmetry.Cli.Tests;

[TestClass]
public sealed class ConsoleTablesTests
{
    private static DataFrame Wide(int rows) => new(new DataFrameColumn[] { new Int32DataFrameColumn("Run", Enumerable.Range(1, rows)) }.Concat(
        Enumerable.Range(1, 12).Select(k => (DataFrameColumn)new DoubleDataFrameColumn($"R{k}", Enumerable.Range(0, rows).Select(r => 0.1234 + k * 1e-4 + r * 1e-2)))));

    private static string Render(Table table, int width)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(writer) });
        console.Profile.Width = width;
        console.Write(table);
        return writer.ToString();
    }

    private static void Fits(string text, int width) => Assert.IsTrue(text.Split('\n').All(l => l.TrimEnd().Length <= width), text);

    [TestMethod]
    public void AWideTableWithFewRowsIsTransposed()
    {
        var text = Render(ConsoleTables.From(Wide(2), "Runs", 60), 60);
        Fits(text, 60);
        StringAssert.Contains(string.Join(" ", text.Split('\n').Select(l => l.Trim())), "transposed to fit 60 characters");
        // One line per former column, the values whole: R7 of run 2 is 0.1234 + 7e-4 + 1e-2 = 0.1341.
        StringAssert.Contains(text, "│ R7  │ 0.1241 │ 0.1341 │");
        Assert.DoesNotContain("not shown", text);
    }

    [TestMethod]
    public void ColumnsThatFitNeitherWayAreLeftOutAndNamed()
    {
        var text = Render(ConsoleTables.From(Wide(20), "Runs", 60), 60);
        Fits(text, 60);
        // Run (3 + 3), R1 … R5 (6 + 3 each) and R6 (its values print "0.124", 5 + 3) need 1 + 6 + 45 + 8 = 60; R7 would make 69.
        StringAssert.Contains(text, "R6");
        StringAssert.Contains(string.Join(" ", text.Split('\n').Select(l => l.Trim())), "not shown (wider than 60 characters): R7, R8, R9, R10, R11, R12");
        Assert.DoesNotContain("0.1241", text, "R7's values are not printed");
    }

    [TestMethod]
    public void EverythingIsShownAsIsWhenItFits()
    {
        var text = Render(ConsoleTables.From(Wide(2), "Runs", 400), 400);
        StringAssert.Contains(text, "0.1246");
        Assert.DoesNotContain("not shown", text);
        Assert.DoesNotContain("transposed", text);
    }

    [TestMethod]
    public void TheWidthIsColumnsThenTheTerminalThen120()
    {
        Assert.AreEqual(80, TerminalWidth.Detect(n => n == "COLUMNS" ? "80" : null, outputRedirected: true, () => 200));
        Assert.AreEqual(120, TerminalWidth.Detect(_ => null, outputRedirected: true, () => 200));
        Assert.AreEqual(200, TerminalWidth.Detect(_ => null, outputRedirected: false, () => 200));
        Assert.AreEqual(120, TerminalWidth.Detect(_ => "wide", outputRedirected: false, () => throw new IOException("no console")));
    }
}
