#pragma once
// How a sweep's debate ends: its files saved, its journal record settled, and its row of the sweep index.

#include <filesystem>

#include "run/debate_job.hpp"
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

/// The index row of a debate that ended, read from its state.
sweep::JobResult result_of(const sweep::SweepJob& job, const debate::DebateState& state,
                           const std::filesystem::path& json_path, const std::filesystem::path& report_path,
                           const std::filesystem::path& output_dir);

} // namespace parley::run
