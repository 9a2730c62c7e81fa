// Optimizer steps over a whole parameter group in ONE call: the C# side passes the parameters and their state
// tensors as handle arrays, and this loop runs PyTorch's single-tensor update formulas (torch/optim/adam.py and
// sgd.py, 1.13) as in-place ATen ops under NoGradGuard. One boundary crossing per group instead of ~8 per
// parameter is what makes a small-model training step cheaper than PyTorch eager.
#include "common.h"
#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>
#include <algorithm>
#include <cmath>

// Adam's per-parameter constants (PyTorch's non-capturable path; Python floats are doubles).
struct AdamScalars {
    double beta1, beta2, eps, weight_decay, step_size, bias_correction2_sqrt;
    bool amsgrad, maximize;
};

// One fused pass over the elements of a contiguous CPU parameter: the same formulas as the ATen ops below, in the
// tensor's own precision, without ~8 kernel launches and temporaries per parameter. This is what makes a small
// model's optimizer step a few microseconds instead of ~100.
template <typename T>
static void adam_fused(at::Tensor& p, const at::Tensor& g, at::Tensor& m, at::Tensor& v, at::Tensor* vmax, const AdamScalars& c) {
    T* pp = p.data_ptr<T>();
    const T* gp = g.data_ptr<T>();
    T* mp = m.data_ptr<T>();
    T* vp = v.data_ptr<T>();
    T* xp = vmax ? vmax->data_ptr<T>() : nullptr;
    const T b1 = static_cast<T>(c.beta1), b2 = static_cast<T>(c.beta2), a1 = static_cast<T>(1 - c.beta1), a2 = static_cast<T>(1 - c.beta2);
    const T wd = static_cast<T>(c.weight_decay), eps = static_cast<T>(c.eps), lr = static_cast<T>(c.step_size);
    const T bc2 = static_cast<T>(c.bias_correction2_sqrt);
    const bool maximize = c.maximize, decay = c.weight_decay != 0;
    at::parallel_for(0, p.numel(), 1 << 15, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            T grad = maximize ? -gp[i] : gp[i];
            if (decay) grad += wd * pp[i];
            T mi = mp[i] * b1 + a1 * grad;
            T vi = vp[i] * b2 + a2 * grad * grad;
            mp[i] = mi;
            vp[i] = vi;
            if (xp) { xp[i] = std::max(xp[i], vi); vi = xp[i]; }
            pp[i] = pp[i] - lr * (mi / (std::sqrt(vi) / bc2 + eps));
        }
    });
    // Raw writes skip ATen's in-place bookkeeping: bump the version counters so autograd still detects a parameter
    // modified after a forward pass saved it.
    for (at::Tensor* t : {&p, &m, &v, vmax})
        if (t) t->unsafeGetTensorImpl()->bump_version();
}

static bool fusable(const at::Tensor& p, const at::Tensor& g, const at::Tensor& m, const at::Tensor& v, const at::Tensor* vmax) {
    auto ok = [&](const at::Tensor& t) {
        return t.device().is_cpu() && t.is_contiguous() && t.scalar_type() == p.scalar_type() && t.numel() == p.numel() && !t.is_sparse();
    };
    return (p.scalar_type() == at::kFloat || p.scalar_type() == at::kDouble) && ok(p) && ok(g) && ok(m) && ok(v) && (!vmax || ok(*vmax));
}

// Runs step(i, p, grad) under NoGradGuard for each parameter that has a gradient (parameters without one are
// skipped, as in PyTorch). Returns the number of parameters stepped.
template <typename Step>
static int32_t step_each_with_grad(const Tensor* params, int32_t n, Step step) {
    at::NoGradGuard no_grad;
    int32_t updated = 0;
    for (int32_t i = 0; i < n; ++i) {
        at::Tensor& p = *params[i];
        const at::Tensor& g0 = p.grad();
        if (!g0.defined()) continue;
        step(i, p, g0);
        ++updated;
    }
    return updated;
}

// Adam / AMSGrad. steps[i] is parameter i's step count, incremented here for each parameter that has a gradient
// (parameters without one are skipped, as in PyTorch). max_exp_avg_sq may be null unless amsgrad.
// Returns the number of parameters updated, or -1 on error.
SYM_EXPORT int32_t sym_optim_adam_step(const Tensor* params, int32_t n, const Tensor* exp_avg, const Tensor* exp_avg_sq,
                                       const Tensor* max_exp_avg_sq, int64_t* steps, double lr, double beta1,
                                       double beta2, double eps, double weight_decay, int32_t amsgrad, int32_t maximize) {
    SYM_CATCH(-1,
        return step_each_with_grad(params, n, [&](int32_t i, at::Tensor& p, const at::Tensor& g0) {
            TORCH_CHECK(!g0.is_sparse(), "Adam does not support sparse gradients");
            at::Tensor& m = *exp_avg[i];
            at::Tensor& v = *exp_avg_sq[i];
            at::Tensor* vmax = amsgrad ? max_exp_avg_sq[i] : nullptr;
            // The moments were created like the parameter at the first step; a module converted with to() afterwards
            // would otherwise reach ATen's mixed-dtype kernels (an internal assert) or a device mismatch.
            for (const at::Tensor* s : std::initializer_list<const at::Tensor*>{&m, &v, vmax})
                TORCH_CHECK(!s || (s->scalar_type() == p.scalar_type() && s->device() == p.device() && s->sizes() == p.sizes()),
                            "Adam: the state of parameter ", i, " is ", s->scalar_type(), " ", s->sizes(), " on ", s->device(),
                            " but the parameter is now ", p.scalar_type(), " ", p.sizes(), " on ", p.device(),
                            "; move or convert the module before creating its optimizer (or create a new optimizer).");
            int64_t step = ++steps[i];
            double bias_correction1 = 1 - std::pow(beta1, static_cast<double>(step));
            double bias_correction2 = 1 - std::pow(beta2, static_cast<double>(step));
            AdamScalars c{beta1, beta2, eps, weight_decay, lr / bias_correction1, std::sqrt(bias_correction2), amsgrad != 0, maximize != 0};
            if (fusable(p, g0, m, v, vmax)) {
                if (p.scalar_type() == at::kFloat) adam_fused<float>(p, g0, m, v, vmax, c);
                else adam_fused<double>(p, g0, m, v, vmax, c);
                return;
            }
            // General path (CUDA, non-contiguous, other dtypes): the same formulas as in-place ATen ops.
            at::Tensor g = maximize ? g0.neg() : g0;
            if (weight_decay != 0) g = g.add(p, weight_decay);
            m.mul_(beta1).add_(g, 1 - beta1);
            v.mul_(beta2).addcmul_(g, g, 1 - beta2);
            at::Tensor denom;
            if (vmax) {
                at::maximum_out(*vmax, *vmax, v);
                denom = (vmax->sqrt() / c.bias_correction2_sqrt).add_(eps);
            } else {
                denom = (v.sqrt() / c.bias_correction2_sqrt).add_(eps);
            }
            p.addcdiv_(m, denom, -c.step_size);
        });)
}

// SGD with momentum, dampening, weight decay and Nesterov. momentum_buffers may be null when momentum == 0; a
// buffer whose steps[i] is 0 is initialised to the first update direction (PyTorch's clone of d_p).
SYM_EXPORT int32_t sym_optim_sgd_step(const Tensor* params, int32_t n, const Tensor* momentum_buffers, int64_t* steps,
                                      double lr, double momentum, double dampening, double weight_decay,
                                      int32_t nesterov, int32_t maximize) {
    SYM_CATCH(-1,
        return step_each_with_grad(params, n, [&](int32_t i, at::Tensor& p, const at::Tensor& g0) {
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
        });)
}
