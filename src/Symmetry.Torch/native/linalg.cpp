// Matrix products, torch.linalg and torch.fft. Complex results appear only where the maths needs them
// (eigvals, fft); everything else stays real.
#include "common.h"

// matmul of two matrices is mm; calling it directly skips matmul's composite dispatch (small products are
// dominated by per-call overhead).
SYM_EXPORT Tensor sym_linalg_matmul(Tensor a, Tensor b) { SYM_TENSOR(a->dim() == 2 && b->dim() == 2 ? at::mm(*a, *b) : at::matmul(*a, *b)) }
SYM_EXPORT Tensor sym_linalg_mm(Tensor a, Tensor b) { SYM_TENSOR(at::mm(*a, *b)) }
SYM_EXPORT Tensor sym_linalg_bmm(Tensor a, Tensor b) { SYM_TENSOR(at::bmm(*a, *b)) }
// beta·self + alpha·(a @ b) in one BLAS call.
SYM_EXPORT Tensor sym_linalg_addmm(Tensor self, Tensor a, Tensor b, double beta, double alpha) {
    SYM_TENSOR(at::addmm(*self, *a, *b, beta, alpha))
}
SYM_EXPORT Tensor sym_linalg_einsum(const char* equation, const Tensor* ts, int32_t n) {
    SYM_CATCH(nullptr,
        std::string eq(equation);
        return sym::wrap(at::einsum(eq, sym::tensors(ts, n)));)
}
SYM_EXPORT Tensor sym_linalg_outer(Tensor a, Tensor b) { SYM_TENSOR(at::outer(*a, *b)) }

SYM_EXPORT Tensor sym_linalg_matrix_exp(Tensor a) { SYM_TENSOR(at::linalg_matrix_exp(*a)) }
SYM_EXPORT Tensor sym_linalg_inv(Tensor a) { SYM_TENSOR(at::linalg_inv(*a)) }
SYM_EXPORT Tensor sym_linalg_solve(Tensor a, Tensor b) { SYM_TENSOR(at::linalg_solve(*a, *b)) }
SYM_EXPORT Tensor sym_linalg_det(Tensor a) { SYM_TENSOR(at::linalg_det(*a)) }
SYM_EXPORT Tensor sym_linalg_eigvals(Tensor a) { SYM_TENSOR(at::linalg_eigvals(*a)) }
// has_ord = 0: the default norm (2-norm of the flattened input, or Frobenius over the given two dims).
// dims n < 0: all dims.
SYM_EXPORT Tensor sym_linalg_norm(Tensor a, int32_t has_ord, double ord, const int64_t* dims, int32_t n, int32_t keepdim) {
    SYM_TENSOR(at::linalg_norm(*a, has_ord ? c10::optional<at::Scalar>(ord) : c10::nullopt,
                               n < 0 ? at::OptionalIntArrayRef() : at::OptionalIntArrayRef(sym::dims(dims, n)), keepdim != 0))
}
// ord = "fro" or "nuc".
SYM_EXPORT Tensor sym_linalg_norm_str(Tensor a, const char* ord, const int64_t* dims, int32_t n, int32_t keepdim) {
    SYM_CATCH(nullptr,
        std::string o(ord);
        return sym::wrap(at::linalg_norm(*a, o, n < 0 ? at::OptionalIntArrayRef() : at::OptionalIntArrayRef(sym::dims(dims, n)), keepdim != 0));)
}

// norm: "backward", "forward" or "ortho"; s (n < 0: input sizes) and dims (n < 0: the last two) as torch.fft.fft2.
template <typename Fft2>
static Tensor fft2_like(Fft2 fft2, Tensor a, const int64_t* s, int32_t ns, const int64_t* dims, int32_t nd, const char* norm) {
    SYM_CATCH(nullptr,
        std::string nm(norm);
        std::vector<int64_t> d = nd < 0 ? std::vector<int64_t>{-2, -1} : std::vector<int64_t>(dims, dims + nd);
        return sym::wrap(fft2(*a, ns < 0 ? at::OptionalIntArrayRef() : at::OptionalIntArrayRef(sym::dims(s, ns)), d, nm));)
}
SYM_EXPORT Tensor sym_fft_fft2(Tensor a, const int64_t* s, int32_t ns, const int64_t* dims, int32_t nd, const char* norm) {
    return fft2_like([](const auto&... x) { return at::fft_fft2(x...); }, a, s, ns, dims, nd, norm);
}
SYM_EXPORT Tensor sym_fft_ifft2(Tensor a, const int64_t* s, int32_t ns, const int64_t* dims, int32_t nd, const char* norm) {
    return fft2_like([](const auto&... x) { return at::fft_ifft2(x...); }, a, s, ns, dims, nd, norm);
}
