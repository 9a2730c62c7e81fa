// Element-wise maths, comparisons and reductions (broadcasting as ATen).
#include "common.h"

#define SCALAR_PARAMS double d, int64_t l, int8_t kind
#define SCALAR sym::scalar(d, l, kind)

#define UNARY(name, expr) SYM_EXPORT Tensor sym_math_##name(Tensor a) { SYM_TENSOR(expr) }
#define UNARY_(name, expr) SYM_EXPORT Tensor sym_math_##name##_(Tensor a) { SYM_TENSOR(expr) }
UNARY(neg, at::neg(*a))
UNARY(abs, at::abs(*a))
UNARY(exp, at::exp(*a))
UNARY(log, at::log(*a))
UNARY(log1p, at::log1p(*a))
UNARY(expm1, at::expm1(*a))
UNARY(sqrt, at::sqrt(*a))
UNARY(rsqrt, at::rsqrt(*a))
UNARY(sin, at::sin(*a))
UNARY(cos, at::cos(*a))
UNARY(tan, at::tan(*a))
UNARY(atan, at::atan(*a))
UNARY(tanh, at::tanh(*a))
UNARY(sigmoid, at::sigmoid(*a))
UNARY(relu, at::relu(*a))
UNARY(sign, at::sign(*a))
UNARY(square, at::square(*a))
UNARY(reciprocal, at::reciprocal(*a))
UNARY(floor, at::floor(*a))
UNARY(ceil, at::ceil(*a))
UNARY(round, at::round(*a))
UNARY(logical_not, at::logical_not(*a))
UNARY(isnan, at::isnan(*a))
UNARY(isfinite, at::isfinite(*a))
UNARY(real, at::real(*a))
UNARY(imag, at::imag(*a))
UNARY(angle, at::angle(*a))
UNARY(conj, at::conj_physical(*a))
UNARY(view_as_real, at::view_as_real(*a))
UNARY(view_as_complex, at::view_as_complex(*a))
UNARY_(neg, a->neg_())
UNARY_(exp, a->exp_())
UNARY_(relu, a->relu_())
UNARY_(zero, a->zero_())
UNARY_(sqrt, a->sqrt_())

#define BINARY(name, expr) \
    SYM_EXPORT Tensor sym_math_##name(Tensor a, Tensor b) { SYM_TENSOR(expr) }
#define BINARY_S(name, expr) \
    SYM_EXPORT Tensor sym_math_##name##_scalar(Tensor a, SCALAR_PARAMS) { SYM_TENSOR(expr) }
BINARY(add, at::add(*a, *b))
BINARY(sub, at::sub(*a, *b))
BINARY(mul, at::mul(*a, *b))
BINARY(div, at::div(*a, *b))
BINARY(pow, at::pow(*a, *b))
BINARY(maximum, at::maximum(*a, *b))
BINARY(minimum, at::minimum(*a, *b))
BINARY(atan2, at::atan2(*a, *b))
BINARY(remainder, at::remainder(*a, *b))
BINARY(eq, at::eq(*a, *b))
BINARY(ne, at::ne(*a, *b))
BINARY(lt, at::lt(*a, *b))
BINARY(le, at::le(*a, *b))
BINARY(gt, at::gt(*a, *b))
BINARY(ge, at::ge(*a, *b))
BINARY(logical_and, at::logical_and(*a, *b))
BINARY(logical_or, at::logical_or(*a, *b))
BINARY(add_, a->add_(*b))
BINARY(sub_, a->sub_(*b))
BINARY(mul_, a->mul_(*b))
BINARY(div_, a->div_(*b))
BINARY_S(add, at::add(*a, SCALAR))
BINARY_S(sub, at::sub(*a, SCALAR))
BINARY_S(rsub, at::rsub(*a, SCALAR))
BINARY_S(mul, at::mul(*a, SCALAR))
BINARY_S(div, at::div(*a, SCALAR))
BINARY_S(pow, at::pow(*a, SCALAR))
BINARY_S(remainder, at::remainder(*a, SCALAR))
BINARY_S(eq, at::eq(*a, SCALAR))
BINARY_S(ne, at::ne(*a, SCALAR))
BINARY_S(lt, at::lt(*a, SCALAR))
BINARY_S(le, at::le(*a, SCALAR))
BINARY_S(gt, at::gt(*a, SCALAR))
BINARY_S(ge, at::ge(*a, SCALAR))
BINARY_S(add_, a->add_(SCALAR))
BINARY_S(sub_, a->sub_(SCALAR))
BINARY_S(mul_, a->mul_(SCALAR))
BINARY_S(div_, a->div_(SCALAR))
BINARY_S(fill_, a->fill_(SCALAR))

// complex(real, imag) from two real tensors of the same dtype.
SYM_EXPORT Tensor sym_math_complex(Tensor re, Tensor im) { SYM_TENSOR(at::complex(*re, *im)) }

// scalar ** tensor
SYM_EXPORT Tensor sym_math_scalar_pow(SCALAR_PARAMS, Tensor b) { SYM_TENSOR(at::pow(SCALAR, *b)) }
// a + alpha * b, in place: the fused update optimizers use.
SYM_EXPORT Tensor sym_math_add_alpha_(Tensor a, Tensor b, double alpha) { SYM_TENSOR(a->add_(*b, alpha)) }
SYM_EXPORT Tensor sym_math_addcmul_(Tensor a, Tensor b, Tensor c, double value) { SYM_TENSOR(a->addcmul_(*b, *c, value)) }
SYM_EXPORT Tensor sym_math_addcdiv_(Tensor a, Tensor b, Tensor c, double value) { SYM_TENSOR(a->addcdiv_(*b, *c, value)) }
SYM_EXPORT Tensor sym_math_clamp(Tensor a, int32_t has_min, double min, int32_t has_max, double max) {
    SYM_TENSOR(at::clamp(*a, has_min ? c10::optional<at::Scalar>(min) : c10::nullopt, has_max ? c10::optional<at::Scalar>(max) : c10::nullopt))
}
SYM_EXPORT Tensor sym_math_clamp_(Tensor a, int32_t has_min, double min, int32_t has_max, double max) {
    SYM_TENSOR(a->clamp_(has_min ? c10::optional<at::Scalar>(min) : c10::nullopt, has_max ? c10::optional<at::Scalar>(max) : c10::nullopt))
}
SYM_EXPORT Tensor sym_math_where(Tensor cond, Tensor a, Tensor b) { SYM_TENSOR(at::where(*cond, *a, *b)) }
SYM_EXPORT Tensor sym_math_masked_fill(Tensor a, Tensor mask, SCALAR_PARAMS) { SYM_TENSOR(at::masked_fill(*a, *mask, SCALAR)) }
SYM_EXPORT Tensor sym_math_allclose(Tensor a, Tensor b, double rtol, double atol) {
    SYM_TENSOR(at::scalar_tensor(at::allclose(*a, *b, rtol, atol), at::kBool))
}

// ---- reductions ----
// dims == nullptr (n < 0) reduces over all elements.
static c10::optional<at::ScalarType> odt(int8_t dtype) { return dtype < 0 ? c10::nullopt : c10::optional<at::ScalarType>(sym::dtype(dtype)); }
SYM_EXPORT Tensor sym_math_sum(Tensor a, const int64_t* dims, int32_t n, int32_t keepdim, int8_t dtype) {
    SYM_TENSOR(n < 0 ? at::sum(*a, odt(dtype)) : at::sum(*a, sym::dims(dims, n), keepdim != 0, odt(dtype)))
}
SYM_EXPORT Tensor sym_math_mean(Tensor a, const int64_t* dims, int32_t n, int32_t keepdim, int8_t dtype) {
    SYM_TENSOR(n < 0 ? at::mean(*a, odt(dtype)) : at::mean(*a, sym::dims(dims, n), keepdim != 0, odt(dtype)))
}
SYM_EXPORT Tensor sym_math_prod(Tensor a, int64_t dim, int32_t alldims, int32_t keepdim) {
    SYM_TENSOR(alldims ? at::prod(*a) : at::prod(*a, dim, keepdim != 0))
}
// correction = 1 (unbiased) as torch.std/var default.
SYM_EXPORT Tensor sym_math_std(Tensor a, const int64_t* dims, int32_t n, int32_t unbiased, int32_t keepdim) {
    SYM_TENSOR(n < 0 ? at::std(*a, unbiased != 0) : at::std(*a, sym::dims(dims, n), unbiased != 0, keepdim != 0))
}
SYM_EXPORT Tensor sym_math_var(Tensor a, const int64_t* dims, int32_t n, int32_t unbiased, int32_t keepdim) {
    SYM_TENSOR(n < 0 ? at::var(*a, unbiased != 0) : at::var(*a, sym::dims(dims, n), unbiased != 0, keepdim != 0))
}
SYM_EXPORT Tensor sym_math_logsumexp(Tensor a, const int64_t* dims, int32_t n, int32_t keepdim) {
    SYM_TENSOR(at::logsumexp(*a, sym::dims(dims, n), keepdim != 0))
}
SYM_EXPORT Tensor sym_math_max_all(Tensor a) { SYM_TENSOR(at::max(*a)) }
SYM_EXPORT Tensor sym_math_min_all(Tensor a) { SYM_TENSOR(at::min(*a)) }
// (values, indices) along a dim; indices returned through the out-parameter.
SYM_EXPORT Tensor sym_math_max_dim(Tensor a, int64_t dim, int32_t keepdim, Tensor* indices) {
    SYM_CATCH(nullptr, auto r = at::max(*a, dim, keepdim != 0); *indices = sym::wrap(std::get<1>(r)); return sym::wrap(std::get<0>(r));)
}
SYM_EXPORT Tensor sym_math_min_dim(Tensor a, int64_t dim, int32_t keepdim, Tensor* indices) {
    SYM_CATCH(nullptr, auto r = at::min(*a, dim, keepdim != 0); *indices = sym::wrap(std::get<1>(r)); return sym::wrap(std::get<0>(r));)
}
SYM_EXPORT Tensor sym_math_sort(Tensor a, int64_t dim, int32_t descending, Tensor* indices) {
    SYM_CATCH(nullptr, auto r = at::sort(*a, dim, descending != 0); *indices = sym::wrap(std::get<1>(r)); return sym::wrap(std::get<0>(r));)
}
SYM_EXPORT Tensor sym_math_argmax(Tensor a, int64_t dim, int32_t alldims, int32_t keepdim) {
    SYM_TENSOR(alldims ? at::argmax(*a) : at::argmax(*a, dim, keepdim != 0))
}
SYM_EXPORT Tensor sym_math_argmin(Tensor a, int64_t dim, int32_t alldims, int32_t keepdim) {
    SYM_TENSOR(alldims ? at::argmin(*a) : at::argmin(*a, dim, keepdim != 0))
}
SYM_EXPORT Tensor sym_math_cumsum(Tensor a, int64_t dim) { SYM_TENSOR(at::cumsum(*a, dim)) }
SYM_EXPORT Tensor sym_math_norm(Tensor a, double p, const int64_t* dims, int32_t n, int32_t keepdim) {
    SYM_TENSOR(n < 0 ? at::norm(*a, p) : at::norm(*a, p, sym::dims(dims, n), keepdim != 0))
}
SYM_EXPORT Tensor sym_math_any(Tensor a) { SYM_TENSOR(at::any(*a)) }
SYM_EXPORT Tensor sym_math_all(Tensor a) { SYM_TENSOR(at::all(*a)) }
