#pragma once
// The record of a task that could not be done: enough context to understand why and to run it again.

#include <cstdint>
#include <map>
#include <mutex>
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
    std::uint64_t id = 0; ///< set by the store that files it
    std::string key;
    std::string lane;
    std::string origin; ///< who submitted the task (TaskSpec::origin), e.g. a run id
    Priority priority = Priority::standard;
    int attempts = 0;
    TimePoint first_attempt{};
    TimePoint last_attempt{};
    std::vector<AttemptError> errors; ///< every error, oldest first

    /// {id, key, lane, priority, attempts, span_ms, errors: [{attempt, at_ms, kind, message, http_status}]};
    /// times are milliseconds after the first attempt, as the engine's clock is not a calendar.
    nlohmann::json to_json() const;
    /// Reads back what to_json wrote; the first attempt is put at the clock's epoch, the other times after it.
    static Result<DeadLetter> from_json(const nlohmann::json& json);
};

/// Where the record of every dead letter lives, once: in memory for an engine alone, or a journal. The engine
/// calls it without its lock (it may do I/O) and keeps only the work a re-drive needs, never a second record.
class DeadLetterStore {
public:
    virtual ~DeadLetterStore() = default;

    /// Files `letter` (its id ignored) and returns the id it is filed under, unique within this store.
    [[nodiscard]] virtual Result<std::uint64_t> file(const DeadLetter& letter) = 0;
    /// Every letter filed and not removed, oldest first.
    [[nodiscard]] virtual Result<std::vector<DeadLetter>> list() const = 0;
    /// Takes the letter `id` out (it is being re-driven); false when there is none.
    [[nodiscard]] virtual Result<bool> remove(std::uint64_t id) = 0;
};

/// The dead letters of an engine without a journal, in memory.
class MemoryDeadLetters final : public DeadLetterStore {
public:
    Result<std::uint64_t> file(const DeadLetter& letter) override;
    Result<std::vector<DeadLetter>> list() const override;
    Result<bool> remove(std::uint64_t id) override;

private:
    mutable std::mutex mutex_;
    std::map<std::uint64_t, DeadLetter> letters_;
    std::uint64_t next_id_ = 1;
};

} // namespace parley::queue
