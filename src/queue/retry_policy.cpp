#include "queue/retry_policy.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "util/saturating.hpp"

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

// A wait in the largest unit that keeps it readable: "250 ms", "42 s", "3.5 hours", "10 years".
std::string describe_wait(Duration wait) {
    const double seconds = std::chrono::duration<double>(wait).count();
    static constexpr std::pair<double, const char*> kUnits[] = {
        {365.25 * 86400, "years"}, {86400, "days"}, {3600, "hours"}, {60, "minutes"}};
    for (const auto& [size, name] : kUnits) {
        if (seconds >= size) {
            const double count = seconds / size;
            char text[48];
            std::snprintf(text, sizeof text, count < 9.95 ? "%.1f" : "%.0f", count);
            std::string number = text;
            if (number.size() > 2 && number.ends_with(".0")) {
                number.resize(number.size() - 2);
            }
            return number + " " + name;
        }
    }
    if (seconds >= 1) {
        return std::to_string(static_cast<long long>(seconds)) + " s";
    }
    return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(wait).count()) + " ms";
}

} // namespace

std::optional<std::string> RetryPolicy::refuse_server_delay(Duration server_delay) const {
    if (server_delay <= max_delay) {
        return std::nullopt;
    }
    return "server asked to wait " + describe_wait(server_delay) + "; above maxDelayMs=" +
           std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(max_delay).count());
}

Duration RetryPolicy::next_delay(int retry, Duration previous, std::optional<Duration> server_delay,
                                 std::mt19937_64& random) const {
    if (server_delay) {
        return std::clamp(*server_delay, Duration::zero(), max_delay);
    }
    // Doubling stops at 2^30, far past any sane max_delay; a huge base delay saturates rather than wraps.
    const int doublings = std::clamp(retry - 1, 0, 30);
    const Duration backoff = std::min(max_delay, util::saturating_mul(base_delay, std::int64_t{1} << doublings));
    switch (jitter) {
    case Jitter::none:
        return backoff;
    case Jitter::full:
        return uniform(Duration::zero(), backoff, random);
    case Jitter::equal:
        return backoff / 2 + uniform(Duration::zero(), backoff / 2, random);
    case Jitter::decorrelated:
        return std::min(max_delay,
                        uniform(base_delay, std::max(base_delay, util::saturating_mul(previous, 3)), random));
    }
    return backoff;
}

} // namespace parley::queue
