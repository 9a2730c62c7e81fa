using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Spectre.Console;
using Microsoft.ML.Symmetry;
using Microsoft.ML.Symmetry.Reporting;
using Microsoft.ML.Symmetry.Torch;
using TorchSharp;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary><c>symmetry detector</c>: the latent Lie symmetry detector (paper 003) on SyMNIST pairs or on image pairs from a CSV file.</summary>
internal static class DetectorCommand
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The transformations of <c>--dataset symnist-NAME</c> / <c>supersymnist-NAME</c>.</summary>
    internal static readonly IReadOnlyDictionary<string, SyMnistTransformation> Transformations = new Dictionary<string, SyMnistTransformation>(StringComparer.Ordinal)
    {
        ["rotation"] = SyMnistTransformation.Rotation,
        ["translation-x"] = SyMnistTransformation.TranslationX,
        ["translation-y"] = SyMnistTransformation.TranslationY,
        ["scale"] = SyMnistTransformation.Scale,
        ["shear"] = SyMnistTransformation.Shear,
        ["sct-x"] = SyMnistTransformation.SpecialConformalX,
        ["sct-y"] = SyMnistTransformation.SpecialConformalY,
    };

    /// <summary>Every accepted <c>--dataset</c> name.</summary>
    internal static IEnumerable<string> DatasetNames =>
        Transformations.Keys.Select(k => "symnist-" + k).Concat(Transformations.Keys.Select(k => "supersymnist-" + k));

    public static System.CommandLine.Command Create(IAnsiConsole console)
    {
        var dataset = new Option<string?>("--dataset") { Description = $"SyMNIST pairs of real MNIST digits: {string.Join(", ", DatasetNames)}." };
        var input = new Option<FileInfo?>("--input") { Description = "A CSV file with a header line: one image pair per row (see --source, --target)." };
        var source = new Option<string?>("--source") { Description = "The columns of x in --input: a 0-based range 'A-B' or comma-separated names/indices, row-major pixels." };
        var target = new Option<string?>("--target") { Description = "The columns of y = T_t x in --input, as --source." };
        var magnitude = new Option<string?>("--magnitude") { Description = "A column of --input holding each pair's true t (for the report's Spearman and W1)." };
        var height = new Option<int?>("--height") { Description = "Image height in pixels (needed for non-square images)." };
        var width = new Option<int?>("--width") { Description = "Image width in pixels (needed for non-square images)." };
        var magnitudes = new Option<string?>("--magnitudes") { Description = "SyMNIST magnitude distribution: uniform:MIN,MAX | categorical:V1,V2,… | normal:MEAN,STD (default per transformation)." };
        var canvas = new Option<int>("--canvas") { Description = "SyMNIST canvas side (≥ 28; the digit is centred on it).", DefaultValueFactory = _ => 28 };
        var count = new Option<int?>("--count") { Description = "Pairs to generate (built-ins, default 10,000) or to read (CSV)." };
        var basis = new Option<string>("--basis") { Description = "affine (6 terms) or quadratic (12, adds the special conformal directions).", DefaultValueFactory = _ => "affine" };
        basis.AcceptOnlyFromAmong("affine", "quadratic");
        var latentSide = new Option<int>("--latent-side") { Description = "Side s of the latent patch (s × s latent pixels).", DefaultValueFactory = _ => LieDetectorEstimator.Defaults.LatentSide };
        var alpha = new Option<double>("--alpha") { Description = "Weight of the α-matching term.", DefaultValueFactory = _ => LieDetectorEstimator.Defaults.AlphaWeight };
        var alphaOrder = new Option<int>("--alpha-order") { Description = "Taylor order of α-matching (1 or 2).", DefaultValueFactory = _ => 1 };
        alphaOrder.AcceptOnlyFromAmong("1", "2");
        var epochs = new Option<int>("--epochs") { Description = "Epochs.", DefaultValueFactory = _ => LieDetectorEstimator.Defaults.Epochs };
        var batch = new Option<int>("--batch") { Description = "Pairs per step.", DefaultValueFactory = _ => LieDetectorEstimator.Defaults.BatchSize };
        var seed = new Option<int?>("--seed") { Description = "Seed for data generation and training.", DefaultValueFactory = _ => 1 };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var threads = new Option<int>("--threads") { Description = "CPU threads for libtorch.", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo?>("--output") { Description = "Write T per pair (with the built-ins' Magnitude and Label) as CSV." };
        var model = new Option<FileInfo?>("--model") { Description = "Save the fitted transformer as a model zip." };
        var report = new Option<FileInfo?>("--report") { Description = "Write the coefficient table (the bar chart's data) as CSV." };
        var reports = CommandSupport.ReportOutputs.Create();
        var force = new Option<bool>("--force") { Description = "Overwrite --output, --model, --report, --html, --json files and --plots figures that exist." };
        foreach (var o in new[] { epochs, batch, threads }) CommandSupport.AtLeast(o, 1);
        CommandSupport.AtLeast(latentSide, 2);
        CommandSupport.AtLeast(canvas, 28);
        foreach (var o in new[] { count }) CommandSupport.AtLeast(o, 2);
        foreach (var o in new[] { height, width }) CommandSupport.AtLeast(o, 2);
        alpha.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<double>();
            if (!(v >= 0) || double.IsInfinity(v)) r.AddError($"--alpha must be a finite number ≥ 0; got {v}.");
        });

        var command = new System.CommandLine.Command("detector", "Find the one-parameter transformation image pairs share and each pair's magnitude (latent Lie symmetry detector, paper 003).")
        {
            dataset, input, source, target, magnitude, height, width, magnitudes, canvas, count, basis, latentSide, alpha, alphaOrder, epochs, batch, seed,
            device, threads, output, model, report, reports.Plots, reports.Html, reports.Json, force,
        };
        command.SetAction(parse =>
        {
            var overwrite = parse.GetValue(force);
            CommandSupport.CheckOutputs(parse, overwrite, [("--output", parse.GetValue(output)), ("--model", parse.GetValue(model)), ("--report", parse.GetValue(report))],
                                        reports, LieDetectorPlots.FigureNames);
            return CommandSupport.RunTraining(parse.GetValue(seed), parse.GetValue(threads), parse.GetValue(device), ml => Execute(parse, ml));
        });
        return command;

        int Execute(ParseResult parse, MLContext ml)
        {
            var basisKind = parse.GetValue(basis) == "quadratic" ? DetectorBasis.Quadratic : DetectorBasis.Affine;
            var options = new LieDetectorEstimator.Options
            {
                Basis = basisKind,
                LatentSide = parse.GetValue(latentSide),
                AlphaWeight = parse.GetValue(alpha),
                AlphaOrder = parse.GetValue(alphaOrder),
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch),
                Seed = parse.GetValue(seed),
                ImageHeight = parse.GetValue(height),
                ImageWidth = parse.GetValue(width),
            };
            var (data, description, keep) = parse.GetValue(dataset) is { } name
                ? SyMnist(ml, name, parse, options)
                : Csv(ml, parse, options);
            var say = reports.Say(parse, console);
            say.MarkupLine($"[bold]LieDetector[/] on {Markup.Escape(description)}");
            using var fitted = CommandSupport.WithProgress(say, p =>
            {
                var loss = p.Losses.TryGetValue("total", out var t) ? string.Create(C, $" loss {t:G4}") : "";
                return $"epoch {p.Epoch}/{p.Epochs}{loss}";
            }, progress =>
            {
                options.Progress = progress;
                return ml.Transforms.SymmetryDiscovery.LieDetector(options).Fit(data);
            });
            var rep = fitted.Report;
            say.MarkupLine(Markup.Escape(rep.Summary));
            foreach (var (title, table) in rep.Tables()) say.Write(ConsoleTables.From(table, title, console.Profile.Width));
            say.MarkupLine(string.Create(C, $"[bold]Closest canonical generator: {Markup.Escape(rep.ClosestGenerator.Name)}[/] (|cos| {rep.ClosestGenerator.Cosine:F3})"));
            var run = new RunDescription
            {
                Dataset = description,
                Command = CommandSupport.CommandLine(parse),
                Options =
                [
                    new("Basis", basisKind.ToString().ToLowerInvariant()),
                    new("Image", $"{fitted.ImageHeight} × {fitted.ImageWidth}"),
                    new("Latent patch", $"{options.LatentSide} × {options.LatentSide}"),
                    new("α-matching", string.Create(C, $"weight {options.AlphaWeight:G6}, order {options.AlphaOrder}")),
                    new("Epochs", options.Epochs.ToString(C)),
                    new("Batch size", options.BatchSize.ToString(C)),
                    new("Seed", options.Seed?.ToString(C) ?? "none"),
                    new("Device", parse.GetValue(device) ?? "cpu"),
                    new("Threads", parse.GetValue(threads).ToString(C)),
                ],
            };
            var overwrite = parse.GetValue(force);
            CommandSupport.WriteReports(parse, reports, console, say, rep, run, () => rep.Plots(), overwrite);
            // The scored pairs keep T and the scalar columns: the images themselves are the input's.
            CommandSupport.WriteFiles(say, ml, fitted, data, rep, parse.GetValue(output), parse.GetValue(model), parse.GetValue(report), () =>
            {
                var scored = fitted.Transform(data);
                var columns = keep.Prepend(options.OutputColumnName).Where(c => scored.Schema.GetColumnOrNull(c) is not null).ToArray();
                return ml.Transforms.SelectColumns(columns).Fit(scored).Transform(scored);
            });
            return Program.Ok;
        }

        (IDataView, string, string[]) SyMnist(MLContext ml, string name, ParseResult parse, LieDetectorEstimator.Options options)
        {
            if (parse.GetValue(input) is not null) throw new UsageException("Give exactly one of --dataset NAME or --input FILE.csv.");
            foreach (var o in new Option[] { source, target, magnitude })
                if (parse.GetResult(o) is { Implicit: false }) throw new UsageException($"{o.Name} applies to --input only.");
            var super = name.StartsWith("supersymnist-", StringComparison.Ordinal);
            var key = name[(super ? "supersymnist-" : "symnist-").Length..];
            if (!name.Contains("symnist-", StringComparison.Ordinal) || !Transformations.TryGetValue(key, out var transformation))
                throw new UsageException($"Unknown dataset '{name}'. Choose one of: {string.Join(", ", DatasetNames)}.");
            var side = parse.GetValue(canvas);
            var ds = SymmetryDatasets.SyMnist(ml, parse.GetValue(count) ?? 10_000, transformation, ParseMagnitudes(parse.GetValue(magnitudes)), side,
                                              super, seed: parse.GetValue(seed));
            var field = ds.Info.Generators[0].QuadraticCoefficients!;
            var quadratic = field.Skip(3).Take(3).Concat(field.Skip(9)).Any(v => v != 0);
            if (quadratic && options.Basis == DetectorBasis.Affine)
                throw new UsageException($"{name} is not affine; pass --basis quadratic.");
            options.TrueMagnitudeColumnName = "Magnitude";
            options.TrueCoefficients = DetectorGenerators.FromCanvasField(field, side, side, options.Basis);
            return (ds, $"{name}: {ds.Info.Description}", ["Magnitude", "Label"]);
        }

        (IDataView, string, string[]) Csv(MLContext ml, ParseResult parse, LieDetectorEstimator.Options options)
        {
            var file = parse.GetValue(input) ?? throw new UsageException("Give exactly one of --dataset NAME or --input FILE.csv.");
            if (parse.GetResult(magnitudes) is { Implicit: false } || parse.GetResult(canvas) is { Implicit: false }) throw new UsageException("--magnitudes and --canvas apply to --dataset only.");
            if (parse.GetValue(source) is not { } src || parse.GetValue(target) is not { } tgt) throw new UsageException("--input needs --source and --target columns.");
            if (!file.Exists) throw new FileNotFoundException($"The input file '{file.FullName}' does not exist.", file.FullName);
            var header = InputData.ReadHeader(file.FullName);
            var s = InputData.Columns(src, header, "--source", file.Name);
            var t = InputData.Columns(tgt, header, "--target", file.Name);
            var columns = new List<TextLoader.Column>
            {
                new("Source", DataKind.Single, s.Select(i => new TextLoader.Range(i)).ToArray()),
                new("Target", DataKind.Single, t.Select(i => new TextLoader.Range(i)).ToArray()),
            };
            var keep = new List<string>();
            if (parse.GetValue(magnitude) is { } mag)
            {
                var m = InputData.Columns(mag, header, "--magnitude", file.Name);
                if (m.Length != 1) throw new UsageException("--magnitude names one column.");
                columns.Add(new TextLoader.Column("Magnitude", DataKind.Single, m[0]));
                options.TrueMagnitudeColumnName = "Magnitude";
                keep.Add("Magnitude");
            }
            var loader = ml.Data.CreateTextLoader(new TextLoader.Options { Columns = [.. columns], Separators = [','], HasHeader = true, AllowQuoting = true });
            IDataView data = loader.Load(file.FullName);
            if (parse.GetValue(count) is { } c) data = ml.Data.TakeRows(data, c);
            return (data, $"{file.Name}: {s.Length}-pixel image pairs", [.. keep]);
        }
    }

    private static MagnitudeDistribution? ParseMagnitudes(string? spec)
    {
        if (spec is null) return null;
        var colon = spec.IndexOf(':');
        var kind = colon < 0 ? spec : spec[..colon];
        double[] values;
        try
        {
            values = colon < 0 ? [] : spec[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries).Select(v => double.Parse(v, NumberStyles.Float, C)).ToArray();
        }
        catch (FormatException)
        {
            throw new UsageException($"--magnitudes '{spec}' holds a value that is not a number.");
        }
        try
        {
            return kind switch
            {
                "uniform" when values.Length == 2 => MagnitudeDistribution.Uniform(values[0], values[1]),
                "categorical" when values.Length >= 1 => MagnitudeDistribution.Categorical(values),
                "normal" when values.Length == 2 => MagnitudeDistribution.Normal(values[0], values[1]),
                _ => throw new UsageException($"--magnitudes '{spec}' is not uniform:MIN,MAX, categorical:V1,V2,… or normal:MEAN,STD."),
            };
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--magnitudes '{spec}': {e.Message}");
        }
    }
}
