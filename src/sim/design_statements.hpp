#pragma once
// The one place that maps what a design (or a problem) states onto simulation parameters: it reads the review's
// quantities (review/quantity.hpp) line by line and names each one it recognises ("peak_rate", "job_time_mean",
// "lease", ...). Which statistic a figure is (mean, median, p95, p99, maximum, peak) is the one the review's
// extraction carries with it, so the review and the simulation read "a p99 of 30 s" the same way.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace parley::sim {

/// One parameter a text states: its name (a key of parameters.hpp), its value as the parameters read it, and
/// the line it came from.
struct Statement {
    std::string name;
    std::string value; ///< "1666.67" (per second), "2" (seconds), "yes", "6:3:1", "reject"
    std::size_t line = 0;
    std::string quote; ///< the line, shortened
};

/// The parameters `text` states, first statement of each name only, in line order. Only names that describe
/// the workload (rates, job times, priorities) when `workload_only` (a problem statement).
std::vector<Statement> read_statements(std::string_view text, bool workload_only);

} // namespace parley::sim
