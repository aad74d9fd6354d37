#include "queue/clock.hpp"

namespace parley::queue {

void SystemClock::wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, TimePoint deadline) {
    if (deadline == TimePoint::max()) {
        cv.wait(lock);
    } else {
        cv.wait_until(lock, deadline);
    }
}

ClockWatch SystemClock::watch(std::function<void()> /*on_jump*/) {
    // Real time never jumps: waiters already wake at their deadlines.
    return nullptr;
}

ManualClock::ManualClock(TimePoint start) : now_ns_(start.time_since_epoch().count()) {}

void ManualClock::wait_until(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, TimePoint deadline) {
    // Time only moves in advance(), which wakes every watcher; a deadline already passed returns at once.
    if (now() < deadline) {
        waiting_.fetch_add(1, std::memory_order_acq_rel);
        cv.wait(lock);
        waiting_.fetch_sub(1, std::memory_order_acq_rel);
    }
}

ClockWatch ManualClock::watch(std::function<void()> on_jump) {
    std::lock_guard lock(watchers_mutex_);
    auto it = watchers_.insert(watchers_.end(), std::move(on_jump));
    return {this, [this, it](ManualClock*) {
                std::lock_guard unwatch_lock(watchers_mutex_);
                watchers_.erase(it);
            }};
}

void ManualClock::advance(Duration step) {
    std::lock_guard lock(watchers_mutex_);
    now_ns_.fetch_add(step.count(), std::memory_order_acq_rel);
    for (auto& on_jump : watchers_) {
        on_jump();
    }
}

} // namespace parley::queue
