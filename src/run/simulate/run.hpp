#pragma once
// `parley simulate` as a library call: the simulation of the queue a design describes, summarised on stdout and
// written as JSON, Markdown or HTML.

#include <cstdint>
#include <string>
#include <vector>

namespace parley::run {

/// What `parley simulate` is asked to do.
struct SimulateCommandOptions {
    std::string design_file;
    std::string problem_file;
    std::vector<std::string> sets;
    std::string scenario_file;
    std::string duration = "2h";
    std::uint64_t seed = 1;
    std::string output_file; ///< empty: the summary only
};

/// Simulates the design's queue and prints (and writes) the report; 0 when it simulated, 2 for bad input.
[[nodiscard]] int run_simulate(const SimulateCommandOptions& options);

} // namespace parley::run
