#include "queue/circuit_breaker.hpp"

#include "util/saturating.hpp"

namespace parley::queue {

BreakerState CircuitBreaker::state(TimePoint now) {
    if (state_ == BreakerState::open && now >= util::saturating_add(opened_at_, policy_.cool_down)) {
        state_ = BreakerState::half_open;
        probes_in_flight_ = 0;
    }
    return state_;
}

std::optional<TimePoint> CircuitBreaker::blocked_until(TimePoint now) {
    switch (state(now)) {
    case BreakerState::closed:
        return std::nullopt;
    case BreakerState::open:
        return util::saturating_add(opened_at_, policy_.cool_down);
    case BreakerState::half_open:
        if (probes_in_flight_ < policy_.half_open_probes) {
            return std::nullopt;
        }
        return TimePoint::max();
    }
    return std::nullopt;
}

void CircuitBreaker::on_start(TimePoint now) {
    if (state(now) == BreakerState::half_open) {
        ++probes_in_flight_;
    }
}

void CircuitBreaker::end_probe() {
    if (probes_in_flight_ > 0) {
        --probes_in_flight_;
    }
}

void CircuitBreaker::on_success() {
    consecutive_failures_ = 0;
    if (state_ == BreakerState::half_open) {
        state_ = BreakerState::closed;
        probes_in_flight_ = 0;
    }
}

void CircuitBreaker::on_failure(TimePoint now) {
    if (state(now) == BreakerState::half_open) {
        end_probe();
        state_ = BreakerState::open;
        opened_at_ = now;
        return;
    }
    if (state_ == BreakerState::closed && ++consecutive_failures_ >= policy_.failure_threshold) {
        state_ = BreakerState::open;
        opened_at_ = now;
        consecutive_failures_ = 0;
    }
}

void CircuitBreaker::on_abandon() {
    if (state_ == BreakerState::half_open) {
        end_probe();
    }
}

const char* to_string(BreakerState state) {
    switch (state) {
    case BreakerState::closed:
        return "closed";
    case BreakerState::open:
        return "open";
    case BreakerState::half_open:
        return "half_open";
    }
    return "closed";
}

} // namespace parley::queue
