// Data-loading benchmark: LoadFromTextFile<T> + Concatenate + NormalizeMeanVariance over N rows × 8 floats.
// Usage: dotnet run -c Release -- [rows] [csvPath]
// Reports rows/s of the fitting pass (parse + concatenate + statistics) and of the scoring pass (parse +
// concatenate + normalize, all values read), plus peak working set and managed heap, which must not grow with N.
using System.Diagnostics;
using System.Globalization;
using Symmetry.ML;
using Symmetry.ML.Data;

long rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
string path = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), $"symmetry-ml-bench-{rows}.csv");

if (!File.Exists(path))
{
    var rand = new Random(1);
    using var w = new StreamWriter(path);
    w.WriteLine("f0,f1,f2,f3,f4,f5,f6,f7");
    var line = new System.Text.StringBuilder();
    for (long r = 0; r < rows; r++)
    {
        line.Clear();
        for (int j = 0; j < 8; j++)
            line.Append(j == 0 ? "" : ",").Append((rand.NextDouble() * 10 - 5).ToString("R", CultureInfo.InvariantCulture));
        w.WriteLine(line);
    }
}

var ml = new MLContext(seed: 1);
var data = ml.Data.LoadFromTextFile<Row>(path, separatorChar: ',', hasHeader: true);
var pipeline = ml.Transforms.Concatenate("Features", "F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7")
    .Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false));

GC.Collect();
long heapBefore = GC.GetTotalMemory(true);
var sw = Stopwatch.StartNew();
var model = pipeline.Fit(data);
double fitSeconds = sw.Elapsed.TotalSeconds;

var scored = model.Transform(data);
var col = scored.Schema["Features"];
sw.Restart();
long count = 0;
double checksum = 0;
using (var cursor = scored.GetRowCursor([col]))
{
    var getter = cursor.GetGetter<VBuffer<float>>(col);
    VBuffer<float> v = default;
    while (cursor.MoveNext())
    {
        getter(ref v);
        checksum += v.GetValues()[0];
        count++;
    }
}
double scoreSeconds = sw.Elapsed.TotalSeconds;
var proc = Process.GetCurrentProcess();
proc.Refresh();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"rows={count} file_MB={new FileInfo(path).Length / 1e6:F1} fit_s={fitSeconds:F2} fit_rows_per_s={count / fitSeconds:F0} " +
    $"score_s={scoreSeconds:F2} score_rows_per_s={count / scoreSeconds:F0} peak_working_set_MB={proc.PeakWorkingSet64 / 1e6:F1} " +
    $"managed_heap_MB={(GC.GetTotalMemory(false) - heapBefore) / 1e6:F1} gen2_collections={GC.CollectionCount(2)} checksum_mean={checksum / count:F6}"));

internal sealed class Row
{
    [LoadColumn(0)] public float F0 { get; set; }
    [LoadColumn(1)] public float F1 { get; set; }
    [LoadColumn(2)] public float F2 { get; set; }
    [LoadColumn(3)] public float F3 { get; set; }
    [LoadColumn(4)] public float F4 { get; set; }
    [LoadColumn(5)] public float F5 { get; set; }
    [LoadColumn(6)] public float F6 { get; set; }
    [LoadColumn(7)] public float F7 { get; set; }
}
