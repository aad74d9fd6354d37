#pragma once
// How a sweep's debate ends: its files saved, its journal record settled, and its row of the sweep index.

#include <filesystem>

#include "eval/eval_config.hpp"
#include "run/debate/job.hpp"
#include "run/session.hpp"
#include "sweep/sweep_index.hpp"

namespace parley::run {

/// A settled job: its index row and the exit code it calls for.
struct SettledJob {
    sweep::JobResult result;
    int exit_code = 0;
};

/// Saves the debate's JSON and report, files its status in `journal` (when set), says on stderr what failed, and
/// returns its index row (paths relative to `output_dir`).
[[nodiscard]] SettledJob settle_sweep_debate(const sweep::SweepJob& job, DebateJob& debate, const JobOutcome& outcome,
                                             store::Journal* journal, const std::filesystem::path& output_dir);

/// A debate of a sweep batch that may be evaluated once the batch ends.
struct EvaluatedDebate {
    const sweep::SweepJob* job = nullptr;
    const eval::EvalConfig* panel = nullptr; ///< none: the job has no eval
    DebateJob* debate = nullptr;
    const llm::PriceTable* prices = nullptr; ///< the job's config's prices
    bool succeeded = false;                  ///< the debate ran to its end
};

/// Scores every debate that succeeded and has a panel, as `parley debate --eval` does (evaluate_debates): one
/// batch on `session` per distinct eval config. Each verdict lands in its debate's `parley.evaluation`.
void evaluate_sweep_debates(RunSession& session, const std::vector<EvaluatedDebate>& debates);

/// Writes comparison.md, comparison.csv and comparison.html into `folder` (report::comparison_rows): one row per
/// debate of `rows` whose JSON is in `folder`, in job order. Nothing is written when no debate has its JSON.
[[nodiscard]] Result<void> write_comparison(const std::filesystem::path& folder,
                                            const std::vector<sweep::JobResult>& rows);

/// A debate already loaded, with its JSON file's name in the sweep's folder.
struct LoadedDebate {
    std::string json_path;
    debate::DebateState state;
};

/// As write_comparison, for debates already loaded, in job order (so none is parsed twice).
[[nodiscard]] Result<void> write_comparison_of(const std::filesystem::path& folder,
                                               const std::vector<LoadedDebate>& debates);

/// The index row of a debate that ended, read from its state.
sweep::JobResult result_of(const sweep::SweepJob& job, const debate::DebateState& state,
                           const std::filesystem::path& json_path, const std::filesystem::path& report_path,
                           const std::filesystem::path& output_dir);

} // namespace parley::run
