#include "debate/solution_parser.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <nlohmann/json.hpp>

#include "llm/answer_schema.hpp"
#include "util/json_document.hpp"

namespace parley::debate {

namespace {

using nlohmann::json;

std::vector<std::string> string_list(const json& object, const char* key) {
    std::vector<std::string> out;
    auto it = object.find(key);
    if (it == object.end()) {
        return out;
    }
    if (it->is_string()) {
        out.push_back(it->get<std::string>());
        return out;
    }
    if (!it->is_array()) {
        return out;
    }
    for (const auto& item : *it) {
        if (item.is_string()) {
            out.push_back(item.get<std::string>());
        } else {
            out.push_back(item.dump());
        }
    }
    return out;
}

std::string text_field(const json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return {};
    }
    return it->is_string() ? it->get<std::string>() : it->dump();
}

// The optional list of remaining disagreements. A model may get its shape slightly wrong; an entry without a
// topic is dropped, and agents given as one string are taken as a list of one.
std::vector<Disagreement> disagreements(const json& object) {
    std::vector<Disagreement> out;
    const auto it = object.find("disagreements");
    if (it == object.end() || !it->is_array()) {
        return out;
    }
    for (const auto& item : *it) {
        if (!item.is_object()) {
            continue;
        }
        Disagreement d;
        d.topic = text_field(item, "topic");
        if (d.topic.empty()) {
            continue;
        }
        if (const auto positions = item.find("positions"); positions != item.end() && positions->is_array()) {
            for (const auto& p : *positions) {
                if (p.is_object()) {
                    d.positions.push_back({text_field(p, "position"), string_list(p, "agents")});
                }
            }
        }
        out.push_back(std::move(d));
    }
    return out;
}

// Whether the check leaves a verdict: something of the judge's own, with a list of unfulfilled requirements (and,
// for a design review, a decision from its list).
bool usable_verdict(const llm::AnswerCheck& check, llm::AnswerKind kind) {
    const auto fatal = [&](const llm::Defect& d) {
        if (d.path.rfind("unfulfilledMajorRequirements", 0) == 0) {
            return d.kind == llm::DefectKind::missing || d.kind == llm::DefectKind::wrong_shape;
        }
        return kind == llm::AnswerKind::design_review && d.path == "decision";
    };
    return !llm::says_nothing(check) && std::none_of(check.defects.begin(), check.defects.end(), fatal);
}

// The decision, reasons and changes of a design review whose check left a verdict. A change given as a plain string
// is taken as the change itself.
DesignDecision design_decision(const json& j) {
    DesignDecision d;
    d.decision = text_field(j, "decision");
    d.reasons = string_list(j, "reasons");
    if (const auto it = j.find("changes"); it != j.end() && it->is_array()) {
        for (const auto& item : *it) {
            if (item.is_string()) {
                d.changes.push_back({item.get<std::string>(), "", ""});
            } else if (item.is_object() && !text_field(item, "change").empty()) {
                d.changes.push_back(
                    {text_field(item, "change"), text_field(item, "why"), text_field(item, "priority")});
            }
        }
    }
    return d;
}

void record_check(Solution& s, const llm::AnswerCheck& check) {
    for (const auto& d : check.defects) {
        s.check.defects.push_back(d.message);
        ++s.check.counts[llm::to_string(d.kind)];
    }
}

ParsedSolution parse_answer(std::string_view answer, const std::string& judge_id, std::string_view prompt,
                            llm::AnswerKind kind) {
    ParsedSolution out;
    out.solution.synthesized_by = judge_id;
    auto block = util::find_json_object(answer);
    out.check = llm::check_structured(answer, block ? *block : json(), kind, prompt);
    record_check(out.solution, out.check);
    if (kind == llm::AnswerKind::design_review) {
        out.solution.design_decision = DesignDecision{};
    }
    if (!usable_verdict(out.check, kind)) {
        out.solution.check.usable = false;
        out.warning = "no usable verdict from the judge (" + out.check.summary() +
                      "); requirements are unknown and the confidence is none";
        return out;
    }
    const json& j = *block;
    auto& s = out.solution;
    if (kind == llm::AnswerKind::design_review) {
        s.design_decision = design_decision(j);
    }
    s.description = text_field(j, "description");
    s.implementation = text_field(j, "implementation");
    s.tradeoffs = string_list(j, "tradeoffs");
    s.recommendations = string_list(j, "recommendations");
    s.unfulfilled_major_requirements = string_list(j, "unfulfilledMajorRequirements");
    s.open_questions = string_list(j, "openQuestions");
    s.disagreements = disagreements(j);
    if (auto it = j.find("confidence"); it != j.end() && it->is_number()) {
        const double c = it->get<double>();
        if (std::isfinite(c)) {
            s.confidence = std::clamp(c, 0.0, 100.0);
            if (c < 0.0 || c > 100.0) {
                out.warning = "the judge's confidence " + it->dump() + " is outside 0-100; clamped";
            }
        }
    } else {
        out.warning = "the judge gave no numeric confidence";
    }
    if (s.description.empty()) {
        const auto fence = answer.find("```");
        s.description = std::string(answer.substr(0, fence));
        if (out.warning.empty()) {
            out.warning = "the judge's JSON block has no description; the rationale before it is used";
        }
    }
    return out;
}

} // namespace

ParsedSolution parse_solution(std::string_view answer, const std::string& judge_id, std::string_view prompt) {
    return parse_answer(answer, judge_id, prompt, llm::AnswerKind::judge_synthesis);
}

ParsedSolution parse_design_review(std::string_view answer, const std::string& judge_id, std::string_view prompt) {
    return parse_answer(answer, judge_id, prompt, llm::AnswerKind::design_review);
}

} // namespace parley::debate
