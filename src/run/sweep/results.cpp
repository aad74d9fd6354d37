#include "run/sweep/results.hpp"

#include <map>

#include "report/comparison.hpp"
#include "report/html_comparison.hpp"
#include "run/console.hpp"
#include "run/eval/job.hpp"
#include "util/text_file.hpp"

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
    const auto& evaluation = state.evaluation;
    if (evaluation.is_object()) {
        if (const auto score = evaluation.find("overall_score"); score != evaluation.end() && score->is_number()) {
            r.score = score->get<double>();
        }
        if (const auto parley = evaluation.find("parley"); parley != evaluation.end() && parley->is_object()) {
            const auto& agreement = parley->value("agreement", nlohmann::json::object());
            if (agreement.is_object() && agreement.value("verdict", nlohmann::json()).is_string()) {
                r.agreement = agreement["verdict"].get<std::string>();
            }
        }
    }
    r.cost = state.metrics.cost;
    r.wall_ms = state.metrics.wall_ms;
    r.json_path = relative_to(json_path, output_dir);
    r.report_path = relative_to(report_path, output_dir);
    return r;
}

void evaluate_sweep_debates(RunSession& session, const std::vector<EvaluatedDebate>& debates) {
    // Grouped by the eval config's text: jobs of one sweep share it, so this is one batch.
    std::map<std::string, std::vector<const EvaluatedDebate*>> groups;
    for (const auto& d : debates) {
        if (d.succeeded && d.panel && d.job->eval) {
            groups[d.job->eval->text].push_back(&d);
        }
    }
    for (const auto& [text, group] : groups) {
        if (session.interrupted()) {
            return;
        }
        std::vector<debate::DebateState*> states;
        for (const auto* d : group) {
            states.push_back(&d->debate->state);
        }
        evaluate_debates(session, *group.front()->panel, states, group.front()->prices);
    }
}

Result<void> write_comparison(const std::filesystem::path& folder, const std::vector<sweep::JobResult>& rows) {
    std::vector<LoadedDebate> loaded;
    for (const auto& row : rows) {
        if (row.json_path.empty()) {
            continue;
        }
        auto state = debate::load_debate((folder / row.json_path).string());
        if (!state) {
            return tl::make_unexpected(state.error());
        }
        loaded.push_back({row.json_path, std::move(*state)});
    }
    return write_comparison_of(folder, loaded);
}

Result<void> write_comparison_of(const std::filesystem::path& folder, const std::vector<LoadedDebate>& loaded) {
    if (loaded.empty()) {
        return {};
    }
    std::vector<report::ComparedDebate> debates;
    for (const auto& d : loaded) {
        debates.push_back({d.json_path, &d.state});
    }
    const std::pair<const char*, std::string> files[] = {
        {"comparison.md", report::render_comparison(debates, report::ComparisonFormat::markdown)},
        {"comparison.csv", report::render_comparison(debates, report::ComparisonFormat::csv)},
        {"comparison.html", report::render_comparison_html(debates)},
    };
    for (const auto& [name, text] : files) {
        if (auto written = util::write_file_atomically(folder / name, text); !written) {
            return written;
        }
    }
    return {};
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
