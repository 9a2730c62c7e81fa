// The load-only child process of PersistenceTests: loads a model saved by another process and scores it.
// Usage: Symmetry.Estimators.LoadOnly <model.zip> <input.txt> <output.txt>
//        Symmetry.Estimators.LoadOnly --binary <model.zip> <input.idv> <output.idv>
//   --binary: any transformer; the rows come and go as ML.NET binary IDataView files (exact floats, any schema), and
//   standard output gets "preloaded=…" and "transformer=…" lines.
// input.txt: one row per line, "X Y" as the hexadecimal bits of two floats (exact, culture-free).
// output.txt: key=value lines (see Write below), floats and doubles as hexadecimal bits.
// It references Microsoft.ML.Symmetry as an application would, calls no registration method, and touches none of our
// types before ml.Model.Load: that call alone must find our loader from the assembly name the file records.
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;

if (args.Length == 4 && args[0] == "--binary")
{
    var preloaded = AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Symmetry.Estimators");
    var context = new MLContext(seed: 0);
    var loaded = context.Model.Load(args[1], out _);
    var rows = context.Data.LoadFromBinary(args[2]);
    using (var stream = File.Create(args[3]))
        context.Data.SaveAsBinary(loaded.Transform(rows), stream, keepHidden: false);
    Console.WriteLine($"preloaded={preloaded}");
    Console.WriteLine($"transformer={loaded.GetType().FullName}");
    return 0;
}
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Symmetry.Estimators.LoadOnly <model.zip> <input.txt> <output.txt>");
    return 2;
}

var output = new List<string>
{
    // Proof that nothing of ours was loaded (hence registered) before ml.Model.Load.
    $"preloaded={AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Symmetry.Estimators")}",
};
var ml = new MLContext(seed: 0);
var model = ml.Model.Load(args[0], out var inputSchema);
output.Add($"inputcolumns={string.Join(",", inputSchema.Select(c => $"{c.Name}:{c.Type}"))}");
var points = File.ReadAllLines(args[1]).Where(l => l.Length > 0).Select(l => l.Split(' ')).Select(p => new Point
{
    X = BitConverter.Int32BitsToSingle(int.Parse(p[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
    Y = BitConverter.Int32BitsToSingle(int.Parse(p[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
}).ToList();
var scored = model.Transform(ml.Data.LoadFromEnumerable(points));
foreach (var latent in scored.GetColumn<float[]>("Latent"))
    output.Add("latent=" + string.Join(" ", latent.Select(v => BitConverter.SingleToInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture))));
Describe(model, output);
File.WriteAllLines(args[2], output);
return 0;

// Kept out of the top-level code so that the JIT meets our types only after ml.Model.Load returned.
[MethodImpl(MethodImplOptions.NoInlining)]
static void Describe(ITransformer model, List<string> output)
{
    var chain = (IEnumerable<ITransformer>)model;
    output.Add("transformers=" + string.Join(",", chain.Select(t => t.GetType().FullName)));
    var last = chain.Last();
    output.Add($"last={last.GetType().FullName}");
    if (last is not Microsoft.ML.Symmetry.LatentRelevanceTransformer relevance) return;
    var report = relevance.Report;
    static string Bits(double v) => BitConverter.DoubleToInt64Bits(v).ToString("x16", CultureInfo.InvariantCulture);
    output.Add($"dimension={report.IntrinsicDimension}");
    output.Add("relevance=" + string.Join(" ", report.Relevance.Select(Bits)));
    output.Add("runs=" + report.Runs.ToString(CultureInfo.InvariantCulture));
    output.Add("summary=" + report.Summary);
}

internal sealed class Point
{
    public float X { get; set; }
    public float Y { get; set; }
}
