#pragma once
// Small string helpers shared by the parsers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::util {

/// `text` without leading and trailing spaces and tabs (HTTP header values, Markdown lines).
std::string_view trim_blanks(std::string_view text);

/// `text` without leading and trailing white space of any kind, line breaks included.
std::string_view trim_space(std::string_view text);

/// `text` with ASCII letters lowered and every other byte kept (UTF-8 passes through unchanged).
std::string ascii_lower(std::string_view text);

/// The whole number `text` spells in plain decimal digits (no sign, no spaces), when it is from `min` to `max`;
/// nothing otherwise. Flags read their numbers through it, so 99999999999999999999 is refused, not saturated.
std::optional<std::uint64_t> parse_whole_number(std::string_view text, std::uint64_t min, std::uint64_t max);

/// The Levenshtein distance between `a` and `b` (insertions, deletions and substitutions of one byte each).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` by edit distance, when it is at most `max_distance` edits away (ties: the
/// first); what "did you mean ...?" suggests.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates,
                                         std::size_t max_distance);

} // namespace parley::util
