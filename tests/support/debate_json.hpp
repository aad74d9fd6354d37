#pragma once
// Comparing saved debates across runs: ids, timestamps and measured figures differ by design, the debate must not.

#include <nlohmann/json.hpp>

namespace parley::testing {

/// The debate JSON without its id, its timestamps, measured latencies and parley's run metrics.
nlohmann::json without_clock(nlohmann::json debate);

} // namespace parley::testing
