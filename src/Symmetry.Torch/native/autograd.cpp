// Autograd: backward, .grad, grad mode, and torch.autograd.grad for Jacobian–vector products.
#include "common.h"
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/grad_mode.h>

SYM_EXPORT int32_t sym_autograd_backward(Tensor t, Tensor grad, int32_t retain_graph, int32_t create_graph) {
    SYM_CATCH(-1,
        t->backward(grad ? *grad : at::Tensor(), retain_graph < 0 ? c10::nullopt : c10::optional<bool>(retain_graph != 0), create_graph != 0);
        return 0;)
}
// Returns the gradient, or nullptr with no error pending when it is undefined.
SYM_EXPORT Tensor sym_autograd_grad_of(Tensor t) { SYM_TENSOR(t->grad()) }
// The checks of PyTorch's `tensor.grad = g` setter: libtorch's mutable_grad() takes anything, and a gradient of
// another shape, dtype or device would later be broadcast into the parameter by an optimizer (silently wrong values).
SYM_EXPORT int32_t sym_autograd_set_grad(Tensor t, Tensor g) {
    SYM_CATCH(-1,
        if (g) {
            TORCH_CHECK(g->scalar_type() == t->scalar_type(), "assigned grad has data of a different type: the tensor is ",
                        t->scalar_type(), " but the gradient is ", g->scalar_type());
            TORCH_CHECK(g->device() == t->device(), "assigned grad has data located on a different device: the tensor is on ",
                        t->device(), " but the gradient is on ", g->device());
            TORCH_CHECK(g->sizes() == t->sizes(), "assigned grad has data of a different size: the tensor is ", t->sizes(),
                        " but the gradient is ", g->sizes());
        }
        t->mutable_grad() = g ? *g : at::Tensor();
        return 0;)
}
// zero_grad(set_to_none) as torch.optim: drops the gradient, or zeroes it in place.
SYM_EXPORT int32_t sym_autograd_zero_grad(Tensor t, int32_t set_to_none) {
    SYM_CATCH(-1,
        at::Tensor& g = t->mutable_grad();
        if (g.defined()) {
            if (set_to_none) g = at::Tensor();
            else { if (g.grad_fn()) g = g.detach(); g.requires_grad_(false); g.zero_(); }
        }
        return 0;)
}
SYM_EXPORT Tensor sym_autograd_requires_grad_(Tensor t, int32_t requires) { SYM_TENSOR(t->requires_grad_(requires != 0)) }
SYM_EXPORT int32_t sym_autograd_is_grad_enabled() { return at::GradMode::is_enabled() ? 1 : 0; }
SYM_EXPORT void sym_autograd_set_grad_enabled(int32_t enabled) { at::GradMode::set_enabled(enabled != 0); }

// torch.autograd.grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused).
// results receives ninputs fresh handles (nullptr for unused inputs when allow_unused).
SYM_EXPORT int32_t sym_autograd_grad(const Tensor* outputs, int32_t nout, const Tensor* inputs, int32_t nin,
                                     const Tensor* grad_outputs, int32_t ngo, int32_t retain_graph, int32_t create_graph,
                                     int32_t allow_unused, Tensor* results) {
    SYM_CATCH(-1,
        auto outs = sym::tensors(outputs, nout);
        auto ins = sym::tensors(inputs, nin);
        std::vector<at::Tensor> gos = ngo > 0 ? sym::tensors(grad_outputs, ngo) : std::vector<at::Tensor>();
        auto r = torch::autograd::grad(outs, ins, gos,
                                       retain_graph < 0 ? c10::nullopt : c10::optional<bool>(retain_graph != 0),
                                       create_graph != 0, allow_unused != 0);
        for (int32_t i = 0; i < nin; ++i) results[i] = r[static_cast<size_t>(i)].defined() ? new at::Tensor(r[static_cast<size_t>(i)]) : nullptr;
        return 0;)
}
