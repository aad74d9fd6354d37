#pragma once
// The providers of a run: one per endpoint, shared by every agent that names it.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "llm/provider.hpp"
#include "llm/provider_spec.hpp"
#include "run/endpoint_allowlist.hpp"
#include "util/env.hpp"
#include "util/error.hpp"

namespace parley::run {

/// Builds each provider once, so agents that share an endpoint share its connections. Not thread-safe: the
/// session guards the one it owns.
class ProviderCache {
public:
    /// Keys come from `env`; with `stand_ins`, providers answer nothing and need no key (replay and dry runs). With
    /// `allowed`, a spec whose endpoint and key variable it does not list fails (ErrorKind::config) before anything
    /// is built: a worker running configs from Redis calls only what its own configuration allows.
    ProviderCache(util::Env env, bool stand_ins, std::optional<EndpointAllowlist> allowed = std::nullopt)
        : env_(std::move(env)), stand_ins_(stand_ins), allowed_(std::move(allowed)) {}

    /// The provider for `spec`, built on first use; a missing key or a bad spec fails here, before any call.
    [[nodiscard]] Result<std::shared_ptr<llm::Provider>> get(const llm::ProviderSpec& spec);

    /// Every provider built so far, with the spec it was first built from, in the order they were built.
    const std::vector<std::pair<llm::ProviderSpec, std::shared_ptr<llm::Provider>>>& built() const { return built_; }

    /// The environment keys and base URLs come from.
    const util::Env& env() const { return env_; }

private:
    util::Env env_;
    bool stand_ins_;
    std::optional<EndpointAllowlist> allowed_;
    std::map<std::string, std::shared_ptr<llm::Provider>> cache_;
    std::vector<std::pair<llm::ProviderSpec, std::shared_ptr<llm::Provider>>> built_;
};

} // namespace parley::run
