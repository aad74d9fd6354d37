#pragma once
// Logging setup shared by every command: human lines on stderr, optional JSON lines in a file.

#include <functional>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace parley::util {

/// How chatty the command line is.
enum class Verbosity { quiet, normal, verbose };

/// Sends warnings and errors (and info/debug with verbose) to stderr, also with quiet, and
/// every level as JSON lines to `json_log_file` when it is not empty.
[[nodiscard]] Result<void> setup_logging(Verbosity verbosity, const std::string& json_log_file);

/// Where warnings, errors and log lines meant for the person at the terminal go, each a whole line ending in '\n'.
using ConsoleWriter = std::function<void(std::string_view line)>;

/// Routes console lines to `writer` (a live display prints them above itself, so no redraw overwrites them); an
/// empty writer sends them to stderr again. `writer` is called under a lock, and must not log.
void set_console_writer(ConsoleWriter writer);

/// Writes `line` (ending in '\n') where console lines go: the live display's writer while one is set, else stderr.
void write_console_line(std::string_view line);

} // namespace parley::util
