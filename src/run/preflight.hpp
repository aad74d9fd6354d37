#pragma once
// The check before a run's first call that every provider endpoint is there, so a server that is not running
// fails the run in about a second with one line saying what to do, not after minutes of retries. After its
// `/models` answers, each model the run will ask gets one chat call of one token, so a server that lists models
// but cannot answer a chat (a 500, a model it does not have) fails here too.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "llm/provider.hpp"
#include "util/error.hpp"

namespace parley::run {

/// How long the check waits for each endpoint: enough for a loaded local server, short enough to fail fast.
inline constexpr std::chrono::milliseconds kPreflightLimit{1500};

/// How long the chat check waits for its one token. A server still loading the model (Ollama's first call) takes
/// longer: that is no failure, and the load it started is not wasted on the run's first call.
inline constexpr std::chrono::milliseconds kChatCheckLimit{3000};

/// A provider and a model the run will ask it for.
struct CheckTarget {
    std::shared_ptr<llm::Provider> provider;
    std::string model;
};

/// What to check.
struct PreflightOptions {
    std::chrono::milliseconds limit = kPreflightLimit;      ///< each endpoint's GET /models
    bool chat = true;                                       ///< false: --no-chat-check
    std::chrono::milliseconds chat_limit = kChatCheckLimit; ///< each chat check
};

/// Checks each distinct endpoint of `targets` once (Provider::check_endpoint), then, with `options.chat`, sends each
/// distinct model of it one tiny chat call (Provider::check_chat); endpoints in parallel. The first failure in the
/// targets' order, else success. Providers with nothing to check (offline, replay) pass at once. The chat calls'
/// tokens are logged (-v): a few per model, never journaled and never part of a run's totals.
[[nodiscard]] Result<void> check_endpoints(const std::vector<CheckTarget>& targets,
                                           const PreflightOptions& options = {});

} // namespace parley::run
