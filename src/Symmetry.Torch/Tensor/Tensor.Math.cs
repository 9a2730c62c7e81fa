using Symmetry.Torch.Native;
using static Symmetry.Torch.Native.NativeMethods;

namespace Symmetry.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        private static sbyte Opt(ScalarType? t) => t.HasValue ? (sbyte)t.Value : (sbyte)-1;

        // op applied to this tensor converted to type (the reduction then accumulates and returns in it).
        private Tensor Converted(ScalarType type, Func<Tensor, Tensor> op)
        {
            using var c = to(type);
            return op(c);
        }

        // ---- element-wise ----
        /// <summary>−x.</summary>
        public Tensor neg() => new(sym_math_neg(Handle));
        /// <summary>|x|.</summary>
        public Tensor abs() => new(sym_math_abs(Handle));
        /// <summary>eˣ.</summary>
        public Tensor exp() => new(sym_math_exp(Handle));
        /// <summary>ln x.</summary>
        public Tensor log() => new(sym_math_log(Handle));
        /// <summary>ln(1 + x), accurate for small x.</summary>
        public Tensor log1p() => new(sym_math_log1p(Handle));
        /// <summary>eˣ − 1, accurate for small x.</summary>
        public Tensor expm1() => new(sym_math_expm1(Handle));
        /// <summary>√x.</summary>
        public Tensor sqrt() => new(sym_math_sqrt(Handle));
        /// <summary>1/√x.</summary>
        public Tensor rsqrt() => new(sym_math_rsqrt(Handle));
        /// <summary>sin x.</summary>
        public Tensor sin() => new(sym_math_sin(Handle));
        /// <summary>cos x.</summary>
        public Tensor cos() => new(sym_math_cos(Handle));
        /// <summary>tan x.</summary>
        public Tensor tan() => new(sym_math_tan(Handle));
        /// <summary>arctan x.</summary>
        public Tensor atan() => new(sym_math_atan(Handle));
        /// <summary>atan2(this, other), quadrant-aware.</summary>
        public Tensor atan2(Tensor other) => new(sym_math_atan2(Handle, Arg(other)));
        /// <summary>tanh x.</summary>
        public Tensor tanh() => new(sym_math_tanh(Handle));
        /// <summary>1/(1 + e⁻ˣ).</summary>
        public Tensor sigmoid() => new(sym_math_sigmoid(Handle));
        /// <summary>max(x, 0).</summary>
        public Tensor relu() => new(sym_math_relu(Handle));
        /// <summary>sign(x) ∈ {−1, 0, 1}.</summary>
        public Tensor sign() => new(sym_math_sign(Handle));
        /// <summary>x².</summary>
        public Tensor square() => new(sym_math_square(Handle));
        /// <summary>1/x.</summary>
        public Tensor reciprocal() => new(sym_math_reciprocal(Handle));
        /// <summary>⌊x⌋.</summary>
        public Tensor floor() => new(sym_math_floor(Handle));
        /// <summary>⌈x⌉.</summary>
        public Tensor ceil() => new(sym_math_ceil(Handle));
        /// <summary>Round half to even.</summary>
        public Tensor round() => new(sym_math_round(Handle));
        /// <summary>Logical not (bool result).</summary>
        public Tensor logical_not() => new(sym_math_logical_not(Handle));
        /// <summary>Logical and (bool result).</summary>
        public Tensor logical_and(Tensor other) => new(sym_math_logical_and(Handle, Arg(other)));
        /// <summary>Logical or (bool result).</summary>
        public Tensor logical_or(Tensor other) => new(sym_math_logical_or(Handle, Arg(other)));
        /// <summary>Element is NaN.</summary>
        public Tensor isnan() => new(sym_math_isnan(Handle));
        /// <summary>Element is finite (not NaN, not ±∞).</summary>
        public Tensor isfinite() => new(sym_math_isfinite(Handle));
        /// <summary>Real part of a complex tensor (a view).</summary>
        public Tensor real => new(sym_math_real(Handle));
        /// <summary>Imaginary part of a complex tensor (a view).</summary>
        public Tensor imag => new(sym_math_imag(Handle));
        /// <summary>Complex conjugate (a copy; the identity for real tensors).</summary>
        public Tensor conj() => new(sym_math_conj(Handle));
        /// <summary>Argument of each complex element.</summary>
        public Tensor angle() => new(sym_math_angle(Handle));

        /// <summary>this + other (broadcasting).</summary>
        public Tensor add(Tensor other) => new(sym_math_add(Handle, Arg(other)));
        /// <summary>this + alpha·other.</summary>
        public Tensor add(Tensor other, Scalar alpha) { using var s = other.mul(alpha); return add(s); }
        /// <summary>this + s.</summary>
        public Tensor add(Scalar s) => new(sym_math_add_scalar(Handle, s.D, s.L, s.Kind));
        /// <summary>this − other.</summary>
        public Tensor sub(Tensor other) => new(sym_math_sub(Handle, Arg(other)));
        /// <summary>this − s.</summary>
        public Tensor sub(Scalar s) => new(sym_math_sub_scalar(Handle, s.D, s.L, s.Kind));
        /// <summary>this · other.</summary>
        public Tensor mul(Tensor other) => new(sym_math_mul(Handle, Arg(other)));
        /// <summary>this · s.</summary>
        public Tensor mul(Scalar s) => new(sym_math_mul_scalar(Handle, s.D, s.L, s.Kind));
        /// <summary>this / other (true division).</summary>
        public Tensor div(Tensor other) => new(sym_math_div(Handle, Arg(other)));
        /// <summary>this / s (true division).</summary>
        public Tensor div(Scalar s) => new(sym_math_div_scalar(Handle, s.D, s.L, s.Kind));
        /// <summary>thisᵉˣᵖ element-wise.</summary>
        public Tensor pow(Tensor exponent) => new(sym_math_pow(Handle, Arg(exponent)));
        /// <summary>thisᵉˣᵖ.</summary>
        public Tensor pow(Scalar exponent) => new(sym_math_pow_scalar(Handle, exponent.D, exponent.L, exponent.Kind));
        /// <summary>Remainder with the sign of the divisor (Python's %).</summary>
        public Tensor remainder(Tensor other) => new(sym_math_remainder(Handle, Arg(other)));
        /// <summary>Remainder with the sign of the divisor (Python's %).</summary>
        public Tensor remainder(Scalar s) => new(sym_math_remainder_scalar(Handle, s.D, s.L, s.Kind));
        /// <summary>Element-wise maximum.</summary>
        public Tensor maximum(Tensor other) => new(sym_math_maximum(Handle, Arg(other)));
        /// <summary>Element-wise minimum.</summary>
        public Tensor minimum(Tensor other) => new(sym_math_minimum(Handle, Arg(other)));
        /// <summary>Clamps into [min, max]; a null bound is open.</summary>
        public Tensor clamp(Scalar? min = null, Scalar? max = null) =>
            new(sym_math_clamp(Handle, min.HasValue ? 1 : 0, min?.ToDouble() ?? 0, max.HasValue ? 1 : 0, max?.ToDouble() ?? 0));
        /// <summary>Clamps in place.</summary>
        public Tensor clamp_(Scalar? min = null, Scalar? max = null) =>
            new(sym_math_clamp_(Handle, min.HasValue ? 1 : 0, min?.ToDouble() ?? 0, max.HasValue ? 1 : 0, max?.ToDouble() ?? 0));
        /// <summary>Fills positions where <paramref name="mask"/> is true with <paramref name="value"/>.</summary>
        public Tensor masked_fill(Tensor mask, Scalar value) => new(sym_math_masked_fill(Handle, Arg(mask), value.D, value.L, value.Kind));
        /// <summary>Where <paramref name="condition"/> is true this, else <paramref name="other"/>.</summary>
        public Tensor where(Tensor condition, Tensor other) => new(sym_math_where(Arg(condition), Handle, Arg(other)));
        /// <summary>|this − other| ≤ atol + rtol·|other| everywhere.</summary>
        public bool allclose(Tensor other, double rtol = 1e-05, double atol = 1e-08)
        {
            using var r = new Tensor(sym_math_allclose(Handle, Arg(other), rtol, atol));
            return r.item<bool>();
        }

        // ---- in place (each returns a fresh handle to this tensor) ----
        /// <summary>this += other.</summary>
        public Tensor add_(Tensor other) => new(sym_math_add_(Handle, Arg(other)));
        /// <summary>this += alpha·other.</summary>
        public Tensor add_(Tensor other, Scalar alpha) => new(sym_math_add_alpha_(Handle, Arg(other), alpha.ToDouble()));
        /// <summary>this += s.</summary>
        public Tensor add_(Scalar s) => new(sym_math_add__scalar(Handle, s.D, s.L, s.Kind));
        /// <summary>this −= other.</summary>
        public Tensor sub_(Tensor other) => new(sym_math_sub_(Handle, Arg(other)));
        /// <summary>this −= s.</summary>
        public Tensor sub_(Scalar s) => new(sym_math_sub__scalar(Handle, s.D, s.L, s.Kind));
        /// <summary>this *= other.</summary>
        public Tensor mul_(Tensor other) => new(sym_math_mul_(Handle, Arg(other)));
        /// <summary>this *= s.</summary>
        public Tensor mul_(Scalar s) => new(sym_math_mul__scalar(Handle, s.D, s.L, s.Kind));
        /// <summary>this /= other.</summary>
        public Tensor div_(Tensor other) => new(sym_math_div_(Handle, Arg(other)));
        /// <summary>this /= s.</summary>
        public Tensor div_(Scalar s) => new(sym_math_div__scalar(Handle, s.D, s.L, s.Kind));
        /// <summary>Fills with s.</summary>
        public Tensor fill_(Scalar s) => new(sym_math_fill__scalar(Handle, s.D, s.L, s.Kind));
        /// <summary>Fills with zeros.</summary>
        public Tensor zero_() => new(sym_math_zero_(Handle));
        /// <summary>Negates in place.</summary>
        public Tensor neg_() => new(sym_math_neg_(Handle));
        /// <summary>eˣ in place.</summary>
        public Tensor exp_() => new(sym_math_exp_(Handle));
        /// <summary>√x in place.</summary>
        public Tensor sqrt_() => new(sym_math_sqrt_(Handle));
        /// <summary>max(x, 0) in place.</summary>
        public Tensor relu_() => new(sym_math_relu_(Handle));
        /// <summary>this += value·t1·t2.</summary>
        public Tensor addcmul_(Tensor tensor1, Tensor tensor2, Scalar value) => new(sym_math_addcmul_(Handle, Arg(tensor1), Arg(tensor2), value.ToDouble()));
        /// <summary>this += value·t1/t2.</summary>
        public Tensor addcdiv_(Tensor tensor1, Tensor tensor2, Scalar value) => new(sym_math_addcdiv_(Handle, Arg(tensor1), Arg(tensor2), value.ToDouble()));

        // ---- comparisons (bool results) ----
        /// <summary>this == other.</summary>
        public Tensor eq(Tensor other) => new(sym_math_eq(Handle, Arg(other)));
        /// <summary>this == s.</summary>
        public Tensor eq(Scalar s) => new(sym_math_eq_scalar(Handle, s.D, s.L, s.Kind));
        /// <summary>this != other.</summary>
        public Tensor ne(Tensor other) => new(sym_math_ne(Handle, Arg(other)));
        /// <summary>this != s.</summary>
        public Tensor ne(Scalar s) => new(sym_math_ne_scalar(Handle, s.D, s.L, s.Kind));
        /// <summary>this &lt; other.</summary>
        public Tensor lt(Tensor other) => new(sym_math_lt(Handle, Arg(other)));
        /// <summary>this &lt; s.</summary>
        public Tensor lt(Scalar s) => new(sym_math_lt_scalar(Handle, s.D, s.L, s.Kind));
        /// <summary>this ≤ other.</summary>
        public Tensor le(Tensor other) => new(sym_math_le(Handle, Arg(other)));
        /// <summary>this ≤ s.</summary>
        public Tensor le(Scalar s) => new(sym_math_le_scalar(Handle, s.D, s.L, s.Kind));
        /// <summary>this &gt; other.</summary>
        public Tensor gt(Tensor other) => new(sym_math_gt(Handle, Arg(other)));
        /// <summary>this &gt; s.</summary>
        public Tensor gt(Scalar s) => new(sym_math_gt_scalar(Handle, s.D, s.L, s.Kind));
        /// <summary>this ≥ other.</summary>
        public Tensor ge(Tensor other) => new(sym_math_ge(Handle, Arg(other)));
        /// <summary>this ≥ s.</summary>
        public Tensor ge(Scalar s) => new(sym_math_ge_scalar(Handle, s.D, s.L, s.Kind));

        // ---- reductions ----
        /// <summary>Sum of all elements.</summary>
        public Tensor sum(ScalarType? type = null) => new(sym_math_sum(Handle, null, -1, 0, Opt(type)));
        /// <summary>Sum over <paramref name="dim"/>.</summary>
        public Tensor sum(long dim, bool keepdim = false, ScalarType? type = null) => new(sym_math_sum(Handle, [dim], 1, keepdim ? 1 : 0, Opt(type)));
        /// <summary>Sum over <paramref name="dim"/>.</summary>
        public Tensor sum(long[] dim, bool keepdim = false, ScalarType? type = null) => new(sym_math_sum(Handle, dim, dim.Length, keepdim ? 1 : 0, Opt(type)));
        /// <summary>Mean of all elements.</summary>
        public Tensor mean(ScalarType? type = null) => new(sym_math_mean(Handle, null, -1, 0, Opt(type)));
        /// <summary>Mean over <paramref name="dim"/>.</summary>
        public Tensor mean(long dim, bool keepdim = false, ScalarType? type = null) => new(sym_math_mean(Handle, [dim], 1, keepdim ? 1 : 0, Opt(type)));
        /// <summary>Mean over <paramref name="dimensions"/>.</summary>
        public Tensor mean(long[] dimensions, bool keepdim = false, ScalarType? type = null) => new(sym_math_mean(Handle, dimensions, dimensions.Length, keepdim ? 1 : 0, Opt(type)));
        /// <summary>Product of all elements.</summary>
        public Tensor prod(ScalarType? type = null) => type is { } t ? Converted(t, c => c.prod()) : new(sym_math_prod(Handle, 0, 1, 0));
        /// <summary>Product over <paramref name="dim"/>.</summary>
        public Tensor prod(long dim, bool keepdim = false, ScalarType? type = null) =>
            type is { } t ? Converted(t, c => c.prod(dim, keepdim)) : new(sym_math_prod(Handle, dim, 0, keepdim ? 1 : 0));
        /// <summary>Standard deviation of all elements (Bessel-corrected when <paramref name="unbiased"/>).</summary>
        public Tensor std(bool unbiased = true) => new(sym_math_std(Handle, null, -1, unbiased ? 1 : 0, 0));
        /// <summary>Standard deviation over <paramref name="dimensions"/>.</summary>
        public Tensor std(long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
            type is { } t ? Converted(t, c => c.std(dimensions, unbiased, keepdim)) : new(sym_math_std(Handle, dimensions, Count(dimensions), unbiased ? 1 : 0, keepdim ? 1 : 0));
        /// <summary>Standard deviation over <paramref name="dimension"/>.</summary>
        public Tensor std(long dimension, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => std([dimension], unbiased, keepdim, type);
        /// <summary>Variance of all elements.</summary>
        public Tensor var(bool unbiased = true) => new(sym_math_var(Handle, null, -1, unbiased ? 1 : 0, 0));
        /// <summary>Variance over <paramref name="dimensions"/>.</summary>
        public Tensor var(long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
            type is { } t ? Converted(t, c => c.var(dimensions, unbiased, keepdim)) : new(sym_math_var(Handle, dimensions, Count(dimensions), unbiased ? 1 : 0, keepdim ? 1 : 0));
        /// <summary>Variance over <paramref name="dimension"/>.</summary>
        public Tensor var(long dimension, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => var([dimension], unbiased, keepdim, type);
        /// <summary>log Σ exp over <paramref name="dim"/>, computed stably.</summary>
        public Tensor logsumexp(long dim, bool keepdim = false) => new(sym_math_logsumexp(Handle, [dim], 1, keepdim ? 1 : 0));
        /// <summary>Largest element.</summary>
        public Tensor max() => new(sym_math_max_all(Handle));
        /// <summary>Smallest element.</summary>
        public Tensor min() => new(sym_math_min_all(Handle));
        /// <summary>Largest values and their indices along <paramref name="dim"/>.</summary>
        public (Tensor values, Tensor indexes) max(long dim, bool keepdim = false)
        {
            var v = sym_math_max_dim(Handle, dim, keepdim ? 1 : 0, out var i);
            var values = new Tensor(v);
            return (values, new Tensor(i));
        }
        /// <summary>Smallest values and their indices along <paramref name="dim"/>.</summary>
        public (Tensor values, Tensor indexes) min(long dim, bool keepdim = false)
        {
            var v = sym_math_min_dim(Handle, dim, keepdim ? 1 : 0, out var i);
            var values = new Tensor(v);
            return (values, new Tensor(i));
        }
        /// <summary>Sorted values and the permutation along <paramref name="dim"/>.</summary>
        public (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false)
        {
            var v = sym_math_sort(Handle, dim, descending ? 1 : 0, out var i);
            var values = new Tensor(v);
            return (values, new Tensor(i));
        }
        /// <summary>Flat index of the largest element.</summary>
        public Tensor argmax() => new(sym_math_argmax(Handle, 0, 1, 0));
        /// <summary>Indices of the largest elements along <paramref name="dim"/>.</summary>
        public Tensor argmax(long dim, bool keepdim = false) => new(sym_math_argmax(Handle, dim, 0, keepdim ? 1 : 0));
        /// <summary>Flat index of the smallest element.</summary>
        public Tensor argmin() => new(sym_math_argmin(Handle, 0, 1, 0));
        /// <summary>Indices of the smallest elements along <paramref name="dim"/>.</summary>
        public Tensor argmin(long dim, bool keepdim = false) => new(sym_math_argmin(Handle, dim, 0, keepdim ? 1 : 0));
        /// <summary>Cumulative sum along <paramref name="dim"/>.</summary>
        public Tensor cumsum(long dim, ScalarType? type = null) => type is { } t ? Converted(t, c => c.cumsum(dim)) : new(sym_math_cumsum(Handle, dim));
        /// <summary>p-norm of all elements (p = 2: Frobenius).</summary>
        public Tensor norm(float p = 2.0f) => new(sym_math_norm(Handle, p, null, -1, 0));
        /// <summary>p-norm over <paramref name="dim"/>.</summary>
        public Tensor norm(long dim, bool keepdim = false, float p = 2.0f) => new(sym_math_norm(Handle, p, [dim], 1, keepdim ? 1 : 0));
        /// <summary>True when any element is non-zero.</summary>
        public Tensor any() => new(sym_math_any(Handle));
        /// <summary>True when every element is non-zero.</summary>
        public Tensor all() => new(sym_math_all(Handle));

        // ---- operators ----
        /// <summary>Element-wise sum.</summary>
        public static Tensor operator +(Tensor a, Tensor b) => NotNull(a).add(b);
        /// <summary>Adds a scalar.</summary>
        public static Tensor operator +(Tensor a, Scalar b) => NotNull(a).add(b);
        /// <summary>Adds a scalar.</summary>
        public static Tensor operator +(Scalar a, Tensor b) => NotNull(b).add(a);
        /// <summary>Element-wise difference.</summary>
        public static Tensor operator -(Tensor a, Tensor b) => NotNull(a).sub(b);
        /// <summary>Subtracts a scalar.</summary>
        public static Tensor operator -(Tensor a, Scalar b) => NotNull(a).sub(b);
        /// <summary>Scalar minus tensor.</summary>
        public static Tensor operator -(Scalar a, Tensor b) => new(sym_math_rsub_scalar(Arg(b), a.D, a.L, a.Kind));
        /// <summary>Negation.</summary>
        public static Tensor operator -(Tensor a) => NotNull(a).neg();
        /// <summary>Element-wise product.</summary>
        public static Tensor operator *(Tensor a, Tensor b) => NotNull(a).mul(b);
        /// <summary>Multiplies by a scalar.</summary>
        public static Tensor operator *(Tensor a, Scalar b) => NotNull(a).mul(b);
        /// <summary>Multiplies by a scalar.</summary>
        public static Tensor operator *(Scalar a, Tensor b) => NotNull(b).mul(a);
        /// <summary>Element-wise true division.</summary>
        public static Tensor operator /(Tensor a, Tensor b) => NotNull(a).div(b);
        /// <summary>Divides by a scalar.</summary>
        public static Tensor operator /(Tensor a, Scalar b) => NotNull(a).div(b);
        /// <summary>Scalar divided by tensor.</summary>
        public static Tensor operator /(Scalar a, Tensor b) { using var r = NotNull(b).reciprocal(); return r.mul(a); }
        /// <summary>Remainder (Python's %).</summary>
        public static Tensor operator %(Tensor a, Tensor b) => NotNull(a).remainder(b);
        /// <summary>Remainder (Python's %).</summary>
        public static Tensor operator %(Tensor a, Scalar b) => NotNull(a).remainder(b);
        /// <summary>Element-wise a &lt; b.</summary>
        public static Tensor operator <(Tensor a, Tensor b) => NotNull(a).lt(b);
        /// <summary>Element-wise a &gt; b.</summary>
        public static Tensor operator >(Tensor a, Tensor b) => NotNull(a).gt(b);
        /// <summary>Element-wise a ≤ b.</summary>
        public static Tensor operator <=(Tensor a, Tensor b) => NotNull(a).le(b);
        /// <summary>Element-wise a ≥ b.</summary>
        public static Tensor operator >=(Tensor a, Tensor b) => NotNull(a).ge(b);
        /// <summary>Element-wise a &lt; s.</summary>
        public static Tensor operator <(Tensor a, Scalar b) => NotNull(a).lt(b);
        /// <summary>Element-wise a &gt; s.</summary>
        public static Tensor operator >(Tensor a, Scalar b) => NotNull(a).gt(b);
        /// <summary>Element-wise a ≤ s.</summary>
        public static Tensor operator <=(Tensor a, Scalar b) => NotNull(a).le(b);
        /// <summary>Element-wise a ≥ s.</summary>
        public static Tensor operator >=(Tensor a, Scalar b) => NotNull(a).ge(b);
        /// <summary>Logical and of bool tensors.</summary>
        public static Tensor operator &(Tensor a, Tensor b) => NotNull(a).logical_and(b);
        /// <summary>Logical or of bool tensors.</summary>
        public static Tensor operator |(Tensor a, Tensor b) => NotNull(a).logical_or(b);
    }

    /// <summary>A complex tensor real + i·imag (float32 → complex64, float64 → complex128).</summary>
    public static Tensor complex(Tensor real, Tensor imag) => new(sym_math_complex(Arg(real), Arg(imag)));
    /// <summary>A real view of a complex tensor with a trailing dimension of size 2 (real, imaginary).</summary>
    public static Tensor view_as_real(Tensor input) => new(sym_math_view_as_real(Arg(input)));
    /// <summary>A complex view of a real tensor whose last dimension has size 2.</summary>
    public static Tensor view_as_complex(Tensor input) => new(sym_math_view_as_complex(Arg(input)));
    /// <summary>Complex conjugate.</summary>
    public static Tensor conj(Tensor input) => input.conj();

    /// <summary>scalar ** tensor.</summary>
    public static Tensor pow(Scalar self, Tensor exponent) => new(sym_math_scalar_pow(self.D, self.L, self.Kind, Arg(exponent)));
    /// <summary>Where <paramref name="condition"/> is true x, else y.</summary>
    public static Tensor where(Tensor condition, Tensor x, Tensor y) => x.where(condition, y);
}
