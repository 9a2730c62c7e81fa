using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Microsoft.ML.Symmetry.Reporting.Tests;

/// <summary>
/// The public surface of the shipped assemblies is exactly the approved listing test/PublicApi/PublicAPI.txt: any
/// added, removed or changed public type or member fails here and shows in review as a diff of that file. To approve
/// a change, copy the listing the failure names over the committed one.
/// </summary>
[TestClass]
public sealed class PublicApiTests
{
    private static readonly string[] Shipped = ["Symmetry.Torch", "Symmetry.Datasets", "Symmetry.Estimators", "Symmetry.Reporting"];

    [TestMethod]
    public void ThePublicSurfaceIsTheApprovedListing()
    {
        var actual = Listing();
        var approvedPath = Path.Combine(RepositoryRoot(), "test", "PublicApi", "PublicAPI.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";
        if (approved == actual) return;
        var written = Path.Combine(Path.GetTempPath(), $"PublicAPI.actual.{Environment.ProcessId}.txt");
        File.WriteAllText(written, actual);
        var want = approved.Split('\n').ToHashSet();
        var got = actual.Split('\n').ToHashSet();
        var diff = got.Except(want).Select(l => "+ " + l).Concat(want.Except(got).Select(l => "- " + l)).Take(40);
        Assert.Fail($"The public API differs from test/PublicApi/PublicAPI.txt (the actual listing is in {written}; copy it over to approve):\n{string.Join("\n", diff)}");
    }

    [TestMethod]
    public void EveryPublicTypeIsInTheProductNamespaces()
    {
        var allowed = new[] { "Microsoft.ML.Symmetry", "Microsoft.ML.Symmetry.Reporting", "Microsoft.ML" };
        var stray = PublicTypes().Where(t => !allowed.Contains(t.Namespace)).Select(t => t.FullName).ToArray();
        Assert.IsEmpty(stray, "public types outside the product namespaces: " + string.Join(", ", stray));
        var extensions = PublicTypes().Where(t => t.Namespace == "Microsoft.ML").Select(t => t.Name).ToArray();
        CollectionAssert.AreEqual(new[] { "SymmetryDiscoveryCatalogExtensions" }, extensions, "only the catalog extension lives in ML.NET's namespace");
    }

    private static IEnumerable<Assembly> Assemblies() => Shipped.Select(n => Assembly.Load(n));

    // Compiler-made types (C# 14 extension blocks' grouping types) are not API a user names; their members are
    // listed on the containing class (e.g. get_SymmetryDiscovery).
    private static IEnumerable<Type> PublicTypes() => Assemblies().SelectMany(a => a.GetExportedTypes()).Where(t => !t.Name.Contains('<'));

    internal static string Listing()
    {
        var text = new StringBuilder();
        foreach (var type in PublicTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(Describe(type)).Append('\n');
            foreach (var member in Members(type).Order(StringComparer.Ordinal)) text.Append("  ").Append(member).Append('\n');
        }
        return text.ToString();
    }

    private static string Describe(Type t)
    {
        var kind = t.IsEnum ? "enum" : t.IsInterface ? "interface" : t.IsValueType ? "struct" : t.IsAbstract && t.IsSealed ? "static class"
                 : t.IsAbstract ? "abstract class" : t.IsSealed ? "sealed class" : "class";
        var bases = new List<string>();
        if (t.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum)) bases.Add(Name(b));
        bases.AddRange(t.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(Name).Order(StringComparer.Ordinal));
        return $"{kind} {Name(t)}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : "")} [{t.Assembly.GetName().Name}]";
    }

    private static IEnumerable<string> Members(Type t)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        static bool Visible(MethodBase? m) => m is not null && (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly);
        if (t.IsEnum)
        {
            foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Static)) yield return $"{f.Name} = {Convert.ToInt64(f.GetRawConstantValue())}";
            yield break;
        }
        foreach (var c in t.GetConstructors(flags).Where(Visible)) yield return $"{Access(c)}ctor({Parameters(c)})";
        foreach (var m in t.GetMethods(flags).Where(m => Visible(m) && !m.IsSpecialName))
        {
            if (m.Name is "<Clone>$" or "PrintMembers" or "Deconstruct" && t.GetMethod("<Clone>$") is not null) continue;   // compiler-made record members
            var generic = m.IsGenericMethod ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : "";
            yield return $"{Access(m)}{(m.IsStatic ? "static " : "")}{(m.IsAbstract ? "abstract " : m.IsVirtual && !m.IsFinal && m.GetBaseDefinition() == m ? "virtual " : "")}" +
                         $"{Name(m.ReturnType)} {m.Name}{generic}({Parameters(m)})";
        }
        foreach (var p in t.GetProperties(flags))
        {
            var get = Visible(p.GetMethod) ? "get; " : "";
            var set = Visible(p.SetMethod) ? (p.SetMethod!.ReturnParameter.GetRequiredCustomModifiers().Any(m => m == typeof(IsExternalInit)) ? "init; " : "set; ") : "";
            if (get.Length + set.Length == 0) continue;
            var index = p.GetIndexParameters();
            var name = index.Length > 0 ? $"this[{string.Join(", ", index.Select(i => Name(i.ParameterType)))}]" : p.Name;
            yield return $"{((p.GetMethod ?? p.SetMethod)!.IsStatic ? "static " : "")}{Name(p.PropertyType)} {name} {{ {get}{set}}}";
        }
        foreach (var f in t.GetFields(flags).Where(f => f.IsPublic || f.IsFamily))
            yield return f.IsLiteral ? $"const {Name(f.FieldType)} {f.Name} = {Literal(f.GetRawConstantValue())}" : $"{(f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}{Name(f.FieldType)} {f.Name}";
        foreach (var e in t.GetEvents(flags).Where(e => Visible(e.AddMethod))) yield return $"event {Name(e.EventHandlerType!)} {e.Name}";
    }

    private static string Access(MethodBase m) => m.IsFamily || m.IsFamilyOrAssembly ? "protected " : "";

    private static string Parameters(MethodBase m) => string.Join(", ", m.GetParameters().Select(p =>
        $"{(p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : "")}{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + Literal(p.DefaultValue) : "")}"));

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static string Name(Type t)
    {
        if (t.IsByRef) return Name(t.GetElementType()!);
        if (t.IsArray) return Name(t.GetElementType()!) + "[" + new string(',', t.GetArrayRank() - 1) + "]";
        if (Nullable.GetUnderlyingType(t) is { } u) return Name(u) + "?";
        if (t.IsGenericParameter) return t.Name;
        var name = t.IsNested ? Name(t.DeclaringType!) + "." + t.Name : t.Namespace + "." + t.Name;
        if (t.IsGenericType)
        {
            name = name[..name.IndexOf('`')];
            name += "<" + string.Join(", ", t.GetGenericArguments().Select(Name)) + ">";
        }
        return name;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Microsoft.ML.Symmetry.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (Microsoft.ML.Symmetry.sln) is not above " + AppContext.BaseDirectory);
    }
}
