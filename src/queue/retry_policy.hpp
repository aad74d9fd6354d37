#pragma once
// How long to wait before retrying a transient failure.

#include <cstdint>
#include <optional>
#include <random>
#include <string>

#include "queue/clock.hpp"

namespace parley::queue {

/// How a retry delay is randomised around the exponential backoff, so many clients do not retry in step.
enum class Jitter {
    none,         ///< exactly min(max, base * 2^n)
    full,         ///< uniform in [0, min(max, base * 2^n)]
    equal,        ///< half the backoff plus uniform in [0, half]
    decorrelated, ///< uniform in [base, 3 * previous delay], capped at max
};

/// Retry limits and backoff shape of one lane.
struct RetryPolicy {
    int max_attempts = 5; ///< attempts in all, the first included; 1 means never retry
    Duration base_delay = std::chrono::milliseconds(500);
    Duration max_delay = std::chrono::seconds(60);
    Jitter jitter = Jitter::full;

    /// The wait before retry number `retry` (1 for the first retry) given the previous wait (0 before the first).
    /// A delay the server asked for wins over the computed one, up to max_delay.
    Duration next_delay(int retry, Duration previous, std::optional<Duration> server_delay,
                        std::mt19937_64& random) const;

    /// Why a delay the server asked for will not be waited (it is longer than max_delay, so the call fails at
    /// once rather than retry early or wait that long): "server asked to wait 10 years; above maxDelayMs=60000".
    /// Nothing when it may be waited.
    std::optional<std::string> refuse_server_delay(Duration server_delay) const;
};

} // namespace parley::queue
