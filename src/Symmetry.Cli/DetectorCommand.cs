using System.CommandLine;
using System.Globalization;
using Microsoft.ML.Data;
using Spectre.Console;
using Microsoft.ML.Symmetry.Reporting;
using Microsoft.ML.Symmetry.Torch;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary><c>symmetry detector</c>: the latent Lie symmetry detector (Gabel, Quax, Gavves) on SyMNIST pairs or on image pairs from a CSV file.</summary>
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

    /// <summary>
    /// The command; <paramref name="merged"/>, when given, replaces the fit (<c>symmetry merge</c> passes the merged
    /// shards of --runs, checked against the options and data this command line gives).
    /// </summary>
    public static System.CommandLine.Command Create(IAnsiConsole console, Func<LieDetectorEstimator, IDataView, LieDetectorTransformer>? merged = null)
    {
        var common = new CommonOptions(new()
        {
            Dataset = $"SyMNIST pairs of real MNIST digits: {string.Join(", ", DatasetNames)}.",
            Input = "A CSV file with a header line: one image pair per row (see --source, --target).",
            Features = null,
            Count = "Pairs to generate (built-ins, default 10,000) or to read (CSV).",
            MinCount = 2,
            Output = "Write T per pair (with the built-ins' Magnitude and Label) as CSV.",
            Report = "Write the coefficient table (the bar chart's data) as CSV.",
        });
        var source = new Option<string?>("--source") { Description = "The columns of x in --input: a 0-based range 'A-B' or comma-separated names/indices, row-major pixels." };
        var target = new Option<string?>("--target") { Description = "The columns of y = T_t x in --input, as --source." };
        var magnitude = new Option<string?>("--magnitude") { Description = "A column of --input holding each pair's true t (for the report's Spearman and W1)." };
        var height = new Option<int?>("--height") { Description = "Image height in pixels (needed for non-square images)." };
        var width = new Option<int?>("--width") { Description = "Image width in pixels (needed for non-square images)." };
        var magnitudes = new Option<string?>("--magnitudes") { Description = "SyMNIST magnitude distribution: uniform:MIN,MAX | categorical:V1,V2,… | normal:MEAN,STD (default per transformation)." };
        var canvas = new Option<int>("--canvas") { Description = "SyMNIST canvas side (≥ 28; the digit is centred on it).", DefaultValueFactory = _ => 28 };
        var basis = new Option<string>("--basis") { Description = "affine (6 terms) or quadratic (12, adds the special conformal directions).", DefaultValueFactory = _ => "affine" };
        basis.AcceptOnlyFromAmong("affine", "quadratic");
        var latentSide = new Option<int>("--latent-side") { Description = "Side s of the latent patch (s × s latent pixels).", DefaultValueFactory = _ => LieDetectorEstimator.Defaults.LatentSide };
        var alpha = new Option<double>("--alpha") { Description = "Weight of the α-matching term.", DefaultValueFactory = _ => LieDetectorEstimator.Defaults.AlphaWeight };
        var alphaOrder = new Option<int>("--alpha-order") { Description = "Taylor order of α-matching (1 or 2).", DefaultValueFactory = _ => 1 };
        var alphaMagnitude = new Option<string>("--alpha-magnitude") { Description = "The t of α-matching: least-squares (each pair's t*, the default) or network (the t-network's t, the paper's).", DefaultValueFactory = _ => "least-squares" };
        alphaMagnitude.AcceptOnlyFromAmong("least-squares", "network");
        var start = new Option<string>("--start") { Description = "Where the generator starts: spectral (the pairs' first-order best direction, the default) or random (a unit vector from --seed).", DefaultValueFactory = _ => "spectral" };
        start.AcceptOnlyFromAmong("spectral", "random");
        var epochs = new Option<int>("--epochs") { Description = "Epochs.", DefaultValueFactory = _ => LieDetectorEstimator.Defaults.Epochs };
        var batch = new Option<int>("--batch") { Description = "Pairs per step.", DefaultValueFactory = _ => LieDetectorEstimator.Defaults.BatchSize };
        var runs = new Option<int>("--runs")
        {
            Description = "Independent trainings with seeds --seed, --seed + 1, … on the same pairs and held-out split; the model of the run with the lowest final α-matching loss is kept, and the report adds a per-run table and how many runs find the same generator (|cos| ≥ 0.99).",
            DefaultValueFactory = _ => 1,
        };
        NumberOptions.Whole(runs, 1, SeedProtocol.MaxRuns);
        foreach (var o in new[] { epochs, batch }) NumberOptions.Whole(o, 1);
        NumberOptions.Whole(latentSide, 2, LieDetectorTransformer.MaxLatentSide);
        NumberOptions.Whole(alphaOrder, 1, 2);
        NumberOptions.Whole(canvas, 28);
        foreach (var o in new[] { height, width }) NumberOptions.Whole(o, 2, LieDetectorTransformer.MaxImageSide);
        NumberOptions.AtLeast(alpha, 0);

        var sharding = new ShardOptions();
        var command = common.CreateCommand("detector", "Find the one-parameter transformation image pairs share and each pair's magnitude (latent Lie symmetry detector, Gabel, Quax, Gavves).",
                                           [source, target, magnitude, height, width, magnitudes, canvas], [basis, latentSide, alpha, alphaOrder, alphaMagnitude, start, epochs, batch, runs, .. sharding.All]);
        common.SetAction(command, _ => LieDetectorPlots.FigureNames, Execute,
                         parse => sharding.CheckRuns(parse, parse.GetValue(runs), parse.GetValue(common.Force)));
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
                AlphaMagnitude = parse.GetValue(alphaMagnitude) == "network" ? DetectorAlphaMagnitude.Network : DetectorAlphaMagnitude.LeastSquares,
                Start = parse.GetValue(start) == "random" ? DetectorStart.Random : DetectorStart.Spectral,
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch),
                Seed = parse.GetValue(common.Seed),
                Threads = common.ThreadCount(parse),
                ImageHeight = parse.GetValue(height),
                ImageWidth = parse.GetValue(width),
                Runs = parse.GetValue(runs),
            };
            var dataset = parse.GetValue(common.Dataset);
            if (dataset is null == parse.GetValue(common.Input) is null) throw new UsageException(InputData.ExactlyOneSource);
            var (data, description, keep) = dataset is not null ? SyMnist(ml, dataset, parse, options) : Csv(ml, parse, options);
            var say = common.Say(parse, console);
            say.MarkupLine($"[bold]LieDetector[/] on {Markup.Escape(description)}");
            if (sharding.Parse(parse) is { } shard)
            {
                options.Shard = shard;
                return sharding.WriteRuns(say, parse, shard, options.Runs, options.Seed!.Value, options,
                    () => ml.Transforms.SymmetryDiscovery.LieDetector(options).FitPartial(data));
            }
            var fitted = CommandSupport.FitOrMerge(say, options, () => ml.Transforms.SymmetryDiscovery.LieDetector(options), merged, data);
            var rep = fitted.Report;
            CommandSupport.Print(say, rep, console.Profile.Width);
            say.MarkupLine(string.Create(C, $"[bold]Generator: {Markup.Escape(rep.GeneratorName)}[/] (closest canonical: {Markup.Escape(rep.ClosestGenerator.Name)}, |cos| {rep.ClosestGenerator.Cosine:F3}; named at ≥ {LieDetectorReport.CanonicalNameFloor})"));
            if (rep.ClosestGenerator.Cosine < LieDetectorReport.CanonicalNameFloor) say.MarkupLine($"Invariants: {Markup.Escape(rep.Invariants)}");
            var run = common.Describe(parse, description,
            [
                ("Basis", basisKind.ToString().ToLowerInvariant()),
                ("Image", $"{fitted.ImageHeight} × {fitted.ImageWidth}"),
                ("Latent patch", $"{options.LatentSide} × {options.LatentSide}"),
                ("α-matching", string.Create(C, $"weight {options.AlphaWeight:G6}, order {options.AlphaOrder}, t: {(options.AlphaMagnitude == DetectorAlphaMagnitude.Network ? "t-network" : "least squares per pair")}")),
                ("Start of G", options.Start == DetectorStart.Random ? "random unit vector" : "spectral (first-order best direction)"),
                ("Epochs", options.Epochs.ToString(C)),
                ("Batch size", options.BatchSize.ToString(C)),
                // Only for a protocol: a single run's description is as it was.
                .. options.Runs > 1 ? [("Runs", options.Runs.ToString(C))] : Array.Empty<(string, string)>(),
            ], threads: rep.Threads);
            // The scored pairs keep T and the scalar columns: the images themselves are the input's.
            common.Write(parse, console, say, ml, fitted, data, rep, run, () => rep.Plots(), () =>
            {
                var scored = fitted.Transform(data);
                var columns = keep.Prepend(options.OutputColumnName).Where(c => scored.Schema.GetColumnOrNull(c) is not null).ToArray();
                return ml.Transforms.SelectColumns(columns).Fit(scored).Transform(scored);
            });
            return Program.Ok;
        }

        (IDataView, string, string[]) SyMnist(MLContext ml, string name, ParseResult parse, LieDetectorEstimator.Options options)
        {
            foreach (var o in new Option[] { source, target, magnitude })
                if (parse.GetResult(o) is { Implicit: false }) throw new UsageException($"{o.Name} applies to --input only.");
            var super = name.StartsWith("supersymnist-", StringComparison.Ordinal);
            var key = name[(super ? "supersymnist-" : "symnist-").Length..];
            if (!name.Contains("symnist-", StringComparison.Ordinal) || !Transformations.TryGetValue(key, out var transformation))
                throw new UsageException($"Unknown dataset '{name}'. Choose one of: {string.Join(", ", DatasetNames)}.");
            var side = parse.GetValue(canvas);
            var ds = SymmetryDatasets.SyMnist(ml, parse.GetValue(common.Count) ?? 10_000, transformation, ParseMagnitudes(parse.GetValue(magnitudes)), side,
                                              super, seed: parse.GetValue(common.DataSeed) ?? parse.GetValue(common.Seed));
            var field = ds.Info.Generators[0].QuadraticCoefficients!;
            if (options.Basis == DetectorBasis.Affine && HasQuadraticTerms(field, side))
                throw new UsageException($"{name} is not affine; pass --basis quadratic.");
            options.TrueMagnitudeColumnName = "Magnitude";
            options.TrueCoefficients = DetectorCoefficients.FromCanvasField(field, side, side, options.Basis);
            return (ds, $"{name}: {ds.Info.Description}", ["Magnitude", "Label"]);
        }

        (IDataView, string, string[]) Csv(MLContext ml, ParseResult parse, LieDetectorEstimator.Options options)
        {
            if (parse.GetResult(magnitudes) is { Implicit: false } || parse.GetResult(canvas) is { Implicit: false }) throw new UsageException("--magnitudes and --canvas apply to --dataset only.");
            if (parse.GetValue(source) is not { } src || parse.GetValue(target) is not { } tgt) throw new UsageException("--input needs --source and --target columns.");
            var csv = CsvInput.Open(parse.GetValue(common.Input)!);
            var s = csv.Columns(src, "--source");
            var columns = new List<TextLoader.Column> { CsvInput.Vector("Source", s), CsvInput.Vector("Target", csv.Columns(tgt, "--target")) };
            var keep = new List<string>();
            if (parse.GetValue(magnitude) is { } mag)
            {
                columns.Add(new TextLoader.Column("Magnitude", DataKind.Single, csv.Column(mag, "--magnitude")));
                options.TrueMagnitudeColumnName = "Magnitude";
                keep.Add("Magnitude");
            }
            return (csv.Load(ml, columns, parse.GetValue(common.Count)), $"{csv.Name}: {s.Length}-pixel image pairs", [.. keep]);
        }
    }

    /// <summary>
    /// Whether the canvas field has terms the affine basis cannot express: nonzero coefficients of the quadratic
    /// basis's terms (by name) that the affine basis lacks.
    /// </summary>
    private static bool HasQuadraticTerms(IReadOnlyList<double> field, int side)
    {
        var affine = DerivativeBasis.TermNames(DetectorBasis.Affine);
        var coefficients = DetectorCoefficients.FromCanvasField(field, side, side, DetectorBasis.Quadratic);
        return DerivativeBasis.TermNames(DetectorBasis.Quadratic).Zip(coefficients).Any(t => !affine.Contains(t.First) && t.Second != 0);
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
