using System.Text;
using Symmetry.ML.Data;

namespace Symmetry.ML;

/// <summary>
/// Writes and reads a schema's column names and types (annotations are not stored).
///
/// Binary format: int32 version (1); int32 column count; per column: string name; byte kind (0 = primitive,
/// 1 = vector); byte item <see cref="DataKind"/>; for vectors int32 dimension count and int32 dimensions.
/// </summary>
public static class SchemaSerializer
{
    private const int Version = 1;

    /// <summary>Writes <paramref name="schema"/>; throws for column types this format cannot describe.</summary>
    public static void Write(BinaryWriter writer, DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(schema);
        writer.Write(Version);
        writer.Write(schema.Count);
        foreach (var c in schema)
        {
            writer.Write(c.Name);
            WriteType(writer, c.Type, c.Name);
        }
    }

    /// <summary>Writes a column type (used by components that store the types they produce).</summary>
    public static void WriteType(BinaryWriter writer, DataViewType type, string columnName)
    {
        switch (type)
        {
            case VectorDataViewType v:
                writer.Write((byte)1);
                writer.Write((byte)v.ItemType.ToDataKind());
                writer.Write(v.Dimensions.Length);
                foreach (int d in v.Dimensions)
                    writer.Write(d);
                break;
            case PrimitiveDataViewType p when p.TryGetDataKind(out var kind):
                writer.Write((byte)0);
                writer.Write((byte)kind);
                break;
            default:
                throw new NotSupportedException($"Column '{columnName}' has type {type}, which cannot be saved.");
        }
    }

    /// <summary>Reads a column type written by <see cref="WriteType"/>.</summary>
    public static DataViewType ReadType(BinaryReader reader)
    {
        byte kind = reader.ReadByte();
        var item = ((DataKind)reader.ReadByte()).ToDataViewType();
        if (kind == 0)
            return item;
        if (kind != 1)
            throw new FormatException($"Unknown column type kind {kind} in a saved schema.");
        int n = reader.ReadInt32();
        if (n < 0 || n > 16)
            throw new FormatException($"Invalid vector rank {n} in a saved schema.");
        var dims = new int[n];
        for (int i = 0; i < n; i++)
            dims[i] = reader.ReadInt32();
        return n == 0 ? new VectorDataViewType(item) : new VectorDataViewType(item, dims);
    }

    /// <summary>Reads a schema written by <see cref="Write"/>.</summary>
    public static DataViewSchema Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int version = reader.ReadInt32();
        if (version != Version)
            throw new FormatException($"Saved schema has version {version}; this library reads version {Version}.");
        int count = reader.ReadInt32();
        if (count < 0)
            throw new FormatException($"Saved schema has a negative column count {count}.");
        var b = new DataViewSchema.Builder();
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            b.AddColumn(name, ReadType(reader));
        }
        return b.ToSchema();
    }

    internal static byte[] ToBytes(DataViewSchema schema)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
            Write(w, schema);
        return ms.ToArray();
    }
}
