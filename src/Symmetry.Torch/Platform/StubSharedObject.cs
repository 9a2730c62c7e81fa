using System.Buffers.Binary;
using System.Text;

namespace Microsoft.ML.Symmetry.Torch.Platform;

/// <summary>
/// Writes the smallest x86-64 Linux shared object glibc's loader accepts that exports C functions
/// <c>int name(void)</c>, each returning a constant: an ELF header, two PT_LOAD segments (code read-only and
/// executable, the dynamic section writable on its own page, as older loaders write to it), PT_DYNAMIC,
/// PT_GNU_STACK (no executable stack), a SysV hash table, the dynamic symbols and strings. No section headers, no
/// relocations, no code beyond <c>mov eax, imm32; ret</c> per function. Made from managed code so that no compiler
/// and no prebuilt binary is needed where the library runs.
/// </summary>
internal static class StubSharedObject
{
    private const int HeaderSize = 64, ProgramHeaderSize = 56, ProgramHeaders = 4, SymbolSize = 24, DynamicEntrySize = 16;
    private const int Page = 0x1000, FunctionSize = 8;

    /// <summary>
    /// The bytes of a shared object named <paramref name="soname"/> exporting <paramref name="functions"/> (name and
    /// the value each returns). Names must be non-empty ASCII C identifiers, unique.
    /// </summary>
    public static byte[] Build(string soname, IReadOnlyList<(string Name, int Value)> functions)
    {
        ArgumentException.ThrowIfNullOrEmpty(soname);
        ArgumentNullException.ThrowIfNull(functions);
        if (functions.Count == 0) throw new ArgumentException("A stub library needs at least one function.", nameof(functions));
        if (functions.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() != functions.Count)
            throw new ArgumentException("Function names must be unique.", nameof(functions));
        foreach (var (name, _) in functions)
            if (string.IsNullOrEmpty(name) || !(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw new ArgumentException($"'{name}' is not a C identifier.", nameof(functions));

        var symbols = functions.Count + 1;                      // index 0 is the null symbol
        var strings = new MemoryStream();
        strings.WriteByte(0);
        int AddString(string text)
        {
            var at = (int)strings.Length;
            strings.Write(Encoding.ASCII.GetBytes(text));
            strings.WriteByte(0);
            return at;
        }
        var sonameAt = AddString(soname);
        var nameAt = functions.Select(f => AddString(f.Name)).ToArray();

        var hashAt = HeaderSize + ProgramHeaders * ProgramHeaderSize;
        var hashSize = 4 * (2 + 1 + symbols);                   // nbucket = 1, nchain, the bucket, the chains
        var symtabAt = Align(hashAt + hashSize, 8);
        var strtabAt = symtabAt + symbols * SymbolSize;
        var textAt = Align(strtabAt + (int)strings.Length, 16);
        var textEnd = textAt + functions.Count * FunctionSize;
        if (textEnd > Page) throw new ArgumentException("Too many functions for a one-page stub.", nameof(functions));
        const int dynamicAt = Page;
        const int dynamicEntries = 7;
        var bytes = new byte[dynamicAt + dynamicEntries * DynamicEntrySize];
        var s = bytes.AsSpan();

        // ELF header: ELFCLASS64, little-endian, version 1, ET_DYN, EM_X86_64, program headers right after it.
        "\x7f"u8.CopyTo(s);
        "ELF"u8.CopyTo(s[1..]);
        s[4] = 2; s[5] = 1; s[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(s[0x10..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(s[0x12..], 62);
        BinaryPrimitives.WriteUInt32LittleEndian(s[0x14..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(s[0x20..], HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[0x34..], HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[0x36..], ProgramHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[0x38..], ProgramHeaders);
        BinaryPrimitives.WriteUInt16LittleEndian(s[0x3a..], 64);

        const uint PtLoad = 1, PtDynamic = 2, PtGnuStack = 0x6474e551, Read = 4, Write = 2, Execute = 1;
        var dynamicSize = dynamicEntries * DynamicEntrySize;
        WriteProgramHeader(s, 0, PtLoad, Read | Execute, 0, textEnd, Page);
        WriteProgramHeader(s, 1, PtLoad, Read | Write, dynamicAt, dynamicSize, Page);
        WriteProgramHeader(s, 2, PtDynamic, Read | Write, dynamicAt, dynamicSize, 8);
        WriteProgramHeader(s, 3, PtGnuStack, Read | Write, 0, 0, 16);

        // One bucket holding the last symbol, each symbol chaining to the one before: every lookup walks all of them,
        // which for a handful of names is as fast as hashing.
        BinaryPrimitives.WriteUInt32LittleEndian(s[hashAt..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(hashAt + 4)..], (uint)symbols);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(hashAt + 8)..], (uint)(symbols - 1));
        for (var i = 1; i < symbols; i++) BinaryPrimitives.WriteUInt32LittleEndian(s[(hashAt + 12 + 4 * i)..], (uint)(i - 1));

        for (var i = 0; i < functions.Count; i++)
        {
            var sym = s[(symtabAt + (i + 1) * SymbolSize)..];
            var code = textAt + i * FunctionSize;
            BinaryPrimitives.WriteUInt32LittleEndian(sym, (uint)nameAt[i]);
            sym[4] = 0x12;                                      // STB_GLOBAL, STT_FUNC; st_other 0: default visibility
            BinaryPrimitives.WriteUInt16LittleEndian(sym[6..], 1); // any defined index: the loader only rejects SHN_UNDEF
            BinaryPrimitives.WriteUInt64LittleEndian(sym[8..], (ulong)code);
            BinaryPrimitives.WriteUInt64LittleEndian(sym[16..], 6);
            s[code] = 0xb8;                                     // mov eax, imm32
            BinaryPrimitives.WriteInt32LittleEndian(s[(code + 1)..], functions[i].Value);
            s[code + 5] = 0xc3;                                 // ret
            s[code + 6] = 0xcc;
            s[code + 7] = 0xcc;
        }
        strings.ToArray().CopyTo(s[strtabAt..]);

        const long DtHash = 4, DtStrtab = 5, DtSymtab = 6, DtStrsz = 10, DtSyment = 11, DtSoname = 14;
        (long Tag, long Value)[] dynamic = [(DtHash, hashAt), (DtStrtab, strtabAt), (DtSymtab, symtabAt), (DtStrsz, strings.Length), (DtSyment, SymbolSize), (DtSoname, sonameAt), (0, 0)];
        for (var i = 0; i < dynamic.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(s[(dynamicAt + i * DynamicEntrySize)..], dynamic[i].Tag);
            BinaryPrimitives.WriteInt64LittleEndian(s[(dynamicAt + i * DynamicEntrySize + 8)..], dynamic[i].Value);
        }
        return bytes;
    }

    private static int Align(int value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private static void WriteProgramHeader(Span<byte> s, int index, uint type, uint flags, long at, long size, long alignment)
    {
        var p = s[(HeaderSize + index * ProgramHeaderSize)..];
        BinaryPrimitives.WriteUInt32LittleEndian(p, type);
        BinaryPrimitives.WriteUInt32LittleEndian(p[4..], flags);
        BinaryPrimitives.WriteInt64LittleEndian(p[8..], at);                  // file offset
        BinaryPrimitives.WriteInt64LittleEndian(p[16..], at);                 // virtual address: the file maps 1:1
        BinaryPrimitives.WriteInt64LittleEndian(p[24..], at);
        BinaryPrimitives.WriteInt64LittleEndian(p[32..], size);
        BinaryPrimitives.WriteInt64LittleEndian(p[40..], size);
        BinaryPrimitives.WriteInt64LittleEndian(p[48..], alignment);
    }
}
