#include "queue/retry_policy.hpp"

#include <algorithm>

namespace parley::queue {

namespace {

// Uniform in [low, high] at millisecond resolution; mt19937_64's output is fixed by the standard and the
// reduction is ours, so a seeded sequence is the same with every standard library.
Duration uniform(Duration low, Duration high, std::mt19937_64& random) {
    const auto low_ms = std::chrono::duration_cast<std::chrono::milliseconds>(low).count();
    const auto high_ms = std::chrono::duration_cast<std::chrono::milliseconds>(high).count();
    if (high_ms <= low_ms) {
        return low;
    }
    const auto span = static_cast<std::uint64_t>(high_ms - low_ms) + 1;
    return std::chrono::milliseconds(low_ms + static_cast<std::int64_t>(random() % span));
}

} // namespace

Duration RetryPolicy::next_delay(int retry, Duration previous, std::optional<Duration> server_delay,
                                 std::mt19937_64& random) const {
    if (server_delay) {
        return std::max(*server_delay, Duration::zero());
    }
    // Doubling stops at 2^30, far past any max_delay, so the shift cannot overflow.
    const int doublings = std::clamp(retry - 1, 0, 30);
    const Duration backoff = std::min(max_delay, base_delay * (std::int64_t{1} << doublings));
    switch (jitter) {
    case Jitter::none:
        return backoff;
    case Jitter::full:
        return uniform(Duration::zero(), backoff, random);
    case Jitter::equal:
        return backoff / 2 + uniform(Duration::zero(), backoff / 2, random);
    case Jitter::decorrelated:
        return std::min(max_delay, uniform(base_delay, std::max(base_delay, previous * 3), random));
    }
    return backoff;
}

} // namespace parley::queue
