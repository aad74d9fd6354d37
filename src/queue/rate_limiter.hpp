#pragma once
// Token buckets that keep a lane under its provider's requests-per-minute and tokens-per-minute limits.

#include <optional>

#include "queue/clock.hpp"

namespace parley::queue {

/// A sustained rate and the most that may go at once.
struct RateLimit {
    double per_minute = 0; ///< must be positive
    double burst = 0;      ///< bucket size; 0 means one second's worth, and never less than 1
};

/// A token bucket on an external clock: callers pass the time, so it never reads or waits on a clock itself.
class TokenBucket {
public:
    /// A full bucket.
    TokenBucket(RateLimit limit, TimePoint now);

    /// The earliest instant `amount` tokens are there; an amount above the bucket size waits for a full bucket.
    [[nodiscard]] TimePoint available_at(double amount, TimePoint now);
    /// Removes `amount`, possibly into debt that later refills must pay back first.
    void take(double amount) { level_ -= amount; }
    /// Returns `amount` (e.g. an overestimated cost), never past the bucket size.
    void give(double amount);
    /// Lowers the level to what a server says is left; with nothing left, nothing refills until `reset` has passed.
    void tighten(double remaining, std::optional<Duration> reset, TimePoint now);

private:
    void refill(TimePoint now);
    Duration time_for(double amount) const;

    double capacity_;
    double per_ns_;
    double level_;
    TimePoint refilled_at_; ///< may lie in the future while a server-ordered pause lasts
};

/// What a server said about its limits with a response; each part absent when it was not sent.
struct RateSignals {
    std::optional<double> remaining_requests;
    std::optional<double> remaining_tokens;
    std::optional<Duration> reset_requests;
    std::optional<Duration> reset_tokens;
};

/// The request and token buckets of one lane, each optional.
class RateLimiter {
public:
    RateLimiter(std::optional<RateLimit> requests, std::optional<RateLimit> tokens, TimePoint now);

    /// Takes one request and `cost` tokens when both are there; otherwise takes nothing and says when to ask again.
    [[nodiscard]] std::optional<TimePoint> try_acquire(double cost, TimePoint now);
    /// Settles a call whose real token cost is known: refunds an overestimate or charges the difference.
    void settle(double estimated_cost, double actual_cost);
    /// Tightens the buckets to what the server reported.
    void observe(const RateSignals& signals, TimePoint now);

private:
    std::optional<TokenBucket> requests_;
    std::optional<TokenBucket> tokens_;
};

} // namespace parley::queue
