#pragma once
// The index of a sweep's results: one row per job, written as sweep.json, sweep.md and sweep.csv.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sweep/matrix.hpp"
#include "util/error.hpp"
#include "util/money.hpp"

namespace parley::sweep {

/// How one job of a sweep ended, as its row in the index shows it.
struct JobResult {
    std::string job_id;
    std::size_t index = 0;
    std::string problem; ///< the problem's file name
    std::string config;  ///< the config's file name
    std::uint64_t seed = 0;
    std::string debate_id;
    std::string status = "pending"; ///< done, failed, interrupted or pending
    std::optional<double> confidence;
    std::optional<double> score; ///< the evaluation's overall score (1-10), when the debate was evaluated
    std::string agreement;       ///< the panel's agreement verdict, when evaluated
    util::Money cost;            ///< what the debate's calls cost, with the calls whose price is unknown
    double wall_ms = 0;
    std::string json_path;   ///< relative to the sweep's folder
    std::string report_path; ///< likewise
    std::string error;       ///< one line, when it failed
};

/// The row of a job that has not ended yet.
JobResult pending_result(const SweepJob& job);

/// One row as JSON (an element of the index's "jobs").
nlohmann::json row_json(const JobResult& result);

/// A row read back from row_json's form; a missing or mistyped field is ErrorKind::invalid_input naming it.
[[nodiscard]] Result<JobResult> row_from_json(const nlohmann::json& value);

/// The index as JSON: {"sweepId", "jobs": [...]}, rows in job order.
nlohmann::json index_json(const std::string& sweep_id, const std::vector<JobResult>& results);

/// The index as a Markdown table, with a line of totals; score and agreement columns when any row was evaluated.
std::string index_markdown(const std::string& sweep_id, const std::vector<JobResult>& results);

/// The index as CSV (RFC 4180 quoting), one header line and one line per job; score and agreement are the last
/// columns, empty for a debate not evaluated.
std::string index_csv(const std::vector<JobResult>& results);

/// Writes sweep.json, sweep.md and sweep.csv into `folder`, each atomically.
[[nodiscard]] Result<void> write_index(const std::filesystem::path& folder, const std::string& sweep_id,
                                       const std::vector<JobResult>& results);

} // namespace parley::sweep
