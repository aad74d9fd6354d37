#pragma once
// The run session: what every command that makes model calls runs on. It owns the providers, the journal, the
// task-queue engine (one lane per provider endpoint), the budget, the progress display and Ctrl-C handling, and
// runs batches of jobs that each call models through their own executor on the shared engine.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <vector>

#include "debate/call_events.hpp"
#include "debate/call_executor.hpp"
#include "debate/config.hpp"
#include "llm/pricing.hpp"
#include "progress/progress_view.hpp"
#include "queue/admission.hpp"
#include "queue/engine.hpp"
#include "run/interrupt.hpp"
#include "run/provider_cache.hpp"
#include "store/call_store.hpp"
#include "store/journal.hpp"
#include "tools/context_folder.hpp"

namespace parley::run {

/// How a session is opened.
struct SessionOptions {
    std::filesystem::path journal_path;
    bool replay = false;       ///< serve every call from the journal, file nothing, reach no provider
    bool shared_cache = false; ///< file and find calls under their bare keys, across runs
    /// With shared_cache: --cache-dir, the shared cache's folder (run/shared_cache), read after the journal and filed
    /// beside it; empty: the user's cache folder.
    std::string cache_dir;
    std::optional<llm::BudgetLimits> budget;
    const llm::PriceTable* prices = nullptr; ///< prices calls when set; must outlive the session
    /// The providers built so far (each gets its lane when the session opens); null: none yet, and only providers
    /// that need no key can be asked for.
    std::shared_ptr<ProviderCache> providers;
    debate::QueueConfig queue; ///< the engine's workers and each lane's limits, retries and breaker
    /// Where finished calls are found and filed; null: the journal. A sweep worker gives a store shared by every
    /// worker, so a debate another worker takes over pays no finished call again.
    std::shared_ptr<store::CallStore> call_store;
    /// Makes the admission of each lane from its name and local options (a limit shared by many processes); empty:
    /// the lane's local token buckets.
    std::function<std::shared_ptr<queue::Admission>(const std::string& lane, const queue::LaneOptions& local)>
        admission;
    std::uint64_t seed = 0; ///< seeds the engine's retry jitter
    progress::ProgressOptions progress;
};

/// One unit of a batch: a debate, an evaluation, anything that makes calls through an executor.
struct Job {
    std::string id;                           ///< scopes the job's journal keys and names its events
    std::optional<progress::DebatePlan> plan; ///< shown before the job's first event when set
    debate::CallObserver observer;            ///< also told every call event of the job; may be empty
    /// The work; it makes its calls through `executor` and stops early when `stop` is requested.
    std::function<Result<void>(debate::CallExecutor& executor, std::stop_token stop)> body;
    std::shared_ptr<const tools::ContextFolder> context_folder; ///< what its agents' tools may read; may be null
    std::vector<std::string> secret_values; ///< the configured keys' values, kept out of whatever the tools give
};

/// How a job of a batch ended.
struct JobOutcome {
    Result<void> result;
    bool interrupted = false; ///< it failed because the user pressed Ctrl-C
};

/// The session. One thread drives it; its jobs run on threads of their own.
class RunSession {
public:
    /// Running calls get this long to finish after the first Ctrl-C before they are stopped.
    static constexpr std::chrono::seconds kInterruptGrace{20};

    /// Opens the journal (a replay's must exist and be a journal: bad input otherwise) and starts the engine.
    [[nodiscard]] static Result<std::unique_ptr<RunSession>> open(SessionOptions options);

    /// Closes the session if close() was not called.
    ~RunSession();
    RunSession(const RunSession&) = delete;
    RunSession& operator=(const RunSession&) = delete;

    /// The provider for `spec` (built on first use, so a missing key fails here), with the lane of its endpoint
    /// added to the engine. Thread-safe, so jobs may ask for providers as they go.
    [[nodiscard]] Result<std::shared_ptr<llm::Provider>> provider(const llm::ProviderSpec& spec);

    /// The journal calls and runs are read from; on a replay nothing may be written to it.
    store::Journal& journal() { return *journal_; }

    /// True when the session replays a journal.
    bool replay() const { return options_.replay; }

    /// The progress display, for notes and for pausing it while a person types.
    progress::ProgressView& progress() { return *view_; }

    /// Runs every job at once, each on its own executor over the shared engine, and waits for all; outcomes come
    /// in job order. From the first batch on, Ctrl-C stops intake and gives running calls kInterruptGrace to end.
    [[nodiscard]] std::vector<JobOutcome> run_batch(std::vector<Job> jobs);

    /// True once the user pressed Ctrl-C during a batch.
    bool interrupted() const { return interrupt_ && interrupt_->interrupted(); }

    /// Stops the engine and draws the progress display's summary; later batches fail as cancelled.
    void close();

private:
    RunSession(SessionOptions options, std::shared_ptr<store::Journal> journal, std::shared_ptr<store::Journal> cache);

    Result<void> add_lane(const std::string& name, const llm::ProviderSpec& spec);
    std::unique_ptr<debate::CallExecutor> executor_for(const Job& job);
    void wait_for(const std::atomic<std::size_t>& running);

    SessionOptions options_;
    std::shared_ptr<store::Journal> journal_;
    std::shared_ptr<store::Journal> cache_; ///< the shared cache, when the session uses one
    std::unique_ptr<llm::Budget> budget_;
    std::unique_ptr<progress::ProgressView> view_;
    std::unique_ptr<queue::Engine> engine_;
    std::optional<InterruptGuard> interrupt_;
    std::mutex providers_mutex_; ///< guards options_.providers and lanes_
    std::set<std::string> lanes_;
    bool closed_ = false;
};

} // namespace parley::run
