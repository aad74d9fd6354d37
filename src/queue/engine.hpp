#pragma once
// The task-queue engine: a worker pool running keyed tasks through lanes, each lane with its own concurrency,
// rate limits, retry policy and circuit breaker; retries wait in a timer structure, not on a worker.

#include <atomic>
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
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "queue/admission.hpp"
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
    /// Decides when the lane's tasks start (e.g. a limiter shared by many processes); when null, local token
    /// buckets built from `requests` and `tokens` do (and nothing is asked when both are absent).
    std::shared_ptr<Admission> admission;
    RetryPolicy retry;
    BreakerPolicy breaker;
    /// How long the endpoint may stay unreachable (every attempt refused, its host unknown, no connection made:
    /// errors with RetryReason::unreachable), or answer every call with the same server error (a 5xx with the same
    /// status and body), before the lane stops retrying: once two attempts in a row failed so
    /// and the first was this long ago, the failing task and every task the breaker holds end at once, and each
    /// later task after one attempt, until an attempt reaches the endpoint. Zero: only max_attempts ends them.
    Duration unreachable_window{};
};

/// How the engine is built.
struct EngineOptions {
    std::size_t workers = 4;
    std::size_t capacity = 10'000; ///< tasks accepted and not yet ended; beyond it submits block or are refused
    Duration aging_step = std::chrono::seconds(10); ///< a waiting task gains one priority class per step
    std::shared_ptr<Clock> clock;                   ///< the real steady clock when null
    std::shared_ptr<ResultStore> store;             ///< consulted before running a keyed task; none when null
    std::shared_ptr<DeadLetterStore> dead_letters;  ///< where dead letters are filed; in memory when null
    /// How long an idle worker keeps looking for work before it sleeps, saving a wake-up when tasks come in
    /// a steady stream; zero never spins. Bounded, so an idle engine burns no core. Off by default: with as
    /// many workers as cores, spinning workers take the core the submitter needs (measured on 2 cores: 476k
    /// no-op tasks/s with 20 us of spin, 673k without).
    Duration idle_spin = std::chrono::microseconds(0);
    std::uint64_t seed = 0x70a31e5eedULL; ///< seeds retry jitter, so a run's delays can be reproduced
    LaneOptions default_lane;             ///< options of the lane named ""
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
struct HeldRetry;
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
    [[nodiscard]] Result<void> add_lane(const std::string& name, LaneOptions options);

    /// Accepts a task or refuses at once: transient error when full, cancelled when shut down or already
    /// cancelled, config error for an unknown lane.
    [[nodiscard]] Result<TaskHandle> try_submit(TaskSpec spec, TaskFn fn);
    /// Like try_submit, but waits for room until `deadline` on the engine's clock.
    [[nodiscard]] Result<TaskHandle> submit(TaskSpec spec, TaskFn fn, TimePoint deadline);
    /// try_submit for many tasks under one lock with one wake-up; results in the order of `tasks`.
    [[nodiscard]] std::vector<Result<TaskHandle>> try_submit_batch(std::vector<Submission> tasks);
    /// submit for many tasks under one lock with one wake-up, each waiting for room until `deadline`.
    [[nodiscard]] std::vector<Result<TaskHandle>> submit_batch(std::vector<Submission> tasks, TimePoint deadline);

    /// Every task in the dead-letter store, oldest first (from a journal, those of earlier processes too).
    [[nodiscard]] Result<std::vector<DeadLetter>> dead_letters() const;
    /// Takes a dead letter out and runs its task again from its first attempt; its events are not reported. Only
    /// a task that died in this engine can run again (the store keeps the record, not the work).
    [[nodiscard]] Result<TaskHandle> redrive(std::uint64_t dead_letter_id);

    /// A copy of the metrics now.
    [[nodiscard]] MetricsSnapshot metrics() const;

    /// Stops intake, cancels every task not running, gives running tasks `grace` to end, then stops them
    /// through their stop tokens and waits for the workers. Returns what was cancelled; later calls return empty.
    ShutdownReport shutdown(Duration grace);

    /// The clock the engine runs on, for deadlines.
    Clock& clock() const { return *clock_; }
    /// The completed-result store keyed tasks are looked up in (the journal), or null; a task that files steps of
    /// its own (a tool exchange's turns) files them here too.
    ResultStore* result_store() const { return store_.get(); }

private:
    friend class TaskContext;
    friend struct detail::CancelRelay;

    /// A task made ready to enqueue, or the answer a submit gets without enqueueing (refused, stored, joined).
    using Prepared = std::variant<std::unique_ptr<detail::Task>, Result<TaskHandle>>;

    Result<TaskHandle> enqueue_one(TaskSpec spec, TaskFn fn, std::optional<TimePoint> deadline);
    std::vector<Result<TaskHandle>> enqueue(std::vector<Submission> tasks, std::optional<TimePoint> deadline);
    Prepared prepare(TaskSpec spec, TaskFn fn);
    std::unique_ptr<detail::Task> new_task();
    Result<TaskHandle> accept(std::unique_lock<std::mutex>& lock, std::unique_ptr<detail::Task>& task,
                              std::optional<TimePoint> deadline);
    void work(std::stop_token stop, std::size_t slot);
    void spin_for_work(std::unique_lock<std::mutex>& lock);
    bool admit(std::unique_lock<std::mutex>& lock, std::unique_ptr<detail::Task>& task, bool& hand_over,
               std::vector<detail::Ending>& endings);
    std::unique_ptr<detail::Task> take_next(TimePoint now, std::vector<detail::Ending>& endings, TimePoint& wake_at);
    void run(std::unique_lock<std::mutex>& lock, std::size_t slot, std::unique_ptr<detail::Task> task, TimePoint now,
             bool hand_over, std::vector<detail::Ending>& endings);
    void run_attempt(std::unique_lock<std::mutex>& lock, std::size_t slot, std::unique_ptr<detail::Task> task,
                     TimePoint now, bool hand_over, std::vector<detail::Ending>& endings,
                     std::vector<detail::HeldRetry>& held);
    /// Counts an attempt in and marks the slot busy; returns the store failure that fails the attempt unrun, if any.
    std::optional<Error> start_attempt(detail::Task& task, std::size_t slot, TimePoint now);
    /// Runs the task's function once (unless `store_failure` fails it first); a stopped call fails as cancelled.
    Result<Completion> call_task(detail::Task& task, const std::optional<Error>& store_failure);
    /// Saves a successful result to the store; true when it could not be kept, which fails the outcome.
    bool keep_result(const detail::Task& task, Result<Completion>& outcome);
    /// Frees the slot and the lane's seat after an attempt, under the lock; a result the store lost stops later tasks.
    void close_attempt(detail::Lane& lane, std::size_t slot, const Result<Completion>& outcome, bool store_failed,
                       Duration ran);
    /// After a failed attempt: parks the task for a retry, or ends it.
    void settle_failure(std::unique_lock<std::mutex>& lock, std::unique_ptr<detail::Task> task,
                        Result<Completion> outcome, TimePoint start, TimePoint end,
                        std::vector<detail::Ending>& endings, std::vector<detail::HeldRetry>& held);
    /// Tells the breaker of a failure; when it opens, holds back the lane's waiting retries until it lets calls by.
    void note_breaker_failure(detail::Lane& lane, const Error& error, TimePoint end,
                              std::vector<detail::HeldRetry>& held);
    /// Tells the submitter of the retry, then puts the task in the timer queue (or ends it when cancelled meanwhile).
    void park_for_retry(std::unique_lock<std::mutex>& lock, std::unique_ptr<detail::Task> task, const Error& error,
                        TimePoint end, std::vector<detail::Ending>& endings);
    std::vector<detail::HeldRetry> hold_delayed(detail::Lane& lane, TimePoint now);
    void promote_due(TimePoint now);
    void end_cancelled();
    detail::Ending end_task(std::unique_ptr<detail::Task> task, Result<Completion> result, UnfinishedTask::Stage stage);
    void deliver(std::vector<detail::Ending>& endings);
    void observe_limits(detail::Lane& lane, const RateSignals& signals);

    std::shared_ptr<Clock> clock_;
    std::shared_ptr<ResultStore> store_;
    std::shared_ptr<DeadLetterStore> dead_letter_store_;
    Duration aging_step_;
    Duration idle_spin_;
    std::size_t capacity_;

    mutable std::mutex mutex_;
    std::condition_variable work_cv_;  ///< workers: work became ready, a timer or lane may be due, stop
    std::condition_variable space_cv_; ///< blocked submitters: room freed, shutdown
    std::condition_variable idle_cv_;  ///< shutdown: the last running task ended

    std::vector<std::unique_ptr<detail::Lane>> lanes_;
    std::unordered_map<std::string, detail::Lane*> lanes_by_name_;
    TimerQueue<std::unique_ptr<detail::Task>> delayed_;
    std::unordered_map<std::string, std::shared_ptr<detail::TaskState>> in_flight_;
    /// The work of each dead letter filed by this engine, by its id in the store, so it can be re-driven.
    std::map<std::uint64_t, std::unique_ptr<detail::Task>> redrivable_;
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

    /// Bumped (under the lock) whenever a task becomes ready; spinning workers read it without the lock.
    std::atomic<std::uint64_t> ready_epoch_{0};

    /// Ended tasks kept for reuse, so a steady stream of submits does not pay for a malloc on the submitter's
    /// thread and a free on a worker's (glibc serialises those on one arena lock).
    std::mutex spare_mutex_;
    std::vector<std::unique_ptr<detail::Task>> spare_tasks_;

    std::stop_source engine_stop_; ///< requested when a shutdown's grace runs out
    ClockWatch watch_;
    std::vector<std::jthread> workers_;
};

} // namespace parley::queue
