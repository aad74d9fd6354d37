#include "run/sweep/run.hpp"

#include <cstdio>

#include <spdlog/spdlog.h>

#include "debate/plan.hpp"
#include "run/console.hpp"
#include "run/preflight.hpp"
#include "run/session.hpp"
#include "run/sweep/results.hpp"
#include "run/sweep/setup.hpp"
#include "sweep/sweep_index.hpp"
#include "util/money.hpp"
#include "util/text_file.hpp"

namespace parley::run {

namespace {

struct PreparedJob {
    const sweep::SweepJob* job = nullptr;
    Setup setup;
    std::optional<eval::EvalConfig> panel;
    std::unique_ptr<DebateJob> debate;
};

std::filesystem::path output_dir_of(const SweepOptions& options, const sweep::Sweep& sweep) {
    return options.output_dir.empty() ? std::filesystem::path("sweeps") / sweep.id
                                      : std::filesystem::path(options.output_dir);
}

// One line per job, then the totals: what `parley sweep --dry-run` prints.
int print_dry_run(const sweep::Sweep& sweep, std::shared_ptr<ProviderCache> providers) {
    std::printf("sweep %s: %zu debates\n", sweep.id.c_str(), sweep.jobs.size());
    long calls = 0;
    long optional_calls = 0;
    util::Money low;
    util::Money high;
    std::set<std::string> unpriced;
    for (const auto& job : sweep.jobs) {
        auto setup = job_setup(job, providers);
        if (!setup) {
            return fail_with(setup.error());
        }
        const debate::PlanInput input{setup->agents, setup->config.judge, setup->config.debate,
                                      false,         job.problem.text,    setup->design};
        const auto plan = debate::plan_debate(input, setup->config.prices);
        calls += plan.calls;
        optional_calls += plan.optional_calls;
        low += plan.cost_low;
        high += plan.cost_high;
        unpriced.insert(plan.unpriced_models.begin(), plan.unpriced_models.end());
        const auto design = job.design ? "  (design " + job.design->name + ")" : std::string();
        std::printf("%4zu  %s%s  x  %s  seed %llu: %ld calls (+%ld summaries), %s\n", job.index + 1,
                    job.problem.name.c_str(), design.c_str(), job.config.name.c_str(),
                    static_cast<unsigned long long>(job.seed), plan.calls, plan.optional_calls,
                    debate::format_cost_range(plan.cost_low, plan.cost_high).c_str());
        if (!plan.stops.empty()) {
            std::printf("      stops: %s\n", plan.stops.c_str());
        }
    }
    std::printf("total: %ld calls (+%ld summaries), cost %s\n", calls, optional_calls,
                debate::format_cost_range(low, high).c_str());
    for (const auto& model : unpriced) {
        std::printf("no price for model %s: its calls' cost is unknown (add it under \"pricing\")\n", model.c_str());
    }
    if (auto panel = job_panel(sweep.jobs.front()); panel && *panel) {
        std::printf("eval: %s scores each debate: %zu more calls per debate (not in the totals above)\n",
                    sweep.jobs.front().eval->name.c_str(), (*panel)->evaluators.size());
    }
    return exit_code::ok;
}

SessionOptions session_options(const PreparedJob& first, const std::filesystem::path& out_dir, const SweepOptions& o) {
    SessionOptions s;
    s.journal_path = out_dir / "journal.sqlite";
    // One engine serves every config: the first config's queue section and prices rule the session.
    s.prices = &first.setup.config.prices;
    s.providers = first.setup.providers;
    s.queue = first.setup.config.queue;
    s.seed = first.job->seed + 1;
    s.progress.mode = progress::mode_for_stderr(o.verbosity);
    return s;
}

Result<std::vector<PreparedJob>> prepare_jobs(const sweep::Sweep& sweep, std::shared_ptr<ProviderCache> providers) {
    std::vector<PreparedJob> out;
    for (const auto& job : sweep.jobs) {
        auto setup = job_setup(job, providers);
        if (!setup) {
            return fail(setup.error().kind, job.config.name + ": " + setup.error().message);
        }
        auto panel = job_panel(job);
        if (!panel) {
            return tl::make_unexpected(panel.error());
        }
        out.push_back({&job, std::move(*setup), std::move(*panel), nullptr});
    }
    return out;
}

// Runs jobs [begin, end) as one batch and records their results; returns the exit code they call for.
int run_chunk(std::vector<PreparedJob>& jobs, std::size_t begin, std::size_t end, RunSession& session,
              const std::filesystem::path& out_dir, std::vector<sweep::JobResult>& results) {
    std::vector<Job> batch;
    for (std::size_t i = begin; i < end; ++i) {
        auto& p = jobs[i];
        auto debate = job_debate(*p.job, p.setup, out_dir, session.journal());
        if (!debate) {
            return fail_with(debate.error());
        }
        p.debate = std::move(*debate);
        auto plan = plan_of(*p.debate, p.setup, false);
        plan.show_id = false; // the label names the job by problem and config; its id is a hash
        batch.push_back({p.debate->state.id, std::move(plan), p.debate->metrics->observer(),
                         [&p, journal = &session.journal()](debate::CallExecutor& executor, std::stop_token stop) {
                             return run_debate_job(*p.debate, p.setup, false, journal, {}, executor, stop);
                         },
                         p.setup.context_folder, p.setup.secret_values});
    }
    const auto outcomes = session.run_batch(std::move(batch));
    std::vector<EvaluatedDebate> evaluated;
    for (std::size_t i = begin; i < end; ++i) {
        auto& p = jobs[i];
        evaluated.push_back({p.job, p.panel ? &*p.panel : nullptr, p.debate.get(), &p.setup.config.prices,
                             outcomes[i - begin].result.has_value()});
    }
    evaluate_sweep_debates(session, evaluated);
    int code = exit_code::ok;
    for (std::size_t i = begin; i < end; ++i) {
        auto settled =
            settle_sweep_debate(*jobs[i].job, *jobs[i].debate, outcomes[i - begin], &session.journal(), out_dir);
        results[i] = settled.result;
        if (settled.exit_code == exit_code::interrupted || code == exit_code::ok) {
            code = settled.exit_code;
        }
    }
    return code;
}

int run_prepared(const sweep::Sweep& sweep, std::vector<PreparedJob>& jobs, const std::filesystem::path& out_dir,
                 const SweepOptions& options) {
    auto session = RunSession::open(session_options(jobs.front(), out_dir, options));
    if (!session) {
        return fail_with(session.error());
    }
    std::vector<sweep::JobResult> results;
    for (const auto& job : sweep.jobs) {
        results.push_back(sweep::pending_result(job));
    }
    int code = exit_code::ok;
    for (std::size_t begin = 0; begin < jobs.size() && !(*session)->interrupted(); begin += kSweepDebatesAtOnce) {
        const int own =
            run_chunk(jobs, begin, std::min(jobs.size(), begin + kSweepDebatesAtOnce), **session, out_dir, results);
        if (own == exit_code::interrupted || code == exit_code::ok) {
            code = own;
        }
        // Written after every batch, so a long sweep shows what is done so far.
        if (auto written = sweep::write_index(out_dir, sweep.id, results); !written) {
            print_error(written.error().message);
            code = code == exit_code::ok ? exit_code_for(written.error().kind) : code;
        }
    }
    if (auto written = write_comparison(out_dir, results); !written) {
        print_error(written.error().message);
        code = code == exit_code::ok ? exit_code_for(written.error().kind) : code;
    }
    (*session)->close();
    std::printf("sweep: %s\nindex: %s\n", sweep.id.c_str(), (out_dir / "sweep.md").string().c_str());
    return code;
}

} // namespace

int run_sweep(const SweepOptions& options) {
    if (auto clash = util::check_no_clash(sweep_paths(options)); !clash) {
        return fail_with(clash.error());
    }
    if (auto logged = util::setup_logging(options.verbosity, options.log_file); !logged) {
        return fail_with(logged.error());
    }
    auto sweep = load_sweep(options);
    if (!sweep) {
        return fail_with(sweep.error());
    }
    auto env = util::Env::load(options.env_file, options.env_file_required);
    if (!env) {
        return fail_with(env.error());
    }
    auto providers = std::make_shared<ProviderCache>(std::move(*env), options.dry_run);
    warn_on_differing_settings(*sweep);
    if (options.dry_run) {
        return print_dry_run(*sweep, providers);
    }
    const auto out_dir = output_dir_of(options, *sweep);
    if (auto writable = util::check_writable_folder(out_dir); !writable) {
        return fail_with(Error{ErrorKind::invalid_input, writable.error().message, 0, std::nullopt});
    }
    auto jobs = prepare_jobs(*sweep, providers);
    if (!jobs) {
        return fail_with(jobs.error());
    }
    if (options.preflight) {
        // Before the journal opens: a server that is not there fails the sweep here, in one line.
        std::vector<CheckTarget> targets;
        for (const auto& p : *jobs) {
            for (const auto& participant : p.setup.participants) {
                targets.push_back({participant.provider, participant.config.model});
            }
            targets.push_back({p.setup.judge.provider, p.setup.judge.config.model});
        }
        PreflightOptions preflight;
        preflight.chat = options.chat_check;
        if (auto checked = check_endpoints(targets, preflight); !checked) {
            return fail_with(checked.error());
        }
    }
    return run_prepared(*sweep, *jobs, out_dir, options);
}

} // namespace parley::run
