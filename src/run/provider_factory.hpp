#pragma once
// Builds the Provider a ProviderSpec describes.

#include <memory>
#include <optional>
#include <string>

#include "llm/provider.hpp"
#include "llm/provider_spec.hpp"
#include "util/env.hpp"

namespace parley::llm {

/// Where a network provider sends its calls and the variable its key comes from, as make_provider resolves them.
struct ResolvedEndpoint {
    std::string base_url;
    std::string key_env; ///< empty: the endpoint is called without a key
};

/// The endpoint `spec` calls: its baseUrl, else OPENAI_BASE_URL / OPENROUTER_BASE_URL from `env` for those kinds,
/// else the kind's default; its key variable is apiKeyEnv, else the kind's default. None for the offline provider,
/// which calls nothing. ErrorKind::config for an unknown kind or a kind that needs a baseUrl it lacks.
Result<std::optional<ResolvedEndpoint>> resolve_endpoint(const ProviderSpec& spec, const util::Env& env);

/// The provider for `spec`. Its base URL is the config's baseUrl, else OPENAI_BASE_URL / OPENROUTER_BASE_URL from
/// `env` for those kinds, else the kind's default. A network provider whose key variable is unset fails here, before
/// any call, with ErrorKind::config naming the variable (never its value).
Result<std::shared_ptr<Provider>> make_provider(const ProviderSpec& spec, const util::Env& env);

} // namespace parley::llm
