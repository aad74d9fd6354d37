#pragma once
// Numbers as every report prints them: durations, plain numbers and costs with their unknown part.

#include <string>

#include "debate/debate_state.hpp"

namespace parley::report {

/// What a report prints where a figure is unknown.
inline constexpr const char* kUnknownFigure = "—";

/// The shortest text that reads back as `value` ("72", "0.5"); the unknown mark when it cannot be printed.
std::string format_number(double value);

/// Whole milliseconds below ten seconds ("850 ms"), tenths of seconds above ("12.3 s").
std::string format_duration(double ms);

/// A cost with its unknown part said plainly: a call of a model without a price is not free.
std::string format_cost(const debate::Cost& cost);

/// A token count, marked when parley estimated it.
std::string format_tokens(long count, bool estimated);

/// `text` made safe for HTML text content (& < > " escaped), for the few HTML tags Markdown reports use.
std::string html_text(const std::string& text);

} // namespace parley::report
