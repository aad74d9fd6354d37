#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "app/debate_setup.hpp"
#include "app/interrupt.hpp"
#include "debate/call_journal.hpp"
#include "debate/clarifications.hpp"
#include "debate/metrics_collector.hpp"
#include "debate/orchestrator.hpp"
#include "debate/queued_executor.hpp"
#include "debate/run_state.hpp"
#include "progress/progress_view.hpp"
#include "report/markdown_report.hpp"
#include "util/clock.hpp"
#include "util/sha256.hpp"
#include "util/text_file.hpp"

namespace parley::app {

namespace {

// Running calls get this long to finish after the first Ctrl-C before they are stopped.
constexpr auto kInterruptGrace = std::chrono::seconds(20);

int fail_with(const Error& e) {
    print_error(e.message);
    return exit_code_for(e.kind);
}

// Interactive answers only make sense when a person is at the terminal.
std::string ask_on_terminal(const debate::AgentClarifications& agent, const debate::ClarificationItem& item) {
    std::cerr << "[" << agent.agent_name << "] " << item.question << "\n> " << std::flush;
    std::string line;
    if (!std::getline(std::cin, line)) {
        return {};
    }
    return line;
}

/// One debate of the run, from its problem to its saved files.
struct Job {
    Problem problem;
    std::string problem_hash;
    debate::DebateState state;
    store::RunRecord run;
    std::map<std::string, std::string> stored_answers;
    std::unique_ptr<debate::MetricsCollector> metrics = std::make_unique<debate::MetricsCollector>();
    std::unique_ptr<debate::QueuedExecutor> executor;
    std::filesystem::path json_path;
    std::filesystem::path report_path;
    Result<void> outcome;
    std::atomic<bool> done{false};
};

// Finds or starts the journal's run record for a job; on resume or replay the job takes the recorded id.
Result<void> attach_run(Job& job, const DebateOptions& options, store::Journal& journal,
                        const std::string& config_hash) {
    std::optional<store::RunRecord> found;
    if (!options.resume_id.empty()) {
        auto run = journal.find_run(options.resume_id);
        if (!run) {
            return tl::make_unexpected(run.error());
        }
        if (!*run) {
            return fail(ErrorKind::invalid_input,
                        "--resume: the journal " + journal.path().string() + " holds no run " + options.resume_id);
        }
        if ((*run)->config_hash != config_hash) {
            return fail(ErrorKind::invalid_input, "--resume: run " + options.resume_id +
                                                      " was made with a different config (agents, models, prompts or "
                                                      "settings); restore it or start a new run");
        }
        if ((*run)->problem_hash != job.problem_hash) {
            return fail(ErrorKind::invalid_input, "--resume: run " + options.resume_id +
                                                      " was about a different problem; restore it or start a new run");
        }
        found = std::move(**run);
    } else if (options.resume || !options.replay_file.empty()) {
        auto run = journal.latest_run(config_hash, job.problem_hash, options.replay_file.empty());
        if (!run) {
            return tl::make_unexpected(run.error());
        }
        if (*run) {
            found = std::move(**run);
        } else if (!options.replay_file.empty()) {
            return fail(ErrorKind::invalid_input,
                        "--replay: " + options.replay_file + " holds no recorded run of this config and problem");
        } else {
            spdlog::warn("--resume: no unfinished run of this config and problem in {}; starting a new one",
                         journal.path().string());
        }
    }
    if (found) {
        auto restored = debate::read_run_state(*found, journal.path());
        if (!restored) {
            return tl::make_unexpected(restored.error());
        }
        job.run = std::move(*found);
        job.state.id = job.run.id;
        job.state.created_at = restored->created_at.value_or(job.state.created_at);
        job.stored_answers = std::move(restored->answers);
        return {};
    }
    job.run.id = job.state.id;
    job.run.config_hash = config_hash;
    job.run.problem_hash = job.problem_hash;
    job.run.command_line = resume_command_line(options, job.problem);
    job.run.state = {{"createdAt", job.state.created_at}};
    return journal.begin_run(job.run);
}

void run_job(Job& job, const Setup& setup, const DebateOptions& options, store::Journal* journal,
             const debate::AskFunction& ask, std::stop_token stop) {
    auto& state = job.state;
    const auto started = std::chrono::steady_clock::now();
    debate::Orchestrator orchestrator(
        setup.participants, setup.judge, setup.config.debate, *job.executor,
        [&](const std::string& message) { spdlog::debug("{}: {}", state.id, message); }, &setup.config.prices);
    if (options.clarify) {
        auto questions = orchestrator.ask_clarifications(state, stop);
        if (!questions) {
            job.outcome = tl::make_unexpected(questions.error());
        } else {
            auto answers = setup.answers;
            answers.insert(job.stored_answers.begin(), job.stored_answers.end());
            debate::answer_questions(*questions, answers, ask);
            state.clarifications = std::move(*questions);
            if (journal) {
                // Answers typed at the terminal are kept, so a resume does not ask again.
                nlohmann::json given = nlohmann::json::object();
                for (const auto& agent : state.clarifications) {
                    for (const auto& item : agent.items) {
                        given[item.id] = item.answer;
                    }
                }
                job.run.state["answers"] = given;
                if (auto updated = journal->update_run(job.run.id, store::RunStatus::running, job.run.state);
                    !updated) {
                    spdlog::warn("{}", updated.error().message);
                }
            }
        }
    }
    if (job.outcome) {
        job.outcome = orchestrator.run(state, stop);
    }
    state.metrics.wall_ms = util::elapsed_ms(started);
    job.metrics->apply_to(state.metrics);
    if (!job.outcome) {
        state.status = "failed";
        state.updated_at = util::now_iso8601();
    }
    job.done = true;
}

Result<void> save_job(const Job& job) {
    if (auto saved = debate::save_debate(job.state, job.json_path.string()); !saved) {
        return saved;
    }
    return util::write_file_atomically(job.report_path,
                                       report::render_markdown(job.state, report::ReportOptions{false}));
}

} // namespace

int run_debate(const DebateOptions& options) {
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
    if (setup->problems.size() > 1 && !options.report_file.empty()) {
        return fail_with(Error{ErrorKind::invalid_input,
                               "--report names one file, but there are " + std::to_string(setup->problems.size()) +
                                   " problems; drop it to write each report beside its JSON",
                               0, std::nullopt});
    }

    const std::filesystem::path out_dir = options.output_dir;
    // Found now, not after every call has been paid for and the JSON cannot be written.
    std::vector<std::filesystem::path> folders{out_dir};
    if (!options.report_file.empty()) {
        folders.push_back(std::filesystem::path(options.report_file).parent_path());
    }
    for (const auto& folder : folders) {
        if (auto writable = util::check_writable_folder(folder); !writable) {
            return fail_with(Error{ErrorKind::invalid_input, writable.error().message, 0, std::nullopt});
        }
    }
    const bool replay = !options.replay_file.empty();
    const std::filesystem::path journal_path = replay ? std::filesystem::path(options.replay_file)
                                               : options.journal_file.empty()
                                                   ? out_dir / "journal.sqlite"
                                                   : std::filesystem::path(options.journal_file);
    if (replay && !std::filesystem::exists(journal_path)) {
        return fail_with(
            Error{ErrorKind::invalid_input, "--replay: no journal at " + journal_path.string(), 0, std::nullopt});
    }
    auto opened = store::Journal::open(journal_path);
    if (!opened) {
        // A replay reads a file the user named: one that is not a journal is bad input, not a failed run.
        return fail_with(replay
                             ? Error{ErrorKind::invalid_input, "--replay: " + opened.error().message, 0, std::nullopt}
                             : opened.error());
    }
    auto journal = std::make_shared<store::Journal>(std::move(*opened));

    // A replay files nothing: its dead letters stay in memory.
    auto engine = make_engine(*setup, std::make_shared<debate::CallJournal>(journal, replay),
                              replay ? nullptr : std::make_shared<debate::DeadLetterJournal>(journal));
    if (!engine) {
        return fail_with(engine.error());
    }
    std::optional<llm::Budget> budget;
    if (options.max_cost_usd || options.max_tokens) {
        budget.emplace(llm::BudgetLimits{options.max_cost_usd, options.max_tokens});
    }

    const bool several = setup->problems.size() > 1;
    progress::ProgressOptions shown;
    shown.mode = progress::mode_for_stderr(options.verbosity);
    shown.stream = options.stream;
    progress::ProgressView view(shown);
    const auto observer = view.observer();
    const std::string config_hash = debate::fingerprint(setup->agents, setup->config.judge, setup->config.debate);

    std::vector<std::unique_ptr<Job>> jobs;
    for (std::size_t i = 0; i < setup->problems.size(); ++i) {
        auto job = std::make_unique<Job>();
        job->problem = setup->problems[i];
        job->problem_hash = util::sha256_hex(job->problem.text);
        auto& state = job->state;
        // Several debates started in the same second still need distinct ids.
        state.id = util::make_debate_id(options.seed ? std::optional<std::uint64_t>(*options.seed + i) : std::nullopt);
        state.problem = job->problem.text;
        state.created_at = util::now_iso8601();
        state.seed = options.seed.value_or(0);
        if (auto attached = attach_run(*job, options, *journal, config_hash); !attached) {
            return fail_with(attached.error());
        }
        state.updated_at = state.created_at;
        for (const auto& p : setup->participants) {
            state.agents.push_back(participant_info(p));
        }
        state.judge = participant_info(setup->judge);
        job->json_path = out_dir / (state.id + ".json");
        job->report_path =
            options.report_file.empty() ? out_dir / (state.id + ".md") : std::filesystem::path(options.report_file);
        debate::CallObserver to_metrics = job->metrics->observer();
        debate::CallObserver both = [observer, to_metrics](const debate::CallEvent& e) {
            to_metrics(e);
            observer(e);
        };
        std::vector<progress::PlannedAgent> agents;
        for (const auto& p : setup->participants) {
            agents.push_back({p.config.id, p.config.name});
        }
        agents.push_back({setup->judge.config.id, setup->judge.config.name});
        view.set_plan(
            {state.id,
             job->problem.file ? std::filesystem::path(*job->problem.file).filename().string() : std::string(),
             std::move(agents), setup->config.debate.rounds,
             static_cast<std::size_t>(debate::Orchestrator::planned_calls(
                 setup->participants.size(), setup->config.debate.rounds, options.clarify))});
        job->executor = std::make_unique<debate::QueuedExecutor>(
            **engine, debate::QueuedExecutorOptions{state.id, options.cache, both, &setup->config.prices,
                                                    budget ? &*budget : nullptr});
        jobs.push_back(std::move(job));
    }

    InterruptGuard interrupt;
    const bool interactive = !several && ::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO);
    // The live display is paused while a person types an answer, so the two do not write over each other.
    const debate::AskFunction ask = interactive ? debate::AskFunction([&view](const debate::AgentClarifications& agent,
                                                                              const debate::ClarificationItem& item) {
        view.pause();
        auto answer = ask_on_terminal(agent, item);
        view.resume();
        return answer;
    })
                                                : debate::AskFunction();
    {
        std::vector<std::jthread> threads;
        for (auto& job : jobs) {
            threads.emplace_back([&, j = job.get()](std::stop_token) {
                run_job(*j, *setup, options, replay ? nullptr : journal.get(), ask, interrupt.token());
            });
        }
        // The first Ctrl-C stops intake and gives running calls a bounded time to finish, so what they cost is kept.
        bool shut = false;
        while (!std::all_of(jobs.begin(), jobs.end(), [](const auto& j) { return j->done.load(); })) {
            if (interrupt.interrupted() && !shut) {
                view.note("parley: interrupted; letting running calls finish (Ctrl-C again to quit now)");
                (*engine)->shutdown(kInterruptGrace);
                shut = true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    (*engine)->shutdown(std::chrono::seconds(0));
    for (const auto& job : jobs) {
        view.end_debate(job->state.id, job->outcome ? "done" : interrupt.interrupted() ? "interrupted" : "failed");
    }
    view.finish();

    int code = exit_code::ok;
    for (const auto& job : jobs) {
        const auto& state = job->state;
        auto saved = save_job(*job);
        const bool interrupted = interrupt.interrupted() && !job->outcome;
        if (!replay) {
            // A run whose JSON could not be written is not finished: its resume writes it from the journal.
            const auto status = job->outcome && saved ? store::RunStatus::finished
                                : interrupted         ? store::RunStatus::interrupted
                                                      : store::RunStatus::failed;
            if (auto updated = journal->update_run(job->run.id, status, job->run.state); !updated) {
                print_error(updated.error().message);
            }
        }
        if (!saved) {
            if (!job->outcome && !interrupted) {
                // On a full disk the journal write that stopped the run is the cause; the save failing is the echo.
                print_error((several ? state.id + ": " : std::string()) + job->outcome.error().message);
            }
            print_error(saved.error().message);
            if (!replay) {
                std::fprintf(stderr, "parley: resume with: parley resume %s --journal %s\n", state.id.c_str(),
                             journal_path.string().c_str());
            }
            code = code == exit_code::ok ? exit_code_for(saved.error().kind) : code;
            continue;
        }
        if (job->outcome) {
            std::printf("debate: %s\nreport: %s\n", job->json_path.string().c_str(), job->report_path.string().c_str());
            continue;
        }
        if (interrupted) {
            std::fprintf(
                stderr, "parley: %s interrupted; saved to %s\nparley: resume with: parley resume %s --journal %s\n",
                state.id.c_str(), job->json_path.string().c_str(), state.id.c_str(), journal_path.string().c_str());
            code = exit_code::interrupted;
            continue;
        }
        print_error((several ? state.id + ": " : std::string()) + job->outcome.error().message);
        std::fprintf(stderr, "parley: partial debate saved to %s\n", job->json_path.string().c_str());
        if (!replay) {
            std::fprintf(stderr, "parley: resume with: parley resume %s --journal %s\n", state.id.c_str(),
                         journal_path.string().c_str());
        }
        if (code == exit_code::ok) {
            code = exit_code_for(job->outcome.error().kind);
        }
    }
    return code;
}

} // namespace parley::app
