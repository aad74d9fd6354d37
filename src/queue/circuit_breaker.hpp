#pragma once
// Stops a lane from hammering an endpoint that keeps failing, and probes it again after a cool-down.

#include <optional>

#include "queue/clock.hpp"

namespace parley::queue {

/// When a lane's breaker opens and what tasks do while it is open.
struct BreakerPolicy {
    int failure_threshold = 5; ///< consecutive transient failures that open the breaker
    Duration cool_down = std::chrono::seconds(30);
    int half_open_probes = 1; ///< calls let through at once to test a recovering endpoint
    bool fail_fast = false;   ///< while open, fail tasks at once (to the dead letters) instead of holding them
};

/// The three states of a breaker.
enum class BreakerState { closed, open, half_open };

/// A closed / open / half-open breaker on an external clock.
class CircuitBreaker {
public:
    explicit CircuitBreaker(BreakerPolicy policy) : policy_(policy) {}

    /// The state at `now`; an open breaker whose cool-down has passed is half-open.
    BreakerState state(TimePoint now);
    /// When a call may start: nullopt for now, else the instant to ask again (TimePoint::max() while it must
    /// wait for a probe to finish).
    [[nodiscard]] std::optional<TimePoint> blocked_until(TimePoint now);
    /// Records that a call was let through.
    void on_start(TimePoint now);
    /// Records a call the endpoint answered (even with a permanent error: the endpoint is alive).
    void on_success();
    /// Records a transient failure.
    void on_failure(TimePoint now);
    /// Records a call that ended without an answer either way (cancelled).
    void on_abandon();

private:
    void end_probe();

    BreakerPolicy policy_;
    BreakerState state_ = BreakerState::closed;
    int consecutive_failures_ = 0;
    int probes_in_flight_ = 0;
    TimePoint opened_at_{};
};

/// The short name of a state ("closed", "open", "half_open"), as written in metrics.
const char* to_string(BreakerState state);

} // namespace parley::queue
