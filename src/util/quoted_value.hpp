#pragma once
// How a value read from a file is shown inside a one-line message: quoted, escaped and shortened.

#include <cstddef>
#include <string>
#include <string_view>

namespace parley::util {

/// The characters of a value a message shows before it cuts the value short.
inline constexpr std::size_t kQuotedValueMax = 80;

/// `text` in double quotes, safe on one terminal line: control characters, quotes, backslashes and invalid UTF-8
/// escaped (a newline shows as \n), and cut after `max_chars` characters with an ellipsis and the full size:
/// `"abc…" (3.0 MB)`.
std::string quote_value(std::string_view text, std::size_t max_chars = kQuotedValueMax);

/// `text` with the escapes quote_value uses (quotes and backslashes left as they are), whole: for text that is
/// already short but may hold raw bytes, such as a parser's own message.
std::string escape_controls(std::string_view text);

/// A byte count as a person reads it: "512 bytes", "12.3 KB", "3.0 MB".
std::string human_size(std::size_t bytes);

} // namespace parley::util
