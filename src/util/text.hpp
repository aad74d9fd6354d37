#pragma once
// Small string helpers shared by the parsers.

#include <string_view>

namespace parley::util {

/// `text` without leading and trailing spaces and tabs (HTTP header values, Markdown lines).
std::string_view trim_blanks(std::string_view text);

/// `text` without leading and trailing white space of any kind, line breaks included.
std::string_view trim_space(std::string_view text);

} // namespace parley::util
