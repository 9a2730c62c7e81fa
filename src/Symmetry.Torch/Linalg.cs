using static Symmetry.Torch.Native.NativeMethods;

namespace Symmetry.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>Matrix product with NumPy broadcasting rules (vector·vector, matrix·vector, batched).</summary>
        /// <param name="target">The right operand.</param>
        public Tensor matmul(Tensor target) => new(sym_linalg_matmul(Handle, Arg(target)));

        /// <summary>Product of two 2-D matrices (no broadcasting).</summary>
        /// <param name="target">The right (k, m) matrix.</param>
        public Tensor mm(Tensor target) => new(sym_linalg_mm(Handle, Arg(target)));

        /// <summary>Batched product of (b, n, k) and (b, k, m).</summary>
        /// <param name="batch2">The right (b, k, m) batch.</param>
        public Tensor bmm(Tensor batch2) => new(sym_linalg_bmm(Handle, Arg(batch2)));

        /// <summary>beta·this + alpha·(mat1 @ mat2), in one BLAS call.</summary>
        /// <param name="mat1">(n, k).</param>
        /// <param name="mat2">(k, m).</param>
        /// <param name="beta">Weight of this tensor.</param>
        /// <param name="alpha">Weight of the product.</param>
        public Tensor addmm(Tensor mat1, Tensor mat2, double beta = 1, double alpha = 1) => new(sym_linalg_addmm(Handle, Arg(mat1), Arg(mat2), beta, alpha));

        /// <summary>The outer product of two vectors.</summary>
        /// <param name="vec2">The second vector.</param>
        public Tensor outer(Tensor vec2) => new(sym_linalg_outer(Handle, Arg(vec2)));

        /// <summary>The inverse of a square matrix (or of each in a batch).</summary>
        public Tensor inverse() => new(sym_linalg_inv(Handle));

        /// <summary>The matrix exponential of a square matrix (or of each in a batch).</summary>
        public Tensor matrix_exp() => new(sym_linalg_matrix_exp(Handle));
    }

    /// <summary>Matrix product with NumPy broadcasting rules.</summary>
    /// <param name="input">The left operand.</param>
    /// <param name="other">The right operand.</param>
    public static Tensor matmul(Tensor input, Tensor other) => input.matmul(other);

    /// <summary>Product of two 2-D matrices.</summary>
    /// <param name="input">(n, k).</param>
    /// <param name="mat2">(k, m).</param>
    public static Tensor mm(Tensor input, Tensor mat2) => input.mm(mat2);

    /// <summary>Batched matrix product.</summary>
    /// <param name="input">(b, n, k).</param>
    /// <param name="batch2">(b, k, m).</param>
    public static Tensor bmm(Tensor input, Tensor batch2) => input.bmm(batch2);

    /// <summary>beta·input + alpha·(mat1 @ mat2).</summary>
    /// <param name="input">The added term, broadcastable to (n, m).</param>
    /// <param name="mat1">(n, k).</param>
    /// <param name="mat2">(k, m).</param>
    /// <param name="beta">Weight of <paramref name="input"/>.</param>
    /// <param name="alpha">Weight of the product.</param>
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2, double beta = 1, double alpha = 1) => input.addmm(mat1, mat2, beta, alpha);

    /// <summary>The outer product of two vectors.</summary>
    /// <param name="input">The first vector.</param>
    /// <param name="vec2">The second vector.</param>
    public static Tensor outer(Tensor input, Tensor vec2) => input.outer(vec2);

    /// <summary>Einstein summation, e.g. <c>einsum("bij,bjk->bik", a, b)</c>.</summary>
    /// <param name="equation">The subscripts, as in NumPy/PyTorch.</param>
    /// <param name="tensors">The operands.</param>
    public static Tensor einsum(string equation, params Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(equation);
        ArgumentNullException.ThrowIfNull(tensors);
        var h = Handles(tensors);
        var r = sym_linalg_einsum(equation, h, h.Length);
        GC.KeepAlive(tensors);
        return new Tensor(r);
    }

    /// <summary>The inverse of a square matrix (or of each in a batch).</summary>
    /// <param name="input">(…, n, n).</param>
    public static Tensor inverse(Tensor input) => input.inverse();

    /// <summary>The matrix exponential.</summary>
    /// <param name="input">(…, n, n).</param>
    public static Tensor matrix_exp(Tensor input) => input.matrix_exp();

    /// <summary>torch.linalg.</summary>
    public static class linalg
    {
        /// <summary>The matrix exponential exp(A) = Σ Aᵏ/k! of a square matrix (or of each in a batch); differentiable.</summary>
        /// <param name="input">(…, n, n).</param>
        public static Tensor matrix_exp(Tensor input) => input.matrix_exp();

        /// <summary>The inverse of a square matrix; throws when it is singular.</summary>
        /// <param name="input">(…, n, n).</param>
        public static Tensor inv(Tensor input) => input.inverse();

        /// <summary>The solution X of A·X = B.</summary>
        /// <param name="A">(…, n, n).</param>
        /// <param name="B">(…, n, k) or (…, n).</param>
        public static Tensor solve(Tensor A, Tensor B) => new(sym_linalg_solve(A.Handle, B.Handle));

        /// <summary>The determinant.</summary>
        /// <param name="input">(…, n, n).</param>
        public static Tensor det(Tensor input) => new(sym_linalg_det(Arg(input)));

        /// <summary>The eigenvalues of a square matrix, as a complex tensor (use <see cref="Tensor.real"/>/<see cref="Tensor.imag"/>).</summary>
        /// <param name="input">(…, n, n).</param>
        public static Tensor eigvals(Tensor input) => new(sym_linalg_eigvals(Arg(input)));

        /// <summary>
        /// A vector or matrix norm. Without <paramref name="dims"/>: the 2-norm of the flattened input (ord null), the vector
        /// <paramref name="ord"/>-norm of a 1-D input, or the matrix <paramref name="ord"/>-norm of a 2-D input. With one dim a
        /// vector norm, with two a matrix norm.
        /// </summary>
        /// <param name="input">The input.</param>
        /// <param name="ord">The order (∞ allowed); null for the default.</param>
        /// <param name="dims">Dimensions reduced, or null.</param>
        /// <param name="keepdim">Keep reduced dims with size 1.</param>
        public static Tensor norm(Tensor input, double? ord = null, long[]? dims = null, bool keepdim = false) =>
            new(sym_linalg_norm(Arg(input), ord.HasValue ? 1 : 0, ord ?? 0, dims, dims?.Length ?? -1, keepdim ? 1 : 0));

        /// <summary>A matrix norm by name: "fro" (Frobenius) or "nuc" (nuclear).</summary>
        /// <param name="input">The input (at least 2-D).</param>
        /// <param name="ord">"fro" or "nuc".</param>
        /// <param name="dims">The two matrix dimensions, or null for the last two.</param>
        /// <param name="keepdim">Keep reduced dims with size 1.</param>
        public static Tensor norm(Tensor input, string ord, long[]? dims = null, bool keepdim = false)
        {
            ArgumentNullException.ThrowIfNull(ord);
            return new(sym_linalg_norm_str(Arg(input), ord, dims, dims?.Length ?? -1, keepdim ? 1 : 0));
        }
    }
}
