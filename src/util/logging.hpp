#pragma once
// Logging setup shared by every command: human lines on stderr, optional JSON lines in a file.

#include <string>

#include "util/error.hpp"

namespace parley::util {

/// How chatty the command line is.
enum class Verbosity { quiet, normal, verbose };

/// Sends warnings and errors (and info/debug with verbose) to stderr, also with quiet, and
/// every level as JSON lines to `json_log_file` when it is not empty.
[[nodiscard]] Result<void> setup_logging(Verbosity verbosity, const std::string& json_log_file);

} // namespace parley::util
