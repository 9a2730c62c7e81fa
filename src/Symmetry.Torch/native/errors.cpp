// The one error channel, and process-wide settings (threads, seeds, CUDA presence).
#include "common.h"
#include <cstdlib>
#include <cstring>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>

namespace {
thread_local std::string last_error;
thread_local bool has_error = false;
}  // namespace

void sym::set_error(const char* message) {
    last_error = message ? message : "";
    has_error = true;
}
void sym::clear_error() { has_error = false; }

// Copies the last error message of this thread into buf (truncated to cap-1 bytes), clears it and returns the
// full length, or -1 when there is no error.
SYM_EXPORT int32_t sym_error_last(char* buf, int32_t cap) {
    if (!has_error) return -1;
    int32_t n = static_cast<int32_t>(last_error.size());
    if (buf && cap > 0) {
        int32_t k = n < cap - 1 ? n : cap - 1;
        std::memcpy(buf, last_error.data(), static_cast<size_t>(k));
        buf[k] = '\0';
    }
    has_error = false;
    return n;
}

SYM_EXPORT int32_t sym_error_pending() { return has_error ? 1 : 0; }

SYM_EXPORT const char* sym_torch_version() { return TORCH_VERSION; }

// OpenBLAS keeps its own thread pool beside libtorch's OpenMP one; both sized to the core count, they fight over
// the cores (small models train 3× slower with 2 + 2 threads on 2 cores). Weak, so a libtorch built on MKL (no
// OpenBLAS symbol) still links and loads.
extern "C" void openblas_set_num_threads(int) __attribute__((weak));

SYM_EXPORT void sym_torch_set_num_threads(int32_t n) {
    SYM_CATCH(,
        at::set_num_threads(n);
        if (openblas_set_num_threads) openblas_set_num_threads(n);
        return;)
}
SYM_EXPORT int32_t sym_torch_get_num_threads() {
    SYM_CATCH(-1, return at::get_num_threads();)
}
SYM_EXPORT void sym_torch_manual_seed(int64_t seed) {
    SYM_CATCH(, at::manual_seed(static_cast<uint64_t>(seed)); return;)
}
SYM_EXPORT int32_t sym_cuda_is_available() {
    SYM_CATCH(0, return torch::cuda::is_available() ? 1 : 0;)
}
SYM_EXPORT int32_t sym_cuda_device_count() {
    SYM_CATCH(0, return static_cast<int32_t>(torch::cuda::device_count());)
}
SYM_EXPORT void sym_cuda_synchronize(int32_t index) {
    SYM_CATCH(, if (torch::cuda::is_available()) torch::cuda::synchronize(index); return;)
}
