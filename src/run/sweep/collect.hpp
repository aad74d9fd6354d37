#pragma once
// `parley sweep collect` on what Redis holds: each finished job's debate and report written out and checked, one
// index row per job of the sweep, and anything that does not belong or does not read named rather than trusted.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "redis/jobs.hpp"
#include "run/sweep/results.hpp"
#include "sweep/sweep_index.hpp"

namespace parley::run {

/// The index rows collect could account for and a line for each entry it could not use.
struct CollectedRows {
    std::vector<sweep::JobResult> rows; ///< one per job of the sweep that is done or dead, in job order
    std::vector<std::string> problems;  ///< "JOB: why", one per result that was refused
    std::vector<LoadedDebate> debates;  ///< the kept debates as loaded, in job order, for the comparison
};

/// Writes every result of `results` (job id, result text) whose job is one of `jobs` (job id, payload) into `out`,
/// keeping it only when its row is that job's, its file names are plain and its own, and its debate JSON loads;
/// a refused result becomes a failed row naming why, a result for no job of the sweep only a problem line. Dead
/// jobs of the sweep get failed rows; strays get none.
CollectedRows collect_rows(const std::vector<std::pair<std::string, std::string>>& jobs,
                           const std::vector<std::pair<std::string, std::string>>& results,
                           const std::vector<sweep::DeadJob>& dead, const std::filesystem::path& out);

} // namespace parley::run
