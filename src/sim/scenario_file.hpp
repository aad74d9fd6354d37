#pragma once
// The scenario file of `parley simulate --scenario FILE.json`: which runs to make, and parameters to set.
//
//   {"duration": "2h",
//    "set": {"workers": "50", "lease": "30s"},
//    "scenarios": [
//      {"name": "peak"},
//      {"name": "outage", "outage": {"from": "30m", "until": "40m", "workers": 20}},
//      {"name": "slow downstream", "slowdown": {"from": "20m", "until": "50m", "factor": 3}},
//      {"name": "retry storm", "retry_storm": {"from": "20m", "until": "30m", "failure_rate": 0.3}},
//      {"name": "a day", "load": "shape", "duration": "24h"}]}

#include <string>
#include <utility>
#include <vector>

#include "sim/model.hpp"
#include "util/error.hpp"

namespace parley::sim {

/// The largest scenario file read.
inline constexpr std::size_t kMaxScenarioFileBytes = 256 * 1024;

/// What a scenario file says.
struct ScenarioFile {
    std::vector<Scenario> scenarios;
    std::vector<std::pair<std::string, std::string>> sets;
};

/// Parses a scenario file's `text` (`origin` names it in errors); `duration` is the default duration. Errors
/// (ErrorKind::invalid_input) name the field: "FILE: scenarios[2].outage.from: not a duration".
Result<ScenarioFile> parse_scenario_file(const std::string& text, const std::string& origin, double duration);

} // namespace parley::sim
