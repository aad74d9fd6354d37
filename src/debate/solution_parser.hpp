#pragma once
// Reads the judge's answer: a rationale and one fenced JSON block with the final solution.

#include <string>
#include <string_view>
#include <vector>

#include "debate/debate_state.hpp"
#include "llm/answer_check.hpp"
#include "llm/provider.hpp"

namespace parley::debate {

/// The judge's answer as a Solution; `warning` says what was missing or malformed (empty when none).
struct ParsedSolution {
    Solution solution;
    std::string warning;
    llm::AnswerCheck check; ///< the answer against the judge's schema and the prompt it was sent
};

/// Parses the JSON block (```json fenced, or the last balanced {...}) and checks the answer against the judge's
/// schema and `prompt` (every message sent, joined). An answer that says nothing of its own (prose without the
/// block, the template's placeholders, an echo of the prompt) or has no list of unfulfilled requirements is no
/// usable verdict: the solution's fields stay empty, `solution.check.usable` is false, and the warning says why.
ParsedSolution parse_solution(std::string_view answer, const std::string& judge_id, std::string_view prompt = {});

/// As parse_solution, for the judge of a design-review debate (`--design`): checked against the design_review
/// schema, and the decision, reasons and changes read into `solution.design_decision`. An answer without a decision
/// from the schema's list is no usable verdict either: the decision reads "unknown".
ParsedSolution parse_design_review(std::string_view answer, const std::string& judge_id, std::string_view prompt = {});

} // namespace parley::debate
