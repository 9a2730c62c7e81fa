using Mono.Cecil;

// Usage: Publicizer <output-folder> <assembly.dll>...
// Each assembly is written to the output folder with every type, field and non-virtual method public. Virtual
// members keep their access (widening one would stop an override in another assembly from matching it) and so do
// explicit interface implementations. The strong-name-signed flag is cleared but the public key is kept, so the
// copy has the same identity as the signed original that loads at run time.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Publicizer <output-folder> <assembly.dll>...");
    return 2;
}
var output = args[0];
Directory.CreateDirectory(output);
var resolver = new DefaultAssemblyResolver();
foreach (var dir in args.Skip(1).Select(Path.GetDirectoryName).Distinct()) resolver.AddSearchDirectory(dir!);
foreach (var path in args.Skip(1))
{
    var target = Path.Combine(output, Path.GetFileName(path));
    // Up to date when made from this very file (path, size and time), so a restored ML.NET update is publicized anew.
    var stamp = $"{Path.GetFullPath(path)}|{new FileInfo(path).Length}|{File.GetLastWriteTimeUtc(path):O}";
    if (File.Exists(target) && File.Exists(target + ".source") && File.ReadAllText(target + ".source") == stamp) continue;
    using var assembly = AssemblyDefinition.ReadAssembly(path, new ReaderParameters { AssemblyResolver = resolver });
    foreach (var type in assembly.MainModule.GetTypes())
    {
        if (type.IsNested) type.IsNestedPublic = true; else type.IsPublic = true;
        foreach (var field in type.Fields) field.IsPublic = true;
        foreach (var method in type.Methods)
            if (!method.IsVirtual && !method.HasOverrides) method.IsPublic = true;
    }
    assembly.MainModule.Attributes &= ~ModuleAttributes.StrongNameSigned;
    assembly.Write(target + ".tmp");
    File.Move(target + ".tmp", target, overwrite: true);
    File.WriteAllText(target + ".source", stamp);
    Console.WriteLine($"Publicizer: {path} -> {target}");
}
return 0;
