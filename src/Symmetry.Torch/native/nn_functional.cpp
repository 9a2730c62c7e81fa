// torch.nn.functional: activations, losses, convolution/pooling, normalisation, sampling grids and padding.
// Only ATen entry points present in both libtorch 1.13 and 2.x are used (see DESIGN §2).
#include "common.h"

namespace {
// Optional int lists cross as (pointer, n) with n < 0 meaning "not given".
at::IntArrayRef list_or(const int64_t* p, int32_t n, at::IntArrayRef fallback) {
    return n < 0 ? fallback : sym::dims(p, n);
}
c10::optional<at::ScalarType> opt_dtype(int8_t t) {
    return t < 0 ? c10::nullopt : c10::optional<at::ScalarType>(sym::dtype(t));
}
}  // namespace

// ---- linear ----
// y = x Wᵀ + b. A 2-D input with a bias is one addmm call (the fused BLAS gemm with beta = 1), which is what
// makes small MLP steps cheap; other ranks go through at::linear, which folds leading dims the same way.
SYM_EXPORT Tensor sym_nn_linear(Tensor input, Tensor weight, Tensor bias) {
    SYM_TENSOR(bias && input->dim() == 2 ? at::addmm(*bias, *input, weight->t()) : at::linear(*input, *weight, sym::opt(bias)))
}

// ---- activations ----
SYM_EXPORT Tensor sym_nn_relu(Tensor x, int32_t inplace) { SYM_TENSOR(inplace ? at::relu_(*x) : at::relu(*x)) }
SYM_EXPORT Tensor sym_nn_leaky_relu(Tensor x, double slope, int32_t inplace) {
    SYM_TENSOR(inplace ? at::leaky_relu_(*x, slope) : at::leaky_relu(*x, slope))
}
SYM_EXPORT Tensor sym_nn_elu(Tensor x, double alpha, int32_t inplace) {
    SYM_TENSOR(inplace ? at::elu_(*x, alpha) : at::elu(*x, alpha))
}
SYM_EXPORT Tensor sym_nn_softplus(Tensor x, double beta, double threshold) { SYM_TENSOR(at::softplus(*x, beta, threshold)) }
SYM_EXPORT Tensor sym_nn_tanh(Tensor x, int32_t inplace) { SYM_TENSOR(inplace ? at::tanh_(*x) : at::tanh(*x)) }
SYM_EXPORT Tensor sym_nn_sigmoid(Tensor x, int32_t inplace) { SYM_TENSOR(inplace ? at::sigmoid_(*x) : at::sigmoid(*x)) }
SYM_EXPORT Tensor sym_nn_softmax(Tensor x, int64_t dim, int8_t dtype) { SYM_TENSOR(at::softmax(*x, dim, opt_dtype(dtype))) }
SYM_EXPORT Tensor sym_nn_log_softmax(Tensor x, int64_t dim, int8_t dtype) { SYM_TENSOR(at::log_softmax(*x, dim, opt_dtype(dtype))) }

// Inverted dropout. Without a generator this is ATen's own kernel; with one, the keep-mask is drawn from that
// (CPU) generator and moved to the input's device, so a seeded estimator is reproducible on every device.
SYM_EXPORT Tensor sym_nn_dropout(Tensor x, double p, int32_t training, int32_t inplace, at::Generator* g) {
    SYM_CATCH(nullptr,
        TORCH_CHECK(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got ", p);
        if (!training || p == 0) return sym::wrap(*x);
        if (!g) return sym::wrap(inplace ? at::dropout_(*x, p, true) : at::dropout(*x, p, true));
        at::Tensor mask;
        {
            at::NoGradGuard ng;
            mask = at::empty(x->sizes(), x->options().device(at::kCPU).requires_grad(false));
            mask.bernoulli_(1 - p, c10::optional<at::Generator>(*g));
            if (p < 1) mask.div_(1 - p);
            if (!x->device().is_cpu()) mask = mask.to(x->device());
        }
        return sym::wrap(inplace ? x->mul_(mask) : at::mul(*x, mask));)
}

// ---- losses (reduction: 0 none, 1 mean, 2 sum, as at::Reduction) ----
SYM_EXPORT Tensor sym_nn_mse_loss(Tensor input, Tensor target, int64_t reduction) { SYM_TENSOR(at::mse_loss(*input, *target, reduction)) }
SYM_EXPORT Tensor sym_nn_binary_cross_entropy(Tensor input, Tensor target, Tensor weight, int64_t reduction) {
    SYM_TENSOR(at::binary_cross_entropy(*input, *target, sym::opt(weight), reduction))
}
SYM_EXPORT Tensor sym_nn_binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor weight, Tensor pos_weight, int64_t reduction) {
    SYM_TENSOR(at::binary_cross_entropy_with_logits(*input, *target, sym::opt(weight), sym::opt(pos_weight), reduction))
}
SYM_EXPORT Tensor sym_nn_cross_entropy(Tensor input, Tensor target, Tensor weight, int64_t ignore_index, int64_t reduction, double label_smoothing) {
    SYM_TENSOR(at::cross_entropy_loss(*input, *target, sym::opt(weight), reduction, ignore_index, label_smoothing))
}
SYM_EXPORT Tensor sym_nn_nll_loss(Tensor input, Tensor target, Tensor weight, int64_t ignore_index, int64_t reduction) {
    SYM_TENSOR(at::nll_loss_nd(*input, *target, sym::opt(weight), reduction, ignore_index))
}

// ---- convolution and pooling ----
SYM_EXPORT Tensor sym_nn_conv2d(Tensor input, Tensor weight, Tensor bias, const int64_t* stride, int32_t ns,
                                const int64_t* padding, int32_t np, const int64_t* dilation, int32_t nd, int64_t groups) {
    SYM_TENSOR(at::conv2d(*input, *weight, sym::opt(bias), list_or(stride, ns, 1), list_or(padding, np, 0), list_or(dilation, nd, 1), groups))
}
SYM_EXPORT Tensor sym_nn_conv_transpose2d(Tensor input, Tensor weight, Tensor bias, const int64_t* stride, int32_t ns,
                                          const int64_t* padding, int32_t np, const int64_t* output_padding, int32_t nop,
                                          const int64_t* dilation, int32_t nd, int64_t groups) {
    SYM_TENSOR(at::conv_transpose2d(*input, *weight, sym::opt(bias), list_or(stride, ns, 1), list_or(padding, np, 0),
                                    list_or(output_padding, nop, 0), groups, list_or(dilation, nd, 1)))
}
// An empty stride means "same as the kernel", as in PyTorch.
SYM_EXPORT Tensor sym_nn_max_pool2d(Tensor input, const int64_t* kernel, int32_t nk, const int64_t* stride, int32_t ns,
                                    const int64_t* padding, int32_t np, const int64_t* dilation, int32_t nd, int32_t ceil_mode) {
    SYM_TENSOR(at::max_pool2d(*input, sym::dims(kernel, nk), list_or(stride, ns, sym::dims(kernel, nk)), list_or(padding, np, 0),
                              list_or(dilation, nd, 1), ceil_mode != 0))
}

// ---- normalisation ----
SYM_EXPORT Tensor sym_nn_layer_norm(Tensor input, const int64_t* shape, int32_t n, Tensor weight, Tensor bias, double eps) {
    SYM_TENSOR(at::layer_norm(*input, sym::dims(shape, n), sym::opt(weight), sym::opt(bias), eps, /*cudnn_enable=*/true))
}
// Updates running_mean/var in place when training (momentum-weighted, unbiased variance), as torch.batch_norm.
SYM_EXPORT Tensor sym_nn_batch_norm(Tensor input, Tensor running_mean, Tensor running_var, Tensor weight, Tensor bias,
                                    int32_t training, double momentum, double eps) {
    SYM_TENSOR(at::batch_norm(*input, sym::opt(weight), sym::opt(bias), sym::opt(running_mean), sym::opt(running_var),
                              training != 0, momentum, eps, /*cudnn_enabled=*/true))
}
SYM_EXPORT Tensor sym_nn_cosine_similarity(Tensor x1, Tensor x2, int64_t dim, double eps) {
    SYM_TENSOR(at::cosine_similarity(*x1, *x2, dim, eps))
}

// ---- spatial transformers ----
SYM_EXPORT Tensor sym_nn_affine_grid(Tensor theta, const int64_t* size, int32_t n, int32_t align_corners) {
    SYM_TENSOR(at::affine_grid_generator(*theta, sym::dims(size, n), align_corners != 0))
}
// mode: 0 bilinear, 1 nearest, 2 bicubic; padding: 0 zeros, 1 border, 2 reflection (ATen's grid_sampler codes).
SYM_EXPORT Tensor sym_nn_grid_sample(Tensor input, Tensor grid, int64_t mode, int64_t padding_mode, int32_t align_corners) {
    SYM_TENSOR(at::grid_sampler(*input, *grid, mode, padding_mode, align_corners != 0))
}
// mode: "constant", "reflect", "replicate" or "circular".
SYM_EXPORT Tensor sym_nn_pad(Tensor input, const int64_t* pad, int32_t n, const char* mode, double value) {
    SYM_CATCH(nullptr,
        std::string m(mode);
        return sym::wrap(at::pad(*input, sym::dims(pad, n), m, m == "constant" ? c10::optional<double>(value) : c10::nullopt));)
}
