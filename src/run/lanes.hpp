#pragma once
// The engine lane of a provider endpoint, limited as the config's "queue" section says.

#include "debate/config.hpp"
#include "llm/provider_spec.hpp"
#include "queue/engine.hpp"

namespace parley::run {

/// How the lane of the endpoint `spec` names runs its calls: its concurrency and rate limits (by base URL, then
/// by provider kind, then the defaults), and the queue's retry policy and circuit breaker.
queue::LaneOptions lane_options_for(const debate::QueueConfig& queue, const llm::ProviderSpec& spec);

} // namespace parley::run
