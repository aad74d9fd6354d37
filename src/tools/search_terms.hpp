#pragma once
// The words a search looks for: what a model's query, the problem statement and a passage are compared by.

#include <string>
#include <string_view>
#include <vector>

namespace parley::tools {

/// The distinct lowercase words of `text` worth searching for: letters and digits, at least three characters, no
/// common English word; at most `max_terms`, in order of first appearance.
std::vector<std::string> search_terms(std::string_view text, std::size_t max_terms = 32);

/// How many of `terms` occur in `line` (case-insensitive, as substrings).
int terms_matched(std::string_view line, const std::vector<std::string>& terms);

} // namespace parley::tools
