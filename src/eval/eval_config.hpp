#pragma once
// An evaluator panel's config: dialectic's eval config format as it is (agents[] with id, name, model, provider,
// systemPromptPath, userPromptPath, timeout, enabled), plus parley's extras (baseUrl, apiKeyEnv, temperature).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llm/provider_spec.hpp"
#include "util/error.hpp"

namespace parley::eval {

/// One evaluator of the panel.
struct EvaluatorConfig {
    std::string id;
    std::string name;
    std::string model;
    llm::ProviderSpec provider;
    double temperature = 0.1;                  ///< dialectic asks its evaluators at 0.1
    bool structured_output = true;             ///< ask scores and comparisons in their schema (response_format)
    std::optional<long> context_budget_tokens; ///< none: the model's known window, else llm::kDefaultContextTokens
    std::string system_prompt;
    std::string system_source; ///< "built-in:prompts/eval/system.md" or the file read
    std::string user_prompt;   ///< with {problem}, {clarifications} and {final_solution}
    std::string user_source;
};

/// A whole panel: the enabled evaluators in file order.
struct EvalConfig {
    std::vector<EvaluatorConfig> evaluators;
    std::string source;                ///< the file, or "built-in offline panel"
    bool offline = false;              ///< only offline evaluators (the built-in panel): scores from the design review
    std::vector<std::string> warnings; ///< unknown keys, unreadable prompt files (the built-in is used), ...
};

/// The built-in comparison prompt (`--compare`), with {problem}, {design_a} and {design_b}.
std::string_view compare_prompt();

/// Parses eval config text; errors name the file, line and JSON path (ErrorKind::config). Prompt paths are
/// resolved against `base_dir`; a prompt file that is missing, unreadable or empty falls back to the built-in
/// prompt with a warning, as in dialectic.
Result<EvalConfig> parse_eval_config(std::string_view text, const std::string& source,
                                     const std::filesystem::path& base_dir);

/// Reads and parses an eval config file (at most 4 MiB).
Result<EvalConfig> load_eval_config(const std::filesystem::path& path);

/// The panel used without -c: one evaluator on the offline provider, whose scores are derived from the
/// deterministic design review.
EvalConfig offline_panel(std::uint64_t seed);

/// What the output says of scores from the offline panel.
inline constexpr std::string_view kOfflineNote = "offline: derived from the deterministic design review";

} // namespace parley::eval
