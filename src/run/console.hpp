#pragma once
// How a run speaks to the person at the terminal when it ends: one line per error, on stderr.

#include <string>
#include <string_view>

#include "util/error.hpp"

namespace parley::run {

/// Prints "parley: <message>" on stderr.
void print_error(const std::string& message);

/// Prints the error's one line and returns the exit code its kind calls for.
[[nodiscard]] int fail_with(const Error& error);

/// A command's output: `text` made terminal-safe on stdout when `output_file` is empty, otherwise written to the
/// file atomically and announced as "<command>: <file>". Returns the exit code (a failed write: its error's).
[[nodiscard]] int write_output(std::string_view text, const std::string& output_file, std::string_view command,
                               bool quiet = false);

} // namespace parley::run
