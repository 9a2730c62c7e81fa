namespace Microsoft.ML.Symmetry;

/// <summary>
/// When a transformer's TorchSharp modules are freed: once its owner called <c>Dispose</c> and no call that reads them
/// is still running. Each such call holds a <see cref="Lease"/>; <see cref="Dispose"/> gives up the owner's hold and
/// the last holder frees the modules, so a <c>Dispose</c> racing a prediction on another thread cannot free tensors
/// under it. After <see cref="Dispose"/> no lease is granted.
/// </summary>
internal sealed class ModelLifetime(Type transformer, Action free)
{
    private int holders = 1; // the owner's hold, given up by Dispose
    private int disposed;

    /// <summary>True once <see cref="Dispose"/> was called.</summary>
    public bool IsDisposed => Volatile.Read(ref disposed) == 1;

    /// <summary>A hold on the modules for one call; throws <see cref="ObjectDisposedException"/> after <see cref="Dispose"/>.</summary>
    public Lease Borrow()
    {
        while (true)
        {
            var n = Volatile.Read(ref holders);
            if (n == 0 || IsDisposed) throw Disposed();
            if (Interlocked.CompareExchange(ref holders, n + 1, n) == n) return new Lease(this);
        }
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> after <see cref="Dispose"/> (for checks that read no module).</summary>
    public void ThrowIfDisposed()
    {
        if (IsDisposed) throw Disposed();
    }

    /// <summary>Gives up the owner's hold (once); the modules are freed now or when the last running call ends.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0) Release();
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref holders) == 0) free();
    }

    private ObjectDisposedException Disposed() => new(transformer.FullName,
        $"{transformer.Name} cannot be used: the model was disposed (its Dispose() was called), which released its TorchSharp " +
        "modules. Prediction engines made from it fail too; fit or load the model again.");

    /// <summary>One call's hold on the modules, released by <see cref="Dispose"/>.</summary>
    public readonly struct Lease(ModelLifetime owner) : IDisposable
    {
        public void Dispose() => owner.Release();
    }
}
