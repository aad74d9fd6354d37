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

} // namespace parley::queue
