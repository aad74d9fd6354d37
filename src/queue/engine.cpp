#include "queue/engine.hpp"

#include <algorithm>
#include <exception>
#include <stdexcept>

#include "util/saturating.hpp"

namespace parley::queue {

namespace detail {

/// Passes a submitter's cancellation to its task and ends the cancelled tasks still waiting, at once, even while
/// every worker is busy.
struct CancelRelay {
    Engine* engine;
    std::stop_source target;
    void operator()() {
        target.request_stop();
        // This may destroy the relay itself (the standard allows it from its own callback): nothing follows.
        engine->end_cancelled();
    }
};

/// Passes the engine's stop to a task that has its own stop source.
struct StopRelay {
    std::stop_source target;
    void operator()() { target.request_stop(); }
};

/// A task inside the engine.
struct Task {
    TaskSpec spec;
    TaskFn fn;
    std::shared_ptr<TaskState> state;
    Lane* lane = nullptr;
    int attempts = 0;
    Duration last_delay{};
    TimePoint ready_since{};
    TimePoint first_attempt{};
    TimePoint last_attempt{};
    TimePoint retry_at{}; ///< when it is due again, while it waits for a retry
    std::vector<AttemptError> errors;
    // Only tasks whose submitter can cancel them pay for their own stop source; the others use the engine's.
    std::stop_source own_stop{std::nostopstate};
    std::optional<std::stop_callback<CancelRelay>> caller_relay;
    std::optional<std::stop_callback<StopRelay>> engine_relay;

    std::stop_token token(const std::stop_source& engine_stop) const {
        return own_stop.stop_possible() ? own_stop.get_token() : engine_stop.get_token();
    }
    bool cancelled() const { return spec.stop.stop_requested(); }
};

/// A lane and everything that limits it.
struct Lane {
    Lane(std::string lane_name, LaneOptions lane_options, Duration aging_step, TimePoint now)
        : name(std::move(lane_name)), options(std::move(lane_options)), ready(aging_step),
          admission(admission_for(options, now)), breaker(options.breaker) {}

    static std::shared_ptr<Admission> admission_for(const LaneOptions& options, TimePoint now) {
        if (options.admission) {
            return options.admission;
        }
        if (options.requests || options.tokens) {
            return std::make_shared<LocalAdmission>(options.requests, options.tokens, now);
        }
        return nullptr; // nothing to ask: the lane's tasks skip admission altogether
    }

    std::string name;
    LaneOptions options;
    AgingQueue<std::unique_ptr<Task>> ready;
    std::shared_ptr<Admission> admission; ///< null when the lane has no limits; never called under the engine lock
    CircuitBreaker breaker;
    std::size_t running = 0;
    std::size_t delayed = 0;
    TimePoint blocked_until{}; ///< the admission or the breaker holds the lane until then
    LaneMetrics metrics;
    std::optional<TimePoint> unreachable_since; ///< start of the first attempt of a run of unreachable failures
    int unreachable_failures = 0;               ///< attempts in a row that could not reach the endpoint
    std::optional<Error> unreachable_error;     ///< the last of them, which tasks ended without an attempt carry
    std::optional<Error> last_server_error;     ///< the last 5xx, which the next one may repeat
    TimePoint last_server_error_at{};           ///< the start of its attempt

    /// True once the endpoint has been unreachable for the whole window: its calls stop retrying.
    bool given_up_at(TimePoint now) const {
        return options.unreachable_window > Duration::zero() && unreachable_since && unreachable_failures >= 2 &&
               now - *unreachable_since >= options.unreachable_window;
    }

    /// Records how an attempt ended for the endpoint: unreachable, or reached (any answer, even an error).
    void note_reach(bool unreachable, TimePoint attempt_start, const Error* error) {
        if (!unreachable) {
            unreachable_since.reset();
            unreachable_failures = 0;
            unreachable_error.reset();
            return;
        }
        if (!unreachable_since) {
            unreachable_since = attempt_start;
        }
        ++unreachable_failures;
        unreachable_error = *error;
    }

    /// Whether `error` continues the run of failures that says the endpoint cannot answer: unreachable, or a server
    /// error (5xx) with the same status and body as the one before it (the run then begins at that one). A single
    /// 5xx, or one that differs from the last, is a passing fault the breaker deals with.
    bool continues_cannot_answer(const Error& error, TimePoint attempt_start) {
        if (!is_transient(error.kind) || error.retry_reason == RetryReason::unreachable) {
            last_server_error.reset();
            return is_transient(error.kind);
        }
        if (error.http_status < 500 || options.unreachable_window <= Duration::zero()) {
            last_server_error.reset();
            return false;
        }
        const bool same = last_server_error && last_server_error->http_status == error.http_status &&
                          last_server_error->provider_message == error.provider_message;
        if (!same) {
            last_server_error = error;
            last_server_error_at = attempt_start;
            return false;
        }
        if (!unreachable_since) {
            unreachable_since = last_server_error_at;
            unreachable_failures = 1;
        }
        return true;
    }

    /// The error a task ends with when the lane gives up on the endpoint.
    Error give_up_error(TimePoint now) const {
        Error error = unreachable_error.value_or(
            Error{ErrorKind::transient, "lane '" + name + "': the endpoint cannot be reached", 0, std::nullopt});
        const auto tenths =
            std::chrono::duration_cast<std::chrono::milliseconds>(now - *unreachable_since).count() / 100;
        const auto seconds = std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
        error.message += error.http_status >= 500 ? " (the same answer to every call for " + seconds + "; not retried)"
                                                  : " (unreachable for " + seconds + "; not retried)";
        return error;
    }
};

/// A retry whose wait grew after it was told (the breaker opened meanwhile), to be told again outside the lock.
struct HeldRetry {
    EventCallback on_event;
    std::string key;
    std::string lane;
    int attempts = 0;
    Duration wait{};
    Error error;
};

/// A task that has ended, waiting to be reported outside the engine lock.
struct Ending {
    std::unique_ptr<Task> task;
    Result<Completion> result;
    TaskEvent::Kind kind = TaskEvent::Kind::succeeded;
    std::optional<DeadLetter> dead_letter;
};

} // namespace detail

using detail::Ending;
using detail::Lane;
using detail::Task;

namespace {

// A refusal parks its lane at least this long, so an admission that names an instant already past cannot make
// the workers ask it in a loop.
constexpr Duration kMinAdmissionPause = std::chrono::milliseconds(1);

/// Tells the core this thread is spinning, so it spends less power and lets its sibling hyper-thread run.
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}

// Enough ended tasks kept for reuse to cover a burst of submits; beyond it they are freed.
constexpr std::size_t kMaxSpareTasks = 1024;

Result<void> check_lane(const std::string& name, const LaneOptions& options) {
    const auto bad = [&](const std::string& what) {
        return fail(ErrorKind::config, "lane '" + name + "': " + what);
    };
    if (options.max_concurrency == 0) {
        return bad("max_concurrency must be at least 1");
    }
    if ((options.requests && options.requests->per_minute <= 0) ||
        (options.tokens && options.tokens->per_minute <= 0)) {
        return bad("a rate limit must allow more than 0 per minute");
    }
    if (options.retry.max_attempts < 1) {
        return bad("retry max_attempts must be at least 1");
    }
    if (options.retry.base_delay < Duration::zero() || options.retry.max_delay < options.retry.base_delay) {
        return bad("retry delays must satisfy 0 <= base_delay <= max_delay");
    }
    if (options.breaker.failure_threshold < 1 || options.breaker.half_open_probes < 1) {
        return bad("breaker failure_threshold and half_open_probes must be at least 1");
    }
    return {};
}

void emit(const Task& task, TaskEvent::Kind kind, Duration retry_in = {}, const Error* error = nullptr,
          RetryWait wait = RetryWait::backoff) {
    if (task.spec.on_event) {
        task.spec.on_event(
            TaskEvent{kind, task.spec.key, task.lane->name, task.attempts, retry_in, wait, false, error});
    }
}

Error cancelled_error(const Task& task) {
    return Error{ErrorKind::cancelled, "task '" + task.spec.key + "' was cancelled", 0, std::nullopt};
}

void release_admission(Lane& lane, const Task& task, const Result<Completion>& outcome) {
    if (lane.admission) {
        lane.admission->release(static_cast<double>(task.spec.cost),
                                outcome ? std::optional<double>(static_cast<double>(outcome->cost)) : std::nullopt);
    }
}

/// True when a failed attempt must not be retried whatever attempts remain; notes on the lane whether the attempt
/// reached its endpoint, and rewrites the error to say why it is not retried.
bool rules_out_retry(Lane& lane, Error& error, TimePoint start, TimePoint end) {
    // A server asking for a longer wait than the lane allows ends the call now: retrying sooner would be
    // refused again, and waiting a server's "ten years" is no plan.
    const auto refused = error.retry_after ? lane.options.retry.refuse_server_delay(*error.retry_after) : std::nullopt;
    if (refused && is_transient(error.kind)) {
        error.message += " (" + *refused + ")";
    }
    // A server that answers every call with the same error cannot answer: it ends the run as an unreachable one does.
    const bool unreachable = lane.continues_cannot_answer(error, start);
    lane.note_reach(unreachable, start, &error);
    const bool given_up = unreachable && lane.given_up_at(end);
    if (given_up) {
        error = lane.give_up_error(end);
    }
    return refused || given_up;
}

/// How long a failed task waits before its next attempt, and why that long.
std::pair<Duration, RetryWait> retry_wait(Task& task, Lane& lane, const Error& error, TimePoint end,
                                          std::mt19937_64& random) {
    const std::optional<Duration> server_delay =
        error.retry_after ? std::optional<Duration>(*error.retry_after) : std::nullopt;
    Duration delay = lane.options.retry.next_delay(task.attempts, task.last_delay, server_delay, random);
    task.last_delay = delay;
    RetryWait wait = server_delay ? RetryWait::server_asked : RetryWait::backoff;
    // An open breaker holds the retry until its cool-down ends: the task waits that long, and says so. Not
    // while the endpoint is unreachable, whose window ends the wait sooner.
    const auto hold_until = lane.breaker.blocked_until(end);
    if (hold_until && *hold_until != TimePoint::max() && *hold_until - end > delay && !lane.unreachable_since) {
        delay = *hold_until - end;
        wait = RetryWait::breaker_open;
    }
    return {delay, wait};
}

const char* stage_name(UnfinishedTask::Stage stage) {
    switch (stage) {
    case UnfinishedTask::Stage::queued:
        return "queued";
    case UnfinishedTask::Stage::waiting_retry:
        return "waiting_retry";
    case UnfinishedTask::Stage::interrupted:
        return "interrupted";
    }
    return "queued";
}

} // namespace

nlohmann::json ShutdownReport::to_json() const {
    nlohmann::json tasks = nlohmann::json::array();
    for (const auto& task : unfinished) {
        tasks.push_back(
            {{"key", task.key}, {"lane", task.lane}, {"attempts", task.attempts}, {"stage", stage_name(task.stage)}});
    }
    return {{"clean", clean()}, {"unfinished", std::move(tasks)}};
}

void TaskContext::report_rate_limits(const RateSignals& signals) {
    engine_.observe_limits(lane_, signals);
}

Engine::Engine(EngineOptions options)
    : clock_(options.clock ? std::move(options.clock) : std::make_shared<SystemClock>()),
      store_(std::move(options.store)),
      dead_letter_store_(options.dead_letters ? std::move(options.dead_letters)
                                              : std::make_shared<MemoryDeadLetters>()),
      aging_step_(options.aging_step), idle_spin_(options.idle_spin), capacity_(options.capacity),
      random_(options.seed) {
    if (options.workers == 0 || options.capacity == 0 || options.aging_step <= Duration::zero() ||
        options.idle_spin < Duration::zero() || options.idle_spin > std::chrono::milliseconds(1)) {
        throw std::invalid_argument(
            "task engine: workers, capacity and aging_step must be positive, idle_spin within 0..1ms");
    }
    if (auto lane = add_lane("", std::move(options.default_lane)); !lane) {
        throw std::invalid_argument("task engine: " + lane.error().message);
    }
    watch_ = clock_->watch([this] {
        // Taking the lock orders this wake after any waiter's deadline check, so no wake is lost.
        { std::lock_guard lock(mutex_); }
        work_cv_.notify_all();
        space_cv_.notify_all();
        idle_cv_.notify_all();
    });
    current_.assign(options.workers, nullptr);
    workers_.reserve(options.workers);
    for (std::size_t slot = 0; slot < options.workers; ++slot) {
        workers_.emplace_back([this, slot](std::stop_token stop) { work(stop, slot); });
    }
}

Engine::~Engine() {
    shutdown(Duration::zero());
    watch_.reset();
}

Result<void> Engine::add_lane(const std::string& name, LaneOptions options) {
    if (auto valid = check_lane(name, options); !valid) {
        return valid;
    }
    std::lock_guard lock(mutex_);
    if (lanes_by_name_.contains(name)) {
        return fail(ErrorKind::config, "lane '" + name + "' is defined twice");
    }
    lanes_.push_back(std::make_unique<Lane>(name, std::move(options), aging_step_, clock_->now()));
    lanes_by_name_.emplace(name, lanes_.back().get());
    return {};
}

Result<TaskHandle> Engine::try_submit(TaskSpec spec, TaskFn fn) {
    return enqueue_one(std::move(spec), std::move(fn), std::nullopt);
}

Result<TaskHandle> Engine::submit(TaskSpec spec, TaskFn fn, TimePoint deadline) {
    return enqueue_one(std::move(spec), std::move(fn), deadline);
}

Result<TaskHandle> Engine::enqueue_one(TaskSpec spec, TaskFn fn, std::optional<TimePoint> deadline) {
    Prepared prepared = prepare(std::move(spec), std::move(fn));
    if (auto* answer = std::get_if<Result<TaskHandle>>(&prepared)) {
        return std::move(*answer);
    }
    auto& task = std::get<std::unique_ptr<Task>>(prepared);
    std::unique_lock lock(mutex_);
    auto handle = accept(lock, task, deadline);
    const bool wake = handle && !task && idle_workers_ > 0;
    lock.unlock();
    if (wake) {
        work_cv_.notify_one();
    }
    // A refused task is destroyed on return, after the unlock: its cancellation relay may take the lock.
    return handle;
}

std::vector<Result<TaskHandle>> Engine::try_submit_batch(std::vector<Submission> tasks) {
    return enqueue(std::move(tasks), std::nullopt);
}

std::vector<Result<TaskHandle>> Engine::submit_batch(std::vector<Submission> tasks, TimePoint deadline) {
    return enqueue(std::move(tasks), deadline);
}

std::vector<Result<TaskHandle>> Engine::enqueue(std::vector<Submission> tasks, std::optional<TimePoint> deadline) {
    std::vector<Prepared> prepared;
    prepared.reserve(tasks.size());
    for (auto& submission : tasks) {
        prepared.push_back(prepare(std::move(submission.spec), std::move(submission.fn)));
    }
    std::vector<Result<TaskHandle>> out;
    out.reserve(prepared.size());
    std::size_t accepted = 0;
    std::unique_lock lock(mutex_);
    for (auto& entry : prepared) {
        if (auto* task = std::get_if<std::unique_ptr<Task>>(&entry)) {
            out.push_back(accept(lock, *task, deadline));
            accepted += out.back() && !*task ? 1 : 0;
        } else {
            out.push_back(std::move(std::get<Result<TaskHandle>>(entry)));
        }
    }
    const std::size_t idle = idle_workers_;
    lock.unlock();
    if (accepted > 1 && idle > 1) {
        work_cv_.notify_all();
    } else if (accepted > 0 && idle > 0) {
        work_cv_.notify_one();
    }
    // Refused tasks are destroyed here, outside the lock: a cancellation relay being destroyed waits for its
    // callback, which takes the lock.
    prepared.clear();
    return out;
}

Engine::Prepared Engine::prepare(TaskSpec spec, TaskFn fn) {
    if (spec.stop.stop_requested()) {
        return fail(ErrorKind::cancelled, "task '" + spec.key + "' was cancelled before it was submitted");
    }
    if (!spec.key.empty()) {
        {
            std::lock_guard lock(mutex_);
            const auto lane = lanes_by_name_.find(spec.lane);
            if (lane != lanes_by_name_.end()) {
                if (auto joined = in_flight_.find(spec.key); joined != in_flight_.end()) {
                    ++lane->second->metrics.counters.coalesced;
                    return TaskHandle(joined->second);
                }
            }
        }
        if (store_) {
            // The store may do I/O, so it is asked without the engine lock.
            auto stored = store_->find(spec.key);
            std::lock_guard lock(mutex_);
            const auto lane = lanes_by_name_.find(spec.lane);
            if (lane != lanes_by_name_.end()) {
                auto& counters = lane->second->metrics.counters;
                if (!stored) {
                    // A result the store cannot read back is not paid for again: the task fails instead.
                    ++counters.store_errors;
                    return tl::make_unexpected(stored.error());
                }
                if (*stored) {
                    ++counters.cache_hits;
                    auto state = std::make_shared<detail::TaskState>();
                    Completion completion = std::move(**stored);
                    completion.attempts = 0;
                    completion.from_store = true;
                    state->finish(std::move(completion));
                    return TaskHandle(std::move(state));
                }
            }
        }
    }
    auto task = new_task();
    task->spec = std::move(spec);
    task->fn = std::move(fn);
    task->state = std::make_shared<detail::TaskState>();
    if (task->spec.stop.stop_possible()) {
        task->own_stop = std::stop_source();
        task->caller_relay.emplace(task->spec.stop, detail::CancelRelay{this, task->own_stop});
        task->engine_relay.emplace(engine_stop_.get_token(), detail::StopRelay{task->own_stop});
    }
    return task;
}

std::unique_ptr<Task> Engine::new_task() {
    {
        std::lock_guard lock(spare_mutex_);
        if (!spare_tasks_.empty()) {
            auto task = std::move(spare_tasks_.back());
            spare_tasks_.pop_back();
            return task;
        }
    }
    return std::make_unique<Task>();
}

Result<TaskHandle> Engine::accept(std::unique_lock<std::mutex>& lock, std::unique_ptr<Task>& task,
                                  std::optional<TimePoint> deadline) {
    const auto lane_it = lanes_by_name_.find(task->spec.lane);
    if (lane_it == lanes_by_name_.end()) {
        return fail(ErrorKind::config, "no lane named '" + task->spec.lane + "'");
    }
    Lane& lane = *lane_it->second;
    const bool keyed = !task->spec.key.empty();
    if (keyed) {
        // Another submit of the key may have got in while the store was asked.
        if (auto joined = in_flight_.find(task->spec.key); joined != in_flight_.end()) {
            ++lane.metrics.counters.coalesced;
            return TaskHandle(joined->second);
        }
    }
    while (!closed_ && pending_ >= capacity_ && deadline && clock_->now() < *deadline) {
        ++waiting_submitters_;
        clock_->wait_until(space_cv_, lock, *deadline);
        --waiting_submitters_;
    }
    if (closed_ || pending_ >= capacity_) {
        ++lane.metrics.counters.rejected;
        if (closed_) {
            return fail(ErrorKind::cancelled, "the task engine is shutting down and accepts no new task");
        }
        return fail(ErrorKind::transient,
                    "the task queue is full (" + std::to_string(capacity_) + " tasks); try again later");
    }
    const TimePoint now = clock_->now();
    ++pending_;
    ++lane.metrics.counters.submitted;
    task->lane = &lane;
    task->ready_since = now;
    if (keyed) {
        in_flight_.emplace(task->spec.key, task->state);
    }
    TaskHandle handle(task->state);
    const Priority priority = task->spec.priority;
    lane.ready.push(std::move(task), priority, now);
    ready_epoch_.fetch_add(1, std::memory_order_release);
    return handle;
}

void Engine::work(std::stop_token stop, std::size_t slot) {
    std::stop_callback wake_on_stop(stop, [this] {
        { std::lock_guard lock(mutex_); }
        work_cv_.notify_all();
    });
    std::vector<Ending> endings;
    bool may_spin = true;
    std::unique_lock lock(mutex_);
    while (!stop.stop_requested()) {
        const TimePoint now = clock_->now();
        promote_due(now);
        TimePoint wake_at = TimePoint::max();
        if (auto task = take_next(now, endings, wake_at)) {
            may_spin = true;
            // While this worker runs, an idle one must take over what is ready or what falls due.
            bool hand_over = idle_workers_ > 0 && (wake_at != TimePoint::max() ||
                                                   std::any_of(lanes_.begin(), lanes_.end(),
                                                               [](const auto& lane) { return !lane->ready.empty(); }));
            if (!task->lane->admission) {
                run(lock, slot, std::move(task), now, hand_over, endings);
            } else if (admit(lock, task, hand_over, endings)) {
                run(lock, slot, std::move(task), clock_->now(), hand_over, endings);
            }
            continue;
        }
        if (!endings.empty()) {
            lock.unlock();
            deliver(endings);
            lock.lock();
            continue;
        }
        if (may_spin && wake_at == TimePoint::max()) {
            // Once per idle spell; whatever it saw, everything is looked at again under the lock before sleeping.
            may_spin = false;
            spin_for_work(lock);
            continue;
        }
        ++idle_workers_;
        clock_->wait_until(work_cv_, lock, wake_at);
        --idle_workers_;
        may_spin = true;
    }
    lock.unlock();
    deliver(endings);
}

void Engine::spin_for_work(std::unique_lock<std::mutex>& lock) {
    if (idle_spin_ == Duration::zero()) {
        return;
    }
    const std::uint64_t seen = ready_epoch_.load(std::memory_order_acquire);
    lock.unlock();
    // Real time, not the engine's clock: this bounds CPU spent, and a manual clock does not move by itself.
    const auto give_up = std::chrono::steady_clock::now() + idle_spin_;
    bool arrived = false;
    do {
        // A pause, not a yield: a yield on a busy machine gives the core away for a whole time slice, while the
        // worker counts as awake and nobody wakes it.
        for (int i = 0; i < 64 && !arrived; ++i) {
            cpu_relax();
            arrived = ready_epoch_.load(std::memory_order_acquire) != seen;
        }
    } while (!arrived && std::chrono::steady_clock::now() < give_up);
    lock.lock();
}

bool Engine::admit(std::unique_lock<std::mutex>& lock, std::unique_ptr<Task>& task, bool& hand_over,
                   std::vector<Ending>& endings) {
    Lane& lane = *task->lane;
    lock.unlock();
    if (hand_over) {
        work_cv_.notify_one();
        hand_over = false;
    }
    // The task counts as running in its lane meanwhile, so the lane's concurrency cap holds while it is asked.
    const TimePoint asked_at = clock_->now();
    const std::optional<TimePoint> retry_at =
        lane.admission->try_acquire(static_cast<double>(task->spec.cost), asked_at);
    lock.lock();
    if (!retry_at) {
        return true;
    }
    lane.breaker.on_abandon();
    --lane.running;
    --running_;
    lane.blocked_until = std::max({lane.blocked_until, *retry_at, asked_at + kMinAdmissionPause});
    if (closed_ || task->cancelled()) {
        // Shutdown or the canceller looked for it in the queue while it was out being asked about.
        Error why = cancelled_error(*task);
        endings.push_back(
            end_task(std::move(task), tl::make_unexpected(std::move(why)), UnfinishedTask::Stage::queued));
    } else {
        const Priority priority = task->spec.priority;
        const TimePoint since = task->ready_since;
        lane.ready.restore(std::move(task), priority, since);
    }
    if (running_ == 0) {
        idle_cv_.notify_all();
    }
    return false;
}

void Engine::promote_due(TimePoint now) {
    while (delayed_.next_due() <= now) {
        auto task = delayed_.pop();
        Lane& lane = *task->lane;
        --lane.delayed;
        task->ready_since = now;
        const Priority priority = task->spec.priority;
        lane.ready.push(std::move(task), priority, now);
        ready_epoch_.fetch_add(1, std::memory_order_release);
    }
}

void Engine::end_cancelled() {
    std::vector<Ending> endings;
    std::unique_lock lock(mutex_);
    const auto cancelled = [](const std::unique_ptr<Task>& task) {
        return task->cancelled();
    };
    for (auto& lane : lanes_) {
        for (auto& task : lane->ready.extract_if(cancelled)) {
            Error why = cancelled_error(*task);
            endings.push_back(
                end_task(std::move(task), tl::make_unexpected(std::move(why)), UnfinishedTask::Stage::queued));
        }
    }
    for (auto& task : delayed_.extract_if(cancelled)) {
        --task->lane->delayed;
        Error why = cancelled_error(*task);
        endings.push_back(
            end_task(std::move(task), tl::make_unexpected(std::move(why)), UnfinishedTask::Stage::waiting_retry));
    }
    lock.unlock();
    deliver(endings);
}

std::unique_ptr<Task> Engine::take_next(TimePoint now, std::vector<Ending>& endings, TimePoint& wake_at) {
    wake_at = delayed_.next_due();
    for (;;) {
        Lane* best = nullptr;
        Rank best_rank;
        for (auto& candidate : lanes_) {
            Lane& lane = *candidate;
            if (lane.ready.empty() || lane.running >= lane.options.max_concurrency) {
                continue;
            }
            if (lane.blocked_until > now) {
                wake_at = std::min(wake_at, lane.blocked_until);
                continue;
            }
            const Rank rank = *lane.ready.best(now);
            if (!best || rank < best_rank) {
                best = &lane;
                best_rank = rank;
            }
        }
        if (!best) {
            return nullptr;
        }
        Lane& lane = *best;
        const Task& next = *lane.ready.front(now);
        if (next.cancelled()) {
            auto task = lane.ready.pop(now);
            Error why = cancelled_error(*task);
            endings.push_back(
                end_task(std::move(task), tl::make_unexpected(std::move(why)), UnfinishedTask::Stage::queued));
            continue;
        }
        if (auto until = lane.breaker.blocked_until(now)) {
            const bool given_up = lane.given_up_at(now);
            if (given_up || (lane.options.breaker.fail_fast && lane.breaker.state(now) == BreakerState::open)) {
                auto task = lane.ready.pop(now);
                Error why = given_up
                                ? lane.give_up_error(now)
                                : Error{ErrorKind::transient, "the circuit breaker of lane '" + lane.name + "' is open",
                                        0, std::nullopt};
                task->first_attempt = task->attempts == 0 ? now : task->first_attempt;
                task->last_attempt = now;
                task->errors.push_back(AttemptError{0, now, why});
                endings.push_back(
                    end_task(std::move(task), tl::make_unexpected(std::move(why)), UnfinishedTask::Stage::queued));
                continue;
            }
            lane.blocked_until = *until;
            if (lane.unreachable_since && lane.options.unreachable_window > Duration::zero()) {
                // The tasks the breaker holds end when the window does, not when the cool-down does.
                const TimePoint window_end =
                    util::saturating_add(*lane.unreachable_since, lane.options.unreachable_window);
                if (window_end > now) {
                    lane.blocked_until = std::min(lane.blocked_until, window_end);
                }
            }
            continue;
        }
        lane.breaker.on_start(now);
        ++lane.running;
        ++running_;
        return lane.ready.pop(now);
    }
}

void Engine::run(std::unique_lock<std::mutex>& lock, std::size_t slot, std::unique_ptr<Task> task, TimePoint now,
                 bool hand_over, std::vector<Ending>& endings) {
    std::vector<detail::HeldRetry> held;
    run_attempt(lock, slot, std::move(task), now, hand_over, endings, held);
    if (!held.empty()) {
        // Told outside the lock, as every event is; the tasks cannot run before the breaker lets them.
        lock.unlock();
        for (const auto& retry : held) {
            retry.on_event(TaskEvent{TaskEvent::Kind::retrying, retry.key, retry.lane, retry.attempts, retry.wait,
                                     RetryWait::breaker_open, true, &retry.error});
        }
        lock.lock();
    }
}

std::vector<detail::HeldRetry> Engine::hold_delayed(Lane& lane, TimePoint now) {
    std::vector<detail::HeldRetry> held;
    const auto until = lane.breaker.blocked_until(now);
    if (!until || *until == TimePoint::max()) {
        return held;
    }
    // Retries due before the breaker lets calls through would only be held in the queue: they wait in the timer
    // queue until then instead, and their submitters hear the real wait.
    auto waiting = delayed_.extract_if([&](const std::unique_ptr<Task>& task) { return task->lane == &lane; });
    for (auto& task : waiting) {
        if (task->retry_at < *until) {
            task->retry_at = *until;
            if (task->spec.on_event && !task->errors.empty()) {
                held.push_back(detail::HeldRetry{task->spec.on_event, task->spec.key, lane.name, task->attempts,
                                                 *until - now, task->errors.back().error});
            }
        }
        const TimePoint due = task->retry_at;
        delayed_.push(due, std::move(task));
    }
    return held;
}

void Engine::run_attempt(std::unique_lock<std::mutex>& lock, std::size_t slot, std::unique_ptr<Task> task,
                         TimePoint now, bool hand_over, std::vector<Ending>& endings,
                         std::vector<detail::HeldRetry>& held) {
    Lane& lane = *task->lane;
    const std::optional<Error> store_failure = start_attempt(*task, slot, now);
    lock.unlock();
    if (hand_over) {
        work_cv_.notify_one();
    }
    deliver(endings);

    Result<Completion> outcome = call_task(*task, store_failure);
    const bool store_failed = keep_result(*task, outcome);
    release_admission(lane, *task, outcome);
    const TimePoint end = clock_->now();

    lock.lock();
    close_attempt(lane, slot, outcome, store_failed, end - now);
    if (outcome) {
        lane.breaker.on_success();
        lane.note_reach(false, now, nullptr);
        outcome->attempts = task->attempts;
        outcome->from_store = false;
        endings.push_back(end_task(std::move(task), std::move(outcome), UnfinishedTask::Stage::interrupted));
    } else if (outcome.error().kind == ErrorKind::cancelled) {
        lane.breaker.on_abandon();
        endings.push_back(end_task(std::move(task), std::move(outcome), UnfinishedTask::Stage::interrupted));
    } else {
        settle_failure(lock, std::move(task), std::move(outcome), now, end, endings, held);
    }
    --running_;
    if (running_ == 0) {
        idle_cv_.notify_all();
    }
}

std::optional<Error> Engine::start_attempt(Task& task, std::size_t slot, TimePoint now) {
    Lane& lane = *task.lane;
    ++task.attempts;
    if (task.attempts == 1) {
        task.first_attempt = now;
    }
    task.last_attempt = now;
    ++lane.metrics.counters.started;
    lane.metrics.wait.record(now - task.ready_since);
    current_[slot] = &task;
    return store_failure_;
}

Result<Completion> Engine::call_task(Task& task, const std::optional<Error>& store_failure) {
    emit(task, TaskEvent::Kind::started);
    const std::stop_token stop = task.token(engine_stop_);
    TaskContext context(*this, *task.lane, stop, task.attempts);
    // Built in place: a placeholder error would cost an allocation per task.
    Result<Completion> outcome = [&]() -> Result<Completion> {
        if (store_failure) {
            return tl::make_unexpected(*store_failure);
        }
        try {
            return task.fn(context);
        } catch (const std::exception& error) {
            return fail(ErrorKind::internal, std::string("task threw an exception: ") + error.what());
        } catch (...) {
            return fail(ErrorKind::internal, "task threw an unknown exception");
        }
    }();
    if (!outcome && stop.stop_requested()) {
        // Whatever a stopped call failed with, the reason it failed is the stop.
        outcome = tl::make_unexpected(cancelled_error(task));
    }
    return outcome;
}

bool Engine::keep_result(const Task& task, Result<Completion>& outcome) {
    if (!outcome || !store_ || task.spec.key.empty()) {
        return false;
    }
    // Saved before anyone sees the result, so a crash after a caller acted on it cannot lose it. A result that
    // cannot be kept fails its task: a run that went on would pay again on resume for every call it lost.
    if (auto saved = store_->save(task.spec.key, *outcome); !saved) {
        outcome = fail(ErrorKind::io, "a finished call could not be kept: " + saved.error().message);
        return true;
    }
    return false;
}

void Engine::close_attempt(Lane& lane, std::size_t slot, const Result<Completion>& outcome, bool store_failed,
                           Duration ran) {
    if (store_failed && !store_failure_) {
        store_failure_ =
            Error{ErrorKind::io, "not started: an earlier call could not be kept (" + outcome.error().message + ")", 0,
                  std::nullopt};
    }
    current_[slot] = nullptr;
    lane.metrics.run.record(ran);
    --lane.running;
    lane.blocked_until = TimePoint{};
    if (store_failed) {
        ++lane.metrics.counters.store_errors;
    }
}

void Engine::settle_failure(std::unique_lock<std::mutex>& lock, std::unique_ptr<Task> task, Result<Completion> outcome,
                            TimePoint start, TimePoint end, std::vector<Ending>& endings,
                            std::vector<detail::HeldRetry>& held) {
    Lane& lane = *task->lane;
    const bool retry_ruled_out = rules_out_retry(lane, outcome.error(), start, end);
    const Error& error = outcome.error();
    ++lane.metrics.counters.failed;
    task->errors.push_back(AttemptError{task->attempts, end, error});
    note_breaker_failure(lane, error, end, held);
    if (is_transient(error.kind) && !retry_ruled_out && task->attempts < lane.options.retry.max_attempts) {
        park_for_retry(lock, std::move(task), error, end, endings);
        return;
    }
    endings.push_back(end_task(std::move(task), std::move(outcome), UnfinishedTask::Stage::interrupted));
}

void Engine::note_breaker_failure(Lane& lane, const Error& error, TimePoint end, std::vector<detail::HeldRetry>& held) {
    if (!is_transient(error.kind)) {
        lane.breaker.on_success();
        return;
    }
    const bool was_open = lane.breaker.state(end) == BreakerState::open;
    lane.breaker.on_failure(end);
    if (!was_open && lane.breaker.state(end) == BreakerState::open && !lane.unreachable_since) {
        held = hold_delayed(lane, end);
    }
}

void Engine::park_for_retry(std::unique_lock<std::mutex>& lock, std::unique_ptr<Task> task, const Error& error,
                            TimePoint end, std::vector<Ending>& endings) {
    Lane& lane = *task->lane;
    const auto [delay, wait] = retry_wait(*task, lane, error, end, random_);
    ++lane.metrics.counters.retried;
    lock.unlock();
    // Reported before the task can run again, so a callback sees its events in order.
    emit(*task, TaskEvent::Kind::retrying, delay, &error, wait);
    lock.lock();
    if (closed_ || task->cancelled()) {
        Error why = cancelled_error(*task);
        endings.push_back(
            end_task(std::move(task), tl::make_unexpected(std::move(why)), UnfinishedTask::Stage::waiting_retry));
    } else {
        ++lane.delayed;
        task->retry_at = util::saturating_add(end, delay);
        const TimePoint due = task->retry_at;
        delayed_.push(due, std::move(task));
    }
}

Ending Engine::end_task(std::unique_ptr<Task> task, Result<Completion> result, UnfinishedTask::Stage stage) {
    Lane& lane = *task->lane;
    auto& counters = lane.metrics.counters;
    Ending ending{nullptr, std::move(result), TaskEvent::Kind::succeeded, std::nullopt};
    if (ending.result) {
        ++counters.succeeded;
    } else if (ending.result.error().kind == ErrorKind::cancelled) {
        ending.kind = TaskEvent::Kind::cancelled;
        ++counters.cancelled;
        if (closed_) {
            unfinished_.push_back(UnfinishedTask{task->spec.key, lane.name, task->attempts, stage});
        }
    } else {
        ending.kind = TaskEvent::Kind::failed;
        ++counters.dead_lettered;
        DeadLetter letter;
        letter.key = task->spec.key;
        letter.lane = lane.name;
        letter.origin = task->spec.origin;
        letter.priority = task->spec.priority;
        letter.attempts = task->attempts;
        letter.first_attempt = task->first_attempt;
        letter.last_attempt = task->last_attempt;
        letter.errors = task->errors;
        ending.dead_letter = std::move(letter);
    }
    if (!task->spec.key.empty()) {
        if (auto it = in_flight_.find(task->spec.key); it != in_flight_.end() && it->second == task->state) {
            in_flight_.erase(it);
        }
    }
    --pending_;
    if (waiting_submitters_ > 0) {
        space_cv_.notify_one();
    }
    ending.task = std::move(task);
    return ending;
}

void Engine::deliver(std::vector<Ending>& endings) {
    if (endings.empty()) {
        return;
    }
    for (auto& ending : endings) {
        Task& task = *ending.task;
        emit(task, ending.kind, {}, ending.result ? nullptr : &ending.result.error());
        const std::shared_ptr<detail::TaskState> state = task.state;
        if (ending.dead_letter) {
            // Filed before the submitter sees the failure, so it finds the letter; the store may do I/O, so this
            // runs without the engine lock.
            auto id = dead_letter_store_->file(*ending.dead_letter);
            // A redriven task belongs to no submitter: it keeps neither their cancellation nor their callback.
            task.caller_relay.reset();
            task.engine_relay.reset();
            task.own_stop = std::stop_source(std::nostopstate);
            task.spec.stop = {};
            task.spec.on_event = nullptr;
            std::lock_guard lock(mutex_);
            if (id) {
                redrivable_.emplace(*id, std::move(ending.task));
            } else {
                ++task.lane->metrics.counters.store_errors;
            }
        }
        state->finish(std::move(ending.result));
    }
    // Tasks are emptied here, outside the lock: a cancellation relay being destroyed waits for its callback,
    // which takes the lock. Then they are kept for reuse.
    for (auto& ending : endings) {
        if (Task* task = ending.task.get()) {
            task->caller_relay.reset();
            task->engine_relay.reset();
            task->own_stop = std::stop_source(std::nostopstate);
            task->spec = TaskSpec{};
            task->fn = nullptr;
            task->state.reset();
            task->lane = nullptr;
            task->attempts = 0;
            task->last_delay = Duration::zero();
            task->errors.clear();
        }
    }
    {
        std::lock_guard lock(spare_mutex_);
        for (auto& ending : endings) {
            if (ending.task && spare_tasks_.size() < kMaxSpareTasks) {
                spare_tasks_.push_back(std::move(ending.task));
            }
        }
    }
    endings.clear();
}

void Engine::observe_limits(Lane& lane, const RateSignals& signals) {
    // The admission has its own guard, and may be remote: it is told without the engine lock.
    if (lane.admission) {
        lane.admission->report(signals, clock_->now());
    }
}

Result<std::vector<DeadLetter>> Engine::dead_letters() const {
    return dead_letter_store_->list();
}

Result<TaskHandle> Engine::redrive(std::uint64_t dead_letter_id) {
    const auto unknown = [&] {
        return fail(ErrorKind::invalid_input,
                    "no dead letter with id " + std::to_string(dead_letter_id) + " that this engine can run again");
    };
    std::unique_lock lock(mutex_);
    const auto it = redrivable_.find(dead_letter_id);
    if (it == redrivable_.end()) {
        return unknown();
    }
    if (closed_) {
        return fail(ErrorKind::cancelled, "the task engine is shutting down and accepts no new task");
    }
    if (pending_ >= capacity_) {
        return fail(ErrorKind::transient,
                    "the task queue is full (" + std::to_string(capacity_) + " tasks); try again later");
    }
    // Taken out first, so two re-drives of one letter cannot both run it; its room in the queue is held meanwhile.
    std::unique_ptr<Task> task = std::move(it->second);
    redrivable_.erase(it);
    ++pending_;
    lock.unlock();
    auto removed = dead_letter_store_->remove(dead_letter_id);
    lock.lock();
    if (!removed || !*removed) {
        --pending_;
        redrivable_.emplace(dead_letter_id, std::move(task));
        if (!removed) {
            return tl::make_unexpected(removed.error());
        }
        return unknown();
    }
    Lane& lane = *task->lane;
    if (!task->spec.key.empty()) {
        if (auto joined = in_flight_.find(task->spec.key); joined != in_flight_.end()) {
            --pending_;
            ++lane.metrics.counters.coalesced;
            return TaskHandle(joined->second);
        }
    }
    const TimePoint now = clock_->now();
    task->state = std::make_shared<detail::TaskState>();
    task->attempts = 0;
    task->last_delay = Duration::zero();
    task->errors.clear();
    task->ready_since = now;
    ++lane.metrics.counters.submitted;
    if (!task->spec.key.empty()) {
        in_flight_.emplace(task->spec.key, task->state);
    }
    TaskHandle handle(task->state);
    if (closed_) {
        // Shut down while the store was asked: the task ends as cancelled instead of waiting for no worker.
        std::vector<Ending> endings;
        Error why = cancelled_error(*task);
        endings.push_back(
            end_task(std::move(task), tl::make_unexpected(std::move(why)), UnfinishedTask::Stage::queued));
        lock.unlock();
        deliver(endings);
        return handle;
    }
    const Priority priority = task->spec.priority;
    lane.ready.push(std::move(task), priority, now);
    ready_epoch_.fetch_add(1, std::memory_order_release);
    lock.unlock();
    work_cv_.notify_one();
    return handle;
}

MetricsSnapshot Engine::metrics() const {
    std::lock_guard lock(mutex_);
    const TimePoint now = clock_->now();
    MetricsSnapshot snapshot;
    for (const auto& lane : lanes_) {
        LaneMetrics copy = lane->metrics;
        copy.depth = lane->ready.size() + lane->delayed;
        copy.running = lane->running;
        snapshot.total.merge(copy);
        snapshot.breakers[lane->name] = to_string(lane->breaker.state(now));
        snapshot.lanes.emplace(lane->name, std::move(copy));
    }
    return snapshot;
}

ShutdownReport Engine::shutdown(Duration grace) {
    std::vector<Ending> endings;
    std::unique_lock lock(mutex_);
    if (closed_) {
        return {};
    }
    closed_ = true;
    const TimePoint deadline = util::saturating_add(clock_->now(), grace);
    const auto everything = [](const std::unique_ptr<Task>&) {
        return true;
    };
    for (auto& lane : lanes_) {
        for (auto& task : lane->ready.extract_if(everything)) {
            Error why = cancelled_error(*task);
            endings.push_back(
                end_task(std::move(task), tl::make_unexpected(std::move(why)), UnfinishedTask::Stage::queued));
        }
        lane->delayed = 0;
    }
    for (auto& task : delayed_.extract_if(everything)) {
        Error why = cancelled_error(*task);
        endings.push_back(
            end_task(std::move(task), tl::make_unexpected(std::move(why)), UnfinishedTask::Stage::waiting_retry));
    }
    space_cv_.notify_all();
    lock.unlock();
    deliver(endings);
    lock.lock();
    while (running_ > 0 && clock_->now() < deadline) {
        clock_->wait_until(idle_cv_, lock, deadline);
    }
    lock.unlock();
    // Past the grace: running tasks are told to stop, and their endings are recorded as interrupted.
    engine_stop_.request_stop();
    workers_.clear();
    lock.lock();
    return ShutdownReport{std::move(unfinished_)};
}

} // namespace parley::queue
