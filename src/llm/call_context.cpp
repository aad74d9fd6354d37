#include "llm/call_context.hpp"

namespace parley::llm {

const char* to_string(Purpose purpose) {
    switch (purpose) {
    case Purpose::clarification:
        return "clarify";
    case Purpose::proposal:
        return "proposal";
    case Purpose::critique:
        return "critique";
    case Purpose::refinement:
        return "refinement";
    case Purpose::summary:
        return "summary";
    case Purpose::judge_summary:
        return "judge-summary";
    case Purpose::synthesis:
        return "synthesis";
    case Purpose::evaluation:
        return "evaluation";
    case Purpose::comparison:
        return "comparison";
    case Purpose::interim_judge:
        return "interim-judge";
    case Purpose::ballot:
        return "ballot";
    case Purpose::baseline:
        return "baseline";
    }
    return "proposal";
}

std::optional<Purpose> parse_purpose(std::string_view name) {
    for (const auto purpose : {Purpose::clarification, Purpose::proposal, Purpose::critique, Purpose::refinement,
                               Purpose::summary, Purpose::judge_summary, Purpose::synthesis, Purpose::evaluation,
                               Purpose::comparison, Purpose::interim_judge, Purpose::ballot, Purpose::baseline}) {
        if (name == to_string(purpose)) {
            return purpose;
        }
    }
    return std::nullopt;
}

Phase phase_of(Purpose purpose) {
    switch (purpose) {
    case Purpose::clarification:
        return Phase::clarification;
    case Purpose::judge_summary:
    case Purpose::synthesis:
    case Purpose::ballot:
        return Phase::synthesis;
    case Purpose::proposal:
    case Purpose::critique:
    case Purpose::refinement:
    case Purpose::summary:
    case Purpose::interim_judge:
    case Purpose::baseline:
        return Phase::round;
    case Purpose::evaluation:
    case Purpose::comparison:
        return Phase::evaluation;
    }
    return Phase::round;
}

} // namespace parley::llm
