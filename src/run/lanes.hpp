#pragma once
// The engine lanes of a run: one per provider endpoint, limited as the config's "queue" section says.

#include <string>
#include <vector>

#include "debate/config.hpp"
#include "debate/orchestrator.hpp"
#include "queue/engine.hpp"

namespace parley::run {

/// One lane of the engine and how it runs its calls.
struct LaneSpec {
    std::string name;
    queue::LaneOptions options;
};

/// One lane per provider endpoint the participants call, in name order; a lane takes the limits of the first
/// participant that names its endpoint.
std::vector<LaneSpec> lanes_for(const debate::QueueConfig& queue, const std::vector<debate::Participant>& participants);

} // namespace parley::run
