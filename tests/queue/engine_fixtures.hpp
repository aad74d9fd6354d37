#pragma once
// Helpers for the engine tests: a manual-clock engine, gates that hold tasks, and canned outcomes.

#include <catch2/catch.hpp>

#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "queue/engine.hpp"

namespace parley::queue::testing {

/// Holds whoever waits on it until a test opens it; opened once.
class Gate {
public:
    void open() { promise_.set_value(); }
    void wait() const { future_.wait(); }
    bool is_open() const { return future_.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }

private:
    std::promise<void> promise_;
    std::shared_future<void> future_ = promise_.get_future().share();
};

/// Strings appended from many threads, read by the test thread.
class Log {
public:
    void add(std::string item) {
        std::lock_guard lock(mutex_);
        items_.push_back(std::move(item));
    }
    std::vector<std::string> items() const {
        std::lock_guard lock(mutex_);
        return items_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> items_;
};

/// A successful outcome.
inline Result<Completion> done(std::string payload, std::int64_t cost = 0) {
    return Completion{std::move(payload), cost, 0, false};
}

/// A transient failure, optionally with a server-given delay.
inline Result<Completion> transient(std::string message, std::optional<std::chrono::milliseconds> retry_after = {}) {
    return tl::make_unexpected(Error{ErrorKind::transient, std::move(message), 503, retry_after});
}

/// Options for an engine on `clock` with `workers` workers whose default lane retries at once.
inline EngineOptions manual_options(std::shared_ptr<ManualClock> clock, std::size_t workers) {
    EngineOptions options;
    options.clock = std::move(clock);
    options.workers = workers;
    options.default_lane.retry.base_delay = Duration::zero();
    options.default_lane.retry.max_delay = Duration::zero();
    options.default_lane.retry.jitter = Jitter::none;
    return options;
}

/// Spins (without sleeping) until `threads` threads wait on the clock, so the engine has settled.
inline void wait_for_sleepers(const ManualClock& clock, int threads) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (clock.waiting() < threads && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::yield();
    }
    REQUIRE(clock.waiting() >= threads);
}

/// Submits or fails the test.
inline TaskHandle submit_ok(Engine& engine, TaskSpec spec, TaskFn fn) {
    auto handle = engine.try_submit(std::move(spec), std::move(fn));
    REQUIRE(handle);
    return *handle;
}

} // namespace parley::queue::testing
