#pragma once
// The unit of work of the engine: what a caller hands in, what a task reports while it runs, what comes out.

#include <any>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>

#include "queue/clock.hpp"
#include "util/error.hpp"

namespace parley::queue {

/// Scheduling class of a task; lower runs first, FIFO within a class, with aging so low never starves.
enum class Priority : std::uint8_t { high = 0, standard = 1, low = 2 };

/// How many priority classes there are.
inline constexpr int kPriorityLevels = 3;

/// What a successful task produced: opaque to the engine, which passes it between the task, the completed-result
/// store and the waiters untouched. A submitter puts either bytes in `payload` or a typed value its store knows in
/// `value`, so a result served from the store is the same as one just computed without a serialization round trip.
struct Completion {
    std::string payload;
    std::int64_t cost = 0;   ///< real cost in the lane's token unit; settles the tokens-per-minute bucket
    int attempts = 0;        ///< set by the engine: attempts it took (0 when served from the store)
    bool from_store = false; ///< set by the engine: true when the completed-result store answered
    std::any value{};        ///< a typed result the submitter and its store agree on (empty when payload is used)
};

/// What decides the wait before a retry, so a display can say why it is as long as it is.
enum class RetryWait : std::uint8_t {
    backoff,      ///< the lane's exponential backoff
    server_asked, ///< the delay the server asked for (Retry-After, rate-limit reset)
    breaker_open, ///< the lane's circuit breaker, open after failures in a row, holds calls until its cool-down ends
};

/// A change in a task's life, reported to its submitter's callback.
struct TaskEvent {
    /// Which change.
    enum class Kind {
        started,   ///< an attempt began
        retrying,  ///< an attempt failed transiently; the next one waits `retry_in`
        succeeded, ///< the task ended with a result
        failed,    ///< the task ended in the dead letters
        cancelled, ///< the task was stopped before it could end
    };
    Kind kind;
    std::string_view key;
    std::string_view lane;
    int attempt = 0;                     ///< the attempt that started, failed or ended
    Duration retry_in{};                 ///< for retrying: the wait before the next attempt
    RetryWait wait = RetryWait::backoff; ///< for retrying: what decides that wait
    /// For retrying: not a new failure but a longer wait for one already told (a breaker that opened meanwhile).
    bool rescheduled = false;
    const Error* error = nullptr; ///< for retrying, failed and cancelled: why
};

/// Receives a task's events, on the engine's threads, in order, never under an engine lock.
using EventCallback = std::function<void(const TaskEvent&)>;

class TaskContext;

/// The work itself. A transient error is retried (its retry_after, when set, decides the wait); a cancelled one
/// ends the task as cancelled; any other error ends it in the dead letters at once.
using TaskFn = std::function<Result<Completion>(TaskContext&)>;

/// What a caller submits besides the work.
struct TaskSpec {
    std::string key;  ///< idempotency key; submits with the same key share one execution; empty opts out
    std::string lane; ///< the lane (e.g. one provider endpoint) it runs in; "" is the default lane
    Priority priority = Priority::standard;
    std::int64_t cost = 0;  ///< estimated cost in the lane's token unit, taken from the tokens-per-minute bucket
    std::stop_token stop;   ///< cancels the task; a task joined by later submits is cancelled by its first submitter
    EventCallback on_event; ///< the first submitter's callback; coalesced submits get no events
    std::string origin;     ///< who submits it (e.g. a run id), opaque to the engine; filed with its dead letter
};

/// One task of a batch submit.
struct Submission {
    TaskSpec spec;
    TaskFn fn;
};

namespace detail {

/// The result slot shared by a task and every handle to it.
struct TaskState {
    std::atomic<bool> done{false};
    Result<Completion> result;

    /// Publishes the result and wakes every waiter; called once.
    void finish(Result<Completion> outcome) {
        result = std::move(outcome);
        done.store(true, std::memory_order_release);
        done.notify_all();
    }
};

} // namespace detail

/// A caller's view of a submitted task; copies share the task.
class TaskHandle {
public:
    /// Blocks until the task has ended; the result stays valid while the handle lives.
    const Result<Completion>& wait() const {
        state_->done.wait(false, std::memory_order_acquire);
        return state_->result;
    }
    /// True once the task has ended.
    bool ready() const { return state_->done.load(std::memory_order_acquire); }

private:
    friend class Engine;
    explicit TaskHandle(std::shared_ptr<detail::TaskState> state) : state_(std::move(state)) {}

    std::shared_ptr<detail::TaskState> state_;
};

} // namespace parley::queue
