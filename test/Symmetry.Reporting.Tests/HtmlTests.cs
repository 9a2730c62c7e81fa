using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.ML.Symmetry;

namespace Microsoft.ML.Symmetry.Reporting.Tests;

/// <summary>The HTML page (checked in headless Chromium with networking off), the JSON and the plain-text report.</summary>
[TestClass]
public sealed class HtmlTests
{
    private static readonly RunDescription Run = new()
    {
        Dataset = "cylinder: 240 rows, 3 features",
        Command = "symmetry relevance --input cylinder.csv",
        Options = [new("Runs", "4"), new("Epochs", "6")],
    };

    [TestMethod]
    public void ThePageIsSelfContainedWithUniqueIds()
    {
        var html = HtmlReport.Render(Fixture.Report, Run, Fixture.Figures);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("href=\"http", html);
        Assert.DoesNotContain("<link", html);
        StringAssert.Contains(html, "Content-Security-Policy");
        // Each figure is inline SVG that parses as XML; ids (clip paths) are unique across the page.
        var svgs = System.Text.RegularExpressions.Regex.Matches(html, "<svg.*?</svg>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.HasCount(Fixture.Figures.Count, svgs);
        var ids = new List<string>();
        foreach (System.Text.RegularExpressions.Match m in svgs)
            ids.AddRange(XDocument.Parse(m.Value).Descendants().Select(e => (string?)e.Attribute("id")).OfType<string>());
        Assert.AreEqual(ids.Count, ids.Distinct().Count(), "ids are unique");
        foreach (var (title, table) in Fixture.Report.Tables())
        {
            StringAssert.Contains(html, System.Net.WebUtility.HtmlEncode(title));
            foreach (var c in table.Columns) StringAssert.Contains(html, $"<th>{System.Net.WebUtility.HtmlEncode(c.Name)}</th>");
        }
        foreach (var (name, _) in RunDescription.Versions()) StringAssert.Contains(html, $"<th>{System.Net.WebUtility.HtmlEncode(name)}</th>");
    }

    [TestMethod]
    public void SaveRefusesToOverwriteUnlessAsked()
    {
        var dir = Fixture.NewFolder();
        try
        {
            var path = Path.Combine(dir, "r.html");
            File.WriteAllText(path, "mine");
            Assert.ThrowsExactly<IOException>(() => HtmlReport.Save(Fixture.Report, path, Run, Fixture.Figures));
            Assert.AreEqual("mine", File.ReadAllText(path));
            Assert.ThrowsExactly<IOException>(() => ReportJson.Save(Fixture.Report, path, Run));
            HtmlReport.Save(Fixture.Report, path, Run, Fixture.Figures, overwrite: true);
            StringAssert.StartsWith(File.ReadAllText(path), "<!DOCTYPE html>");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public void ChromiumRendersThePageOfflineWithTheDimensionAndTables()
    {
        var chromium = new[] { "chromium", "chromium-browser", "google-chrome" }
            .Select(n => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, n)).FirstOrDefault(File.Exists))
            .FirstOrDefault(p => p is not null);
        if (chromium is null) Assert.Fail("Chromium is not installed: run eng/install-deps.sh (it installs Debian's 'chromium').");
        var dir = Fixture.NewFolder();
        try
        {
            var page = Path.Combine(dir, "report.html");
            HtmlReport.Save(Fixture.Report, page, Run, Fixture.Figures);
            var shot = Path.Combine(dir, "shot.png");
            Browser(chromium, dir, $"--screenshot={shot}", "--window-size=1280,1800", new Uri(page).AbsoluteUri);
            Assert.IsTrue(File.Exists(shot), "Chromium wrote a screenshot");
            var (colours, drawn) = Images.CheckPng(File.ReadAllBytes(shot), 1280, 1800);
            Assert.IsGreaterThan(50, colours, "the screenshot shows figures, not a blank page");
            Assert.IsGreaterThan(0.05, drawn, "drawn pixels");

            var dom = Browser(chromium, dir, "--dump-dom", new Uri(page).AbsoluteUri);
            var text = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(dom, "<[^>]+>", " "));
            StringAssert.Contains(dom, $"<dd id=\"intrinsicDimension\">{Fixture.Report.IntrinsicDimension}</dd>");
            StringAssert.Contains(text, "Intrinsic dimension");
            StringAssert.Contains(text, $"Intrinsic dimension {Fixture.Report.IntrinsicDimension} of 3 features");
            foreach (var header in new[] { "Rank", "Relevance", "RelevanceStd", "LinearR2", "Dimension", "Runs", "FinalLoss" })
                StringAssert.Contains(dom, $"<th>{header}</th>");
            Assert.AreEqual(Fixture.Figures.Count, System.Text.RegularExpressions.Regex.Matches(dom, "<svg").Count, "every figure is in the DOM");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    // Headless, sandbox off (root, no user namespaces), a fresh profile, and networking off: every host resolves to
    // nothing and every proxied request goes to a closed port, so a page that needed the network would show it.
    private static string Browser(string chromium, string dir, params string[] args)
    {
        var profile = Path.Combine(dir, "profile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var info = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile}",
            "--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars",
        }.Concat(args)) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(90_000)) { p.Kill(entireProcessTree: true); Assert.Fail("Chromium did not finish in 90 s."); }
        Assert.AreEqual(0, p.ExitCode, $"chromium failed: {stderr.Result}");
        return stdout;
    }

    [TestMethod]
    public void TheJsonCarriesTheKeyResultsAndEveryTable()
    {
        using var doc = JsonDocument.Parse(ReportJson.Render(Fixture.Report, Run));
        var root = doc.RootElement;
        Assert.AreEqual("LatentRelevance", root.GetProperty("method").GetString());
        Assert.AreEqual(Fixture.Report.IntrinsicDimension, root.GetProperty("keyResults").GetProperty("intrinsicDimension").GetInt32());
        Assert.AreEqual("4", root.GetProperty("run").GetProperty("options").GetProperty("Runs").GetString());
        var tables = root.GetProperty("tables").EnumerateArray().ToArray();
        Assert.HasCount(Fixture.Report.Tables().Count, tables);
        var main = tables[0];
        CollectionAssert.AreEqual(Fixture.Report.ToDataFrame().Columns.Select(c => c.Name).ToArray(), main.GetProperty("columns").EnumerateArray().Select(e => e.GetString()).ToArray());
        var rows = main.GetProperty("rows").EnumerateArray().ToArray();
        for (var k = 0; k < rows.Length; k++) Assert.AreEqual(Fixture.Report.Relevance[k], rows[k][2].GetDouble(), "full precision");
    }

    [TestMethod]
    public void TheJsonCarriesTheBetaScanOneRowPerBetaAndItsStableRange()
    {
        var r = Fixture.Report;
        using var doc = JsonDocument.Parse(ReportJson.Render(r, Run));
        var root = doc.RootElement;
        var scan = root.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("title").GetString() == "β scan: relevance count per β");
        CollectionAssert.AreEqual(new[] { "Beta", "Dimension", "Stable", "PerRunDimensions", "R1", "R2", "R3" },
                                  scan.GetProperty("columns").EnumerateArray().Select(e => e.GetString()).ToArray());
        var rows = scan.GetProperty("rows").EnumerateArray().ToArray();
        CollectionAssert.AreEqual(new[] { 0.03, 0.3, 3 }, rows.Select(row => row[0].GetDouble()).ToArray(), "one row per β, in order");
        CollectionAssert.AreEqual(r.BetaScan.Select(p => p.IntrinsicDimension).ToArray(), rows.Select(row => row[1].GetInt32()).ToArray());
        CollectionAssert.AreEqual(r.BetaScan.Select(p => string.Join(", ", p.PerRunDimension)).ToArray(), rows.Select(row => row[3].GetString()).ToArray());
        for (var k = 0; k < rows.Length; k++) Assert.AreEqual(r.BetaScan[k].MedianRelevance[0], rows[k][4].GetDouble(), "full precision");
        var keys = root.GetProperty("keyResults");
        Assert.AreEqual(3, keys.GetProperty("betaScanValues").GetInt32());
        if (r.StableBetaRange is { } s)
        {
            Assert.AreEqual(s.IntrinsicDimension, keys.GetProperty("stableDimension").GetInt32());
            Assert.AreEqual(s.LowBeta, keys.GetProperty("stableBetaLow").GetDouble());
            Assert.AreEqual(s.HighBeta, keys.GetProperty("stableBetaHigh").GetDouble());
        }
        else Assert.IsFalse(keys.TryGetProperty("stableDimension", out _));
        StringAssert.Contains(root.GetProperty("summary").GetString(), "β scan (count at β): ");
    }

    [TestMethod]
    public void ToStringAlignsColumnsAndRoundsToFourDigits()
    {
        var text = Fixture.Report.ToString();
        var main = SymmetryReport.FormatTable(Fixture.Report.ToDataFrame()).TrimEnd().Split('\n');
        Assert.HasCount(1 + Fixture.Report.Relevance.Count, main);
        StringAssert.Contains(text, string.Join('\n', main));
        // Right-aligned numeric columns: every line ends in the same column (LinearR2 is last, all numbers).
        Assert.AreEqual(1, main.Select(l => l.TrimEnd('\r').Length).Distinct().Count(), string.Join('\n', main));
        var tokens = main.Skip(1).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(t => t.Contains('.')).ToArray();
        Assert.IsNotEmpty(tokens);
        foreach (var t in tokens)
            Assert.IsLessThanOrEqualTo(4, t.TrimStart('-').Replace(".", "").TrimStart('0').Split('E')[0].Length, $"'{t}' has at most 4 significant digits");
        Assert.AreEqual("yes", SymmetryReport.FormatValue(true));
        Assert.AreEqual("0.1235", SymmetryReport.FormatValue(0.123456789));
    }
}
