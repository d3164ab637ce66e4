#include "production/DenormalGuard.h"

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#define EMOTRACE_HAS_MXCSR 1
#endif

namespace emotrace {

DenormalGuard::DenormalGuard()
{
#ifdef EMOTRACE_HAS_MXCSR
    m_saved = _mm_getcsr();
    _mm_setcsr(m_saved | 0x8040u); // FTZ (bit 15) | DAZ (bit 6)
#endif
}

DenormalGuard::~DenormalGuard()
{
#ifdef EMOTRACE_HAS_MXCSR
    _mm_setcsr(m_saved);
#endif
}

} // namespace emotrace
