using static Symmetry.Torch.Native.NativeMethods;

namespace Symmetry.Torch;

public static partial class torch
{
    /// <summary>Scaling of a discrete Fourier transform pair (TorchSharp's names).</summary>
    public enum FFTNormType
    {
        /// <summary>No scaling forward, 1/n backward (the default).</summary>
        Backward = 0,
        /// <summary>1/n forward, none backward.</summary>
        Forward = 1,
        /// <summary>1/√n both ways (unitary).</summary>
        Ortho = 2,
    }

    /// <summary>torch.fft. Results are complex; real inputs are promoted.</summary>
    public static class fft
    {
        /// <summary>2-D discrete Fourier transform over <paramref name="dim"/> (default the last two).</summary>
        /// <param name="input">Real or complex input.</param>
        /// <param name="s">Signal size per transformed dim (zero-padded or trimmed), or null for the input's.</param>
        /// <param name="dim">The two dims transformed, or null for (−2, −1).</param>
        /// <param name="norm">Scaling.</param>
        public static Tensor fft2(Tensor input, long[]? s = null, long[]? dim = null, FFTNormType norm = FFTNormType.Backward) =>
            new(sym_fft_fft2(Arg(input), s, s?.Length ?? -1, dim, dim?.Length ?? -1, Name(norm)));

        /// <summary>Inverse of <see cref="fft2"/>.</summary>
        /// <param name="input">Complex (or real) input.</param>
        /// <param name="s">Signal size per transformed dim, or null for the input's.</param>
        /// <param name="dim">The two dims transformed, or null for (−2, −1).</param>
        /// <param name="norm">Scaling (must match the forward transform's for a round trip).</param>
        public static Tensor ifft2(Tensor input, long[]? s = null, long[]? dim = null, FFTNormType norm = FFTNormType.Backward) =>
            new(sym_fft_ifft2(Arg(input), s, s?.Length ?? -1, dim, dim?.Length ?? -1, Name(norm)));

        private static string Name(FFTNormType norm) => norm switch
        {
            FFTNormType.Backward => "backward",
            FFTNormType.Forward => "forward",
            FFTNormType.Ortho => "ortho",
            _ => throw new ArgumentOutOfRangeException(nameof(norm), norm, "Unknown FFT normalisation."),
        };
    }
}
