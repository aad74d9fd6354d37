#include "run/session.hpp"

#include <atomic>
#include <map>
#include <thread>

#include <spdlog/spdlog.h>

#include "run/call_journal.hpp"
#include "run/lanes.hpp"
#include "run/queued_executor.hpp"
#include "run/shared_cache.hpp"

namespace parley::run {

namespace {

// A replay reads a file the user named: a missing one, or one that is not a journal, is bad input.
Result<store::Journal> open_journal(const SessionOptions& options) {
    if (options.replay && !std::filesystem::exists(options.journal_path)) {
        return fail(ErrorKind::invalid_input, "--replay: no journal at " + options.journal_path.string());
    }
    auto opened = store::Journal::open(options.journal_path);
    if (!opened && options.replay) {
        return fail(ErrorKind::invalid_input, "--replay: " + opened.error().message);
    }
    return opened;
}

std::unique_ptr<queue::Engine> start_engine(const SessionOptions& options, std::shared_ptr<store::Journal> journal,
                                            std::shared_ptr<store::Journal> cache) {
    queue::EngineOptions engine_options;
    engine_options.workers = options.queue.workers;
    auto calls = options.call_store ? options.call_store : std::shared_ptr<store::CallStore>(journal);
    if (cache) {
        calls = std::make_shared<CachedCallStore>(std::move(calls), std::move(cache));
    }
    engine_options.store = std::make_shared<debate::CallJournal>(std::move(calls), options.replay);
    // A replay files nothing: its dead letters stay in memory.
    if (!options.replay) {
        engine_options.dead_letters = std::make_shared<debate::DeadLetterJournal>(std::move(journal));
    }
    engine_options.seed = options.seed;
    return std::make_unique<queue::Engine>(engine_options);
}

} // namespace

Result<std::unique_ptr<RunSession>> RunSession::open(SessionOptions options) {
    auto opened = open_journal(options);
    if (!opened) {
        return tl::make_unexpected(opened.error());
    }
    if (!options.providers) {
        options.providers = std::make_shared<ProviderCache>(util::Env::from_values({}), false);
    }
    auto journal = std::make_shared<store::Journal>(std::move(*opened));
    std::shared_ptr<store::Journal> cache;
    // A replay reaches nothing but its journal, and files nothing anywhere.
    if (options.shared_cache && !options.replay) {
        auto folder = shared_cache_dir(options.cache_dir, util::Env{});
        if (!folder) {
            return tl::make_unexpected(folder.error());
        }
        auto shared = open_shared_cache(*folder);
        if (!shared) {
            return tl::make_unexpected(shared.error());
        }
        cache = std::move(*shared);
    }
    auto engine = start_engine(options, journal, cache);
    std::unique_ptr<RunSession> session(new RunSession(std::move(options), std::move(journal), std::move(cache)));
    session->engine_ = std::move(engine);
    // Lanes are added in name order, whatever order the providers were built in.
    std::map<std::string, const llm::ProviderSpec*> first_spec_of_lane;
    for (const auto& [spec, provider] : session->options_.providers->built()) {
        first_spec_of_lane.emplace(debate::QueuedExecutor::lane_for(*provider), &spec);
    }
    for (const auto& [name, spec] : first_spec_of_lane) {
        std::lock_guard lock(session->providers_mutex_);
        if (auto added = session->add_lane(name, *spec); !added) {
            return tl::make_unexpected(added.error());
        }
    }
    return session;
}

RunSession::RunSession(SessionOptions options, std::shared_ptr<store::Journal> journal,
                       std::shared_ptr<store::Journal> cache)
    : options_(std::move(options)), journal_(std::move(journal)), cache_(std::move(cache)),
      view_(std::make_unique<progress::ProgressView>(options_.progress)) {
    if (options_.budget) {
        budget_ = std::make_unique<llm::Budget>(*options_.budget);
    }
}

RunSession::~RunSession() {
    close();
}

Result<std::shared_ptr<llm::Provider>> RunSession::provider(const llm::ProviderSpec& spec) {
    std::lock_guard lock(providers_mutex_);
    auto built = options_.providers->get(spec);
    if (!built) {
        return built;
    }
    if (auto added = add_lane(debate::QueuedExecutor::lane_for(**built), spec); !added) {
        return tl::make_unexpected(added.error());
    }
    return built;
}

// One lane per endpoint: the first spec that names it sets its limits (they depend only on the endpoint).
Result<void> RunSession::add_lane(const std::string& name, const llm::ProviderSpec& spec) {
    if (lanes_.count(name)) {
        return {};
    }
    auto lane = lane_options_for(options_.queue, spec);
    if (options_.admission) {
        lane.admission = options_.admission(name, lane);
    }
    if (auto added = engine_->add_lane(name, std::move(lane)); !added) {
        return added;
    }
    lanes_.insert(name);
    return {};
}

std::unique_ptr<debate::CallExecutor> RunSession::executor_for(const Job& job) {
    auto shown = view_->observer();
    debate::CallObserver observer = shown;
    if (job.observer) {
        observer = [shown, own = job.observer](const debate::CallEvent& e) {
            own(e);
            shown(e);
        };
    }
    return std::make_unique<debate::QueuedExecutor>(
        *engine_, debate::QueuedExecutorOptions{job.id, options_.shared_cache, std::move(observer), options_.prices,
                                                budget_.get(), job.context_folder, job.secret_values});
}

std::vector<JobOutcome> RunSession::run_batch(std::vector<Job> jobs) {
    if (!interrupt_) {
        interrupt_.emplace();
    }
    std::vector<std::unique_ptr<debate::CallExecutor>> executors;
    for (const auto& job : jobs) {
        if (job.plan) {
            view_->set_plan(*job.plan);
        }
        executors.push_back(executor_for(job));
    }
    std::vector<JobOutcome> outcomes(jobs.size());
    std::atomic<std::size_t> running{jobs.size()};
    {
        std::vector<std::jthread> threads;
        for (std::size_t i = 0; i < jobs.size(); ++i) {
            threads.emplace_back([&, i] {
                outcomes[i].result = jobs[i].body(*executors[i], interrupt_->token());
                running.fetch_sub(1);
            });
        }
        wait_for(running);
    }
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        const bool ok = outcomes[i].result.has_value();
        outcomes[i].interrupted = !ok && interrupted();
        if (jobs[i].plan) {
            view_->end_debate(jobs[i].id, ok ? "done" : interrupted() ? "interrupted" : "failed");
        }
    }
    return outcomes;
}

// The first Ctrl-C stops intake and gives running calls a bounded time to finish, so what they cost is kept.
void RunSession::wait_for(const std::atomic<std::size_t>& running) {
    bool shut = false;
    while (running.load() > 0) {
        if (!shut && interrupted()) {
            view_->note("parley: interrupted; letting running calls finish (Ctrl-C again to quit now)");
            (void)engine_->shutdown(kInterruptGrace);
            shut = true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void RunSession::close() {
    if (closed_) {
        return;
    }
    closed_ = true;
    (void)engine_->shutdown(std::chrono::seconds(0));
    view_->finish();
    if (cache_) {
        // Bounded once per run, not per call: a run adds at most its own answers past the limit.
        if (auto evicted = cache_->evict_oldest_calls(kSharedCacheMaxBytes); !evicted) {
            spdlog::warn("the shared cache could not be trimmed: {}", evicted.error().message);
        }
    }
}

} // namespace parley::run
