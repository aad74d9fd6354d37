#include "run/sweep_results.hpp"

#include "run/console.hpp"

namespace parley::run {

namespace {

std::string relative_to(const std::filesystem::path& path, const std::filesystem::path& base) {
    return path.lexically_relative(base).string();
}

} // namespace

sweep::JobResult result_of(const sweep::SweepJob& job, const debate::DebateState& state,
                           const std::filesystem::path& json_path, const std::filesystem::path& report_path,
                           const std::filesystem::path& output_dir) {
    auto r = sweep::pending_result(job);
    r.debate_id = state.id;
    r.status = state.status == "completed" ? "done" : state.status;
    if (state.final_solution) {
        r.confidence = state.final_solution->confidence;
    }
    r.cost_usd = state.metrics.cost.usd;
    r.wall_ms = state.metrics.wall_ms;
    r.json_path = relative_to(json_path, output_dir);
    r.report_path = relative_to(report_path, output_dir);
    return r;
}

SettledJob settle_sweep_debate(const sweep::SweepJob& job, DebateJob& debate, const JobOutcome& outcome,
                               store::Journal* journal, const std::filesystem::path& output_dir) {
    auto saved = save_debate_files(debate);
    if (journal) {
        const auto status = outcome.result && saved ? store::RunStatus::finished
                            : outcome.interrupted   ? store::RunStatus::interrupted
                                                    : store::RunStatus::failed;
        if (auto updated = journal->update_run(debate.run.id, status, debate.run.state); !updated) {
            print_error(updated.error().message);
        }
    }
    SettledJob settled{result_of(job, debate.state, debate.json_path, debate.report_path, output_dir), exit_code::ok};
    const Error* error = !outcome.result ? &outcome.result.error() : !saved ? &saved.error() : nullptr;
    if (outcome.interrupted) {
        settled.result.status = "interrupted";
        settled.exit_code = exit_code::interrupted;
    } else if (error) {
        settled.result.status = "failed";
        settled.result.error = error->message;
        settled.exit_code = exit_code_for(error->kind);
        print_error(debate.state.id + ": " + error->message);
    }
    if (!saved) {
        settled.result.json_path.clear();
        settled.result.report_path.clear();
    }
    return settled;
}

} // namespace parley::run
