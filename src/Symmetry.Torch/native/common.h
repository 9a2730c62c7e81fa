// Shared plumbing of the Symmetry.Torch native shim: export macro, the one error channel, handle helpers.
//
// Conventions (DESIGN §4):
//  * every export is extern "C", named sym_<area>_<op>, and its body is wrapped in one CATCH macro;
//  * a tensor handle is a heap-allocated at::Tensor owned by the caller; every call that yields a tensor
//    returns a fresh handle (in-place ops included), released with sym_tensor_dispose;
//  * on failure the message goes to a thread-local slot read by sym_error_last (then cleared) and the
//    export returns nullptr / a default value, so no C++ exception ever crosses into .NET.
#pragma once
#include <ATen/ATen.h>
#include <cstdint>
#include <string>
#include <vector>

#define SYM_EXPORT extern "C" __attribute__((visibility("default")))

typedef at::Tensor* Tensor;

namespace sym {
void set_error(const char* message);
void clear_error();

inline Tensor wrap(at::Tensor t) {
    if (!t.defined()) return nullptr;
    return new at::Tensor(std::move(t));
}
inline at::IntArrayRef dims(const int64_t* p, int32_t n) { return at::IntArrayRef(p, static_cast<size_t>(n)); }
inline at::Device device(int32_t type, int32_t index) {
    return at::Device(static_cast<at::DeviceType>(type), static_cast<c10::DeviceIndex>(index));
}
inline at::ScalarType dtype(int8_t t) { return static_cast<at::ScalarType>(t); }
// A scalar crosses the boundary as (double, int64, kind) so integer tensors keep integer arithmetic.
// kind: 0 = floating (double), 1 = integral (int64), 2 = bool (int64 != 0).
inline at::Scalar scalar(double d, int64_t l, int8_t kind) {
    if (kind == 1) return at::Scalar(l);
    if (kind == 2) return at::Scalar(l != 0);
    return at::Scalar(d);
}
inline std::vector<at::Tensor> tensors(const Tensor* p, int32_t n) {
    std::vector<at::Tensor> v;
    v.reserve(static_cast<size_t>(n));
    for (int32_t i = 0; i < n; ++i) v.push_back(p[i] ? *p[i] : at::Tensor());
    return v;
}
inline c10::optional<at::Tensor> opt(Tensor t) {
    return t ? c10::optional<at::Tensor>(*t) : c10::nullopt;
}
}  // namespace sym

#define SYM_CATCH(failvalue, ...)                                   \
    sym::clear_error();                                             \
    try {                                                           \
        __VA_ARGS__                                                 \
    } catch (const std::exception& e) {                             \
        sym::set_error(e.what());                                   \
    } catch (...) {                                                 \
        sym::set_error("unknown native error in Symmetry.Torch shim"); \
    }                                                               \
    return failvalue;

// Body returning a tensor handle.
#define SYM_TENSOR(...) SYM_CATCH(nullptr, return sym::wrap(__VA_ARGS__);)
