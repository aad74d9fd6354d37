#include "run/sweep/worker.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <set>

#include "redis/admission.hpp"
#include "redis/call_store.hpp"
#include "redis/job_signature.hpp"
#include "redis/jobs.hpp"
#include "redis/lease_keeper.hpp"
#include "run/console.hpp"
#include "run/preflight.hpp"
#include "run/session.hpp"
#include "run/sweep/results.hpp"
#include "run/sweep/setup.hpp"
#include "util/json_document.hpp"
#include "util/path_clash.hpp"
#include "util/text_file.hpp"

namespace parley::run {

namespace {

// How long one claim waits for a job; below the connection's command timeout.
constexpr std::chrono::milliseconds kClaimBlock{1000};
// How long the claims after a batch's first wait for more: a sweep being enqueued as the worker starts fills the
// batch instead of leaving it at one debate.
constexpr std::chrono::milliseconds kGatherBlock{50};
// The largest debate JSON or report a worker sends back as a job's result.
constexpr std::size_t kMaxResultFileBytes = 64 * 1024 * 1024;

/// A claimed job on its way through this worker.
struct HeldJob {
    sweep::JobLease lease;
    sweep::SweepJob job;
    Setup setup;
    std::optional<eval::EvalConfig> panel;
    std::unique_ptr<DebateJob> debate;
    std::stop_source lease_lost; ///< stops the debate once another worker holds its job
};

/// What the worker keeps open for its whole life.
struct Worker {
    WorkerOptions options;
    std::shared_ptr<sweep::RedisConnection> jobs_connection;
    std::shared_ptr<sweep::RedisConnection> shared_connection; ///< the call store and the shared rate limit
    std::optional<sweep::RedisJobQueue> queue;
    std::shared_ptr<ProviderCache> providers;
    llm::PriceTable prices; ///< the first job's config's; prices every call of the session
    std::unique_ptr<RunSession> session;
    std::string consumer;
    std::optional<EndpointAllowlist> allowed; ///< what this worker lets jobs call
    std::set<std::string> checked_endpoints;  ///< "label\nmodel" of the endpoints and models a preflight passed
};

Result<std::shared_ptr<sweep::RedisConnection>> connect(const sweep::RedisUrl& url) {
    sweep::RedisOptions options;
    options.on_wait = [](const std::string& line) {
        spdlog::warn("{}", line);
    };
    auto connection = sweep::RedisConnection::connect(url, options);
    if (!connection) {
        return tl::make_unexpected(connection.error());
    }
    return std::shared_ptr<sweep::RedisConnection>(std::move(*connection));
}

// Every lane with a rate limit shares it with every worker through Redis; a lane without one stays local.
std::shared_ptr<queue::Admission> shared_admission(const std::shared_ptr<sweep::RedisConnection>& connection,
                                                   const std::string& lane, const queue::LaneOptions& local) {
    if (!local.requests && !local.tokens) {
        return nullptr;
    }
    return std::make_shared<sweep::RedisAdmission>(connection, lane,
                                                   sweep::SharedLaneLimits{local.requests, local.tokens, std::nullopt});
}

std::string consumer_name() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) {
        std::snprintf(host, sizeof host, "host");
    }
    return std::string(host) + "-" + std::to_string(::getpid());
}

Result<void> open_worker(Worker& w) {
    auto url = sweep::parse_redis_url(w.options.redis_url);
    if (!url) {
        return tl::make_unexpected(url.error());
    }
    // Each worker reads its keys from its own environment; none ever goes to Redis. What it may call and the key
    // jobs are signed with are its own too, settled before it takes any job.
    auto env = util::Env::load(w.options.env_file, w.options.env_file_required);
    if (!env) {
        return tl::make_unexpected(env.error());
    }
    auto signing_key = sweep::signing_key(*env);
    if (!signing_key) {
        return tl::make_unexpected(signing_key.error());
    }
    auto allowed = worker_allowlist(w.options.trust, *env);
    if (!allowed) {
        return tl::make_unexpected(allowed.error());
    }
    w.allowed = *allowed;
    w.providers = std::make_shared<ProviderCache>(std::move(*env), false, std::move(*allowed));
    auto jobs = connect(*url);
    if (!jobs) {
        return tl::make_unexpected(jobs.error());
    }
    auto shared = connect(*url);
    if (!shared) {
        return tl::make_unexpected(shared.error());
    }
    w.jobs_connection = std::move(*jobs);
    w.shared_connection = std::move(*shared);
    sweep::JobQueueOptions queue_options;
    queue_options.lease = w.options.lease;
    queue_options.signing_key = std::move(*signing_key);
    auto queue = sweep::RedisJobQueue::open(w.jobs_connection, queue_options);
    if (!queue) {
        return tl::make_unexpected(queue.error());
    }
    w.queue.emplace(std::move(*queue));
    w.consumer = consumer_name();
    return {};
}

// The session opens with the first job's config: its queue section sets the worker's lanes.
Result<void> open_session(Worker& w, const Setup& first) {
    SessionOptions s;
    s.journal_path = std::filesystem::path(w.options.work_dir) / "journal.sqlite";
    s.providers = w.providers;
    s.queue = first.config.queue;
    w.prices = first.config.prices;
    s.prices = &w.prices;
    s.call_store = std::make_shared<sweep::RedisCallStore>(w.shared_connection);
    s.admission = [connection = w.shared_connection](const std::string& lane, const queue::LaneOptions& local) {
        return shared_admission(connection, lane, local);
    };
    s.progress.mode = progress::mode_for_stderr(w.options.verbosity);
    auto session = RunSession::open(std::move(s));
    if (!session) {
        return tl::make_unexpected(session.error());
    }
    w.session = std::move(*session);
    return {};
}

// Ends a job that cannot run anywhere (malformed, of another version): it fails for good unless transient.
void reject(Worker& w, const sweep::JobLease& lease, const Error& error) {
    print_error(lease.job_id + ": " + error.message);
    if (auto failed = w.queue->fail(lease, error.message, !is_transient(error.kind)); !failed) {
        print_error(failed.error().message);
    }
}

// Checks the endpoints of the job's debaters and panel this worker has not checked yet.
Result<void> check_job_endpoints(Worker& w, const HeldJob& held) {
    std::vector<CheckTarget> targets;
    for (const auto& p : held.setup.participants) {
        targets.push_back({p.provider, p.config.model});
    }
    targets.push_back({held.setup.judge.provider, held.setup.judge.config.model});
    if (held.panel) {
        for (const auto& e : held.panel->evaluators) {
            auto provider = w.providers->get(e.provider);
            if (!provider) {
                return tl::make_unexpected(provider.error());
            }
            targets.push_back({*provider, e.model});
        }
    }
    std::erase_if(targets, [&w](const CheckTarget& t) {
        return !t.provider || w.checked_endpoints.count(t.provider->label() + "\n" + t.model) > 0;
    });
    PreflightOptions options;
    options.chat = w.options.chat_check;
    if (auto checked = check_endpoints(targets, options); !checked) {
        return checked;
    }
    for (const auto& t : targets) {
        w.checked_endpoints.insert(t.provider->label() + "\n" + t.model);
    }
    return {};
}

// Builds the job's setup and debate; the lanes of its providers join the session.
Result<void> prepare(Worker& w, HeldJob& held) {
    auto setup = job_setup(held.job, w.providers);
    if (!setup) {
        return tl::make_unexpected(setup.error());
    }
    held.setup = std::move(*setup);
    auto panel = job_panel(held.job);
    if (!panel) {
        return tl::make_unexpected(panel.error());
    }
    held.panel = std::move(*panel);
    if (w.options.preflight) {
        // Before the first call: a worker whose provider is not there hands the job back and stops, rather than
        // failing job after job.
        if (auto checked = check_job_endpoints(w, held); !checked) {
            return checked;
        }
    }
    if (!w.session) {
        if (auto opened = open_session(w, held.setup); !opened) {
            return opened;
        }
    }
    for (const auto& p : held.setup.participants) {
        if (auto provider = w.session->provider(p.config.provider); !provider) {
            return tl::make_unexpected(provider.error());
        }
    }
    if (auto judge = w.session->provider(held.setup.judge.config.provider); !judge) {
        return tl::make_unexpected(judge.error());
    }
    auto debate = job_debate(held.job, held.setup, w.options.work_dir, w.session->journal());
    if (!debate) {
        return tl::make_unexpected(debate.error());
    }
    held.debate = std::move(*debate);
    return {};
}

// Claims up to options.debates jobs: waits for the first, then takes what else comes within kGatherBlock.
Result<std::vector<HeldJob>> claim_batch(Worker& w) {
    std::vector<HeldJob> held;
    while (held.size() < w.options.debates) {
        auto lease = w.queue->claim(w.consumer, held.empty() ? kClaimBlock : kGatherBlock);
        if (!lease) {
            return tl::make_unexpected(lease.error());
        }
        if (!*lease) {
            break;
        }
        HeldJob job;
        job.lease = std::move(**lease);
        auto parsed = sweep::job_from_json(util::parse_json_bounded(job.lease.payload));
        if (!parsed) {
            reject(w, job.lease, parsed.error());
            continue;
        }
        job.job = std::move(*parsed);
        if (auto refused = job_refusal(job.job, job.lease, *w.allowed, w.providers->env())) {
            reject(w, job.lease, Error{ErrorKind::permanent, *refused, 0, std::nullopt});
            continue;
        }
        if (auto prepared = prepare(w, job); !prepared) {
            // Configs were checked when the sweep was enqueued, so what fails here is this worker's own (a key its
            // environment lacks, a prompt file it does not have): the job goes back for another worker, and this
            // one stops with the error.
            if (auto failed = w.queue->fail(job.lease, prepared.error().message, false); !failed) {
                print_error(failed.error().message);
            }
            return tl::make_unexpected(prepared.error());
        }
        held.push_back(std::move(job));
    }
    return held;
}

// The job's result: its index row and the debate's JSON and report, so `collect` needs no access to this machine.
Result<std::string> result_text(const sweep::JobResult& row, const DebateJob& debate) {
    auto json_text = util::read_text_file(debate.json_path, kMaxResultFileBytes);
    if (!json_text) {
        return tl::make_unexpected(json_text.error());
    }
    auto report = util::read_text_file(debate.report_path, kMaxResultFileBytes);
    if (!report) {
        return tl::make_unexpected(report.error());
    }
    const nlohmann::json result{{"row", sweep::row_json(row)}, {"debate", *json_text}, {"report", *report}};
    return result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void finish(Worker& w, HeldJob& held, const JobOutcome& outcome) {
    if (held.lease_lost.stop_requested() && !outcome.interrupted) {
        // The job is another worker's now: this one's partial debate stays in its journal and nothing goes back.
        spdlog::warn("{}: stopped, its lease was lost to another worker", held.job.id);
        return;
    }
    auto settled = settle_sweep_debate(held.job, *held.debate, outcome, &w.session->journal(), w.options.work_dir);
    auto& row = settled.result;
    // Paths in a result are the debate's file names, as `collect` writes them.
    row.json_path = held.debate->json_path.filename().string();
    row.report_path = held.debate->report_path.filename().string();
    if (settled.exit_code != exit_code::ok) {
        const auto error = row.error.empty() ? std::string("interrupted") : row.error;
        const bool permanent = outcome.result ? false : !is_transient(outcome.result.error().kind);
        if (auto failed = w.queue->fail(held.lease, error, permanent && !outcome.interrupted); !failed) {
            print_error(failed.error().message);
        }
        return;
    }
    auto text = result_text(row, *held.debate);
    if (!text) {
        reject(w, held.lease, text.error());
        return;
    }
    if (auto completed = w.queue->complete(held.lease, *text); !completed) {
        print_error(completed.error().message);
    } else if (*completed == sweep::CompleteOutcome::already_done) {
        spdlog::info("{}: another worker finished it first; this result was dropped", held.job.id);
    }
}

int run_batch(Worker& w, std::vector<HeldJob>& held) {
    std::vector<Job> batch;
    for (auto& h : held) {
        auto plan = plan_of(*h.debate, h.setup, false);
        plan.show_id = false; // the label names the job by problem and config; its id is a hash
        batch.push_back({h.debate->state.id, std::move(plan), h.debate->metrics->observer(),
                         [&h, journal = &w.session->journal()](debate::CallExecutor& executor, std::stop_token stop) {
                             // Stopped by Ctrl-C (the session's token) or by the lease being lost.
                             std::stop_source either;
                             std::stop_callback on_stop(stop, [&either] { either.request_stop(); });
                             std::stop_callback on_lost(h.lease_lost.get_token(), [&either] { either.request_stop(); });
                             return run_debate_job(*h.debate, h.setup, false, journal, {}, executor,
                                                   either.get_token());
                         },
                         // A worker reads no folder a queue entry names: its agents' file tools find none.
                         nullptr, h.setup.secret_values});
    }
    std::vector<JobOutcome> outcomes;
    {
        // Each lease is renewed while its debate and evaluation run; a lost one stops its debate at once.
        std::vector<std::unique_ptr<sweep::LeaseKeeper>> keepers;
        for (auto& h : held) {
            keepers.push_back(
                std::make_unique<sweep::LeaseKeeper>(*w.queue, h.lease, [id = h.job.id, lost = h.lease_lost]() mutable {
                    spdlog::warn("{}: lease lost to another worker; stopping its debate", id);
                    lost.request_stop();
                }));
        }
        outcomes = w.session->run_batch(std::move(batch));
        std::vector<EvaluatedDebate> evaluated;
        for (std::size_t i = 0; i < held.size(); ++i) {
            auto& h = held[i];
            evaluated.push_back({&h.job, h.panel ? &*h.panel : nullptr, h.debate.get(), &h.setup.config.prices,
                                 outcomes[i].result && !h.lease_lost.stop_requested()});
        }
        evaluate_sweep_debates(*w.session, evaluated);
    }
    for (std::size_t i = 0; i < held.size(); ++i) {
        finish(w, held[i], outcomes[i]);
    }
    return w.session->interrupted() ? exit_code::interrupted : exit_code::ok;
}

} // namespace

int run_worker(const WorkerOptions& options) {
    const util::CommandPaths paths{{{"--env-file", options.env_file}}, {{"--log-file", options.log_file}}};
    if (auto clash = util::check_no_clash(paths); !clash) {
        return fail_with(clash.error());
    }
    if (auto logged = util::setup_logging(options.verbosity, options.log_file); !logged) {
        return fail_with(logged.error());
    }
    if (auto writable = util::check_writable_folder(options.work_dir); !writable) {
        return fail_with(Error{ErrorKind::invalid_input, writable.error().message, 0, std::nullopt});
    }
    Worker w;
    w.options = options;
    if (auto opened = open_worker(w); !opened) {
        return fail_with(opened.error());
    }
    spdlog::info("worker {} waiting for jobs at {}; jobs may call {}", w.consumer,
                 sweep::parse_redis_url(options.redis_url)->display(), w.allowed->describe());
    auto idle_since = std::chrono::steady_clock::now();
    while (!(w.session && w.session->interrupted())) {
        auto held = claim_batch(w);
        if (!held) {
            return fail_with(held.error());
        }
        if (held->empty()) {
            if (options.max_idle && std::chrono::steady_clock::now() - idle_since >= *options.max_idle) {
                break;
            }
            continue;
        }
        if (run_batch(w, *held) == exit_code::interrupted) {
            return exit_code::interrupted;
        }
        idle_since = std::chrono::steady_clock::now();
    }
    if (w.session) {
        w.session->close();
        if (w.session->interrupted()) {
            return exit_code::interrupted;
        }
    }
    return exit_code::ok;
}

} // namespace parley::run
