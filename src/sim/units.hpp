#pragma once
// Durations and rates as the simulation reads them from flags and scenario files ("2h", "90s", "500ms") and
// writes them for people ("2.4 s", "1.5 min").

#include <optional>
#include <string>
#include <string_view>

namespace parley::sim {

/// A duration written as a number and a unit (ms, s, m or min, h, d, y; none means seconds), in seconds;
/// nullopt when it is not one, or not a finite non-negative number.
std::optional<double> parse_duration(std::string_view text);

/// `seconds` for a person, with three significant figures: "420 ms", "2.4 s", "1.5 min", "3.2 h", "12 d".
std::string format_seconds(double seconds);

/// `value` with three significant figures and no exponent below 1e15: "1,667", "0.25", "12.5".
std::string format_count(double value);

} // namespace parley::sim
