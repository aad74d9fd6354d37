#pragma once
// The problem statement a debate is about, from the command line or a file.

#include <optional>
#include <string>

#include "util/error.hpp"

namespace parley::debate {

/// The largest problem statement accepted, in bytes.
inline constexpr std::size_t kMaxProblemBytes = 1024 * 1024;

/// Exactly one of `inline_text` and `file` must be given; the text must be non-empty, valid UTF-8 and at most
/// kMaxProblemBytes. Errors are ErrorKind::invalid_input and name the file (and line) at fault.
Result<std::string> load_problem(const std::optional<std::string>& inline_text, const std::optional<std::string>& file);

} // namespace parley::debate
