#pragma once
// The check before a run's first call that every provider endpoint is there, so a server that is not running
// fails the run in about a second with one line saying what to do, not after minutes of retries.

#include <chrono>
#include <memory>
#include <vector>

#include "llm/provider.hpp"
#include "run/provider_cache.hpp"
#include "util/error.hpp"

namespace parley::run {

/// How long the check waits for each endpoint: enough for a loaded local server, short enough to fail fast.
inline constexpr std::chrono::milliseconds kPreflightLimit{1500};

/// Checks each distinct endpoint of `providers` once (Provider::check_endpoint), all at once; the first failure in
/// the providers' order, else success. Providers with nothing to check (offline, replay) pass at once.
[[nodiscard]] Result<void> check_endpoints(const std::vector<std::shared_ptr<llm::Provider>>& providers,
                                           std::chrono::milliseconds limit = kPreflightLimit);

/// Every provider `cache` has built so far, in the order built: what check_endpoints is given before a run.
std::vector<std::shared_ptr<llm::Provider>> built_providers(const ProviderCache& cache);

} // namespace parley::run
