#pragma once
// Time arithmetic that cannot overflow: a duration from a config or a server may be as large as its type
// allows, and a deadline computed from it must then mean "far away", not wrap into the past.

#include <chrono>
#include <cstdint>
#include <limits>

namespace parley::util {

/// `count` milliseconds in Duration, clamped to what Duration can hold (negative counts become zero).
template <class Duration> Duration saturating_ms(std::int64_t count) {
    using Rep = typename Duration::rep;
    constexpr auto per_ms = std::chrono::duration_cast<Duration>(std::chrono::milliseconds(1)).count();
    if (count <= 0) {
        return Duration::zero();
    }
    if (count > std::numeric_limits<Rep>::max() / per_ms) {
        return Duration::max();
    }
    return Duration(static_cast<Rep>(count * per_ms));
}

/// `at + delay`, or the latest representable instant when that would overflow; a negative delay counts as zero.
template <class TimePoint, class Rep, class Period>
TimePoint saturating_add(TimePoint at, std::chrono::duration<Rep, Period> delay) {
    using Step = typename TimePoint::duration;
    using Delay = std::chrono::duration<Rep, Period>;
    if (delay <= Delay::zero()) {
        return at;
    }
    if (delay >= std::chrono::duration_cast<Delay>(Step::max())) {
        return TimePoint::max();
    }
    const auto step = std::chrono::duration_cast<Step>(delay);
    if (at.time_since_epoch() > Step::max() - step) {
        return TimePoint::max();
    }
    return at + step;
}

/// `delay * factor` for a non-negative factor, clamped to the duration's maximum.
template <class Duration> Duration saturating_mul(Duration delay, std::int64_t factor) {
    if (delay <= Duration::zero() || factor <= 0) {
        return Duration::zero();
    }
    if (delay.count() > Duration::max().count() / factor) {
        return Duration::max();
    }
    return delay * factor;
}

} // namespace parley::util
