#pragma once
// Reads the judge's answer: a rationale and one fenced JSON block with the final solution.

#include <string>
#include <string_view>

#include "debate/debate_state.hpp"

namespace parley::debate {

/// The judge's answer as a Solution; `warning` says what was missing or malformed (empty when none).
struct ParsedSolution {
    Solution solution;
    std::string warning;
};

/// Parses the JSON block (```json fenced, or the last balanced {...}); when there is none, the whole answer
/// becomes the description, confidence stays absent, and the warning says so.
ParsedSolution parse_solution(std::string_view answer, const std::string& judge_id);

} // namespace parley::debate
