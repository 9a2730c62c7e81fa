using static Symmetry.Torch.Native.NativeMethods;

namespace Symmetry.Torch;

// Static forms of the Tensor methods (torch.exp(t) as t.exp()), as TorchSharp and PyTorch offer both.
public static partial class torch
{
    /// <summary>|x|, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor abs(Tensor input) => NotNull(input).abs();
    /// <summary>−x, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor neg(Tensor input) => NotNull(input).neg();
    /// <summary>eˣ, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor exp(Tensor input) => NotNull(input).exp();
    /// <summary>ln x, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor log(Tensor input) => NotNull(input).log();
    /// <summary>ln(1 + x), accurate for small x, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor log1p(Tensor input) => NotNull(input).log1p();
    /// <summary>eˣ − 1, accurate for small x, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor expm1(Tensor input) => NotNull(input).expm1();
    /// <summary>√x, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor sqrt(Tensor input) => NotNull(input).sqrt();
    /// <summary>1/√x, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor rsqrt(Tensor input) => NotNull(input).rsqrt();
    /// <summary>sin x, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor sin(Tensor input) => NotNull(input).sin();
    /// <summary>cos x, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor cos(Tensor input) => NotNull(input).cos();
    /// <summary>tan x, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor tan(Tensor input) => NotNull(input).tan();
    /// <summary>arctan x, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor atan(Tensor input) => NotNull(input).atan();
    /// <summary>tanh x, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor tanh(Tensor input) => NotNull(input).tanh();
    /// <summary>1/(1 + e⁻ˣ), element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor sigmoid(Tensor input) => NotNull(input).sigmoid();
    /// <summary>max(x, 0), element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor relu(Tensor input) => NotNull(input).relu();
    /// <summary>sign(x) ∈ {−1, 0, 1}, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor sign(Tensor input) => NotNull(input).sign();
    /// <summary>x², element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor square(Tensor input) => NotNull(input).square();
    /// <summary>1/x, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor reciprocal(Tensor input) => NotNull(input).reciprocal();
    /// <summary>⌊x⌋, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor floor(Tensor input) => NotNull(input).floor();
    /// <summary>⌈x⌉, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor ceil(Tensor input) => NotNull(input).ceil();
    /// <summary>x rounded half to even, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor round(Tensor input) => NotNull(input).round();
    /// <summary>Whether each element is NaN, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor isnan(Tensor input) => NotNull(input).isnan();
    /// <summary>Whether each element is finite, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor isfinite(Tensor input) => NotNull(input).isfinite();
    /// <summary>Logical not, element-wise.</summary>
    /// <param name="input">The input.</param>
    public static Tensor logical_not(Tensor input) => NotNull(input).logical_not();
    /// <summary>input + other (broadcasting).</summary>
    /// <param name="input">The left operand.</param>
    /// <param name="other">The right operand.</param>
    public static Tensor add(Tensor input, Tensor other) => NotNull(input).add(other);
    /// <summary>input + alpha·other.</summary>
    /// <param name="input">The left operand.</param>
    /// <param name="other">The right operand.</param>
    /// <param name="alpha">Multiplier of <paramref name="other"/>.</param>
    public static Tensor add(Tensor input, Tensor other, Scalar alpha) => NotNull(input).add(other, alpha);
    /// <summary>input + s.</summary>
    /// <param name="input">The tensor.</param>
    /// <param name="other">The scalar.</param>
    public static Tensor add(Tensor input, Scalar other) => NotNull(input).add(other);
    /// <summary>input − other (broadcasting).</summary>
    /// <param name="input">The left operand.</param>
    /// <param name="other">The right operand.</param>
    public static Tensor sub(Tensor input, Tensor other) => NotNull(input).sub(other);
    /// <summary>input − s.</summary>
    /// <param name="input">The tensor.</param>
    /// <param name="other">The scalar.</param>
    public static Tensor sub(Tensor input, Scalar other) => NotNull(input).sub(other);
    /// <summary>input · other (broadcasting).</summary>
    /// <param name="input">The left operand.</param>
    /// <param name="other">The right operand.</param>
    public static Tensor mul(Tensor input, Tensor other) => NotNull(input).mul(other);
    /// <summary>input · s.</summary>
    /// <param name="input">The tensor.</param>
    /// <param name="other">The scalar.</param>
    public static Tensor mul(Tensor input, Scalar other) => NotNull(input).mul(other);
    /// <summary>input / other (true division, broadcasting).</summary>
    /// <param name="input">The left operand.</param>
    /// <param name="other">The right operand.</param>
    public static Tensor div(Tensor input, Tensor other) => NotNull(input).div(other);
    /// <summary>input / s.</summary>
    /// <param name="input">The tensor.</param>
    /// <param name="other">The scalar.</param>
    public static Tensor div(Tensor input, Scalar other) => NotNull(input).div(other);
    /// <summary>inputᵉˣᵖᵒⁿᵉⁿᵗ element-wise.</summary>
    /// <param name="input">The base.</param>
    /// <param name="exponent">The exponent (broadcasting).</param>
    public static Tensor pow(Tensor input, Tensor exponent) => NotNull(input).pow(exponent);
    /// <summary>inputᵉˣᵖᵒⁿᵉⁿᵗ.</summary>
    /// <param name="input">The base.</param>
    /// <param name="exponent">The exponent.</param>
    public static Tensor pow(Tensor input, Scalar exponent) => NotNull(input).pow(exponent);
    /// <summary>atan2(input, other), quadrant-aware.</summary>
    /// <param name="input">y.</param>
    /// <param name="other">x.</param>
    public static Tensor atan2(Tensor input, Tensor other) => NotNull(input).atan2(other);
    /// <summary>Remainder with the sign of the divisor.</summary>
    /// <param name="input">The dividend.</param>
    /// <param name="other">The divisor.</param>
    public static Tensor remainder(Tensor input, Tensor other) => NotNull(input).remainder(other);
    /// <summary>Element-wise maximum.</summary>
    /// <param name="input">The first operand.</param>
    /// <param name="other">The second operand (broadcasting).</param>
    public static Tensor maximum(Tensor input, Tensor other) => NotNull(input).maximum(other);
    /// <summary>Element-wise minimum.</summary>
    /// <param name="input">The first operand.</param>
    /// <param name="other">The second operand (broadcasting).</param>
    public static Tensor minimum(Tensor input, Tensor other) => NotNull(input).minimum(other);
    /// <summary>Clamps into [min, max]; a null bound is open.</summary>
    /// <param name="input">The input.</param>
    /// <param name="min">Lower bound, or null.</param>
    /// <param name="max">Upper bound, or null.</param>
    public static Tensor clamp(Tensor input, Scalar? min = null, Scalar? max = null) => NotNull(input).clamp(min, max);
    /// <summary>Fills positions where <paramref name="mask"/> is true with <paramref name="value"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="mask">Bool mask (broadcasting).</param>
    /// <param name="value">The fill.</param>
    public static Tensor masked_fill(Tensor input, Tensor mask, Scalar value) => NotNull(input).masked_fill(mask, value);
    /// <summary>|input − other| ≤ atol + rtol·|other| everywhere.</summary>
    /// <param name="input">The first tensor.</param>
    /// <param name="other">The second tensor.</param>
    /// <param name="rtol">Relative tolerance.</param>
    /// <param name="atol">Absolute tolerance.</param>
    public static bool allclose(Tensor input, Tensor other, double rtol = 1e-05, double atol = 1e-08) => NotNull(input).allclose(other, rtol, atol);

    /// <summary>Sum of all elements.</summary>
    /// <param name="input">The input.</param>
    /// <param name="type">Accumulate and return in this type.</param>
    public static Tensor sum(Tensor input, ScalarType? type = null) => NotNull(input).sum(type);
    /// <summary>Sum over <paramref name="dim"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim">The dimension reduced.</param>
    /// <param name="keepdim">Keep it with size 1.</param>
    /// <param name="type">Accumulate and return in this type.</param>
    public static Tensor sum(Tensor input, long dim, bool keepdim = false, ScalarType? type = null) => NotNull(input).sum(dim, keepdim, type);
    /// <summary>Sum over <paramref name="dim"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim">The dimensions reduced.</param>
    /// <param name="keepdim">Keep them with size 1.</param>
    /// <param name="type">Accumulate and return in this type.</param>
    public static Tensor sum(Tensor input, long[] dim, bool keepdim = false, ScalarType? type = null) => NotNull(input).sum(dim, keepdim, type);
    /// <summary>Mean of all elements.</summary>
    /// <param name="input">The input.</param>
    public static Tensor mean(Tensor input) => NotNull(input).mean();
    /// <summary>Mean over <paramref name="dimensions"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dimensions">The dimensions reduced.</param>
    /// <param name="keepdim">Keep them with size 1.</param>
    /// <param name="type">Accumulate and return in this type.</param>
    public static Tensor mean(Tensor input, long[] dimensions, bool keepdim = false, ScalarType? type = null) => NotNull(input).mean(dimensions, keepdim, type);
    /// <summary>Mean over <paramref name="dim"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim">The dimension reduced.</param>
    /// <param name="keepdim">Keep it with size 1.</param>
    public static Tensor mean(Tensor input, long dim, bool keepdim = false) => NotNull(input).mean(dim, keepdim);
    /// <summary>Product of all elements.</summary>
    /// <param name="input">The input.</param>
    /// <param name="type">Accumulate and return in this type.</param>
    public static Tensor prod(Tensor input, ScalarType? type = null) => NotNull(input).prod(type);
    /// <summary>Product over <paramref name="dim"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim">The dimension reduced.</param>
    /// <param name="keepdim">Keep it with size 1.</param>
    /// <param name="type">Accumulate and return in this type.</param>
    public static Tensor prod(Tensor input, long dim, bool keepdim = false, ScalarType? type = null) => NotNull(input).prod(dim, keepdim, type);
    /// <summary>Standard deviation of all elements.</summary>
    /// <param name="input">The input.</param>
    /// <param name="unbiased">Bessel's correction.</param>
    public static Tensor std(Tensor input, bool unbiased = true) => NotNull(input).std(unbiased);
    /// <summary>Standard deviation over <paramref name="dimensions"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dimensions">The dimensions reduced.</param>
    /// <param name="unbiased">Bessel's correction.</param>
    /// <param name="keepdim">Keep them with size 1.</param>
    /// <param name="type">Compute and return in this type.</param>
    public static Tensor std(Tensor input, long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => NotNull(input).std(dimensions, unbiased, keepdim, type);
    /// <summary>Standard deviation over <paramref name="dimensions"/> (one dimension).</summary>
    /// <param name="input">The input.</param>
    /// <param name="dimensions">The dimension reduced.</param>
    /// <param name="unbiased">Bessel's correction.</param>
    /// <param name="keepdim">Keep it with size 1.</param>
    /// <param name="type">Compute and return in this type.</param>
    public static Tensor std(Tensor input, long dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => NotNull(input).std(dimensions, unbiased, keepdim, type);
    /// <summary>Variance of all elements.</summary>
    /// <param name="input">The input.</param>
    /// <param name="unbiased">Bessel's correction.</param>
    public static Tensor var(Tensor input, bool unbiased = true) => NotNull(input).var(unbiased);
    /// <summary>Variance over <paramref name="dimensions"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dimensions">The dimensions reduced.</param>
    /// <param name="unbiased">Bessel's correction.</param>
    /// <param name="keepdim">Keep them with size 1.</param>
    /// <param name="type">Compute and return in this type.</param>
    public static Tensor var(Tensor input, long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => NotNull(input).var(dimensions, unbiased, keepdim, type);
    /// <summary>Variance over <paramref name="dimensions"/> (one dimension).</summary>
    /// <param name="input">The input.</param>
    /// <param name="dimensions">The dimension reduced.</param>
    /// <param name="unbiased">Bessel's correction.</param>
    /// <param name="keepdim">Keep it with size 1.</param>
    /// <param name="type">Compute and return in this type.</param>
    public static Tensor var(Tensor input, long dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => NotNull(input).var(dimensions, unbiased, keepdim, type);
    /// <summary>log Σ exp over <paramref name="dim"/>, computed stably.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim">The dimension reduced.</param>
    /// <param name="keepdim">Keep it with size 1.</param>
    public static Tensor logsumexp(Tensor input, long dim, bool keepdim = false) => NotNull(input).logsumexp(dim, keepdim);
    /// <summary>Largest element.</summary>
    /// <param name="input">The input.</param>
    public static Tensor max(Tensor input) => NotNull(input).max();
    /// <summary>Largest values and their indices along <paramref name="dim"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim">The dimension reduced.</param>
    /// <param name="keepdim">Keep it with size 1.</param>
    public static (Tensor values, Tensor indexes) max(Tensor input, long dim, bool keepdim = false) => NotNull(input).max(dim, keepdim);
    /// <summary>Smallest element.</summary>
    /// <param name="input">The input.</param>
    public static Tensor min(Tensor input) => NotNull(input).min();
    /// <summary>Smallest values and their indices along <paramref name="dim"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim">The dimension reduced.</param>
    /// <param name="keepdim">Keep it with size 1.</param>
    public static (Tensor values, Tensor indexes) min(Tensor input, long dim, bool keepdim = false) => NotNull(input).min(dim, keepdim);
    /// <summary>Flat index of the largest element.</summary>
    /// <param name="input">The input.</param>
    public static Tensor argmax(Tensor input) => NotNull(input).argmax();
    /// <summary>Indices of the largest elements along <paramref name="dim"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim">The dimension reduced.</param>
    /// <param name="keepdim">Keep it with size 1.</param>
    public static Tensor argmax(Tensor input, long dim, bool keepdim = false) => NotNull(input).argmax(dim, keepdim);
    /// <summary>Flat index of the smallest element.</summary>
    /// <param name="input">The input.</param>
    public static Tensor argmin(Tensor input) => NotNull(input).argmin();
    /// <summary>Indices of the smallest elements along <paramref name="dim"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim">The dimension reduced.</param>
    /// <param name="keepdim">Keep it with size 1.</param>
    public static Tensor argmin(Tensor input, long dim, bool keepdim = false) => NotNull(input).argmin(dim, keepdim);
    /// <summary>Cumulative sum along <paramref name="dim"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim">The dimension.</param>
    /// <param name="type">Accumulate and return in this type.</param>
    public static Tensor cumsum(Tensor input, long dim, ScalarType? type = null) => NotNull(input).cumsum(dim, type);
    /// <summary>p-norm of all elements.</summary>
    /// <param name="input">The input.</param>
    /// <param name="p">The order.</param>
    public static Tensor norm(Tensor input, float p = 2.0f) => NotNull(input).norm(p);
    /// <summary>p-norm over <paramref name="dimension"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dimension">The dimension reduced.</param>
    /// <param name="keepdim">Keep it with size 1.</param>
    /// <param name="p">The order.</param>
    public static Tensor norm(Tensor input, int dimension, bool keepdim = false, float p = 2.0f) => NotNull(input).norm(dimension, keepdim, p);

    /// <summary>A tensor with a new shape (a view when possible).</summary>
    /// <param name="input">The input.</param>
    /// <param name="shape">The new shape (one entry may be −1).</param>
    public static Tensor reshape(Tensor input, params long[] shape) => NotNull(input).reshape(shape);
    /// <summary>Flattens dims start_dim..end_dim.</summary>
    /// <param name="input">The input.</param>
    /// <param name="start_dim">First dim flattened.</param>
    /// <param name="end_dim">Last dim flattened.</param>
    public static Tensor flatten(Tensor input, long start_dim = 0, long end_dim = -1) => NotNull(input).flatten(start_dim, end_dim);
    /// <summary>Swaps two dimensions.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim0">First dim.</param>
    /// <param name="dim1">Second dim.</param>
    public static Tensor transpose(Tensor input, long dim0, long dim1) => NotNull(input).transpose(dim0, dim1);
    /// <summary>Reorders dimensions.</summary>
    /// <param name="input">The input.</param>
    /// <param name="permutation">The new order.</param>
    public static Tensor permute(Tensor input, params long[] permutation) => NotNull(input).permute(permutation);
    /// <summary>Inserts a dimension of size 1.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim">Where.</param>
    public static Tensor unsqueeze(Tensor input, long dim) => NotNull(input).unsqueeze(dim);
    /// <summary>Removes dimension <paramref name="dim"/> when its size is 1 (all size-1 dims when null).</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim">The dimension, or null for all.</param>
    public static Tensor squeeze(Tensor input, long? dim = null) => dim is null ? input.squeeze() : input.squeeze(dim.Value);
    /// <summary>The slice [start, start+length) of <paramref name="dim"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim">The dimension.</param>
    /// <param name="start">First index.</param>
    /// <param name="length">Number of entries.</param>
    public static Tensor narrow(Tensor input, long dim, long start, long length) => NotNull(input).narrow(dim, start, length);
    /// <summary>Entries of <paramref name="dim"/> picked by <paramref name="index"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim">The dimension.</param>
    /// <param name="index">int64 indices.</param>
    public static Tensor index_select(Tensor input, long dim, Tensor index) => NotNull(input).index_select(dim, index);
    /// <summary>Gathers values along <paramref name="dim"/> at <paramref name="index"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="dim">The dimension.</param>
    /// <param name="index">int64 indices, shaped as the output.</param>
    public static Tensor gather(Tensor input, long dim, Tensor index) => NotNull(input).gather(dim, index);
    /// <summary>A copy with its own storage, recorded by autograd.</summary>
    /// <param name="input">The input.</param>
    public static Tensor clone(Tensor input) => NotNull(input).clone();
}
