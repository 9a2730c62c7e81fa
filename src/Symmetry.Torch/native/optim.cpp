// Optimizer steps over a whole parameter group in ONE call: the C# side passes the parameters and their state
// tensors as handle arrays, and this loop runs PyTorch's single-tensor update formulas (torch/optim/adam.py and
// sgd.py, 1.13) as in-place ATen ops under NoGradGuard. One boundary crossing per group instead of ~8 per
// parameter is what makes a small-model training step cheaper than PyTorch eager.
#include "common.h"
#include <ATen/core/grad_mode.h>
#include <cmath>

// Adam / AMSGrad. steps[i] is parameter i's step count, incremented here for each parameter that has a gradient
// (parameters without one are skipped, as in PyTorch). max_exp_avg_sq may be null unless amsgrad.
// Returns the number of parameters updated, or -1 on error.
SYM_EXPORT int32_t sym_optim_adam_step(const Tensor* params, int32_t n, const Tensor* exp_avg, const Tensor* exp_avg_sq,
                                       const Tensor* max_exp_avg_sq, int64_t* steps, double lr, double beta1,
                                       double beta2, double eps, double weight_decay, int32_t amsgrad, int32_t maximize) {
    SYM_CATCH(-1,
        at::NoGradGuard no_grad;
        int32_t updated = 0;
        for (int32_t i = 0; i < n; ++i) {
            at::Tensor& p = *params[i];
            const at::Tensor& g0 = p.grad();
            if (!g0.defined()) continue;
            TORCH_CHECK(!g0.is_sparse(), "Adam does not support sparse gradients");
            at::Tensor g = maximize ? g0.neg() : g0;
            if (weight_decay != 0) g = g.add(p, weight_decay);
            at::Tensor& m = *exp_avg[i];
            at::Tensor& v = *exp_avg_sq[i];
            int64_t step = ++steps[i];
            m.mul_(beta1).add_(g, 1 - beta1);
            v.mul_(beta2).addcmul_(g, g, 1 - beta2);
            // Same scalar arithmetic as PyTorch's non-capturable path (Python floats are doubles).
            double bias_correction1 = 1 - std::pow(beta1, static_cast<double>(step));
            double bias_correction2 = 1 - std::pow(beta2, static_cast<double>(step));
            double step_size = lr / bias_correction1;
            double bias_correction2_sqrt = std::sqrt(bias_correction2);
            at::Tensor denom;
            if (amsgrad) {
                at::Tensor& vmax = *max_exp_avg_sq[i];
                at::maximum_out(vmax, vmax, v);
                denom = (vmax.sqrt() / bias_correction2_sqrt).add_(eps);
            } else {
                denom = (v.sqrt() / bias_correction2_sqrt).add_(eps);
            }
            p.addcdiv_(m, denom, -step_size);
            ++updated;
        }
        return updated;)
}

// SGD with momentum, dampening, weight decay and Nesterov. momentum_buffers may be null when momentum == 0; a
// buffer whose steps[i] is 0 is initialised to the first update direction (PyTorch's clone of d_p).
SYM_EXPORT int32_t sym_optim_sgd_step(const Tensor* params, int32_t n, const Tensor* momentum_buffers, int64_t* steps,
                                      double lr, double momentum, double dampening, double weight_decay,
                                      int32_t nesterov, int32_t maximize) {
    SYM_CATCH(-1,
        at::NoGradGuard no_grad;
        int32_t updated = 0;
        for (int32_t i = 0; i < n; ++i) {
            at::Tensor& p = *params[i];
            const at::Tensor& g0 = p.grad();
            if (!g0.defined()) continue;
            at::Tensor d = maximize ? g0.neg() : g0;
            if (weight_decay != 0) d = d.add(p, weight_decay);
            if (momentum != 0) {
                at::Tensor& buf = *momentum_buffers[i];
                if (steps[i] == 0) buf.copy_(d);
                else buf.mul_(momentum).add_(d, 1 - dampening);
                d = nesterov ? d.add(buf, momentum) : buf;
            }
            ++steps[i];
            p.add_(d, -lr);
            ++updated;
        }
        return updated;)
}
