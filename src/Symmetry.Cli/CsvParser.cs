using System.Text;

namespace Microsoft.ML.Symmetry.Cli;

/// <summary>
/// A streaming RFC 4180 reader: comma-separated cells, double-quoted cells (with "" for a quote) that may hold commas
/// and line breaks, CRLF or LF line ends, an optional UTF-8 byte order mark. It holds one buffer of text and the
/// current cell, never the file, so memory does not grow with the file.
/// </summary>
internal sealed class CsvParser : IDisposable
{
    /// <summary>The longest cell read; a longer one means a broken file, not data.</summary>
    public const int MaxCellLength = 1 << 20;

    private readonly TextReader _reader;
    private readonly string _file;
    private readonly char[] _buffer = new char[1 << 16];
    private int _position;
    private int _length;
    private char[] _cell = new char[64];
    private int _cellLength;
    private bool _inRecord;
    private bool _recordEnded = true;

    /// <summary>Reads <paramref name="path"/> as strict UTF-8 (invalid bytes are an error, not a replacement character).</summary>
    public CsvParser(string path)
        : this(new StreamReader(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false), path)
    {
    }

    /// <summary>Reads <paramref name="reader"/>, naming <paramref name="file"/> in messages.</summary>
    public CsvParser(TextReader reader, string file)
    {
        _reader = reader;
        _file = file;
        if (Peek() == '\uFEFF') _position++;
    }

    /// <summary>The 1-based line the current record starts on.</summary>
    public int RecordLine { get; private set; }

    /// <summary>The 1-based line the current cell starts on (a quoted cell may span lines).</summary>
    public int CellLine { get; private set; }

    /// <summary>The 1-based index of the current cell in its record; after the record, its number of cells.</summary>
    public int Column { get; private set; }

    /// <summary>Whether the current cell was quoted.</summary>
    public bool Quoted { get; private set; }

    /// <summary>The line the reader is on (1-based).</summary>
    private int Line { get; set; } = 1;

    /// <summary>
    /// Moves to the next record, skipping what is left of the current one; false at the end of the file. Empty lines
    /// hold no cells and are skipped, as editors leave them at the end of files.
    /// </summary>
    public bool NextRecord()
    {
        while (_inRecord && !_recordEnded) NextCell(out _);
        while (true)
        {
            var c = Peek();
            if (c < 0) return false;
            if (c is '\r' or '\n')
            {
                ReadLineEnd();
                continue;
            }
            break;
        }
        _inRecord = true;
        _recordEnded = false;
        RecordLine = Line;
        Column = 0;
        return true;
    }

    /// <summary>The next cell of the current record (valid until the next call); false after its last cell.</summary>
    public bool NextCell(out ReadOnlySpan<char> cell)
    {
        cell = default;
        if (!_inRecord || _recordEnded) return false;
        Column++;
        CellLine = Line;
        Quoted = false;
        _cellLength = 0;
        while (true)
        {
            var c = Peek();
            if (c < 0 || c is '\r' or '\n')
            {
                if (c >= 0) ReadLineEnd();
                _recordEnded = true;
                break;
            }
            _position++;
            if (c == ',') break;
            // A quote opens a quoted cell at its start, after blanks at most ( a, "b,c" is common by hand).
            if (c == '"' && !Quoted && _cell.AsSpan(0, _cellLength).IsWhiteSpace())
            {
                _cellLength = 0;
                ReadQuoted();
                Quoted = true;
                continue;
            }
            if (Quoted && !char.IsWhiteSpace((char)c))
                throw Error(CellLine, Column, null, "there is text after the closing quote; a quoted cell ends at its closing quote (write \"\" for a quote inside it).");
            if (!Quoted) Append((char)c);
        }
        cell = _cell.AsSpan(0, _cellLength);
        return true;
    }

    /// <summary>An error in the file: its path, the 1-based line and column (and the column's name when known), then <paramref name="what"/>.</summary>
    public InvalidDataException Error(int line, int? column, string? name, string what) =>
        new($"'{_file}' line {line}{(column is { } c ? $", column {c}" : "")}{(name is null ? "" : $" ({name})")}: {what}");

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();

    private void ReadQuoted()
    {
        var line = Line;
        while (true)
        {
            var c = Peek();
            if (c < 0) throw Error(line, Column, null, "the quoted cell is not closed before the end of the file (a quote is unbalanced).");
            if (c is '\r' or '\n')
            {
                ReadLineEnd();
                Append('\n');
                continue;
            }
            _position++;
            if (c == '"')
            {
                if (Peek() != '"') return;
                _position++;
            }
            Append((char)c);
        }
    }

    private void ReadLineEnd()
    {
        if (Read() == '\r' && Peek() == '\n') _position++;
        Line++;
    }

    private void Append(char c)
    {
        // An unbalanced quote or a file without line ends would otherwise make one cell of the whole file.
        if (_cellLength == MaxCellLength)
            throw Error(CellLine, Column, null, $"the cell is longer than {MaxCellLength} characters; is a quote unbalanced, or is this not a CSV file?");
        if (_cellLength == _cell.Length) Array.Resize(ref _cell, _cell.Length * 2);
        _cell[_cellLength++] = c;
    }

    private int Read()
    {
        var c = Peek();
        if (c >= 0) _position++;
        return c;
    }

    private int Peek()
    {
        if (_position < _length) return _buffer[_position];
        try
        {
            _length = _reader.Read(_buffer, 0, _buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw Error(Line, null, null, "the file is not valid UTF-8 text near this line; save it as UTF-8.");
        }
        _position = 0;
        return _length > 0 ? _buffer[0] : -1;
    }
}
