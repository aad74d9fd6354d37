#pragma once
// How many tokens a participant's call may hold: its configured context budget, the context window of a well-known
// model, or a conservative default for a model parley does not know (a local model, most often).

#include <optional>
#include <string_view>

namespace parley::llm {

/// The budget of a model parley knows nothing about: 8,192 tokens, the window of Llama 3 8B and of most small
/// local models as their servers run them; a larger model loses only room it could have used, a smaller one would
/// be sent prompts it silently truncates.
inline constexpr long kDefaultContextTokens = 8'192;
/// The smallest context budget a config may set: room for a prompt template and a short answer.
inline constexpr long kMinContextTokens = 1'024;
/// The largest context budget a config may set (10 million tokens): past any model's window.
inline constexpr long kMaxContextTokens = 10'000'000;

/// The context window, in tokens, of a well-known model (under any spelling model_spellings accepts); nullopt for
/// a model not in the table.
std::optional<long> known_context_window(std::string_view model);

/// Where a context budget came from.
enum class ContextBudgetSource {
    config,  ///< the participant's (or the config's defaults') contextBudgetTokens
    model,   ///< the table of well-known models
    fallback ///< kDefaultContextTokens
};

/// A participant's context budget: the tokens its prompt and its answer share.
struct ContextBudget {
    long tokens = kDefaultContextTokens;
    ContextBudgetSource source = ContextBudgetSource::fallback;
};

/// The budget of a participant calling `model`: `configured` when set, else the model's known window, else the
/// default.
ContextBudget context_budget(std::optional<long> configured, std::string_view model);

/// "configured", "the model's window" or "the default for unknown models": said when a prompt cannot fit.
std::string_view to_string(ContextBudgetSource source);

} // namespace parley::llm
