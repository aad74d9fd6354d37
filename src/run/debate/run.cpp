#include "run/debate/run.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

#include "debate/plan.hpp"
#include "debate/problem.hpp"
#include "run/console.hpp"
#include "run/debate/baseline.hpp"
#include "run/debate/job.hpp"
#include "run/debate/setup.hpp"
#include "run/eval/job.hpp"
#include "run/preflight.hpp"
#include "run/resume.hpp"
#include "run/run_records.hpp"
#include "run/session.hpp"
#include "util/text_file.hpp"

namespace parley::run {

namespace {

using DebateJobs = std::vector<std::unique_ptr<DebateJob>>;

int print_dry_run(const Setup& setup, const DebateOptions& options) {
    int code = exit_code::ok;
    for (const auto& problem : setup.problems) {
        if (setup.problems.size() > 1) {
            std::printf("== %s\n", problem.label.empty() ? "problem" : problem.label.c_str());
        }
        const debate::PlanInput input{setup.agents,
                                      setup.config.judge,
                                      setup.config.debate,
                                      options.clarify,
                                      debate::with_context(problem.text, setup.context),
                                      setup.design};
        const auto plan = debate::plan_debate(input, setup.config.prices);
        const auto text = debate::format_plan(plan);
        std::fwrite(text.data(), 1, text.size(), stdout);
        if (!plan.stops.empty()) {
            // The run itself would stop there, with this error and its exit code.
            code = fail_with(fail(ErrorKind::config, plan.stops).value());
        }
    }
    return code;
}

// Found before the journal opens, not after every call has been paid for and the JSON cannot be written.
Result<void> writable_output(const DebateOptions& options) {
    std::vector<std::filesystem::path> folders{options.output_dir};
    if (!options.report_file.empty()) {
        folders.push_back(std::filesystem::path(options.report_file).parent_path());
    }
    for (const auto& folder : folders) {
        if (auto writable = util::check_writable_folder(folder); !writable) {
            return fail(ErrorKind::invalid_input, writable.error().message);
        }
    }
    return {};
}

SessionOptions session_options(const Setup& setup, const DebateOptions& o) {
    SessionOptions s;
    const std::filesystem::path out_dir = o.output_dir;
    s.replay = !o.replay_file.empty();
    s.journal_path = s.replay                 ? std::filesystem::path(o.replay_file)
                     : o.journal_file.empty() ? out_dir / "journal.sqlite"
                                              : std::filesystem::path(o.journal_file);
    s.shared_cache = o.cache || !o.cache_dir.empty();
    s.cache_dir = o.cache_dir;
    if (o.max_cost_usd || o.max_tokens) {
        s.budget = llm::BudgetLimits{o.max_cost_usd, o.max_tokens};
    }
    s.prices = &setup.config.prices;
    s.providers = setup.providers;
    s.queue = setup.config.queue;
    s.seed = setup.judge.config.provider.seed + 1;
    s.progress.mode = progress::mode_for_stderr(o.verbosity);
    s.progress.stream = o.stream;
    return s;
}

Result<DebateJobs> start_debates(const Setup& setup, const DebateOptions& options, store::Journal& journal) {
    const std::string config_hash = debate::fingerprint(setup.agents, setup.config.judge, setup.config.debate);
    DebateJobs debates;
    for (std::size_t i = 0; i < setup.problems.size(); ++i) {
        auto job = new_debate_job(setup, options, i);
        if (auto attached = attach_run(*job, options, journal, config_hash); !attached) {
            return tl::make_unexpected(attached.error());
        }
        name_debate_files(*job, setup, options);
        debates.push_back(std::move(job));
    }
    return debates;
}

// Interactive answers only make sense when a person is at the terminal; the live display is paused while they
// type, so the two do not write over each other.
debate::AskFunction terminal_asker(RunSession& session, bool several) {
    if (several || !::isatty(STDIN_FILENO) || !::isatty(STDERR_FILENO)) {
        return {};
    }
    return [&view = session.progress()](const debate::AgentClarifications& agent, const debate::ClarificationItem& item,
                                        debate::AskPosition at) {
        view.pause();
        std::cerr << debate::question_prompt(agent, item, at) << std::flush;
        std::string line;
        if (!std::getline(std::cin, line)) {
            line.clear();
        }
        view.resume();
        return line;
    };
}

std::vector<Job> session_jobs(const DebateJobs& debates, const Setup& setup, const DebateOptions& options,
                              RunSession& session) {
    store::Journal* journal = session.replay() ? nullptr : &session.journal();
    const auto ask = terminal_asker(session, debates.size() > 1);
    std::vector<Job> jobs;
    for (const auto& debate : debates) {
        jobs.push_back({debate->state.id, plan_of(*debate, setup, options.clarify), debate->metrics->observer(),
                        [&setup, &options, journal, ask, job = debate.get()](debate::CallExecutor& executor,
                                                                             std::stop_token stop) {
                            return run_debate_job(*job, setup, options.clarify, journal, ask, executor, stop);
                        },
                        setup.context_folder, setup.secret_values});
    }
    return jobs;
}

// Saves one ended debate, files its status and says what happened (the output paths not with -q); returns the exit
// code it calls for.
int settle(DebateJob& job, const JobOutcome& outcome, RunSession& session, bool several, bool quiet) {
    const auto& id = job.state.id;
    const auto journal_path = session.journal().path().string();
    auto saved = save_debate_files(job);
    if (!session.replay()) {
        // A run whose JSON could not be written is not finished: its resume writes it from the journal.
        const auto status = outcome.result && saved ? store::RunStatus::finished
                            : outcome.interrupted   ? store::RunStatus::interrupted
                                                    : store::RunStatus::failed;
        if (auto updated = session.journal().update_run(job.run.id, status, job.run.state); !updated) {
            print_error(updated.error().message);
        }
    }
    if (!saved) {
        if (!outcome.result && !outcome.interrupted) {
            // On a full disk the journal write that stopped the run is the cause; the save failing is the echo.
            print_error((several ? id + ": " : std::string()) + outcome.result.error().message);
        }
        print_error(saved.error().message);
        if (!session.replay()) {
            std::fprintf(stderr, "parley: resume with: parley resume %s --journal %s\n", id.c_str(),
                         journal_path.c_str());
        }
        return exit_code_for(saved.error().kind);
    }
    if (outcome.result) {
        // A debate without a usable verdict is saved and reported, but a script must not read it as judged.
        const auto& solution = job.state.final_solution;
        const int code = solution && !solution->check.usable ? exit_code::run_failed : exit_code::ok;
        if (code != exit_code::ok) {
            print_error((several ? id + ": " : std::string()) +
                        "no usable verdict from the judge; requirements are unknown (see the report)");
        }
        if (quiet) {
            return code;
        }
        // With several debates, each pair of paths says which problem it answers.
        const std::string of = several && !job.problem.label.empty() ? "  (" + job.problem.label + ")" : "";
        std::printf("debate: %s%s\nreport: %s%s\n", job.json_path.string().c_str(), of.c_str(),
                    job.report_path.string().c_str(), of.c_str());
        if (!job.html_path.empty()) {
            std::printf("html: %s%s\n", job.html_path.string().c_str(), of.c_str());
        }
        return code;
    }
    if (outcome.interrupted) {
        std::fprintf(stderr,
                     "parley: %s interrupted; saved to %s\nparley: resume with: parley resume %s --journal %s\n",
                     id.c_str(), job.json_path.string().c_str(), id.c_str(), journal_path.c_str());
        return exit_code::interrupted;
    }
    print_error((several ? id + ": " : std::string()) + outcome.result.error().message);
    std::fprintf(stderr, "parley: partial debate saved to %s\n", job.json_path.string().c_str());
    if (!session.replay()) {
        std::fprintf(stderr, "parley: resume with: parley resume %s --journal %s\n", id.c_str(), journal_path.c_str());
    }
    return exit_code_for(outcome.result.error().kind);
}

} // namespace

int run_debates(const DebateOptions& options) {
    // Before the log file opens: `--log-file p.md` must not append a line to the problem it names.
    if (auto clash = util::check_no_clash(debate_paths(options)); !clash) {
        return fail_with(clash.error());
    }
    if (auto logged = util::setup_logging(options.verbosity, options.log_file); !logged) {
        return fail_with(logged.error());
    }
    auto setup = prepare_debate(options);
    if (!setup) {
        return fail_with(setup.error());
    }
    if (options.dry_run) {
        return print_dry_run(*setup, options);
    }
    const bool several = setup->problems.size() > 1;
    if (several && (!options.report_file.empty() || !options.json_file.empty())) {
        return fail_with(Error{ErrorKind::invalid_input,
                               std::string(options.json_file.empty() ? "--report" : "-o") +
                                   " names one file, but there are " + std::to_string(setup->problems.size()) +
                                   " problems; give a folder to write each debate's JSON and report there",
                               0, std::nullopt});
    }
    if (auto writable = writable_output(options); !writable) {
        return fail_with(writable.error());
    }
    std::optional<eval::EvalConfig> panel;
    if (!options.eval_config.empty()) {
        auto loaded = eval::load_eval_config(options.eval_config);
        if (!loaded) {
            return fail_with(loaded.error());
        }
        panel = std::move(*loaded);
    }
    if (options.preflight && options.replay_file.empty()) {
        // Before the journal opens: a server that is not there fails the run here, in one line, with nothing to
        // resume.
        std::vector<CheckTarget> targets;
        for (const auto& p : setup->participants) {
            targets.push_back({p.provider, p.config.model});
        }
        targets.push_back({setup->judge.provider, setup->judge.config.model});
        PreflightOptions preflight;
        preflight.chat = options.chat_check;
        if (auto checked = check_endpoints(targets, preflight); !checked) {
            return fail_with(checked.error());
        }
    }
    auto session = RunSession::open(session_options(*setup, options));
    if (!session) {
        return fail_with(session.error());
    }
    auto debates = start_debates(*setup, options, (*session)->journal());
    if (!debates) {
        return fail_with(debates.error());
    }
    const auto outcomes = (*session)->run_batch(session_jobs(*debates, *setup, options, **session));
    if (panel && !(*session)->interrupted()) {
        std::vector<debate::DebateState*> finished;
        for (std::size_t i = 0; i < debates->size(); ++i) {
            if (outcomes[i].result) {
                finished.push_back(&(*debates)[i]->state);
            }
        }
        evaluate_debates(**session, *panel, finished, &setup->config.prices);
        if (setup->baseline && !(*session)->interrupted()) {
            compare_with_baselines(**session, *panel, finished, &setup->config.prices);
        }
    }
    (*session)->close();
    int code = exit_code::ok;
    for (std::size_t i = 0; i < debates->size(); ++i) {
        const int own =
            settle(*(*debates)[i], outcomes[i], **session, several, options.verbosity == util::Verbosity::quiet);
        // An interrupt decides the exit code; otherwise the first failure does.
        if (own == exit_code::interrupted || code == exit_code::ok) {
            code = own;
        }
    }
    return code;
}

int resume_debate(const ResumeOptions& options) {
    auto resumed = resume_options(options);
    if (!resumed) {
        return fail_with(resumed.error());
    }
    return run_debates(*resumed);
}

} // namespace parley::run
