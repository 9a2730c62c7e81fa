// Tensor lifetime, metadata, data transfer, conversion and factories.
#include "common.h"
#include <ATen/CPUGeneratorImpl.h>
#include <cstring>

using sym::wrap;

SYM_EXPORT void sym_tensor_dispose(Tensor t) { delete t; }

SYM_EXPORT int32_t sym_tensor_ndim(Tensor t) { SYM_CATCH(-1, return static_cast<int32_t>(t->dim());) }
SYM_EXPORT int32_t sym_tensor_shape(Tensor t, int64_t* out, int32_t cap) {
    SYM_CATCH(-1,
        auto s = t->sizes();
        int32_t n = static_cast<int32_t>(s.size());
        for (int32_t i = 0; i < n && i < cap; ++i) out[i] = s[i];
        return n;)
}
SYM_EXPORT int32_t sym_tensor_strides(Tensor t, int64_t* out, int32_t cap) {
    SYM_CATCH(-1,
        auto s = t->strides();
        int32_t n = static_cast<int32_t>(s.size());
        for (int32_t i = 0; i < n && i < cap; ++i) out[i] = s[i];
        return n;)
}
SYM_EXPORT int64_t sym_tensor_numel(Tensor t) { SYM_CATCH(-1, return t->numel();) }
SYM_EXPORT int8_t sym_tensor_dtype(Tensor t) { SYM_CATCH(-1, return static_cast<int8_t>(t->scalar_type());) }
SYM_EXPORT int32_t sym_tensor_device_type(Tensor t) { SYM_CATCH(-1, return static_cast<int32_t>(t->device().type());) }
SYM_EXPORT int32_t sym_tensor_device_index(Tensor t) { SYM_CATCH(-1, return static_cast<int32_t>(t->device().index());) }
SYM_EXPORT int32_t sym_tensor_requires_grad(Tensor t) { SYM_CATCH(-1, return t->requires_grad() ? 1 : 0;) }
SYM_EXPORT int32_t sym_tensor_is_leaf(Tensor t) { SYM_CATCH(-1, return t->is_leaf() ? 1 : 0;) }
SYM_EXPORT int32_t sym_tensor_is_contiguous(Tensor t) { SYM_CATCH(-1, return t->is_contiguous() ? 1 : 0;) }
SYM_EXPORT Tensor sym_tensor_alias(Tensor t) { SYM_TENSOR(at::Tensor(*t)) }

// Copies host memory into a new tensor of the given shape/dtype on the given device.
SYM_EXPORT Tensor sym_tensor_from_data(const void* data, const int64_t* shape, int32_t ndim, int8_t dtype,
                                       int32_t devtype, int32_t devidx, int32_t requires_grad) {
    SYM_CATCH(nullptr,
        auto opts = at::TensorOptions().dtype(sym::dtype(dtype));
        at::Tensor t = at::empty(sym::dims(shape, ndim), opts);
        if (t.numel() > 0) std::memcpy(t.data_ptr(), data, static_cast<size_t>(t.numel()) * t.element_size());
        at::Device dev = sym::device(devtype, devidx);
        if (dev.type() != at::kCPU) t = t.to(dev);
        if (requires_grad) t.requires_grad_(true);
        return wrap(t);)
}

// Copies the tensor's elements (row-major, converted to the tensor's own dtype) into host memory.
SYM_EXPORT int32_t sym_tensor_copy_to(Tensor t, void* dst, int64_t nbytes) {
    SYM_CATCH(-1,
        at::Tensor c = t->detach().to(at::kCPU).contiguous();
        int64_t need = c.numel() * static_cast<int64_t>(c.element_size());
        TORCH_CHECK(need == nbytes, "copy_to: destination holds ", nbytes, " bytes but the tensor needs ", need);
        if (need > 0) std::memcpy(dst, c.data_ptr(), static_cast<size_t>(need));
        return 0;)
}

// Pointer to the first element of a contiguous CPU tensor (for zero-copy spans); null otherwise.
SYM_EXPORT void* sym_tensor_data_ptr(Tensor t) {
    SYM_CATCH(nullptr,
        TORCH_CHECK(t->device().is_cpu(), "data_ptr: tensor is on ", t->device().str(), "; call cpu() first");
        TORCH_CHECK(t->is_contiguous(), "data_ptr: tensor is not contiguous; call contiguous() first");
        return t->data_ptr();)
}

SYM_EXPORT double sym_tensor_item_double(Tensor t) { SYM_CATCH(0.0, return t->item<double>();) }
SYM_EXPORT int64_t sym_tensor_item_long(Tensor t) { SYM_CATCH(0, return t->item<int64_t>();) }

SYM_EXPORT Tensor sym_tensor_to_device(Tensor t, int32_t devtype, int32_t devidx, int32_t copy) {
    SYM_TENSOR(t->to(sym::device(devtype, devidx), /*non_blocking=*/false, copy != 0))
}
SYM_EXPORT Tensor sym_tensor_to_dtype(Tensor t, int8_t dtype, int32_t copy) {
    SYM_TENSOR(t->to(sym::dtype(dtype), /*non_blocking=*/false, copy != 0))
}
SYM_EXPORT Tensor sym_tensor_clone(Tensor t) { SYM_TENSOR(t->clone()) }
SYM_EXPORT Tensor sym_tensor_detach(Tensor t) { SYM_TENSOR(t->detach()) }
SYM_EXPORT Tensor sym_tensor_contiguous(Tensor t) { SYM_TENSOR(t->contiguous()) }
SYM_EXPORT Tensor sym_tensor_copy_(Tensor t, Tensor src) { SYM_TENSOR(t->copy_(*src)) }

// ---- factories ----
// ATen's at:: factories ignore TensorOptions::requires_grad (only the torch:: wrappers honour it), so the flag
// is applied to the finished tensor by leaf(); the result is then a leaf that records gradients.
static at::TensorOptions options(int8_t dtype, int32_t devtype, int32_t devidx) {
    return at::TensorOptions().dtype(sym::dtype(dtype)).device(sym::device(devtype, devidx));
}
static at::Tensor leaf(at::Tensor t, int32_t requires_grad) {
    if (requires_grad) t.requires_grad_(true);
    return t;
}
#define SYM_OPTS_PARAMS int8_t dtype, int32_t devtype, int32_t devidx, int32_t requires_grad
#define SYM_OPTS options(dtype, devtype, devidx)

SYM_EXPORT Tensor sym_tensor_zeros(const int64_t* shape, int32_t n, SYM_OPTS_PARAMS) { SYM_TENSOR(leaf(at::zeros(sym::dims(shape, n), SYM_OPTS), requires_grad)) }
SYM_EXPORT Tensor sym_tensor_ones(const int64_t* shape, int32_t n, SYM_OPTS_PARAMS) { SYM_TENSOR(leaf(at::ones(sym::dims(shape, n), SYM_OPTS), requires_grad)) }
SYM_EXPORT Tensor sym_tensor_empty(const int64_t* shape, int32_t n, SYM_OPTS_PARAMS) { SYM_TENSOR(leaf(at::empty(sym::dims(shape, n), SYM_OPTS), requires_grad)) }
SYM_EXPORT Tensor sym_tensor_full(const int64_t* shape, int32_t n, double d, int64_t l, int8_t kind, SYM_OPTS_PARAMS) {
    SYM_TENSOR(leaf(at::full(sym::dims(shape, n), sym::scalar(d, l, kind), SYM_OPTS), requires_grad))
}
SYM_EXPORT Tensor sym_tensor_eye(int64_t n, int64_t m, SYM_OPTS_PARAMS) { SYM_TENSOR(leaf(at::eye(n, m, SYM_OPTS), requires_grad)) }
SYM_EXPORT Tensor sym_tensor_arange(double start, double end, double step, SYM_OPTS_PARAMS) {
    SYM_TENSOR(leaf(at::arange(at::Scalar(start), at::Scalar(end), at::Scalar(step), SYM_OPTS), requires_grad))
}
SYM_EXPORT Tensor sym_tensor_linspace(double start, double end, int64_t steps, SYM_OPTS_PARAMS) {
    SYM_TENSOR(leaf(at::linspace(start, end, steps, SYM_OPTS), requires_grad))
}
SYM_EXPORT Tensor sym_tensor_zeros_like(Tensor t) { SYM_TENSOR(at::zeros_like(*t)) }
SYM_EXPORT Tensor sym_tensor_ones_like(Tensor t) { SYM_TENSOR(at::ones_like(*t)) }
SYM_EXPORT Tensor sym_tensor_empty_like(Tensor t) { SYM_TENSOR(at::empty_like(*t)) }
SYM_EXPORT Tensor sym_tensor_full_like(Tensor t, double d, int64_t l, int8_t kind) { SYM_TENSOR(at::full_like(*t, sym::scalar(d, l, kind))) }
SYM_EXPORT Tensor sym_tensor_cat(const Tensor* ts, int32_t n, int64_t dim) { SYM_TENSOR(at::cat(sym::tensors(ts, n), dim)) }
SYM_EXPORT Tensor sym_tensor_stack(const Tensor* ts, int32_t n, int64_t dim) { SYM_TENSOR(at::stack(sym::tensors(ts, n), dim)) }

// ---- random ----
// Generators are CPU generators. Random tensors for another device are drawn on the CPU from the generator
// and then moved, so one seed gives the same numbers on every device (and the shim needs no CUDA headers).
SYM_EXPORT at::Generator* sym_generator_new(int64_t seed) {
    SYM_CATCH(nullptr, return new at::Generator(at::make_generator<at::CPUGeneratorImpl>(static_cast<uint64_t>(seed)));)
}
SYM_EXPORT void sym_generator_dispose(at::Generator* g) { delete g; }
SYM_EXPORT void sym_generator_manual_seed(at::Generator* g, int64_t seed) {
    SYM_CATCH(, std::lock_guard<std::mutex> lock(g->mutex()); g->set_current_seed(static_cast<uint64_t>(seed)); return;)
}
SYM_EXPORT int64_t sym_generator_initial_seed(at::Generator* g) { SYM_CATCH(0, return static_cast<int64_t>(g->current_seed());) }

static c10::optional<at::Generator> gen(at::Generator* g) { return g ? c10::optional<at::Generator>(*g) : c10::nullopt; }

// ATen's kernels lock the generator themselves.
// Draws with the generator on the CPU, then moves to the requested device; without a generator draws on the device.
template <typename F>
static at::Tensor draw(at::Generator* g, int8_t dtype, int32_t devtype, int32_t devidx, int32_t requires_grad, F f) {
    at::Device dev = sym::device(devtype, devidx);
    at::TensorOptions o = at::TensorOptions().dtype(sym::dtype(dtype));
    at::Tensor t;
    if (g) {
        t = f(o.device(at::kCPU));
        if (!dev.is_cpu()) t = t.to(dev);
    } else {
        t = f(o.device(dev));
    }
    if (requires_grad) t.requires_grad_(true);
    return t;
}

SYM_EXPORT Tensor sym_random_rand(const int64_t* shape, int32_t n, at::Generator* g, SYM_OPTS_PARAMS) {
    SYM_TENSOR(draw(g, dtype, devtype, devidx, requires_grad, [&](at::TensorOptions o) { return at::rand(sym::dims(shape, n), gen(g), o); }))
}
SYM_EXPORT Tensor sym_random_randn(const int64_t* shape, int32_t n, at::Generator* g, SYM_OPTS_PARAMS) {
    SYM_TENSOR(draw(g, dtype, devtype, devidx, requires_grad, [&](at::TensorOptions o) { return at::randn(sym::dims(shape, n), gen(g), o); }))
}
SYM_EXPORT Tensor sym_random_randint(int64_t low, int64_t high, const int64_t* shape, int32_t n, at::Generator* g, SYM_OPTS_PARAMS) {
    SYM_TENSOR(draw(g, dtype, devtype, devidx, requires_grad, [&](at::TensorOptions o) { return at::randint(low, high, sym::dims(shape, n), gen(g), o); }))
}
SYM_EXPORT Tensor sym_random_randperm(int64_t count, at::Generator* g, SYM_OPTS_PARAMS) {
    SYM_TENSOR(draw(g, dtype, devtype, devidx, requires_grad, [&](at::TensorOptions o) { return at::randperm(count, gen(g), o); }))
}
// In-place fills used by nn.init. With a generator on another device, the values are drawn into a CPU buffer
// and copied over, as for the factories above. gen(nullptr) is nullopt, i.e. the default generator.
template <typename F>
static Tensor fill(Tensor t, at::Generator* g, F f) {
    at::NoGradGuard ng;
    if (g && !t->device().is_cpu()) {
        at::Tensor host = at::empty(t->sizes(), t->options().device(at::kCPU));
        f(host);
        t->copy_(host);
    } else {
        f(*t);
    }
    return sym::wrap(*t);
}
SYM_EXPORT Tensor sym_random_uniform_(Tensor t, double from, double to, at::Generator* g) {
    SYM_CATCH(nullptr, return fill(t, g, [&](at::Tensor& x) { x.uniform_(from, to, gen(g)); });)
}
SYM_EXPORT Tensor sym_random_normal_(Tensor t, double mean, double std, at::Generator* g) {
    SYM_CATCH(nullptr, return fill(t, g, [&](at::Tensor& x) { x.normal_(mean, std, gen(g)); });)
}
SYM_EXPORT Tensor sym_random_bernoulli(Tensor p, at::Generator* g) {
    SYM_CATCH(nullptr,
        if (g && !p->device().is_cpu()) { return wrap(at::bernoulli(p->cpu(), gen(g)).to(p->device())); }
        if (g) { return wrap(at::bernoulli(*p, gen(g))); }
        return wrap(at::bernoulli(*p));)
}
