#pragma once
// What `parley review` reads: a design as Markdown or plain text, or a debate JSON whose final solution
// (description and implementation) is the design.

#include <cstddef>
#include <filesystem>
#include <string>

#include "util/error.hpp"

namespace parley::review {

/// The largest design or problem text reviewed.
inline constexpr std::size_t kMaxInputBytes = 1024 * 1024;

/// The largest debate JSON read for its final solution (debates carry every prompt, so they run larger).
inline constexpr std::size_t kMaxDebateJsonBytes = 64 * 1024 * 1024;

/// The text to review in `content` (read from `origin`, named in errors): a debate JSON's final solution, or
/// the content itself. Errors (ErrorKind::invalid_input): not UTF-8, or a JSON without a final solution.
Result<std::string> design_text(const std::string& content, const std::string& origin);

/// Reads `path` (UTF-8; at most kMaxInputBytes of text, or a debate JSON of at most kMaxDebateJsonBytes whose
/// final solution is at most kMaxInputBytes) and returns the text to review.
Result<std::string> read_design(const std::filesystem::path& path);

/// Reads a problem statement: at most kMaxInputBytes of UTF-8 text.
Result<std::string> read_problem(const std::filesystem::path& path);

} // namespace parley::review
