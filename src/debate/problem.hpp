#pragma once
// The problem statement a debate is about, from the command line or a file.

#include <optional>
#include <string>
#include <vector>

#include "util/error.hpp"

namespace parley::debate {

/// The largest problem statement accepted, in bytes.
inline constexpr std::size_t kMaxProblemBytes = 1024 * 1024;

/// Exactly one of `inline_text` and `file` must be given; the text must be non-empty, valid UTF-8 and at most
/// kMaxProblemBytes. Errors are ErrorKind::invalid_input and name the file (and line) at fault.
Result<std::string> load_problem(const std::optional<std::string>& inline_text, const std::optional<std::string>& file);

/// The most characters of --context text kept, as dialectic: longer text is cut there, with a warning.
inline constexpr std::size_t kMaxContextChars = 5000;

/// Extra context as dialectic's --context reads it: the file's text, trimmed, cut to kMaxContextChars characters
/// (saying so in `warnings`); empty, with a warning, when the file holds only white space. A missing or unreadable
/// file, or one that is not UTF-8, is an error (ErrorKind::invalid_input) naming it.
Result<std::string> load_context(const std::string& file, std::vector<std::string>& warnings);

/// The problem as agents and the judge read it: with non-empty context appended under "# Extra Context", the way
/// dialectic appends it.
std::string with_context(const std::string& problem, const std::string& context);

} // namespace parley::debate
