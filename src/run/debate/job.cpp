#include "run/debate/job.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

#include "debate/orchestrator.hpp"
#include "debate/problem.hpp"
#include "report/html_report.hpp"
#include "report/markdown_report.hpp"
#include "run/debate/baseline.hpp"
#include "util/sha256.hpp"
#include "util/text_file.hpp"
#include "util/timestamps.hpp"

namespace parley::run {

namespace {

// Asks the clarifying questions and answers them from --answers, a resumed run's answers, or the terminal.
Result<void> clarify_debate(DebateJob& job, const Setup& setup, store::Journal* journal, const debate::AskFunction& ask,
                            debate::Orchestrator& orchestrator, std::stop_token stop) {
    auto& state = job.state;
    auto questions = orchestrator.ask_clarifications(state, stop);
    if (!questions) {
        return tl::make_unexpected(questions.error());
    }
    auto answers = setup.answers;
    answers.insert(job.stored_answers.begin(), job.stored_answers.end());
    debate::answer_questions(*questions, answers, ask);
    state.clarifications = std::move(*questions);
    if (!journal) {
        return {};
    }
    // Answers typed at the terminal are kept, so a resume does not ask again.
    nlohmann::json given = nlohmann::json::object();
    for (const auto& agent : state.clarifications) {
        for (const auto& item : agent.items) {
            given[item.id] = item.answer;
        }
    }
    job.run.state["answers"] = given;
    if (auto updated = journal->update_run(job.run.id, store::RunStatus::running, job.run.state); !updated) {
        spdlog::warn("{}", updated.error().message);
    }
    return {};
}

} // namespace

std::unique_ptr<DebateJob> new_debate_job(const Setup& setup, const DebateOptions& options, std::size_t index) {
    auto job = std::make_unique<DebateJob>();
    job->problem = setup.problems.at(index);
    // Another context is another debate: its prompts differ, so the newest unfinished run of the old one is not it.
    // Another design under review is another debate too.
    job->problem_hash = util::sha256_hex(debate::with_context(job->problem.text, setup.context) +
                                         (setup.design ? "\ndesign:" + setup.design->sha256 : std::string()));
    auto& state = job->state;
    // Several debates started in the same second still need distinct ids.
    state.id = util::make_debate_id(options.seed ? std::optional<std::uint64_t>(*options.seed + index) : std::nullopt);
    state.problem = job->problem.text;
    state.context = setup.context;
    state.design = setup.design;
    state.created_at = util::now_iso8601();
    state.seed = options.seed.value_or(0);
    return job;
}

void name_debate_files(DebateJob& job, const Setup& setup, const DebateOptions& options) {
    auto& state = job.state;
    state.updated_at = state.created_at;
    for (const auto& p : setup.participants) {
        state.agents.push_back(participant_info(p));
    }
    state.judge = participant_info(setup.judge);
    const std::filesystem::path out_dir = options.output_dir;
    job.json_path =
        options.json_file.empty() ? out_dir / (state.id + ".json") : std::filesystem::path(options.json_file);
    job.report_path =
        options.report_file.empty() ? out_dir / (state.id + ".md") : std::filesystem::path(options.report_file);
    if (options.html) {
        job.html_path = std::filesystem::path(job.report_path).replace_extension(".html");
        // `--report x.html --html` would write both reports to one file; the HTML one takes a longer name.
        if (job.html_path == job.report_path) {
            job.html_path += ".html";
        }
    }
    job.brief_report = options.brief_report;
}

progress::DebatePlan plan_of(const DebateJob& job, const Setup& setup, bool clarify) {
    std::vector<progress::PlannedAgent> agents;
    for (const auto& p : setup.participants) {
        agents.push_back({p.config.id, p.config.name});
    }
    agents.push_back({setup.judge.config.id, setup.judge.config.name});
    return {job.state.id, job.problem.label, std::move(agents), setup.config.debate.rounds,
            static_cast<std::size_t>(debate::Orchestrator::planned_calls(
                setup.participants.size(), setup.config.debate.rounds, clarify, setup.design.has_value(),
                setup.config.debate.termination.asks_judge(), setup.config.debate.synthesis))};
}

Result<void> run_debate_job(DebateJob& job, const Setup& setup, bool clarify, store::Journal* journal,
                            const debate::AskFunction& ask, debate::CallExecutor& executor, std::stop_token stop) {
    auto& state = job.state;
    const auto started = std::chrono::steady_clock::now();
    debate::Orchestrator orchestrator(
        setup.participants, setup.judge, setup.config.debate, executor,
        [&](const std::string& message) { spdlog::debug("{}: {}", state.id, message); }, &setup.config.prices);
    orchestrator.on_warning([&](const std::string& message) { spdlog::warn("{}: {}", state.id, message); });
    Result<void> outcome;
    if (clarify) {
        outcome = clarify_debate(job, setup, journal, ask, orchestrator, stop);
    }
    if (outcome) {
        outcome = orchestrator.run(state, stop);
    }
    state.metrics.wall_ms = util::elapsed_ms(started);
    // Before the baseline's calls, so the debate's figures (and the cost it is compared at) are its own.
    job.metrics->apply_to(state.metrics);
    if (outcome && setup.baseline) {
        outcome = run_debate_baseline(state, setup, orchestrator, *job.metrics, stop);
    }
    if (!outcome) {
        state.status = "failed";
        state.error = outcome.error().message;
        state.updated_at = util::now_iso8601();
    }
    return outcome;
}

Result<void> save_debate_files(const DebateJob& job) {
    if (auto saved = debate::save_debate(job.state, job.json_path.string()); !saved) {
        return saved;
    }
    const report::ReportOptions render{false, job.brief_report};
    if (auto written = util::write_file_atomically(job.report_path, report::render_markdown(job.state, render));
        !written) {
        return written;
    }
    if (job.html_path.empty()) {
        return {};
    }
    return util::write_file_atomically(job.html_path, report::render_html(job.state, render));
}

} // namespace parley::run
