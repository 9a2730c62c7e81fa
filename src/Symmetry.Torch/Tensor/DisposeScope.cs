namespace Symmetry.Torch;

/// <summary>
/// Disposes, when it is disposed, every tensor created on this thread while it was the innermost scope, except
/// those moved out with <see cref="torch.Tensor.MoveToOuterDisposeScope"/> or detached. Scopes nest per thread.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly HashSet<torch.Tensor> owned = new(ReferenceEqualityComparer.Instance);
    private bool disposed;

    internal DisposeScope()
    {
        Outer = current;
        current = this;
    }

    /// <summary>The scope that was innermost when this one was opened, or null.</summary>
    public DisposeScope? OuterScope => Outer;

    internal DisposeScope? Outer { get; }

    // A scope can be closed out of order or from another thread, which leaves a closed scope in this thread's chain;
    // tensors must never be handed to one (it would not dispose them again), so closed scopes are skipped.
    internal static DisposeScope? Current => Open(current);

    private static DisposeScope? Open(DisposeScope? scope)
    {
        while (scope is { disposed: true }) scope = scope.Outer;
        return scope;
    }

    /// <summary>The number of tensors this scope will dispose.</summary>
    public int DisposablesCount => owned.Count;

    internal void Add(torch.Tensor t)
    {
        var target = Open(this);
        if (target is null) return;
        target.owned.Add(t);
        t.OwningScope = target;
    }

    internal void Remove(torch.Tensor t) { owned.Remove(t); t.OwningScope = null; }

    /// <summary>Moves the tensor to the enclosing scope (or out of all scopes) and returns it.</summary>
    public torch.Tensor MoveToOuter(torch.Tensor tensor)
    {
        tensor.MoveToOuterDisposeScope();
        return tensor;
    }

    /// <summary>Moves the tensors to the enclosing scope (or out of all scopes).</summary>
    public void MoveToOuter(params torch.Tensor[] tensors)
    {
        foreach (var t in tensors) t.MoveToOuterDisposeScope();
    }

    /// <summary>Takes the tensors out of every scope; the caller then disposes them.</summary>
    public void Detach(params torch.Tensor[] tensors)
    {
        foreach (var t in tensors) t.DetachFromDisposeScope();
    }

    /// <summary>Disposes what the scope still owns and makes the enclosing scope current again.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var t in owned)
        {
            t.OwningScope = null;
            t.Dispose();
        }
        owned.Clear();
        // Scopes are expected to close innermost first; if an outer one is closed early, drop the inner ones too.
        if (ReferenceEquals(current, this)) current = Outer;
        else
        {
            for (var s = current; s is not null; s = s.Outer)
                if (ReferenceEquals(s.Outer, this)) { current = Outer; break; }
        }
    }
}

public static partial class torch
{
    /// <summary>Opens a dispose scope on this thread (see <see cref="DisposeScope"/>).</summary>
    public static DisposeScope NewDisposeScope() => new();
}
