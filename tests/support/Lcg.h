#pragma once

#include <cstdint>

namespace emotrace::test {

/// Deterministic pseudo-random numbers for tests (the same on every standard library,
/// unlike std::uniform_*_distribution).
class Lcg {
public:
    explicit Lcg(std::uint64_t seed) : m_state(seed * 6364136223846793005ULL + 1442695040888963407ULL) {}
    double uniform() // [0, 1)
    {
        m_state = m_state * 6364136223846793005ULL + 1442695040888963407ULL;
        return double(m_state >> 11) / double(1ULL << 53);
    }
    int below(int n) { return int(uniform() * n); }

private:
    std::uint64_t m_state;
};

} // namespace emotrace::test
