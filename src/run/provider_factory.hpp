#pragma once
// Builds the Provider a ProviderSpec describes.

#include <memory>

#include "llm/provider.hpp"
#include "llm/provider_spec.hpp"
#include "util/env.hpp"

namespace parley::llm {

/// The provider for `spec`. Its base URL is the config's baseUrl, else OPENAI_BASE_URL / OPENROUTER_BASE_URL from
/// `env` for those kinds, else the kind's default. A network provider whose key variable is unset fails here, before
/// any call, with ErrorKind::config naming the variable (never its value).
Result<std::shared_ptr<Provider>> make_provider(const ProviderSpec& spec, const util::Env& env);

} // namespace parley::llm
