#pragma once

namespace emotrace {

/// Scoped flush-to-zero: while alive, the calling thread's floating-point unit treats
/// subnormal numbers as zero (x86 SSE: FTZ and DAZ; elsewhere it does nothing). Recursive
/// filters and reverb lines decaying after a part ends would otherwise crawl through
/// subnormals at a hundredth of the speed. The previous mode is restored on destruction.
/// Results stay deterministic: the same input gives the same output on the same machine.
class DenormalGuard {
public:
    DenormalGuard();
    ~DenormalGuard();
    DenormalGuard(const DenormalGuard&) = delete;
    DenormalGuard& operator=(const DenormalGuard&) = delete;

private:
    unsigned int m_saved = 0;
};

} // namespace emotrace
