#pragma once
// The optional clarifications phase: questions agents ask before round 1, and their answers.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "debate/debate_state.hpp"
#include "util/error.hpp"

namespace parley::debate {

/// The text recorded for a question nobody answered.
inline constexpr const char* kUnanswered = "NA";

/// The questions in an agent's answer: numbered or bulleted lines, at most `max_questions`; none for "NONE".
std::vector<std::string> parse_questions(std::string_view answer, int max_questions);

/// Answers from a JSON file mapping question ids to answer strings ({"agent-architect-q1": "..."}).
Result<std::map<std::string, std::string>> load_answers(const std::string& path);

/// Where a question stands among those asked at the terminal: number `number` (from 1) of `total`.
struct AskPosition {
    std::size_t number = 1;
    std::size_t total = 1;
};

/// Asks one question and returns the answer; an empty answer means unanswered.
using AskFunction =
    std::function<std::string(const AgentClarifications& agent, const ClarificationItem& item, AskPosition position)>;

/// What the terminal shows before reading an answer: before the first question, how many there are and that
/// Enter skips one; then "(n/total) [agent] question" and a "> " prompt. Model text is made safe for a terminal.
std::string question_prompt(const AgentClarifications& agent, const ClarificationItem& item, AskPosition position);

/// A question reduced for comparison: lower case, letters and digits only, words separated by one space, so
/// "What is the peak rate?" and "what is the  PEAK rate" are the same question.
std::string normalized_question(std::string_view question);

/// Fills every item's answer from `answers` (by id), else from `ask` when given (numbered among the questions
/// `answers` leaves open), else kUnanswered.
void answer_questions(std::vector<AgentClarifications>& questions, const std::map<std::string, std::string>& answers,
                      const AskFunction& ask);

/// The clarifications as prompt text ("(none)" when there are none).
std::string format_clarifications(const std::vector<AgentClarifications>& clarifications);

} // namespace parley::debate
