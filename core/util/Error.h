#pragma once

#include <stdexcept>
#include <string>

namespace emotrace {

/// The one exception type that core throws for bad input or failed operations.
/// The message is a single line that names the input (file, key, parameter) and the
/// problem, fit to show a user as it is ("song.mp3: no audio stream").
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// Thrown when a long operation stops because its cancel flag was raised.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

} // namespace emotrace
