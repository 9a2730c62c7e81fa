using System.Reflection;
using Symmetry.ML.Data;

namespace Symmetry.ML;

public sealed partial class DataOperationsCatalog
{
    /// <summary>
    /// A streaming view of a delimited text file with one column per member of <typeparamref name="TInput"/> that has a
    /// <see cref="LoadColumnAttribute"/> (arrays read field ranges as vectors). Nothing is read until a cursor moves.
    /// </summary>
    public IDataView LoadFromTextFile<TInput>(string path, char separatorChar = '\t', bool hasHeader = false,
        bool allowQuoting = false, bool trimWhitespace = false, bool allowSparse = false) =>
        LoadFromTextFile<TInput>(path, new TextLoader.Options
        {
            Separators = [separatorChar], HasHeader = hasHeader, AllowQuoting = allowQuoting,
            TrimWhitespace = trimWhitespace, AllowSparse = allowSparse,
        });

    /// <summary>As <see cref="LoadFromTextFile{TInput}(string, char, bool, bool, bool, bool)"/>, with all options (columns come from <typeparamref name="TInput"/>).</summary>
    public IDataView LoadFromTextFile<TInput>(string path, TextLoader.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Columns = ColumnsOf(typeof(TInput));
        return new TextLoader(Environment, options).Load(path);
    }

    /// <summary>A streaming view of a delimited text file with the given <paramref name="columns"/>.</summary>
    public IDataView LoadFromTextFile(string path, TextLoader.Column[] columns, char separatorChar = '\t', bool hasHeader = false,
        bool allowQuoting = false, bool trimWhitespace = false, bool allowSparse = false) =>
        LoadFromTextFile(path, new TextLoader.Options
        {
            Columns = columns, Separators = [separatorChar], HasHeader = hasHeader, AllowQuoting = allowQuoting,
            TrimWhitespace = trimWhitespace, AllowSparse = allowSparse,
        });

    /// <summary>A streaming view of a delimited text file described by <paramref name="options"/>.</summary>
    public IDataView LoadFromTextFile(string path, TextLoader.Options options) => new TextLoader(Environment, options).Load(path);

    /// <summary>A reusable loader for files of one layout.</summary>
    public TextLoader CreateTextLoader(TextLoader.Options options) => new(Environment, options);

    /// <summary>A reusable loader whose columns come from <typeparamref name="TInput"/>'s <see cref="LoadColumnAttribute"/>s.</summary>
    public TextLoader CreateTextLoader<TInput>(char separatorChar = '\t', bool hasHeader = false, bool allowQuoting = false,
        bool trimWhitespace = false, bool allowSparse = false) =>
        new(Environment, new TextLoader.Options
        {
            Columns = ColumnsOf(typeof(TInput)), Separators = [separatorChar], HasHeader = hasHeader,
            AllowQuoting = allowQuoting, TrimWhitespace = trimWhitespace, AllowSparse = allowSparse,
        });

    private static TextLoader.Column[] ColumnsOf(Type type)
    {
        var result = new List<TextLoader.Column>();
        foreach (var m in TypeMember.For(type))
        {
            var load = m.Member.GetCustomAttribute<LoadColumnAttribute>()
                ?? throw new InvalidOperationException($"Field or property {m.Member.Name} is missing the {nameof(LoadColumnAttribute)} attribute");
            var kind = m.ItemType.ToDataKind();
            bool vector = m.Type is VectorDataViewType;
            if (vector == load.IsScalar)
                throw new InvalidOperationException(vector
                    ? $"Member '{m.Member.Name}' is a vector but its LoadColumn names a single field; use LoadColumn(start, end)."
                    : $"Member '{m.Member.Name}' is a scalar but its LoadColumn names several fields.");
            var column = new TextLoader.Column(m.Name, kind, load.Sources) { IsVector = vector };
            if (vector && m.VectorSize > 0 && m.VectorSize != column.Size)
                throw new InvalidOperationException($"Member '{m.Member.Name}' has VectorType size {m.VectorSize} but LoadColumn names {column.Size} fields.");
            result.Add(column);
        }
        return [.. result];
    }

    /// <summary>
    /// Writes <paramref name="data"/> as delimited text: an optional schema comment (lines starting with "#@", which
    /// the loader skips), an optional header, then one line per row. Numbers use invariant round-trip formatting; text
    /// with separators, quotes or line breaks is quoted. Variable-size vectors cannot be written.
    /// </summary>
    public void SaveAsText(IDataView data, Stream stream, char separatorChar = '\t', bool headerRow = true, bool schema = true,
        bool keepHidden = false, bool forceDense = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(stream);
        TextSaver.Save(data, stream, separatorChar, headerRow, schema, keepHidden, Environment);
    }
}
