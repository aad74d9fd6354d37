#pragma once
// The task-queue engine: a worker pool running keyed tasks through lanes, each lane with its own concurrency,
// rate limits, retry policy and circuit breaker; retries wait in a timer structure, not on a worker.

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <stop_token>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "queue/circuit_breaker.hpp"
#include "queue/clock.hpp"
#include "queue/dead_letters.hpp"
#include "queue/metrics.hpp"
#include "queue/rate_limiter.hpp"
#include "queue/result_store.hpp"
#include "queue/retry_policy.hpp"
#include "queue/scheduler.hpp"
#include "queue/task.hpp"
#include "util/error.hpp"

namespace parley::queue {

/// How one lane (typically one provider endpoint) runs its tasks.
struct LaneOptions {
    std::size_t max_concurrency = 4; ///< tasks of this lane running at once, so one slow lane cannot take every worker
    std::optional<RateLimit> requests; ///< requests per minute; none means unlimited
    std::optional<RateLimit> tokens;   ///< cost units (tokens) per minute; none means unlimited
    RetryPolicy retry;
    BreakerPolicy breaker;
};

/// How the engine is built.
struct EngineOptions {
    std::size_t workers = 4;
    std::size_t capacity = 10'000; ///< tasks accepted and not yet ended; beyond it submits block or are refused
    Duration aging_step = std::chrono::seconds(10); ///< a waiting task gains one priority class per step
    std::shared_ptr<Clock> clock;                   ///< the real steady clock when null
    std::shared_ptr<ResultStore> store;             ///< consulted before running a keyed task; none when null
    std::uint64_t seed = 0x70a31e5eedULL;           ///< seeds retry jitter, so a run's delays can be reproduced
    LaneOptions default_lane;                       ///< options of the lane named ""
};

/// A task a shutdown cancelled, and how far it had come.
struct UnfinishedTask {
    /// Where the task was when it was cancelled.
    enum class Stage {
        queued,        ///< waiting to start
        waiting_retry, ///< between attempts
        interrupted,   ///< running when the deadline passed, and stopped
    };
    std::string key;
    std::string lane;
    int attempts = 0;
    Stage stage = Stage::queued;
};

/// What a shutdown could not finish; nothing is dropped silently.
struct ShutdownReport {
    std::vector<UnfinishedTask> unfinished;

    /// True when every accepted task ended on its own.
    bool clean() const { return unfinished.empty(); }
    /// {"clean": bool, "unfinished": [{key, lane, attempts, stage}]}.
    nlohmann::json to_json() const;
};

namespace detail {
struct Task;
struct Lane;
struct CancelRelay;
struct Ending;
} // namespace detail

class Engine;

/// What a running task may ask of the engine.
class TaskContext {
public:
    /// Requested when the submitter cancels or a shutdown's deadline passes; long calls should watch it.
    std::stop_token stop_token() const { return stop_; }
    /// The attempt now running, from 1.
    int attempt() const { return attempt_; }
    /// Tightens the lane's rate limits to what the server reported with its answer (remaining, reset).
    void report_rate_limits(const RateSignals& signals);

private:
    friend class Engine;
    TaskContext(Engine& engine, detail::Lane& lane, std::stop_token stop, int attempt)
        : engine_(engine), lane_(lane), stop_(std::move(stop)), attempt_(attempt) {}

    Engine& engine_;
    detail::Lane& lane_;
    std::stop_token stop_;
    int attempt_;
};

/// The engine. Every public function may be called from any thread, event callbacks and tasks included, except
/// shutdown(), which waits for the workers and so must not run on one.
class Engine {
public:
    /// Starts the workers; throws std::invalid_argument on options that cannot work (a startup bug).
    explicit Engine(EngineOptions options = {});
    /// Shuts down with no grace if shutdown() was not called.
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    /// Adds a lane; fails on a duplicate name or options that cannot work.
    Result<void> add_lane(const std::string& name, LaneOptions options);

    /// Accepts a task or refuses at once: transient error when full, cancelled when shut down or already
    /// cancelled, config error for an unknown lane.
    Result<TaskHandle> try_submit(TaskSpec spec, TaskFn fn);
    /// Like try_submit, but waits for room until `deadline` on the engine's clock.
    Result<TaskHandle> submit(TaskSpec spec, TaskFn fn, TimePoint deadline);

    /// Every task in the dead letters, oldest first.
    std::vector<DeadLetter> dead_letters() const;
    /// Takes a dead letter out and runs its task again from its first attempt; its events are not reported.
    Result<TaskHandle> redrive(std::uint64_t dead_letter_id);

    /// A copy of the metrics now.
    MetricsSnapshot metrics() const;

    /// Stops intake, cancels every task not running, gives running tasks `grace` to end, then stops them
    /// through their stop tokens and waits for the workers. Returns what was cancelled; later calls return empty.
    ShutdownReport shutdown(Duration grace);

    /// The clock the engine runs on, for deadlines.
    Clock& clock() const { return *clock_; }

private:
    friend class TaskContext;
    friend struct detail::CancelRelay;

    Result<TaskHandle> enqueue(TaskSpec spec, TaskFn fn, std::optional<TimePoint> deadline);
    void work(std::stop_token stop, std::size_t slot);
    std::unique_ptr<detail::Task> take_next(TimePoint now, std::vector<detail::Ending>& endings, TimePoint& wake_at);
    void run(std::unique_lock<std::mutex>& lock, std::size_t slot, std::unique_ptr<detail::Task> task, TimePoint now,
             bool hand_over, std::vector<detail::Ending>& endings);
    void promote_due(TimePoint now);
    void end_cancelled();
    detail::Ending end_task(std::unique_ptr<detail::Task> task, Result<Completion> result, UnfinishedTask::Stage stage);
    void deliver(std::vector<detail::Ending>& endings);
    void observe_limits(detail::Lane& lane, const RateSignals& signals);

    std::shared_ptr<Clock> clock_;
    std::shared_ptr<ResultStore> store_;
    Duration aging_step_;
    std::size_t capacity_;

    mutable std::mutex mutex_;
    std::condition_variable work_cv_;  ///< workers: work became ready, a timer or lane may be due, stop
    std::condition_variable space_cv_; ///< blocked submitters: room freed, shutdown
    std::condition_variable idle_cv_;  ///< shutdown: the last running task ended

    std::vector<std::unique_ptr<detail::Lane>> lanes_;
    std::unordered_map<std::string, detail::Lane*> lanes_by_name_;
    TimerQueue<std::unique_ptr<detail::Task>> delayed_;
    std::unordered_map<std::string, std::shared_ptr<detail::TaskState>> in_flight_;
    std::map<std::uint64_t, std::pair<DeadLetter, std::unique_ptr<detail::Task>>> dead_letters_;
    std::uint64_t next_dead_letter_id_ = 1;
    std::vector<detail::Task*> current_; ///< the task each worker runs, for shutdown
    std::vector<UnfinishedTask> unfinished_;
    std::mt19937_64 random_;
    std::size_t pending_ = 0; ///< accepted and not ended
    std::size_t running_ = 0; ///< taken by a worker and not yet ended or parked for a retry
    std::size_t idle_workers_ = 0;
    std::size_t waiting_submitters_ = 0;
    bool closed_ = false;
    /// Set by the first result the store could not keep: every task that has not started yet fails with it, so no
    /// more calls are paid for whose answers would be lost too.
    std::optional<Error> store_failure_;

    std::stop_source engine_stop_; ///< requested when a shutdown's grace runs out
    ClockWatch watch_;
    std::vector<std::jthread> workers_;
};

} // namespace parley::queue
