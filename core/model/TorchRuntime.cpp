#include "model/TorchRuntime.h"

#include <mutex>
#include <thread>

#include <ATen/Context.h>
#include <ATen/Parallel.h>

namespace emotrace {

int configureTorchThreads(int threads)
{
    static std::once_flag once;
    std::call_once(once, [threads] {
        const int n = threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()));
        at::set_num_threads(n);
        // Denormal floats (activations of near-silent mixes) take slow paths on x86;
        // values below 1e-38 cannot change a prediction, so they are flushed to zero.
        at::globalContext().setFlushDenormal(true);
        try {
            at::set_num_interop_threads(1);
        } catch (...) {
            // already started by an earlier libtorch call: keep its size
        }
    });
    return at::get_num_threads();
}

} // namespace emotrace
