#pragma once

namespace emotrace {

/// Sets libtorch's intra-op thread pool size once per process (later calls are
/// ignored: the pool cannot be resized safely once it has run work). threads <= 0 uses
/// the number of cores. Also flushes denormal floats to zero (they only slow the CPU
/// down). Call from main before any model runs.
/// Returns the thread count in force.
int configureTorchThreads(int threads);

} // namespace emotrace
