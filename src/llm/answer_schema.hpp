#pragma once
// One JSON schema per structured answer parley asks a model for, in one place: the same schema is sent with the
// request where the server takes one, put in the repair request, and used to check the answer.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "llm/answer_check.hpp"
#include "llm/provider.hpp"

namespace parley::llm {

/// The structured answers parley asks for.
enum class AnswerKind {
    judge_synthesis,  ///< the judge's final solution (prompts/judge/synthesis.md)
    design_review,    ///< the judge's decision on a given design (prompts/judge/design_review.md)
    evaluator_scores, ///< an evaluator's rubric scores (prompts/eval/user.md)
    comparison,       ///< an evaluator's pick between two designs (prompts/eval/compare_user.md)
    review_concern,   ///< a review panel member's status of one concern (prompts/review/concern.md)
    ballot,           ///< an agent's ranking of the other agents' designs (prompts/vote/ballot.md)
};

/// A structured answer's name (as response_format names it) and its JSON schema.
using AnswerSchema = ResponseSchema;

/// The decisions a design review may reach, as its schema lists them.
inline constexpr const char* kDesignDecisions[] = {"accept", "accept with changes", "reject"};

/// The schema of one kind of answer.
const AnswerSchema& schema_for(AnswerKind kind);

/// Asks `request` for an answer in the kind's schema (response_format, where the server takes one). The reader of
/// the answer calls it, unless the participant's config turned structured output off.
void ask_structured(ChatRequest& request, AnswerKind kind);

/// Checks a structured answer: `found` is the JSON object the kind's parser took from `answer` (null or discarded
/// when there was none). Defects: empty, echo (of `prompt`, as text or as a JSON object the prompt holds), no_json,
/// wrong_shape, missing, out_of_range, placeholder (a `<...>` of `prompt` as a string value).
AnswerCheck check_structured(std::string_view answer, const nlohmann::json& found, AnswerKind kind,
                             std::string_view prompt);

/// True when an answer says nothing of its own: it is empty, has no JSON, is an echo or holds a placeholder. Such an
/// answer is never used; other defects are shown and the parser's reading (clamped, partial) is kept.
bool says_nothing(const AnswerCheck& check);

/// Every message parley wrote in a request (not the model's own earlier answers), joined: the text an answer is
/// checked against for echoes and placeholders.
std::string prompt_text(const std::vector<Message>& messages);

/// `request` asked again once: its messages, the failed answer, and the repair message; a request of its own (its
/// own journal key), so a resume or replay finds both answers.
ChatRequest repair_request(const ChatRequest& request, const std::string& answer, const AnswerCheck& check,
                           AnswerKind kind);

/// What makes an agent's proposal, critique or refinement no contribution: empty after trimming, an echo of the
/// prompt, or a copied placeholder of its template; "" when it is one (and for every other purpose).
std::string contribution_defects(const ChatRequest& request, std::string_view answer);

/// The user message of the one repair call: what the check found and the schema to answer in.
std::string repair_message(const AnswerCheck& check, AnswerKind kind);

} // namespace parley::llm
