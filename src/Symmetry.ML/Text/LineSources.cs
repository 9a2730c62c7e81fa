using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Symmetry.ML.Data;

/// <summary>Yields the records of a text file one at a time, with field access by index and the source line number.</summary>
internal abstract class LineSource : IDisposable
{
    /// <summary>Advances to the next non-blank record; false at the end of the file.</summary>
    public abstract bool Next();

    /// <summary>The 1-based line on which the current record starts.</summary>
    public abstract long LineNumber { get; }

    /// <summary>The number of fields available (at least up to the highest field the loader needs, when present).</summary>
    public abstract int FieldCount { get; }

    /// <summary>Field <paramref name="index"/> of the current record.</summary>
    public abstract ReadOnlySpan<char> Field(int index);

    /// <summary>The raw text of the current record, for skipping comment lines.</summary>
    public abstract ReadOnlySpan<char> Raw { get; }

    /// <summary>A parse error of the current record found by the reader itself (bad quoting), or null.</summary>
    public virtual string? RecordError => null;

    public abstract void Dispose();

    protected static StreamReader OpenReader(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan),
            Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
}

/// <summary>Splits each line on the separators; finds only the fields up to the highest one needed.</summary>
internal sealed class SplitLineSource : LineSource
{
    private readonly StreamReader _reader;
    private readonly char[] _separators;
    private readonly bool _trim;
    private readonly int[] _starts;
    private readonly int[] _lengths;
    private string _line = "";
    private int _count;
    private long _lineNumber;

    public SplitLineSource(string path, char[] separators, bool trim, int maxField)
    {
        _reader = OpenReader(path);
        _separators = separators;
        _trim = trim;
        _starts = new int[maxField + 1];
        _lengths = new int[maxField + 1];
    }

    public override long LineNumber => _lineNumber;

    public override int FieldCount => _count;

    public override ReadOnlySpan<char> Raw => _line;

    public override bool Next()
    {
        while (true)
        {
            var line = _reader.ReadLine();
            if (line is null)
                return false;
            _lineNumber++;
            if (line.AsSpan().IsWhiteSpace())
                continue;
            _line = line;
            Split();
            return true;
        }
    }

    private void Split()
    {
        var span = _line.AsSpan();
        int pos = 0;
        _count = 0;
        while (_count < _starts.Length)
        {
            var rest = span[pos..];
            int sep = _separators.Length == 1 ? rest.IndexOf(_separators[0]) : rest.IndexOfAny(_separators);
            int len = sep < 0 ? rest.Length : sep;
            _starts[_count] = pos;
            _lengths[_count] = len;
            _count++;
            if (sep < 0)
                break;
            pos += sep + 1;
        }
    }

    public override ReadOnlySpan<char> Field(int index)
    {
        var f = _line.AsSpan(_starts[index], _lengths[index]);
        return _trim ? f.Trim() : f;
    }

    public override void Dispose() => _reader.Dispose();
}

/// <summary>Reads RFC 4180 records with CsvHelper: quoted fields, "" escapes, and line breaks inside quotes.</summary>
internal sealed class CsvLineSource : LineSource
{
    private readonly StreamReader _reader;
    private readonly CsvParser _parser;
    private string? _badData;
    private long _lineNumber;

    public CsvLineSource(string path, char separator, bool trim)
    {
        _reader = OpenReader(path);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = separator.ToString(),
            HasHeaderRecord = false,
            IgnoreBlankLines = true,
            TrimOptions = trim ? TrimOptions.Trim : TrimOptions.None,
            Mode = CsvMode.RFC4180,
            // Record the problem instead of throwing, so the loader reports it with its own file/line/column message.
            BadDataFound = args => _badData ??= $"Bad quoting in field '{args.Field}'",
        };
        _parser = new CsvParser(_reader, config);
    }

    public override long LineNumber => _lineNumber;

    public override int FieldCount => _parser.Count;

    public override ReadOnlySpan<char> Raw => _parser.RawRecord;

    public override string? RecordError => _badData;

    public override bool Next()
    {
        _badData = null;
        if (!_parser.Read())
            return false;
        // RawRow is the line the record ends on; count the line breaks inside it to find where it starts.
        var raw = _parser.RawRecord.AsSpan();
        if (raw.Count('"') % 2 == 1)
        {
            // In RFC 4180 quotes come in pairs; an odd count means a quoted field that is never closed, which CsvHelper
            // silently extends to the end of the file. Its line breaks (the last one included) all belong to the record.
            _badData ??= "Unterminated quoted field";
            _lineNumber = _parser.RawRow - raw.Count('\n');
        }
        else
        {
            _lineNumber = _parser.RawRow - raw.TrimEnd("\r\n").Count('\n');
        }
        return true;
    }

    public override ReadOnlySpan<char> Field(int index) => _parser[index];

    public override void Dispose()
    {
        _parser.Dispose();
        _reader.Dispose();
    }
}
