using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// Batched affine maps over a leading run dimension, fused into one <c>baddbmm</c> kernel. TorchSharp 0.107 passes
/// <c>baddbmm</c>'s arguments to native code rotated (<c>torch.baddbmm(a, b, c)</c> computes <c>c + a @ b</c>, not
/// <c>a + b @ c</c>); the order is probed once, so the right call is made whether or not a later TorchSharp fixes it.
/// </summary>
internal static class BatchedOps
{
    private static readonly Lazy<bool> Rotated = new(Probe);

    /// <summary>True when this TorchSharp has the rotated-argument <c>baddbmm</c> (0.107 does).</summary>
    public static bool BaddbmmIsRotated => Rotated.Value;

    /// <summary>bias + x @ weight for x [R, B, in], weight [R, in, out], bias [R, 1, out] (broadcast over B): [R, B, out].</summary>
    public static Tensor Affine(Tensor x, Tensor weight, Tensor bias) =>
        Rotated.Value ? baddbmm(x, weight, bias) : baddbmm(bias, x, weight);

    private static bool Probe()
    {
        Runtime.Ensure();
        using var scope = NewDisposeScope();
        using var mode = no_grad();
        // a + b @ c and c + a @ b differ for these 1×1 matrices: 2 + 3·5 = 17 against 5 + 2·3 = 11.
        var a = full(new long[] { 1, 1, 1 }, 2f);
        var b = full(new long[] { 1, 1, 1 }, 3f);
        var c = full(new long[] { 1, 1, 1 }, 5f);
        var v = baddbmm(a, b, c).item<float>();
        return v switch
        {
            11f => true,
            17f => false,
            _ => throw new InvalidOperationException($"torch.baddbmm gave {v} for 1×1 inputs 2, 3, 5: expected 17 (documented order) or 11 (TorchSharp 0.107's rotated order)."),
        };
    }
}
