#pragma once
// How a run speaks to the person at the terminal when it ends: one line per error, on stderr.

#include <string>

#include "util/error.hpp"

namespace parley::run {

/// Prints "parley: <message>" on stderr.
void print_error(const std::string& message);

/// Prints the error's one line and returns the exit code its kind calls for.
[[nodiscard]] int fail_with(const Error& error);

} // namespace parley::run
