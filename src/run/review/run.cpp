#include "run/review/run.hpp"

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "review/design_input.hpp"
#include "review/review.hpp"
#include "run/console.hpp"
#include "run/review/panel.hpp"
#include "run/session.hpp"
#include "sim/brief.hpp"
#include "util/env.hpp"
#include "util/error.hpp"
#include "util/path_clash.hpp"

namespace parley::run {

namespace {

// The session a panel runs in: its journal, limits and providers.
Result<SessionOptions> panel_session_options(const ReviewCommandOptions& options) {
    auto env = util::Env::load(options.env_file, options.env_file_required);
    if (!env) {
        return tl::make_unexpected(env.error());
    }
    SessionOptions s;
    s.replay = !options.replay_file.empty();
    s.journal_path = s.replay                       ? std::filesystem::path(options.replay_file)
                     : options.journal_file.empty() ? std::filesystem::path("debates") / "journal.sqlite"
                                                    : std::filesystem::path(options.journal_file);
    s.shared_cache = options.cache || !options.cache_dir.empty();
    s.cache_dir = options.cache_dir;
    if (options.max_cost_usd || options.max_tokens) {
        s.budget = llm::BudgetLimits{options.max_cost_usd, options.max_tokens};
    }
    s.providers = std::make_shared<ProviderCache>(std::move(*env), s.replay);
    // Every concern's call is independent: let a panel's calls run in one wave.
    s.queue.workers = 16;
    s.queue.network_default.concurrency = 16;
    s.progress.mode = progress::mode_for_stderr(options.verbosity);
    return s;
}

// Asks the panel's model reviewers on a run session; offline reviewers need none. Returns an exit code on failure.
std::optional<int> run_panel(const ReviewCommandOptions& options, const PanelTask& task, PanelReview& out) {
    if (panel_is_offline(task)) {
        out = offline_panel_review(task);
        return std::nullopt;
    }
    auto s = panel_session_options(options);
    if (!s) {
        return fail_with(s.error());
    }
    const auto journal_path = s->journal_path;
    auto session = RunSession::open(std::move(*s));
    if (!session) {
        return fail_with(session.error());
    }
    std::vector<Job> jobs;
    jobs.push_back(make_panel_job(task, out, **session));
    const auto outcomes = (*session)->run_batch(std::move(jobs));
    (*session)->close();
    if (outcomes.front().interrupted) {
        std::fprintf(stderr,
                     "parley: review panel interrupted; run the same command again to resume (finished calls come "
                     "from the journal %s)\n",
                     journal_path.string().c_str());
        return exit_code::interrupted;
    }
    if (!outcomes.front().result) {
        return fail_with(outcomes.front().result.error());
    }
    return std::nullopt;
}

} // namespace

int run_review(const ReviewCommandOptions& options) {
    util::CommandPaths paths;
    paths.inputs = {{"the design", options.design_file},
                    {"--problem", options.problem_file},
                    {"--panel", options.panel_file},
                    {"--replay", options.replay_file}};
    paths.outputs = {{"-o", options.output_file}};
    if (!options.panel_file.empty()) {
        paths.inputs.push_back({"--env-file", options.env_file});
        if (options.replay_file.empty()) {
            paths.outputs.push_back(
                {"--journal", options.journal_file.empty() ? "debates/journal.sqlite" : options.journal_file});
        }
    }
    if (auto clash = util::check_no_clash(paths); !clash) {
        return fail_with(clash.error());
    }
    const bool json = options.output_file.ends_with(".json");
    if (!options.output_file.empty() && !json && !options.output_file.ends_with(".md")) {
        print_error("-o " + options.output_file + ": unknown extension (use .json or .md)");
        return exit_code::bad_input;
    }
    auto design = review::read_design(options.design_file);
    if (!design) {
        print_error(design.error().message);
        return exit_code::bad_input;
    }
    std::optional<std::string> problem;
    if (!options.problem_file.empty()) {
        auto text = review::read_problem(options.problem_file);
        if (!text) {
            print_error(text.error().message);
            return exit_code::bad_input;
        }
        problem = std::move(*text);
    }
    const auto result =
        review::review_design(*design, problem ? std::optional<std::string_view>(*problem) : std::nullopt);
    const auto simulation = sim::brief_simulation(*design, problem);
    if (options.panel_file.empty()) {
        std::string text;
        if (json) {
            auto j = review::to_json(result);
            j["simulation"] = sim::to_json(simulation);
            text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        } else {
            text = review::to_markdown(result) + "\n" + sim::brief_markdown(simulation, 2);
        }
        return write_output(text, options.output_file, "review", options.quiet);
    }
    auto config = eval::load_eval_config(options.panel_file);
    if (!config) {
        return fail_with(config.error());
    }
    for (const auto& w : config->warnings) {
        spdlog::warn("{}", w);
    }
    PanelTask task{"", std::move(*config), *design, &result};
    task.id = panel_task_id(task);
    PanelReview panel;
    if (const auto failed = run_panel(options, task, panel)) {
        return *failed;
    }
    std::string text;
    if (json) {
        auto j = review::to_json(result);
        j["simulation"] = sim::to_json(simulation);
        j["panel"] = panel_json(result, panel);
        text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    } else {
        text = review::to_markdown(result) + "\n" + sim::brief_markdown(simulation, 2) + "\n" +
               panel_markdown(result, panel);
    }
    return write_output(text, options.output_file, "review", options.quiet);
}

} // namespace parley::run
