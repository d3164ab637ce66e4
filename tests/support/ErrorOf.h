#pragma once

#include <string>

#include "util/Error.h"

namespace emotrace::test {

/// The message of the emotrace::Error that f throws ("" when none).
template <typename F> std::string errorOf(F&& f)
{
    try {
        f();
    } catch (const emotrace::Error& e) {
        return e.what();
    }
    return {};
}

} // namespace emotrace::test
