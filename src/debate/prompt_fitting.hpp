#pragma once
// A participant's prompt rendered within its context budget: the long values (the problem with its context files,
// histories, proposals, critiques, summaries) are cut to fit, the template and the short values never are.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "debate/config.hpp"
#include "debate/prompt_template.hpp"
#include "llm/context_window.hpp"
#include "llm/provider.hpp"

namespace parley::debate {

/// The context budget of a participant; nullopt for the offline provider, which has no window to fit.
std::optional<llm::ContextBudget> context_budget_of(const AgentConfig& who);

/// A prompt rendered to fit, and why it could not when it could not.
struct FittedPrompt {
    std::vector<llm::Message> messages; ///< the system and user messages
    std::size_t cut_bytes = 0;          ///< bytes cut from the values to fit
    std::string unfit;                  ///< when not empty: why the prompt passes the budget all the same
};

/// `who`'s system prompt and its prompt of `kind` rendered with `values`, the long values cut (evenly, with a
/// marker) so that the prompt fits `who`'s context budget with room for the answer. When the template and the short
/// values alone pass the budget, `unfit` says so in one clause and the messages are left uncut.
FittedPrompt render_fitted(const AgentConfig& who, PromptKind kind, std::map<std::string, std::string> values);

/// The same with the user prompt's template given (a built-in template the config does not hold).
FittedPrompt render_fitted(const AgentConfig& who, const std::string& user_template,
                           std::map<std::string, std::string> values);

/// The reason a request of `who` passes its budget, for a request built without a template (a repair request),
/// after cutting its messages to fit; empty when it fits.
std::string fit_request(const AgentConfig& who, std::vector<llm::Message>& messages);

} // namespace parley::debate
