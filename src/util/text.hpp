#pragma once
// Small string helpers shared by the parsers.

#include <cstdint>
#include <optional>
#include <string_view>

namespace parley::util {

/// `text` without leading and trailing spaces and tabs (HTTP header values, Markdown lines).
std::string_view trim_blanks(std::string_view text);

/// `text` without leading and trailing white space of any kind, line breaks included.
std::string_view trim_space(std::string_view text);

/// The whole number `text` spells in plain decimal digits (no sign, no spaces), when it is from `min` to `max`;
/// nothing otherwise. Flags read their numbers through it, so 99999999999999999999 is refused, not saturated.
std::optional<std::uint64_t> parse_whole_number(std::string_view text, std::uint64_t min, std::uint64_t max);

} // namespace parley::util
