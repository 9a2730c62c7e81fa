// Views, reshapes and indexing.
#include "common.h"

SYM_EXPORT Tensor sym_shape_view(Tensor a, const int64_t* s, int32_t n) { SYM_TENSOR(a->view(sym::dims(s, n))) }
SYM_EXPORT Tensor sym_shape_reshape(Tensor a, const int64_t* s, int32_t n) { SYM_TENSOR(a->reshape(sym::dims(s, n))) }
SYM_EXPORT Tensor sym_shape_flatten(Tensor a, int64_t start, int64_t end) { SYM_TENSOR(a->flatten(start, end)) }
SYM_EXPORT Tensor sym_shape_unflatten(Tensor a, int64_t dim, const int64_t* s, int32_t n) {
    SYM_CATCH(nullptr,
        // unflatten(dim, sizes) as a reshape, valid in every libtorch version. A 0-dim tensor has no dimension to split
        // (and maybe_wrap_dim accepts dim 0 for it, which would index past its empty size list).
        TORCH_CHECK(a->dim() > 0, "unflatten() cannot be applied to a 0-dim tensor.");
        int64_t d = c10::maybe_wrap_dim(dim, a->dim());
        std::vector<int64_t> shape(a->sizes().begin(), a->sizes().begin() + d);
        shape.insert(shape.end(), s, s + n);
        shape.insert(shape.end(), a->sizes().begin() + d + 1, a->sizes().end());
        return sym::wrap(a->view(shape));)
}
SYM_EXPORT Tensor sym_shape_unsqueeze(Tensor a, int64_t dim) { SYM_TENSOR(a->unsqueeze(dim)) }
SYM_EXPORT Tensor sym_shape_squeeze(Tensor a, int64_t dim, int32_t all) { SYM_TENSOR(all ? a->squeeze() : a->squeeze(dim)) }
SYM_EXPORT Tensor sym_shape_transpose(Tensor a, int64_t d0, int64_t d1) { SYM_TENSOR(a->transpose(d0, d1)) }
SYM_EXPORT Tensor sym_shape_permute(Tensor a, const int64_t* s, int32_t n) { SYM_TENSOR(a->permute(sym::dims(s, n))) }
SYM_EXPORT Tensor sym_shape_t(Tensor a) { SYM_TENSOR(a->t()) }
SYM_EXPORT Tensor sym_shape_expand(Tensor a, const int64_t* s, int32_t n) { SYM_TENSOR(a->expand(sym::dims(s, n))) }
SYM_EXPORT Tensor sym_shape_repeat(Tensor a, const int64_t* s, int32_t n) { SYM_TENSOR(a->repeat(sym::dims(s, n))) }
SYM_EXPORT Tensor sym_shape_narrow(Tensor a, int64_t dim, int64_t start, int64_t length) { SYM_TENSOR(a->narrow(dim, start, length)) }
SYM_EXPORT Tensor sym_shape_select(Tensor a, int64_t dim, int64_t index) { SYM_TENSOR(a->select(dim, index)) }
SYM_EXPORT Tensor sym_shape_slice(Tensor a, int64_t dim, int64_t start, int64_t end, int64_t step) {
    SYM_TENSOR(a->slice(dim, start, end, step))
}
SYM_EXPORT Tensor sym_shape_index_select(Tensor a, int64_t dim, Tensor index) { SYM_TENSOR(a->index_select(dim, *index)) }
SYM_EXPORT Tensor sym_shape_gather(Tensor a, int64_t dim, Tensor index) { SYM_TENSOR(a->gather(dim, *index)) }
SYM_EXPORT Tensor sym_shape_masked_select(Tensor a, Tensor mask) { SYM_TENSOR(a->masked_select(*mask)) }
SYM_EXPORT Tensor sym_shape_diag_embed(Tensor a) { SYM_TENSOR(at::diag_embed(*a)) }
SYM_EXPORT Tensor sym_shape_diagonal(Tensor a, int64_t offset, int64_t d1, int64_t d2) { SYM_TENSOR(at::diagonal(*a, offset, d1, d2)) }
SYM_EXPORT Tensor sym_shape_tril(Tensor a, int64_t k) { SYM_TENSOR(at::tril(*a, k)) }
SYM_EXPORT Tensor sym_shape_triu(Tensor a, int64_t k) { SYM_TENSOR(at::triu(*a, k)) }
SYM_EXPORT Tensor sym_shape_roll(Tensor a, const int64_t* shifts, int32_t n, const int64_t* dims, int32_t m) {
    SYM_TENSOR(at::roll(*a, sym::dims(shifts, n), sym::dims(dims, m)))
}
SYM_EXPORT Tensor sym_shape_flip(Tensor a, const int64_t* dims, int32_t n) { SYM_TENSOR(at::flip(*a, sym::dims(dims, n))) }
