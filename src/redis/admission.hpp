#pragma once
// One rate limit for every process: a lane's requests- and tokens-per-minute buckets live in Redis and are taken
// from by an atomic Lua script on the server's clock, so any number of workers on any number of machines together
// stay under the limit an organisation's API key has. An optional cap on calls in flight across all of them is
// kept as leased slots that lapse when a worker dies.

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "queue/admission.hpp"
#include "queue/rate_limiter.hpp"
#include "redis/connection.hpp"

namespace parley::sweep {

/// A lane's shared limits; each absent one is unlimited.
struct SharedLaneLimits {
    std::optional<queue::RateLimit> requests; ///< requests per minute, with its burst
    std::optional<queue::RateLimit> tokens;   ///< tokens per minute, with its burst
    std::optional<int> max_in_flight;         ///< calls of the lane running at once across every process
    /// How long a slot outlives a process that stopped renewing it (renewed every third of this).
    std::chrono::milliseconds slot_lease{30000};
};

/// A queue::Admission whose state is in Redis, shared by every process that names the same lane under the same
/// prefix. Every process must give the same limits; the buckets start full. When Redis cannot be reached even after
/// the connection's retries, it admits nothing (asks again in a second) rather than overrun the limit.
class RedisAdmission final : public queue::Admission {
public:
    /// Shares the limits of `lane` through `connection` under "<prefix>:rate:<lane>" (and ":slots:" for the cap).
    RedisAdmission(std::shared_ptr<RedisConnection> connection, std::string lane, SharedLaneLimits limits,
                   std::string prefix = "parley");
    ~RedisAdmission() override;
    RedisAdmission(const RedisAdmission&) = delete;
    RedisAdmission& operator=(const RedisAdmission&) = delete;

    std::optional<queue::TimePoint> try_acquire(double cost, queue::TimePoint now) override;
    void release(double estimated_cost, std::optional<double> actual_cost) override;
    void report(const queue::RateSignals& signals, queue::TimePoint now) override;

    /// Calls of this process holding a slot now (0 without a concurrency cap).
    [[nodiscard]] std::size_t slots_held() const;

private:
    void renew_slots(std::stop_token stop);
    void warn_unreachable(const Error& error);

    std::shared_ptr<RedisConnection> connection_;
    std::string lane_;
    SharedLaneLimits limits_;
    std::string bucket_key_;
    std::string slots_key_;
    std::string instance_; ///< tells this process's slots from others'

    mutable std::mutex mutex_;
    std::deque<std::string> held_; ///< slot ids this process holds; any one is released when a call ends
    std::uint64_t next_slot_ = 0;
    std::chrono::steady_clock::time_point last_warning_{};
    std::jthread renewer_; ///< runs only with a concurrency cap
};

} // namespace parley::sweep
