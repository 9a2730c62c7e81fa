namespace Symmetry.Torch;

/// <summary>
/// A number passed to an operation with its kind, so an integer tensor plus an integer stays integral (as in
/// PyTorch) while a float promotes. TorchSharp's Scalar is a native object; ours is a plain value (no handle).
/// </summary>
public readonly struct Scalar
{
    internal readonly double D;
    internal readonly long L;
    internal readonly sbyte Kind; // 0 floating, 1 integral, 2 bool

    private Scalar(double d, long l, sbyte kind) { D = d; L = l; Kind = kind; }

    /// <summary>A floating-point scalar.</summary>
    public static implicit operator Scalar(double v) => new(v, 0, 0);
    /// <summary>A floating-point scalar.</summary>
    public static implicit operator Scalar(float v) => new(v, 0, 0);
    /// <summary>An integral scalar.</summary>
    public static implicit operator Scalar(long v) => new(v, v, 1);
    /// <summary>An integral scalar.</summary>
    public static implicit operator Scalar(int v) => new(v, v, 1);
    /// <summary>A boolean scalar.</summary>
    public static implicit operator Scalar(bool v) => new(v ? 1 : 0, v ? 1 : 0, 2);

    /// <summary>The value as a double.</summary>
    public double ToDouble() => Kind == 0 ? D : L;

    /// <inheritdoc/>
    public override string ToString() => Kind switch { 0 => D.ToString("R", System.Globalization.CultureInfo.InvariantCulture), 2 => (L != 0).ToString(), _ => L.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
