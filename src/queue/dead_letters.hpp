#pragma once
// The record of a task that could not be done: enough context to understand why and to run it again.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "queue/clock.hpp"
#include "queue/task.hpp"
#include "util/error.hpp"

namespace parley::queue {

/// One failed attempt.
struct AttemptError {
    int attempt = 0; ///< 0 when the task was refused before any attempt (breaker open, fail-fast)
    TimePoint at{};
    Error error;
};

/// A task that failed permanently or ran out of attempts; Engine::redrive runs it again.
struct DeadLetter {
    std::uint64_t id = 0;
    std::string key;
    std::string lane;
    Priority priority = Priority::standard;
    int attempts = 0;
    TimePoint first_attempt{};
    TimePoint last_attempt{};
    std::vector<AttemptError> errors; ///< every error, oldest first

    /// {id, key, lane, priority, attempts, span_ms, errors: [{attempt, at_ms, kind, message, http_status}]};
    /// times are milliseconds after the first attempt, as the engine's clock is not a calendar.
    nlohmann::json to_json() const;
};

} // namespace parley::queue
