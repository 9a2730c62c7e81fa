using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace Microsoft.ML.Symmetry.Reporting.Tests;

/// <summary>
/// The packages a user installs (docs/packaging.md), read from the .nuspec files of a real pack of the built
/// libraries: ids, one version, exact ranges between our packages, the metadata, and the libtorch bundle only in the
/// CPU convenience package, so a CUDA application that references Microsoft.ML.Symmetry.Managed never gets it.
/// </summary>
[TestClass]
public sealed class PackageGraphTests
{
    private static readonly string[] Projects =
        ["Symmetry.Torch", "Symmetry.Datasets", "Symmetry.Estimators", "Microsoft.ML.Symmetry", "Symmetry.Reporting"];

    private static Dictionary<string, Package> packages = [];
    private static string version = "";

    [ClassInitialize]
    public static void PackOnce(TestContext _)
    {
        var root = PublicApiTests.RepositoryRoot();
        var output = Directory.CreateTempSubdirectory("symmetry-packages-").FullName;
        try
        {
            Pack(root, output);
            packages = Directory.GetFiles(output, "*.nupkg").Select(Package.Read).ToDictionary(p => p.Id);
            foreach (var p in packages.Values)
                p.HasSymbols = File.Exists(Path.Combine(output, $"{p.Id}.{p.Version}.snupkg"));
        }
        finally { Directory.Delete(output, recursive: true); }
        version = XDocument.Load(Path.Combine(root, "eng", "packaging", "Packaging.props")).Descendants("VersionPrefix").Single().Value;
    }

    [TestMethod]
    public void TheProductNamedPackagesAreMadeAtOneVersion()
    {
        CollectionAssert.AreEquivalent(
            new[] { "Microsoft.ML.Symmetry", "Microsoft.ML.Symmetry.Managed", "Microsoft.ML.Symmetry.Datasets", "Microsoft.ML.Symmetry.Torch", "Microsoft.ML.Symmetry.Reporting" },
            packages.Keys.ToArray());
        foreach (var p in packages.Values) Assert.AreEqual(version, p.Version, p.Id);
    }

    [TestMethod]
    public void TheDependencyGraphIsTheDocumentedOne()
    {
        Deps("Microsoft.ML.Symmetry", "Microsoft.ML.Symmetry.Managed", "Microsoft.ML.Symmetry.Datasets", "TorchSharp-cpu");
        Deps("Microsoft.ML.Symmetry.Managed", "Microsoft.ML.Symmetry.Torch", "Microsoft.ML", "Microsoft.Data.Analysis");
        Deps("Microsoft.ML.Symmetry.Datasets", "Microsoft.ML.Symmetry.Torch", "Microsoft.ML");
        Deps("Microsoft.ML.Symmetry.Torch", "TorchSharp");
        Deps("Microsoft.ML.Symmetry.Reporting", "Microsoft.ML.Symmetry.Managed", "ScottPlot");

        static void Deps(string id, params string[] expected) =>
            CollectionAssert.AreEquivalent(expected, packages[id].Dependencies.Keys.ToArray(), $"{id} depends on {string.Join(", ", packages[id].Dependencies.Keys)}");
    }

    [TestMethod]
    public void OnlyTheCpuConveniencePackageCarriesALibTorchBundle()
    {
        foreach (var p in packages.Values.Where(p => p.Id != "Microsoft.ML.Symmetry"))
        {
            var bundles = p.Dependencies.Keys.Where(d => d.StartsWith("TorchSharp-", StringComparison.OrdinalIgnoreCase) || d.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase));
            Assert.IsEmpty(bundles, $"{p.Id} would force a libtorch bundle on a CUDA application");
            Assert.IsFalse(p.Files.Any(f => f.StartsWith("runtimes/", StringComparison.Ordinal)), $"{p.Id} carries natives");
        }
        Assert.AreEqual("[0.107.0]", packages["Microsoft.ML.Symmetry"].Dependencies["TorchSharp-cpu"]);
        Assert.AreEqual("[0.107.0]", packages["Microsoft.ML.Symmetry.Torch"].Dependencies["TorchSharp"]);
    }

    [TestMethod]
    public void OurPackagesOnlyMeetTheirOwnVersion()
    {
        // They share internals (InternalsVisibleTo): a newer Symmetry.Torch beside an older Symmetry.Estimators breaks.
        foreach (var (id, range) in packages.Values.SelectMany(p => p.Dependencies).Where(d => d.Key.StartsWith("Microsoft.ML.Symmetry", StringComparison.Ordinal)))
            Assert.AreEqual($"[{version}]", range, id);
        foreach (var p in packages.Values)
            Assert.IsFalse(p.Dependencies.Keys.Any(d => d.StartsWith("Symmetry.", StringComparison.Ordinal)), $"{p.Id} depends on a project name, not a package");
    }

    [TestMethod]
    public void EveryPackageCarriesItsMetadata()
    {
        foreach (var p in packages.Values)
        {
            var m = p.Metadata;
            Assert.AreEqual("MIT", m("license"), p.Id);
            Assert.AreEqual("README.md", m("readme"), p.Id);
            CollectionAssert.IsSubsetOf(new[] { "README.md", "LICENSE" }, p.Files.ToArray(), p.Id);
            Assert.AreNotEqual(p.Id, m("authors"), $"{p.Id}: the authors default to the id");
            foreach (var field in new[] { "description", "releaseNotes", "tags", "projectUrl", "copyright" })
                Assert.IsFalse(string.IsNullOrWhiteSpace(m(field)), $"{p.Id} has no {field}");
            Assert.IsFalse(string.IsNullOrEmpty(p.Nuspec.Descendants().Single(e => e.Name.LocalName == "repository").Attribute("url")?.Value), p.Id);
            Assert.AreNotEqual("Package Description", m("description"), p.Id);
        }
        Assert.AreEqual(packages.Count, packages.Values.Select(p => p.Metadata("description")).Distinct().Count(), "each package describes itself");
    }

    [TestMethod]
    public void LibrariesShipTheirAssemblyDocsAndSymbols()
    {
        foreach (var (id, assembly) in new[] { ("Microsoft.ML.Symmetry.Torch", "Symmetry.Torch"), ("Microsoft.ML.Symmetry.Datasets", "Symmetry.Datasets"), ("Microsoft.ML.Symmetry.Managed", "Symmetry.Estimators"), ("Microsoft.ML.Symmetry.Reporting", "Symmetry.Reporting") })
        {
            CollectionAssert.IsSubsetOf(new[] { $"lib/net10.0/{assembly}.dll", $"lib/net10.0/{assembly}.xml" }, packages[id].Files.ToArray(), id);
            Assert.IsTrue(packages[id].HasSymbols, $"{id} has no .snupkg");
        }
        Assert.IsFalse(packages["Microsoft.ML.Symmetry"].Files.Any(f => f.StartsWith("lib/", StringComparison.Ordinal)), "the convenience package has no code");
    }

    [TestMethod]
    public void TheTorchPackageCarriesTheBuildTransitiveEntry()
    {
        // NuGet imports buildTransitive/<id>.targets into every project that references the package, directly or not.
        CollectionAssert.Contains(packages["Microsoft.ML.Symmetry.Torch"].Files.ToArray(), "buildTransitive/Microsoft.ML.Symmetry.Torch.targets");
    }

    // One MSBuild process packs the already built projects (NoBuild), in the configuration these tests were built in.
    private static void Pack(string root, string output)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        var projects = string.Join(";", Projects.Select(p => Path.Combine(root, "src", p, p + ".csproj")));
        var traversal = Path.Combine(output, "pack.proj");
        File.WriteAllText(traversal, $"""
            <Project>
              <Target Name="Pack">
                <MSBuild Projects="{projects}" Targets="Pack" Properties="NoBuild=true;_IsPacking=true;Configuration={configuration};PackageOutputPath={output}/" />
              </Target>
            </Project>
            """);
        var start = new ProcessStartInfo("dotnet", ["msbuild", traversal, "-nologo", "-v:q", "-nodeReuse:false"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, $"pack failed:\n{stdout.Result}\n{stderr}");
    }

    private sealed class Package
    {
        public required XDocument Nuspec { get; init; }
        public required string[] Files { get; init; }
        public bool HasSymbols { get; set; }
        public string Id => Metadata("id");
        public string Version => Metadata("version");
        public string Metadata(string name) => Nuspec.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value ?? "";

        // id → range, as NuGet writes it ("[1.0.0]", "1.0.0" for >= 1.0.0, "[5.0.1, 6.0.0)").
        public Dictionary<string, string> Dependencies =>
            Nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")
                .ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);

        public static Package Read(string path)
        {
            using var zip = ZipFile.OpenRead(path);
            using var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
            return new Package { Nuspec = XDocument.Load(nuspec), Files = zip.Entries.Select(e => e.FullName).ToArray() };
        }
    }
}
