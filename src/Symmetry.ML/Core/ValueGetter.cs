namespace Symmetry.ML;

/// <summary>
/// Reads the current value of a column into <paramref name="value"/>. Callers pass the same variable on every call so
/// that buffers (for example a <see cref="Data.VBuffer{T}"/>'s arrays) are reused.
/// </summary>
public delegate void ValueGetter<TValue>(ref TValue value);
