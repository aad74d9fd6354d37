#include "debate/interim_judge.hpp"

#include <memory>

#include <nlohmann/json.hpp>

#include "util/utf8.hpp"

namespace parley::debate {

namespace {

// The question each rule asks, in the words of the prompt.
std::string question_text(llm::InterimQuestion question) {
    return question == llm::InterimQuestion::convergence
               ? "How far have these designs converged? 100: they agree on every point that matters and another "
                 "round of critique would not change them; 0: they disagree on the basics."
               : "How confident are you that the best of these designs meets the problem's requirements as it "
                 "stands? 100: it meets every requirement with a mechanism that works; 0: it meets none.";
}

// The JSON object of an answer: its ```json block, else the text from its first '{' to its last '}'.
nlohmann::json answer_object(std::string_view answer) {
    std::string_view body = answer;
    if (const auto fence = answer.find("```json"); fence != std::string_view::npos) {
        const auto start = fence + 7;
        body = answer.substr(start, answer.find("```", start) - start);
    }
    const auto open = body.find('{');
    const auto close = body.rfind('}');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
        return nullptr;
    }
    auto parsed = nlohmann::json::parse(body.substr(open, close - open + 1), nullptr, false);
    return parsed.is_object() ? parsed : nlohmann::json(nullptr);
}

} // namespace

const char* to_string(llm::InterimQuestion question) {
    return question == llm::InterimQuestion::convergence ? "convergence" : "quality";
}

PhaseCall interim_judge_call(PhaseRunner& runner, const DebateState& state, int round, llm::InterimQuestion question) {
    std::string designs;
    auto documents = std::make_shared<std::vector<std::string>>();
    for (const auto& agent : runner.agents()) {
        const auto& text = runner.latest_proposal(agent.config.id);
        designs += "### " + agent.config.name + " (" + agent.config.role + ")\n\n" + text + "\n\n";
        documents->push_back(text);
    }
    auto call = runner.call(state, runner.judge(), round, llm::Purpose::interim_judge, PromptKind::interim_judge,
                            {{"current_designs", designs}, {"question", question_text(question)}});
    call.request.context.documents = std::move(documents);
    call.request.context.interim = question;
    return call;
}

InterimJudgement parse_interim_judgement(int round, std::string_view answer) {
    InterimJudgement out{round, std::nullopt, {}};
    const auto object = answer_object(answer);
    if (!object.is_object()) {
        out.note = "the judge's answer held no JSON object; no confidence";
        return out;
    }
    if (const auto reason = object.find("reason"); reason != object.end() && reason->is_string()) {
        out.note = util::truncate_utf8(reason->get<std::string>(), 400);
    }
    const auto confidence = object.find("confidence");
    if (confidence == object.end() || !confidence->is_number()) {
        out.note = (out.note.empty() ? std::string() : out.note + "; ") + "no numeric confidence";
        return out;
    }
    const double value = confidence->get<double>();
    if (!(value >= 0 && value <= 100)) {
        out.note = "the judge's confidence " + confidence->dump() + " is outside 0-100; not used";
        return out;
    }
    out.confidence = value;
    return out;
}

} // namespace parley::debate
