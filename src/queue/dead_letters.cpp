#include "queue/dead_letters.hpp"

namespace parley::queue {

namespace {

double ms_between(TimePoint from, TimePoint to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

const char* priority_name(Priority priority) {
    switch (priority) {
    case Priority::high:
        return "high";
    case Priority::standard:
        return "standard";
    case Priority::low:
        return "low";
    }
    return "standard";
}

} // namespace

nlohmann::json DeadLetter::to_json() const {
    nlohmann::json errors_json = nlohmann::json::array();
    for (const auto& failure : errors) {
        errors_json.push_back({{"attempt", failure.attempt},
                               {"at_ms", ms_between(first_attempt, failure.at)},
                               {"kind", parley::to_string(failure.error.kind)},
                               {"message", failure.error.message},
                               {"http_status", failure.error.http_status}});
    }
    return {{"id", id},
            {"key", key},
            {"lane", lane},
            {"priority", priority_name(priority)},
            {"attempts", attempts},
            {"span_ms", ms_between(first_attempt, last_attempt)},
            {"errors", std::move(errors_json)}};
}

Result<DeadLetter> DeadLetter::from_json(const nlohmann::json& json) {
    const auto bad = [] {
        return fail(ErrorKind::invalid_input, "a dead letter's record could not be read back");
    };
    if (!json.is_object() || !json.contains("errors") || !json["errors"].is_array()) {
        return bad();
    }
    const auto after_first = [](double ms) {
        return TimePoint{} + std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::milli>(ms));
    };
    try {
        DeadLetter letter;
        letter.id = json.value("id", std::uint64_t{0});
        letter.key = json.value("key", "");
        letter.lane = json.value("lane", "");
        const std::string priority = json.value("priority", "standard");
        letter.priority = priority == "high" ? Priority::high : priority == "low" ? Priority::low : Priority::standard;
        letter.attempts = json.value("attempts", 0);
        letter.last_attempt = after_first(json.value("span_ms", 0.0));
        for (const auto& failure : json["errors"]) {
            const auto kind = parse_error_kind(failure.value("kind", ""));
            if (!kind) {
                return bad();
            }
            Error error{*kind, failure.value("message", ""), failure.value("http_status", 0), std::nullopt};
            letter.errors.push_back(
                AttemptError{failure.value("attempt", 0), after_first(failure.value("at_ms", 0.0)), std::move(error)});
        }
        return letter;
    } catch (const nlohmann::json::exception&) {
        // A field of the wrong type: the record was not written by to_json.
        return bad();
    }
}

Result<std::uint64_t> MemoryDeadLetters::file(const DeadLetter& letter) {
    std::lock_guard lock(mutex_);
    const std::uint64_t id = next_id_++;
    auto& filed = letters_.emplace(id, letter).first->second;
    filed.id = id;
    return id;
}

Result<std::vector<DeadLetter>> MemoryDeadLetters::list() const {
    std::lock_guard lock(mutex_);
    std::vector<DeadLetter> out;
    out.reserve(letters_.size());
    for (const auto& [id, letter] : letters_) {
        out.push_back(letter);
    }
    return out;
}

Result<bool> MemoryDeadLetters::remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    return letters_.erase(id) > 0;
}

} // namespace parley::queue
