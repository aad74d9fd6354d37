#pragma once
// Lane admission behind an interface: whether a lane's next task may start now (rate limits, a shared concurrency
// budget), so a limiter shared by many processes can replace the local token buckets. The engine never calls an
// admission under its own lock, so an implementation may block on I/O (a Redis round trip) or call the engine.

#include <memory>
#include <mutex>
#include <optional>

#include "queue/clock.hpp"
#include "queue/rate_limiter.hpp"

namespace parley::queue {

/// Decides when a lane's tasks may start. Called from many threads at once; never under an engine lock.
class Admission {
public:
    virtual ~Admission() = default;

    /// Asks to start one task of estimated `cost` at `now`: nullopt admits it (and obliges one release() later),
    /// otherwise the instant to ask again; the engine parks the lane until then without holding a worker.
    [[nodiscard]] virtual std::optional<TimePoint> try_acquire(double cost, TimePoint now) = 0;
    /// Ends an admitted task: `actual_cost` is its real cost when it produced a result, nullopt when it did not
    /// (failed or cancelled), so the estimate stays charged.
    virtual void release(double estimated_cost, std::optional<double> actual_cost) = 0;
    /// What the server said about its limits with an answer (remaining, reset), to tighten the limits to it.
    virtual void report(const RateSignals& signals, TimePoint now) = 0;
};

/// The in-process admission: a lane's requests- and tokens-per-minute token buckets behind one small mutex.
class LocalAdmission final : public Admission {
public:
    /// Full buckets for the limits given; an absent limit is unlimited.
    LocalAdmission(std::optional<RateLimit> requests, std::optional<RateLimit> tokens, TimePoint now)
        : limiter_(requests, tokens, now) {}

    std::optional<TimePoint> try_acquire(double cost, TimePoint now) override;
    void release(double estimated_cost, std::optional<double> actual_cost) override;
    void report(const RateSignals& signals, TimePoint now) override;

private:
    std::mutex mutex_;
    RateLimiter limiter_;
};

} // namespace parley::queue
