#pragma once
// A config's top-level "defaults": the provider, endpoint, model and call settings every agent, the judge and
// every evaluator take unless they set their own, so one block points a whole config at one server.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "llm/provider_spec.hpp"
#include "util/error.hpp"
#include "util/json_document.hpp"

namespace parley::llm {

/// The provider kinds a config may name.
const std::vector<std::string>& provider_kinds();

/// The keys of "defaults", in the order the docs list them.
const std::vector<std::string>& provider_default_keys();

/// What "defaults" sets; an absent key sets nothing.
struct ProviderDefaults {
    std::optional<std::string> kind; ///< "provider"
    std::optional<std::string> base_url;
    std::optional<std::string> model;
    std::optional<std::string> api_key_env;
    std::optional<double> temperature;
    std::optional<long> timeout_ms; ///< each call's time limit
    /// "structuredOutput": whether structured answers are asked in their schema (response_format); default true
    std::optional<bool> structured_output;
    std::optional<long> context_budget_tokens; ///< the tokens a call's prompt and answer share (context_window.hpp)

    /// The provider a participant uses: its own `kind` when it names one, else this block's, else "offline".
    std::string kind_for(const std::optional<std::string>& own) const;

    /// Whether a participant of provider `kind` takes this block's baseUrl and apiKeyEnv: only when it runs on the
    /// same provider kind, so an agent sent to "openai" is never pointed at the defaults' local server.
    bool endpoint_applies_to(const std::string& kind) const;
};

/// Reads a "defaults" object at `path` of `doc`. Errors (ErrorKind::config) and warnings (an unknown key, with the
/// nearest known one) start with doc.where(path).
Result<ProviderDefaults> parse_provider_defaults(const nlohmann::json& value, const std::string& path,
                                                 const util::JsonDocument& doc, std::vector<std::string>& warnings);

/// Holds every call to `timeout_ms` in all: the total limit, and the wait for a first byte when that is longer.
void apply_call_timeout(Timeouts& timeouts, long timeout_ms);

} // namespace parley::llm
