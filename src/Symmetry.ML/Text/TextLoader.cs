using Symmetry.ML.Runtime;

namespace Symmetry.ML.Data;

/// <summary>
/// Reads delimited text files as a streaming view: each cursor opens the file and parses one line at a time, only
/// the fields of the requested columns, so memory does not grow with the file. Quoted fields (RFC 4180, with
/// <see cref="Options.AllowQuoting"/>) are parsed with CsvHelper.
/// </summary>
public sealed class TextLoader
{
    private readonly IHostEnvironment _env;

    internal TextLoader(IHostEnvironment env, Options options)
    {
        _env = env;
        LoaderOptions = Validate(options);
    }

    internal Options LoaderOptions { get; }

    /// <summary>The view of the file at <paramref name="path"/> (checked to exist now; read when a cursor moves).</summary>
    public IDataView Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Could not find file '{Path.GetFullPath(path)}'.", path);
        return new TextLoaderDataView(_env, Path.GetFullPath(path), LoaderOptions);
    }

    /// <summary>The most fields one column can read (the largest .NET array of 8-byte values).</summary>
    private const int MaxVectorSize = 0x7FFFFFC7 / 8;

    private static Options Validate(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Columns is not { Length: > 0 })
            throw new ArgumentException("A text loader needs at least one column.", nameof(options));
        if (options.Separators is not { Length: > 0 })
            throw new ArgumentException("A text loader needs at least one separator.", nameof(options));
        if (options.AllowSparse)
            throw new NotSupportedException("Sparse text input (allowSparse) is not supported by Symmetry.ML.");
        if (options.AllowQuoting && options.Separators.Length > 1)
            throw new ArgumentException("Quoted input (allowQuoting) supports a single separator.", nameof(options));
        foreach (char sep in options.Separators)
        {
            if (sep is '\n' or '\r')
                throw new ArgumentException($"A line break (U+{(int)sep:X4}) cannot be a field separator.", nameof(options));
            if (sep == '"' && options.AllowQuoting)
                throw new ArgumentException("The quote character '\"' cannot be the separator when allowQuoting is true.", nameof(options));
        }
        foreach (var c in options.Columns)
        {
            if (c is null)
                throw new ArgumentException("options.Columns contains a null column.", nameof(options));
            ArgumentException.ThrowIfNullOrEmpty(c.Name, "options.Columns.Name");
            if (c.Source is not { Length: > 0 })
                throw new ArgumentException($"Column '{c.Name}' has no source fields.", nameof(options));
            long size = 0;
            foreach (var r in c.Source)
                if (r is null)
                    throw new ArgumentException($"Column '{c.Name}' has a null field range.", nameof(options));
                else if (r.Max is null)
                    throw new NotSupportedException($"Column '{c.Name}': open-ended field ranges are not supported; give the last field index.");
                else if (r.Min < 0 || r.Max < r.Min || r.Max == int.MaxValue)
                    throw new ArgumentOutOfRangeException(nameof(options), $"Column '{c.Name}' has an invalid field range {r.Min}-{r.Max}.");
                else
                    size += r.Max.Value - (long)r.Min + 1;
            if (size > MaxVectorSize)
                throw new ArgumentOutOfRangeException(nameof(options), $"Column '{c.Name}' reads {size} fields; at most {MaxVectorSize} are supported.");
            c.DataKind.ToDataViewType();
        }
        return options;
    }

    /// <summary>A column to load: its name, kind and the fields it reads.</summary>
    public sealed class Column
    {
        /// <summary>An empty column description to fill.</summary>
        public Column()
        {
        }

        /// <summary>A scalar column from field <paramref name="index"/>.</summary>
        public Column(string name, DataKind dataKind, int index)
            : this(name, dataKind, [new Range(index)])
        {
        }

        /// <summary>A vector column from fields <paramref name="minIndex"/> to <paramref name="maxIndex"/> inclusive.</summary>
        public Column(string name, DataKind dataKind, int minIndex, int maxIndex)
            : this(name, dataKind, [new Range(minIndex, maxIndex)])
        {
            IsVector = true;
        }

        /// <summary>A column from the listed field ranges (a vector unless it is one field).</summary>
        public Column(string name, DataKind dataKind, Range[] source)
        {
            Name = name;
            DataKind = dataKind;
            Source = source;
        }

        /// <summary>The column name.</summary>
        public string Name { get; set; } = "";

        /// <summary>The kind of the values.</summary>
        public DataKind DataKind { get; set; } = DataKind.Single;

        /// <summary>The fields the values come from.</summary>
        public Range[] Source { get; set; } = [];

        internal bool IsVector { get; set; }

        internal int Size => Source.Sum(r => r.Max!.Value - r.Min + 1);

        internal bool IsScalar => !IsVector && Size == 1;
    }

    /// <summary>A range of 0-based field indices, inclusive.</summary>
    public sealed class Range
    {
        /// <summary>The single field <paramref name="index"/>.</summary>
        public Range(int index) : this(index, index)
        {
        }

        /// <summary>Fields <paramref name="min"/> to <paramref name="max"/> inclusive (null: to the end of the line, not supported).</summary>
        public Range(int min, int? max)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(min);
            Min = min;
            Max = max;
        }

        /// <summary>The first field.</summary>
        public int Min { get; }

        /// <summary>The last field.</summary>
        public int? Max { get; }
    }

    /// <summary>All the settings of a text loader.</summary>
    public sealed class Options
    {
        /// <summary>The columns to load.</summary>
        public Column[] Columns { get; set; } = [];

        /// <summary>Field separators (default tab).</summary>
        public char[] Separators { get; set; } = ['\t'];

        /// <summary>Whether the first line is a header to skip.</summary>
        public bool HasHeader { get; set; }

        /// <summary>Whether fields may be enclosed in double quotes (RFC 4180: "" escapes a quote; quoted fields may span lines).</summary>
        public bool AllowQuoting { get; set; }

        /// <summary>Whether to trim spaces around fields.</summary>
        public bool TrimWhitespace { get; set; }

        /// <summary>Sparse input; not supported (must stay false).</summary>
        public bool AllowSparse { get; set; }

        /// <summary>
        /// Not in ML.NET: when true, lines with missing fields or unparsable values are skipped and counted in one
        /// warning log message per cursor; when false (default) they throw <see cref="TextLoaderException"/>.
        /// </summary>
        public bool SkipMalformedLines { get; set; }
    }
}
