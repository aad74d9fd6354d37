#pragma once
// Fitting a prompt into a context budget: the one cutter every prompt goes through before it is sent (or, in a dry
// run, estimated). Text is cut in the middle, on character boundaries, and a visible marker says how much went.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llm/provider.hpp"

namespace parley::llm {

/// The tokens kept for the answer within a budget: the participant's maxTokens, else a quarter of the budget up to
/// 4,096 (the dry run's high estimate of an answer).
long answer_room_tokens(long budget_tokens, std::optional<int> max_tokens);

/// The most bytes of prompt (all messages' contents) a budget allows once the answer has its room, at the four
/// bytes a token that estimated_tokens counts; 0 when the answer alone takes the whole budget.
std::size_t prompt_bytes_allowed(long budget_tokens, std::optional<int> max_tokens);

/// The marker left where text was cut: "[… 12,345 characters cut to fit agent-x's context budget …]".
std::string cut_marker(std::size_t cut_characters, std::string_view owner);

/// The bytes a cut of `text` may add for its marker (a blank line each side): set aside before sharing out room.
std::size_t marker_allowance(std::string_view owner);

/// At most `max_bytes` of `text`: unchanged when it fits, else its beginning and its end with a cut_marker between,
/// cut on character boundaries; empty when not even the marker fits. Deterministic: the same text, the same cut.
std::string cut_to_fit(std::string_view text, std::size_t max_bytes, std::string_view owner);

/// One piece of a prompt that may be cut, and how many times the prompt holds it.
struct PromptPart {
    std::string* text = nullptr;
    std::size_t uses = 1;
};

/// Cuts `parts` so that together (each counted `uses` times) they take at most `room` bytes. The room is shared
/// evenly: a part smaller than its share is kept whole and what it leaves is shared by the larger ones. Returns
/// the number of bytes cut.
std::size_t fit_parts(const std::vector<PromptPart>& parts, std::size_t room, std::string_view owner);

/// The bytes of every message's content.
std::size_t prompt_bytes(const std::vector<Message>& messages);

/// Cuts the messages of a request built without a template (a repair request with the failed answer in it) to
/// `allowed` bytes, sharing the room between them as fit_parts does. False when even the markers do not fit.
bool fit_messages(std::vector<Message>& messages, std::size_t allowed, std::string_view owner);

} // namespace parley::llm
