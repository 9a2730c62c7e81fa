using System.CommandLine;
using Spectre.Console;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary><c>symmetry datasets</c>: the built-in datasets with what is known about them.</summary>
internal static class DatasetsCommand
{
    public static System.CommandLine.Command Create(IAnsiConsole console)
    {
        var command = new System.CommandLine.Command("datasets", "List the built-in datasets and their known truth.");
        command.SetAction(_ =>
        {
            var table = new Table().AddColumns("name", "method", "default size", "what it is (truth)");
            foreach (var e in SymmetryDatasets.All)
                table.AddRow(e.Name, e.Method, $"{e.DefaultCount:N0} {e.CountMeaning}", Markup.Escape(e.Summary));
            console.Write(table);
            return Program.Ok;
        });
        return command;
    }
}
