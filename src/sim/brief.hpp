#pragma once
// The simulation's key verdicts in a few lines, for the places that show a design beside other findings: `parley
// review`, the judge's material for each final proposal, the debate report and the offline evaluator. A short run
// (at most 30 minutes of virtual time at the peak, at most a million jobs a scenario) with a fixed seed, so the
// same design always gives the same lines and a review stays fast.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/simulation.hpp"

namespace parley::sim {

/// Virtual seconds a brief simulates at most, and the jobs a scenario of it may hold at most (the duration is
/// shortened for fast peaks).
inline constexpr double kBriefSeconds = 1800;
inline constexpr double kBriefJobs = 1e6;
/// The seed of every brief.
inline constexpr std::uint64_t kBriefSeed = 1;

/// One scenario's outcome in a line: "peak: holds; utilisation 85%, wait p95 0 s, ...".
struct BriefScenario {
    std::string name;
    bool holds = false; ///< the backlog stayed bounded and nothing was rejected
    std::string outcome;
};

/// What a short simulation of a design found, or why it could not run.
struct SimulationBrief {
    bool simulated = false;
    std::string cannot;               ///< "cannot simulate: no arrival rate stated" (when not simulated)
    std::vector<std::string> missing; ///< what must be stated first
    double duration = 0;              ///< virtual seconds of each scenario (0 when not simulated)
    std::uint64_t seed = kBriefSeed;
    std::vector<BriefScenario> scenarios;
    std::vector<Verdict> verdicts;
    std::vector<std::string> assumed; ///< "average_rate 833 jobs/s": parameters not stated, defaults used
};

/// Simulates `design` (with `problem`'s workload figures and requirements) briefly: peak and one outage.
SimulationBrief brief_simulation(std::string_view design, const std::optional<std::string>& problem);

/// The brief as a few plain lines (no Markdown): what was run, each scenario's outcome, each verdict, what was
/// assumed; or "cannot simulate: …" and what is missing.
std::vector<std::string> brief_lines(const SimulationBrief& brief);

/// "met 2 of 3 requirement checks; holds its peak" or "cannot simulate: no arrival rate stated": one line.
std::string brief_headline(const SimulationBrief& brief);

/// The brief as a Markdown section: a heading at `heading_level` ("Simulation"), then brief_lines as a list, each
/// line made safe for Markdown.
std::string brief_markdown(const SimulationBrief& brief, int heading_level);

/// The brief as JSON: `simulated`, `cannot`, `missing`, `duration_seconds`, `seed`, `scenarios`, `verdicts`,
/// `assumed`.
nlohmann::json to_json(const SimulationBrief& brief);

/// A brief read back from to_json's output (a debate JSON); fields that are missing or of another type are left
/// at their defaults.
SimulationBrief brief_from_json(const nlohmann::json& j);

} // namespace parley::sim
