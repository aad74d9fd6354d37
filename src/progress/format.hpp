#pragma once
// Pure text helpers of the progress display: durations, counts and costs in a few characters, and model
// text made safe and short enough for one terminal line.

#include <cstddef>
#include <string>
#include <string_view>

namespace parley::progress {

/// A duration in a few characters: "0.4s", "12.3s", "3m04s", "2h05m".
std::string format_duration(double ms);

/// A count of tokens or characters in a few characters: "950", "12.3k", "4.6M".
std::string format_count(double count);

/// The terminal columns `text` takes: East Asian wide characters and emoji take two, combining marks none.
std::size_t display_width(std::string_view text);

/// `text` cut on a character boundary to at most `columns` columns, ending in "…" when something was cut.
std::string fit_width(std::string_view text, std::size_t columns);

/// The last `columns` columns of `text`, starting with "…" when something was cut.
std::string tail_width(std::string_view text, std::size_t columns);

/// `text` safe to print on one terminal line: util::terminal_safe with blanks and line breaks joined into one space.
std::string one_line(std::string_view text);

/// The first line of `text` that is not blank, made safe by one_line.
std::string first_line(std::string_view text);

} // namespace parley::progress
