// Helpers for nn.Module: swapping a parameter's data in place (module.to), bulk gradient resets.
#include "common.h"
#include <ATen/core/grad_mode.h>

// PyTorch's `param.data = new_data`: the handle (and so every C# Parameter object and optimizer reference to it)
// keeps its identity and autograd leaf-ness while its storage, dtype or device change. Used by Module.to().
SYM_EXPORT int32_t sym_module_set_data(Tensor t, Tensor src) {
    SYM_CATCH(-1, t->set_data(*src); return 0;)
}

// zero_grad over many tensors in one call (Module.zero_grad, Optimizer.zero_grad): with set_to_none the gradient is
// dropped, otherwise zeroed in place after detaching it from any graph it belongs to (as torch.optim does).
SYM_EXPORT int32_t sym_module_zero_grad(const Tensor* ts, int32_t n, int32_t set_to_none) {
    SYM_CATCH(-1,
        for (int32_t i = 0; i < n; ++i) {
            if (!ts[i]) continue;
            at::Tensor& g = ts[i]->mutable_grad();
            if (!g.defined()) continue;
            if (set_to_none) { g = at::Tensor(); continue; }
            if (g.grad_fn()) g = g.detach();
            else g.requires_grad_(false);
            g.zero_();
        }
        return 0;)
}
