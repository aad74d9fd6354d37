#pragma once
// The engine's sense of time, behind an interface so tests drive it by hand instead of sleeping.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <list>
#include <memory>
#include <mutex>

namespace parley::queue {

/// Durations inside the engine; nanoseconds so latency histograms keep their resolution.
using Duration = std::chrono::nanoseconds;
/// Instants on the engine's clock; steady, so never meaningful as a wall-clock date.
using TimePoint = std::chrono::steady_clock::time_point;

/// Keeps a watcher registered with a clock; dropping it unregisters.
using ClockWatch = std::shared_ptr<void>;

/// Where the engine reads the time and how it waits for it.
class Clock {
public:
    virtual ~Clock() = default;

    /// The current instant.
    virtual TimePoint now() const = 0;

    /// Blocks on `cv` (whose mutex `lock` holds) until notified or until `deadline` on this clock; may wake early.
    virtual void wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, TimePoint deadline) = 0;

    /// Calls `on_jump` whenever time moves other than by itself passing, so waiters can re-check their deadlines.
    /// `on_jump` may lock the waiters' mutex: a clock never calls it while holding a lock a waiter could hold.
    virtual ClockWatch watch(std::function<void()> on_jump) = 0;
};

/// The real steady clock.
class SystemClock final : public Clock {
public:
    TimePoint now() const override { return std::chrono::steady_clock::now(); }
    void wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, TimePoint deadline) override;
    ClockWatch watch(std::function<void()> on_jump) override;
};

/// A clock that stands still until a test advances it; waiters wake on every advance.
class ManualClock final : public Clock {
public:
    explicit ManualClock(TimePoint start = TimePoint{} + std::chrono::hours(1));

    TimePoint now() const override { return TimePoint{Duration{now_ns_.load(std::memory_order_acquire)}}; }
    void wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, TimePoint deadline) override;
    ClockWatch watch(std::function<void()> on_jump) override;

    /// Moves time forward by `step` and wakes every watcher.
    void advance(Duration step);
    /// How many threads are blocked in wait_until now, so a test can tell a thread has gone to sleep.
    int waiting() const { return waiting_.load(std::memory_order_acquire); }

private:
    std::atomic<Duration::rep> now_ns_;
    std::atomic<int> waiting_{0};
    // Held while watchers run, so a watch that is being dropped never runs afterwards.
    std::mutex watchers_mutex_;
    std::list<std::function<void()>> watchers_;
};

} // namespace parley::queue
