#pragma once
// Fills evaluator prompts: dialectic's placeholders {problem}, {clarifications} and {final_solution}, and
// parley's {design_a} and {design_b} for comparisons.

#include <map>
#include <string>
#include <string_view>

namespace parley::eval {

/// `text` with every `{name}` of `values` replaced by its value in one pass (a value is never scanned again).
std::string fill_placeholders(std::string_view text, const std::map<std::string, std::string>& values);

} // namespace parley::eval
