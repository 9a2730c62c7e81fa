using Symmetry.ML.Runtime;

namespace Symmetry.ML.Transforms;

/// <summary>Column lookups that throw ML.NET's messages, for shapes and for schemas.</summary>
internal static class SchemaChecks
{
    public static SchemaShape.Column Find(SchemaShape shape, string name, string paramName = "inputSchema") =>
        shape.TryFindColumn(name, out var c) ? c : throw Contracts.ExceptSchemaMismatch(paramName, "input", name);

    public static DataViewSchema.Column Find(DataViewSchema schema, string name, string paramName = "inputSchema") =>
        schema.GetColumnOrNull(name) ?? throw Contracts.ExceptSchemaMismatch(paramName, "input", name);

    /// <summary>Replaces or appends <paramref name="columns"/> in a shape, keeping the order of the others.</summary>
    public static SchemaShape With(SchemaShape shape, IEnumerable<SchemaShape.Column> columns)
    {
        var result = shape.ToList();
        foreach (var c in columns)
        {
            result.RemoveAll(x => x.Name == c.Name);
            result.Add(c);
        }
        return new SchemaShape(result);
    }
}
