using System.Runtime.InteropServices;

namespace Symmetry.Torch;

/// <summary>
/// An error reported by libtorch (bad shape, dtype or device, an unsupported operation). The message is
/// libtorch's own. Derives from <see cref="ExternalException"/>, the type TorchSharp throws.
/// </summary>
public sealed class TorchException : ExternalException
{
    /// <summary>Creates the exception with libtorch's message.</summary>
    public TorchException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public TorchException(string message, Exception inner) : base(message, inner) { }
}
