using System.Xml.Linq;
using SkiaSharp;

namespace Microsoft.ML.Symmetry.Reporting.Tests;

/// <summary>Reading back what the figures and the browser wrote.</summary>
internal static class Images
{
    /// <summary>The trimmed text of every &lt;text&gt; element of an SVG document (parsing it as XML on the way).</summary>
    public static string[] SvgTexts(string svg)
    {
        var doc = XDocument.Parse(svg);
        Assert.AreEqual("svg", doc.Root!.Name.LocalName);
        return doc.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToArray();
    }

    /// <summary>Checks the PNG signature and IHDR size, decodes it and returns (distinct colours, fraction of pixels that are not the most common colour).</summary>
    public static (int Colours, double NonBackground) CheckPng(byte[] png, int width, int height)
    {
        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        CollectionAssert.AreEqual(signature, png.Take(8).ToArray(), "PNG signature");
        Assert.AreEqual("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        int BigEndian(int at) => (png[at] << 24) | (png[at + 1] << 16) | (png[at + 2] << 8) | png[at + 3];
        if (width > 0) Assert.AreEqual(width, BigEndian(16), "PNG width");
        if (height > 0) Assert.AreEqual(height, BigEndian(20), "PNG height");
        using var bitmap = SKBitmap.Decode(png);
        Assert.IsNotNull(bitmap, "the PNG decodes");
        var counts = new Dictionary<uint, int>();
        foreach (var p in bitmap.Pixels) { var key = (uint)p; counts[key] = counts.GetValueOrDefault(key) + 1; }
        var most = counts.Values.Max();
        return (counts.Count, 1 - (double)most / bitmap.Pixels.Length);
    }
}
