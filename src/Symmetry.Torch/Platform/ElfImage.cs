using System.Buffers.Binary;
using System.Text;

namespace Microsoft.ML.Symmetry.Torch.Platform;

/// <summary>A symbol version a shared library requires from one of its dependencies (an ELF <c>Vernaux</c> entry).</summary>
/// <param name="File">The dependency that must define the version, e.g. "libstdc++.so.6".</param>
/// <param name="Version">The version name, e.g. "GLIBCXX_3.4.32".</param>
/// <param name="Index">The version index symbols refer to in <c>.gnu.version</c>.</param>
/// <param name="Weak">True when the loader tolerates the version being absent (VER_FLG_WEAK).</param>
/// <param name="FlagsOffset">File offset of the entry's 16-bit <c>vna_flags</c>.</param>
internal sealed record ElfVersionNeed(string File, string Version, ushort Index, bool Weak, long FlagsOffset);

/// <summary>
/// The few parts of a little-endian ELF64 shared library the TorchSharp platform fix reads: the versions it needs
/// (<c>.gnu.version_r</c>), the versions it defines (<c>.gnu.version_d</c>), its dynamic symbols with their version
/// index, and which symbols relocations bind. Malformed input gives <see cref="FormatException"/>, never an
/// out-of-range read.
/// </summary>
internal sealed class ElfImage
{
    private const uint ShtRela = 4, ShtDynsym = 11, ShtRel = 9;
    private const uint ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;
    private const ushort VerFlgWeak = 0x2;

    private readonly byte[] bytes;
    private readonly Section[] sections;

    private readonly record struct Section(uint Type, long Offset, long Size, uint Link, long EntrySize);

    private ElfImage(byte[] bytes)
    {
        this.bytes = bytes;
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            throw new FormatException("Not an ELF file.");
        if (bytes[4] != 2 || bytes[5] != 1) throw new FormatException("Only little-endian 64-bit ELF files are supported.");
        var shoff = checked((long)U64(0x28));
        var shentsize = U16(0x3a);
        var shnum = U16(0x3c);
        if (shentsize < 64) throw new FormatException($"ELF section header size {shentsize} is too small.");
        sections = new Section[shnum];
        for (var i = 0; i < shnum; i++)
        {
            var o = shoff + (long)i * shentsize;
            sections[i] = new Section(U32(o + 4), checked((long)U64(o + 24)), checked((long)U64(o + 32)), U32(o + 40), checked((long)U64(o + 56)));
            if (sections[i].Type != 8 /* NOBITS */ && sections[i].Offset + sections[i].Size > bytes.Length)
                throw new FormatException($"ELF section {i} lies outside the file.");
        }
        Needs = ReadNeeds();
        Definitions = ReadDefinitions();
    }

    /// <summary>Parses <paramref name="bytes"/> (not copied: <see cref="MarkWeak"/> edits them).</summary>
    public static ElfImage Parse(byte[] bytes) => new(bytes ?? throw new ArgumentNullException(nameof(bytes)));

    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    public static ElfImage Load(string path) => Parse(File.ReadAllBytes(path));

    /// <summary>The file's bytes, including any edit made by <see cref="MarkWeak"/>.</summary>
    public byte[] Bytes => bytes;

    /// <summary>Every version the library needs, per dependency.</summary>
    public IReadOnlyList<ElfVersionNeed> Needs { get; }

    /// <summary>The version names the library defines (e.g. "GLIBCXX_3.4.30" for libstdc++).</summary>
    public IReadOnlySet<string> Definitions { get; }

    /// <summary>
    /// The dynamic symbols bound to version index <paramref name="versionIndex"/>: name, whether undefined in this
    /// file, and whether any relocation refers to it (only such a symbol is ever looked up by the loader).
    /// </summary>
    public IReadOnlyList<(string Name, bool Undefined, bool Relocated)> SymbolsOfVersion(ushort versionIndex)
    {
        var dynsym = sections.FirstOrDefault(s => s.Type == ShtDynsym);
        var versym = sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
        if (dynsym.Type == 0 || versym.Type == 0) return [];
        var strtab = At(dynsym.Link);
        var count = dynsym.Size / 24;
        var relocated = RelocatedSymbols();
        var result = new List<(string, bool, bool)>();
        for (long i = 0; i < count; i++)
        {
            if ((U16(versym.Offset + 2 * i) & 0x7fff) != versionIndex) continue;
            var entry = dynsym.Offset + 24 * i;
            result.Add((CString(strtab, U32(entry)), U16(entry + 6) == 0, relocated.Contains(i)));
        }
        return result;
    }

    /// <summary>Sets VER_FLG_WEAK on <paramref name="need"/> in <see cref="Bytes"/>.</summary>
    public void MarkWeak(ElfVersionNeed need)
    {
        ArgumentNullException.ThrowIfNull(need);
        var flags = (ushort)(U16(need.FlagsOffset) | VerFlgWeak);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(checked((int)need.FlagsOffset), 2), flags);
    }

    private List<ElfVersionNeed> ReadNeeds()
    {
        var result = new List<ElfVersionNeed>();
        foreach (var sec in sections.Where(s => s.Type == ShtGnuVerneed))
        {
            var strtab = At(sec.Link);
            var off = sec.Offset;
            for (var guard = 0; guard < 4096; guard++)
            {
                var cnt = U16(off + 2);
                var file = CString(strtab, U32(off + 4));
                var aux = off + U32(off + 8);
                for (var j = 0; j < cnt; j++)
                {
                    var flags = U16(aux + 4);
                    result.Add(new ElfVersionNeed(file, CString(strtab, U32(aux + 8)), U16(aux + 6), (flags & VerFlgWeak) != 0, aux + 4));
                    var next = U32(aux + 12);
                    if (next == 0) break;
                    aux += next;
                }
                var nextNeed = U32(off + 12);
                if (nextNeed == 0) break;
                off += nextNeed;
            }
        }
        return result;
    }

    private HashSet<string> ReadDefinitions()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sec in sections.Where(s => s.Type == ShtGnuVerdef))
        {
            var strtab = At(sec.Link);
            var off = sec.Offset;
            for (var guard = 0; guard < 4096; guard++)
            {
                if (U16(off + 6) > 0) result.Add(CString(strtab, U32(off + U32(off + 12))));
                var next = U32(off + 16);
                if (next == 0) break;
                off += next;
            }
        }
        return result;
    }

    private HashSet<long> RelocatedSymbols()
    {
        var result = new HashSet<long>();
        foreach (var sec in sections.Where(s => s.Type is ShtRela or ShtRel))
        {
            if (At(sec.Link).Type != ShtDynsym) continue;
            var size = sec.Type == ShtRela ? 24 : 16;
            for (long o = sec.Offset; o + size <= sec.Offset + sec.Size; o += size) result.Add((long)(U64(o + 8) >> 32));
        }
        return result;
    }

    private Section At(uint index) =>
        index < sections.Length ? sections[index] : throw new FormatException($"ELF section link {index} is out of range.");

    private string CString(Section strtab, uint offset)
    {
        var start = strtab.Offset + offset;
        if (offset >= strtab.Size) throw new FormatException("ELF string offset lies outside its string table.");
        var end = Array.IndexOf(bytes, (byte)0, checked((int)start), checked((int)(strtab.Offset + strtab.Size - start)));
        if (end < 0) throw new FormatException("Unterminated ELF string.");
        return Encoding.ASCII.GetString(bytes, (int)start, end - (int)start);
    }

    private ReadOnlySpan<byte> Span(long offset, int length) =>
        offset >= 0 && offset + length <= bytes.Length ? bytes.AsSpan((int)offset, length) : throw new FormatException("ELF structure lies outside the file.");

    private ushort U16(long o) => BinaryPrimitives.ReadUInt16LittleEndian(Span(o, 2));
    private uint U32(long o) => BinaryPrimitives.ReadUInt32LittleEndian(Span(o, 4));
    private ulong U64(long o) => BinaryPrimitives.ReadUInt64LittleEndian(Span(o, 8));
}
