#pragma once
// The one CSV writer: every CSV parley writes (sweep index, eval scores, comparisons) goes through it, so every one
// is RFC 4180 with CRLF line ends and no cell of outside text can run as a spreadsheet formula.

#include <string>
#include <string_view>
#include <vector>

namespace parley::util {

/// `text` as one RFC 4180 CSV field: quoted, with quotes doubled, when it holds a comma, quote or line break.
std::string csv_field(std::string_view text);

/// A cell of text from outside parley (a path, an id, a model's words): csv_field, and first an apostrophe when it
/// starts with =, +, -, @, a tab or a carriage return, so a spreadsheet shows it as text instead of running it.
std::string csv_text(std::string_view text);

/// One CSV row: the cells (each already csv_text, or a number parley wrote) joined with commas, ended with CRLF.
std::string csv_row(const std::vector<std::string>& cells);

} // namespace parley::util
