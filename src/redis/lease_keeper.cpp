#include "redis/lease_keeper.hpp"

#include <condition_variable>
#include <mutex>

#include <spdlog/spdlog.h>

namespace parley::sweep {

LeaseKeeper::LeaseKeeper(RedisJobQueue& queue, JobLease lease, std::function<void()> on_lost)
    : queue_(queue), lease_(std::move(lease)), on_lost_(std::move(on_lost)),
      thread_([this](std::stop_token stop) { run(std::move(stop)); }) {}

LeaseKeeper::~LeaseKeeper() {
    thread_.request_stop();
}

void LeaseKeeper::run(std::stop_token stop) {
    std::mutex sleep_mutex;
    std::condition_variable_any sleeper;
    const auto every = std::max(queue_.options().lease / 3, std::chrono::milliseconds(1));
    for (;;) {
        {
            std::unique_lock lock(sleep_mutex);
            if (sleeper.wait_for(lock, stop, every, [] { return false; }) || stop.stop_requested()) {
                return;
            }
        }
        auto held = queue_.renew(lease_);
        if (!held) {
            // The connection already retried; the lease may still lapse, which the next renewal will tell.
            spdlog::warn("job {} of sweep {}: cannot renew its lease: {}", lease_.job_id, lease_.sweep_id,
                         held.error().message);
            continue;
        }
        if (!*held) {
            lost_.store(true, std::memory_order_release);
            if (on_lost_) {
                on_lost_();
            }
            return;
        }
    }
}

} // namespace parley::sweep
