#pragma once
// One debate of a run as a job of the session: from its problem to its saved JSON and report.

#include <filesystem>
#include <map>
#include <memory>
#include <stop_token>
#include <string>

#include "debate/call_executor.hpp"
#include "debate/clarifications.hpp"
#include "debate/debate_state.hpp"
#include "debate/metrics_collector.hpp"
#include "progress/board.hpp"
#include "run/debate/setup.hpp"
#include "store/journal.hpp"

namespace parley::run {

/// One debate of the run and what it keeps while it runs.
struct DebateJob {
    Problem problem;
    std::string problem_hash;
    debate::DebateState state;
    store::RunRecord run;                              ///< its record in the journal
    std::map<std::string, std::string> stored_answers; ///< clarification answers a resumed run gave before
    std::unique_ptr<debate::MetricsCollector> metrics = std::make_unique<debate::MetricsCollector>();
    std::filesystem::path json_path;
    std::filesystem::path report_path;
    std::filesystem::path html_path; ///< beside the Markdown report with --html; empty without
    bool brief_report = false;       ///< write only the summary as the report
};

/// The `index`th debate of the run, with a fresh id (seeded by --seed + index) and no run record yet.
[[nodiscard]] std::unique_ptr<DebateJob> new_debate_job(const Setup& setup, const DebateOptions& options,
                                                        std::size_t index);

/// Fills what depends on the final id (a resume takes the recorded one): participants and file paths.
void name_debate_files(DebateJob& job, const Setup& setup, const DebateOptions& options);

/// What the progress display shows for the debate before its first call.
progress::DebatePlan plan_of(const DebateJob& job, const Setup& setup, bool clarify);

/// Runs the debate on `executor`: clarifications first when asked (answers are kept in `journal`'s run record
/// when it is set, so a resume does not ask again), then the rounds and the judge. Work done before a failure
/// stays in job.state, marked failed.
[[nodiscard]] Result<void> run_debate_job(DebateJob& job, const Setup& setup, bool clarify, store::Journal* journal,
                                          const debate::AskFunction& ask, debate::CallExecutor& executor,
                                          std::stop_token stop);

/// Writes the debate's JSON and Markdown report, each atomically.
[[nodiscard]] Result<void> save_debate_files(const DebateJob& job);

} // namespace parley::run
