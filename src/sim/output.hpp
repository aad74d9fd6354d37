#pragma once
// A simulation report as JSON (for tools), Markdown (for people) and the short summary `parley simulate`
// prints. The HTML page is report/sim_html.hpp.

#include <string>

#include <nlohmann/json.hpp>

#include "sim/simulation.hpp"

namespace parley::sim {

/// Every parameter with its source, every run's totals, classes and time buckets, and the verdicts.
nlohmann::json to_json(const SimulationReport& report);

/// The verdicts, the parameters (assumptions marked), and each scenario's totals and a table over time.
std::string to_markdown(const SimulationReport& report);

/// A few lines in seconds: each scenario's outcome, the verdicts, and which numbers were assumed.
std::string to_summary(const SimulationReport& report);

/// One verdict as JSON: `source`, `line`, `requirement`, `check`, `scenario`, `checked`, `met`, `simulated`.
nlohmann::json verdict_json(const Verdict& verdict);

/// One verdict for a person: "met  p95 wait (enqueue to start) at peak within 500 ms: 0 s  (problem line 13)".
std::string verdict_line(const Verdict& verdict);

/// One line for a run: "utilisation 83%, wait p95 0 s, p99 12 ms; end-to-end p95 7.1 s; backlog bounded".
std::string describe_run(const RunResult& run);

/// "peak 2 h", "outage 2 h, every worker down 30–35 min".
std::string describe_scenario(const Scenario& scenario);

} // namespace parley::sim
