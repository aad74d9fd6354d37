#pragma once
// Keeps a job's lease alive while a worker runs it: renews it on its own thread every third of the lease, and says
// when it was lost (another worker took the job after a pause longer than the lease), so the run can stop.

#include <atomic>
#include <functional>
#include <thread>

#include "redis/jobs.hpp"

namespace parley::sweep {

/// Renews one lease until destroyed. The queue must outlive it; its calls share the queue's connection.
class LeaseKeeper {
public:
    /// Starts renewing `lease`; `on_lost` runs once, on the keeper's thread, if the lease is found lost.
    LeaseKeeper(RedisJobQueue& queue, JobLease lease, std::function<void()> on_lost = {});
    ~LeaseKeeper();
    LeaseKeeper(const LeaseKeeper&) = delete;
    LeaseKeeper& operator=(const LeaseKeeper&) = delete;

    /// True once a renewal found the job no longer held by this lease.
    [[nodiscard]] bool lost() const { return lost_.load(std::memory_order_acquire); }

private:
    void run(std::stop_token stop);

    RedisJobQueue& queue_;
    JobLease lease_;
    std::function<void()> on_lost_;
    std::atomic<bool> lost_{false};
    std::jthread thread_;
};

} // namespace parley::sweep
